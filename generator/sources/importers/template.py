"""The blank import template a county fills in (``import --template OUT.xlsx``).

Sheets: 事项 (one row per item), 申请材料 (one row per material, keyed by
实施编码 or 事项名称), 办理流程 (one row per step, same keys) and 填写说明
(every column explained in Chinese).  Column names are the national guide
elements (ELEMENTS.md); ``mappings/template.yaml`` reads exactly these
columns.  Each data sheet has one example row whose 事项名称 starts with
【示例】: the import skips it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

EXAMPLE = "【示例】"
MARK = "*"       # required columns: the header shows 事项名称*, the reader drops the mark

# (header, required, explanation, example)
ITEM_COLUMNS = [
    ("事项名称", True, "事项的正式名称。", f"{EXAMPLE}社会团体成立登记"),
    ("基本编码", False, "12 位基本编码；同一事项在各实施机关相同。请设置为文本格式，以免丢失开头的 0。", "000107046000"),
    ("实施编码", False, "31 或 33 位实施编码（统一社会信用代码 + 行使层级 + 基本编码），或本省的实施编码格式。"
     "它是事项的文件名和网址，必须唯一。", "11990100MB0000002X3000107046000"),
    ("地方编码", False, "没有实施编码时填写，只用字母、数字、- 和 _，可自拟（如 sfs-mz-001）。", ""),
    ("事项类型", False, "行政许可、行政处罚、行政强制、行政征收、行政给付、行政检查、行政确认、行政奖励、行政裁决、其他行政权力、公共服务。", "行政许可"),
    ("事项状态", False, "在用、暂停 或 取消。", "在用"),
    ("主项名称", False, "本事项是某个主项下的子项时，写主项名称；主项本身没有办事指南时，导入会生成一个分组主项。", ""),
    ("俗称", False, "群众常用的说法，多个用顿号分隔。", "成立协会、社团登记"),
    ("实施主体", True, "实施机关的全称；导入时按名称对应 content/departments.yaml 中的部门，没有的会新增。", "示范市民政局"),
    ("实施主体统一社会信用代码", False, "18 位统一社会信用代码。", "11990100MB0000002X"),
    ("实施主体性质", False, "法定机关、授权组织 或 受委托组织。", "法定机关"),
    ("行使层级", False, "国家级、省级、市级、县级、乡镇（街道）级、村（社区）级，多个用顿号分隔。", "市级"),
    ("设定依据", False, "法律法规名称（用书名号）、文号、条款，多条分行或用分号分隔。", "《社会团体登记管理条例》（国务院令第250号）第九条"),
    ("实施依据", False, "写法同设定依据。", ""),
    ("服务对象", False, "自然人、法人（或 个人服务、法人服务），多个用顿号分隔。", "法人"),
    ("服务行业", False, "content/taxonomies.yaml 中的服务行业名称，如 民政事务。", "民政事务"),
    ("服务类型", False, "content/taxonomies.yaml 中的服务类型名称，如 登记。", "登记"),
    ("主题分类", False, "content/taxonomies.yaml 中的主题名称，如 设立变更。", "设立变更"),
    ("主要内容", False, "用一两句话说明这件事是什么、谁可以办。", "在本市成立协会、学会、商会等社会团体，向市民政局申请登记。"),
    ("受理条件", False, "逐条写，每条前加 1. 2. 3. 或（1）（2）；导入时每条成为一项。", "1.有50个以上的个人会员；2.有规范的名称和相应的组织机构"),
    ("申请材料", False, "只有材料名称时可以写在这里（编号分条）；材料的详细要求写在“申请材料”表。", ""),
    ("法定办结时限", False, "数字加单位：20个工作日、15自然日，或 即办。", "60自然日"),
    ("承诺办结时限", False, "写法同法定办结时限。", "30个工作日"),
    ("办件类型", False, "即办件 或 承诺件。", "承诺件"),
    ("是否收费", False, "是 或 否。", "否"),
    ("收费项目名称", False, "收费时填写。", ""),
    ("收费标准", False, "如 每证20元。", ""),
    ("收费依据", False, "收费文件名称和文号。", ""),
    ("办理形式", False, "窗口办理、网上办理、自助终端、邮寄办理，多个用顿号分隔。", "窗口办理、网上办理"),
    ("网上办理地址", False, "以 http:// 或 https:// 开头的网址。", "https://zwfw.example.gov.cn/items/000107046000"),
    ("移动端办理地址", False, "手机上办理的网址。", ""),
    ("通办范围", False, "全市通办、全省通办 或 跨省通办。", ""),
    ("到办事现场次数", False, "0、1、2 …", "1"),
    ("办理地点", False, "地址；多个地点分行写。导入时按地址对应 content/offices.yaml 中的办理地点，没有的会新增。", "示范市民主路100号示范市政务服务中心"),
    ("办理窗口", False, "如 3号至6号窗口。", "民政窗口21号"),
    ("办理时间", False, "照实写，如 工作日：上午9:00-12:00，下午13:30-16:30（法定节假日除外）。", "工作日 8:30-17:30"),
    ("咨询电话", False, "可写多个，用顿号分隔；分机写作 0001-12345678转1。", "0001-88002200"),
    ("咨询地址", False, "", ""),
    ("监督投诉电话", False, "写法同咨询电话。", "0001-12345"),
    ("监督投诉地址", False, "", ""),
    ("结果类型", False, "证照、批文 或 其他。", "证照"),
    ("办理结果名称", False, "如 社会团体法人登记证书。", "社会团体法人登记证书"),
    ("结果有效期", False, "如 5年、长期。", "5年"),
    ("送达方式", False, "窗口领取、邮寄送达、电子送达，多个用顿号分隔。", "窗口领取"),
    ("来源地址", False, "本事项在政务服务网上的网址。", ""),
    ("最近核验日期", False, "格式 2026-01-31。", "2026-01-20"),
]
# The columns that tie a row of another sheet to its item (joined in that order).
KEY_COLUMNS = [
    ("实施编码", False, "所属事项的实施编码；没有实施编码的事项写地方编码或事项名称。", "11990100MB0000002X3000107046000"),
    ("地方编码", False, "所属事项的地方编码。", ""),
    ("事项名称", False, "所属事项的名称（没有编码时用它对应事项）。", f"{EXAMPLE}社会团体成立登记"),
]
MATERIAL_COLUMNS = [
    *KEY_COLUMNS,
    ("材料名称", True, "写出具体材料，不写“其他材料”。", "社会团体法人登记申请表"),
    ("必要性", False, "必要、容缺 或 按情形。", "必要"),
    ("适用情形", False, "按情形提供时，写明什么情况下需要。", ""),
    ("材料形式", False, "纸质、电子、纸质或电子、纸质和电子。", "纸质"),
    ("原件/复印件", False, "原件、复印件、原件和复印件，或 核验原件（看后退回）。", "原件"),
    ("份数", False, "一个数字。", "1"),
    ("原件份数", False, "", ""),
    ("复印件份数", False, "", ""),
    ("纸张规格", False, "如 A4。", "A4"),
    ("来源渠道", False, "申请人自备、政府部门核发 或 共享获取。", "申请人自备"),
    ("来源说明", False, "如 由公安机关出具。", ""),
    ("要求提供材料的依据", False, "", ""),
    ("空白表格", False, "下载网址。", ""),
    ("示例样表", False, "填写示例的网址。", ""),
    ("填报须知", False, "", ""),
    ("受理标准", False, "", ""),
    ("签名签章要求", False, "如 加盖公章。", "加盖公章"),
]
STEP_COLUMNS = [
    *KEY_COLUMNS,
    ("环节名称", True, "如 受理、审查、决定、送达；按办理顺序一行一个环节。", "受理"),
    ("办理人员", False, "岗位，如 窗口工作人员。", "窗口工作人员"),
    ("环节时限", False, "写法同办结时限。", "5个工作日"),
    ("审查标准", False, "", "材料齐全、符合法定形式"),
    ("环节结果", False, "", "受理通知书"),
]
SHEETS = {"事项": ITEM_COLUMNS, "申请材料": MATERIAL_COLUMNS, "办理流程": STEP_COLUMNS}
TEXT_COLUMNS = {"基本编码", "实施编码", "地方编码", "实施主体统一社会信用代码", "咨询电话", "监督投诉电话", "最近核验日期"}


def write_template(out: Path, rows: Optional[Iterable[dict]] = None, materials: Optional[Iterable[dict]] = None,
                   example: bool = True) -> Path:
    """Write the template workbook to ``out``.  ``rows`` / ``materials``
    (dicts by column name) are added after the example rows: benchmarks and
    tests use them to make filled-in spreadsheets."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    extra = {"事项": rows, "申请材料": materials, "办理流程": None}
    for sheet_name, columns in SHEETS.items():
        sheet = book.create_sheet(sheet_name)
        for index, (header, *_rest) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
        sheet.freeze_panes = "B2"
        header_cells = []
        for header, required, *_ in columns:
            cell = WriteOnlyCell(sheet, value=header + (MARK if required else ""))
            cell.font, cell.fill = bold, grey
            header_cells.append(cell)
        sheet.append(header_cells)
        if example:
            cells = []
            for header, _required, _help, sample in columns:
                cell = WriteOnlyCell(sheet, value=sample or None)
                cell.font = Font(italic=True, color="808080")
                if header in TEXT_COLUMNS:
                    cell.number_format = "@"
                cells.append(cell)
            sheet.append(cells)
        for row in extra[sheet_name] or ():
            sheet.append([row.get(header) for header, *_ in columns])
    guide = book.create_sheet("填写说明")
    guide.append(["表", "列名", "是否必填", "填写说明", "示例"])
    guide.append(["", "", "", f"每张表的第 2 行是示例（事项名称以“{EXAMPLE}”开头），导入时跳过，可以删除。"
                  "不知道的内容留空，不要写“无”或猜测：留空的内容在网站上显示为“未说明”。", ""])
    for sheet_name, columns in SHEETS.items():
        for header, required, explanation, sample in columns:
            guide.append([sheet_name, header, "必填" if required else "", explanation,
                          sample.replace(EXAMPLE, "") if sample else ""])
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
