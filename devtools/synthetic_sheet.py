"""A synthetic county spreadsheet in the shape of the import template.

``write_spreadsheet(path, rows)`` writes an XLSX with the sheets and headers
of ``python -m generator import --template`` (generator/sources/importers/
template.py): 事项 (one row per item), 申请材料 and 办理流程 (2-6 materials
and 3-6 steps of most items, joined by 实施编码, else 地方编码).  The
content is invented: about 40 bodies of an invented city (示范市) and 5 of its
townships, which implement some city items too (shared basic codes); items
named after each body's business, valid credit and implementation codes, a
local code instead for 5 %, sub-items under main items that have no record
of their own, several offices, phones with extensions, and elements left
blank at rates a real export shows (legal basis, time limits, fees, result).
Every value is one the template mapping maps (tests/devtools).  Seeded:
the same ``rows`` and ``seed`` give the same file.

Used by devtools.bench_import (``make bench``).
"""

from __future__ import annotations

import random
from pathlib import Path

# (body, industry, objects of its items): invented bodies of an invented city.
BODIES = [
    ("公安局", "公安户政", ["居民户口", "居民身份证", "机动车登记", "犬只登记", "临时居住登记"]),
    ("民政局", "民政事务", ["社会团体", "民办非企业单位", "最低生活保障", "特困人员供养", "婚姻登记"]),
    ("人力资源和社会保障局", "人力资源", ["职业技能等级", "失业保险金", "就业创业证", "劳务派遣经营", "人力资源服务"]),
    ("自然资源局", "国土资源", ["建设用地规划", "采矿权", "测绘资质", "土地复垦方案"]),
    ("生态环境局", "环境保护", ["排污许可", "建设项目环境影响评价", "危险废物经营", "辐射安全"]),
    ("住房和城乡建设局", "城乡建设", ["建筑工程施工", "商品房预售", "物业服务", "燃气经营", "建筑业企业资质"]),
    ("交通运输局", "交通运输", ["道路运输经营", "出租汽车经营", "机动车维修经营", "公路超限运输"]),
    ("水利局", "水利", ["取水许可", "河道管理范围内建设项目", "水土保持方案", "洪水影响评价"]),
    ("农业农村局", "农业农村", ["农药经营", "兽药经营", "种子生产经营", "动物防疫条件", "农机驾驶证"]),
    ("商务局", "商务", ["对外贸易经营者", "单用途商业预付卡", "报废机动车回收", "成品油零售经营"]),
    ("文化广电和旅游局", "文化体育", ["营业性演出", "娱乐场所经营", "网吧经营", "旅行社业务经营"]),
    ("卫生健康委员会", "卫生计生", ["医疗机构执业", "医师执业注册", "护士执业注册", "公共场所卫生", "生育登记"]),
    ("退役军人事务局", "退役军人事务", ["退役士兵安置", "优抚对象抚恤", "烈士褒扬金"]),
    ("应急管理局", "安全生产", ["危险化学品经营", "烟花爆竹经营", "安全生产标准化"]),
    ("市场监督管理局", "市场监管", ["食品经营", "食品生产", "个体工商户", "特种设备使用", "计量器具"]),
    ("医疗保障局", "社会保障", ["基本医疗保险参保", "异地就医备案", "门诊慢特病待遇", "医疗费用报销"]),
    ("林业局", "农业农村", ["林木采伐", "林草种子生产经营", "使用林地", "野生动物人工繁育"]),
    ("教育局", "教育", ["民办学校办学", "教师资格认定", "适龄儿童入学", "校外培训机构"]),
    ("科学技术局", "科技创新", ["高新技术企业", "科技型中小企业", "技术合同登记"]),
    ("工业和信息化局", "经济发展服务", ["中小企业", "无线电台", "技术改造项目"]),
    ("司法局", "司法公证", ["法律援助", "律师执业", "基层法律服务工作者执业", "人民调解员"]),
    ("财政局", "财政金融", ["代理记账", "政府采购", "会计人员信息采集"]),
    ("体育局", "文化体育", ["高危险性体育项目经营", "体育类社会团体", "社会体育指导员"]),
    ("发展和改革委员会", "经济发展服务", ["企业投资项目", "固定资产投资项目节能审查", "价格认定"]),
    ("民族宗教事务委员会", "民政事务", ["宗教活动场所", "宗教临时活动地点", "少数民族身份变更"]),
    ("城市管理局", "城乡建设", ["城市道路占用", "户外广告设施设置", "城市建筑垃圾处置", "临时占用绿地"]),
    ("气象局", "公用事业", ["防雷装置设计审核", "升放无人驾驶自由气球", "气象信息服务"]),
    ("档案馆", "公用事业", ["档案查阅利用", "档案证明出具"]),
    ("人民防空办公室", "城乡建设", ["防空地下室易地建设", "人防工程拆除"]),
    ("残疾人联合会", "残疾人服务", ["残疾人证", "残疾人就业保障金", "残疾人辅助器具适配"]),
    ("住房公积金管理中心", "住房保障", ["住房公积金缴存", "住房公积金提取", "住房公积金贷款"]),
    ("消防救援支队", "安全生产", ["公众聚集场所投入使用营业前消防安全检查", "消防设计审查", "消防验收"]),
    ("烟草专卖局", "市场监管", ["烟草专卖零售", "烟草专卖批发企业"]),
    ("地震局", "公用事业", ["地震安全性评价", "建设工程抗震设防要求"]),
    ("粮食和物资储备局", "经济发展服务", ["粮食收购", "政策性粮食"]),
    ("行政审批局", "经济发展服务", ["企业设立", "建设工程规划", "施工图审查"]),
    ("不动产登记中心", "住房保障", ["不动产首次登记", "不动产转移登记", "不动产抵押登记", "不动产查封登记"]),
    ("公路发展中心", "交通运输", ["涉路施工", "公路用地占用", "超限运输车辆通行"]),
]
TOWNSHIPS = ["城东街道办事处", "城西街道办事处", "河口镇人民政府", "石岭镇人民政府", "青山乡人民政府"]
REGION = "示范市"
ACTIONS = ["许可", "登记", "变更", "注销", "备案", "核发", "延续", "补办", "审批", "认定", "查询", "证明开具"]
# Main items of sub-items have no record of their own (the import makes grouping items):
# their names are not among the names of ordinary items.
GROUP_ACTIONS = ["经营许可", "资格认定", "行政审批"]
TYPES = [("公共服务", "20", 35), ("行政许可", "01", 22), ("行政确认", "07", 10), ("行政处罚", "02", 8),
         ("行政检查", "06", 6), ("行政给付", "05", 6), ("其他行政权力", "10", 5), ("行政征收", "04", 3),
         ("行政奖励", "08", 2), ("行政强制", "03", 2), ("行政裁决", "09", 1)]
MATERIALS = ["申请表", "居民身份证", "户口簿", "营业执照", "法定代表人身份证明", "授权委托书及受托人身份证件",
             "场所使用权证明", "房屋产权证明", "结婚证", "出生医学证明", "近期免冠彩色照片", "章程草案",
             "验资报告", "专业技术人员资格证书", "设备清单", "安全管理制度", "平面布局图", "承诺书",
             "原证件", "检验检测报告", "现场照片", "组织机构代码证"]
STEPS = [("受理", "窗口工作人员"), ("审查", "业务科室经办人"), ("现场核查", "核查人员"), ("决定", "分管负责人"),
         ("制证", "窗口工作人员"), ("送达", "窗口工作人员")]
LAWS = ["《中华人民共和国行政许可法》", "《中华人民共和国食品安全法》", "《社会团体登记管理条例》（国务院令第250号）",
        "《中华人民共和国道路运输条例》", "《中华人民共和国水法》", "《城市房地产开发经营管理条例》",
        "《中华人民共和国消防法》", "《中华人民共和国社会保险法》", "《中华人民共和国环境保护法》",
        "《不动产登记暂行条例》（国务院令第656号）"]


def _credit(i: int) -> str:
    """A valid unified social credit code (GB 32100) for invented body i."""
    from generator.checks.codes import credit_check_char
    first = f"11{990100 + i % 100:06d}MB{1000000 + i * 37:07d}"
    return first + credit_check_char(first)


def _bodies() -> list[dict]:
    bodies = []
    for i, (name, industry, objects) in enumerate(BODIES):
        bodies.append({"name": REGION + name, "credit": _credit(i), "category": f"{i + 1:02d}",
                       "industry": industry, "objects": objects, "level": ("市级", "3"),
                       "office": f"{REGION}{['民主路', '人民大道', '朝阳路', '解放街'][i % 4]}{100 + i * 7}号"
                                 f"{REGION}{name}服务大厅"})
    for j, name in enumerate(TOWNSHIPS):
        bodies.append({"name": REGION + name, "credit": _credit(60 + j), "category": f"{41 + j:02d}",
                       "industry": None, "objects": None, "level": ("乡镇（街道）级", "5"),
                       "office": f"{REGION}{name.replace('办事处', '').replace('人民政府', '')}便民服务中心"})
    return bodies


CENTRE = f"{REGION}民主路100号{REGION}政务服务中心"


def _chance(rng: random.Random, p: float, value):
    return value if rng.random() < p else None


def synthetic_rows(rows: int, seed: int = 1):
    """Yield (item row, material rows, step rows) for ``rows`` items, each a
    dict by template column name; blank elements are left out."""
    rng = random.Random(seed)
    bodies = _bodies()
    serials: dict = {}            # (type code, category) -> last main serial
    suffixes: dict = {}           # implementation code -> 业务办理项 suffixes given
    shared: list = []             # (name, basic code, type) of city items that townships implement too
    weights = [w for *_, w in TYPES]
    group: dict = {}              # the main item whose sub-items are being written
    for k in range(rows):
        body = bodies[k % len(bodies)] if rng.random() < 0.9 else bodies[rng.randrange(len(BODIES))]
        if body["objects"] is None and not shared:
            body = bodies[0]
        main_name = None
        if body["objects"] is None:   # a township implements a city item: shared basic code
            name, basic, (type_name, type_code, _w) = shared[rng.randrange(len(shared))]
        else:
            if not group and rng.random() < 0.06:
                type_name, type_code, _w = rng.choices(TYPES, weights)[0]
                group = {"name": rng.choice(body["objects"]) + rng.choice(GROUP_ACTIONS),
                         "type": (type_name, type_code, _w), "body": body, "serial": None, "sub": 0,
                         "count": rng.randint(2, 4)}
            if group:                 # a sub-item of a main item that has no record of its own
                body = group["body"]
                type_name, type_code, _w = group["type"]
                group["sub"] += 1
                main_name, sub = group["name"], group["sub"]
                name = f"{main_name}（{['新办', '变更', '延续', '注销'][sub - 1]}）"
            else:
                type_name, type_code, _w = rng.choices(TYPES, weights)[0]
                name, sub = rng.choice(body["objects"]) + rng.choice(ACTIONS), 0
            if sub <= 1:
                place = (type_code, body["category"])
                serials[place] = serials.get(place, 0) % 999 + 1
                if group:
                    group["serial"] = serials[place]
            serial = group["serial"] if group else serials[(type_code, body["category"])]
            basic = f"99{type_code}{body['category']}{serial:03d}{sub:03d}"
            if group and group["sub"] == group["count"]:
                group = {}
            if not main_name and rng.random() < 0.2:
                shared.append((name, basic, (type_name, type_code, _w)))
        impl = body["credit"] + body["level"][1] + basic
        if impl in suffixes:          # the same body implements it twice: 业务办理项 01, 02 …
            suffixes[impl] += 1
            impl += f"{suffixes[impl]:02d}"
        else:
            suffixes[impl] = 0
        local = None
        if rng.random() < 0.05:   # no implementation code: a local code names the item
            impl, local = None, f"sfs-{body['category']}-{k + 1:05d}"
        individual = rng.random() < 0.6
        immediate = rng.random() < 0.15
        charged = rng.random() < 0.1
        row = {
            "事项名称": name, "基本编码": basic if impl else None, "实施编码": impl,
            "地方编码": local, "事项类型": type_name, "事项状态": _chance(rng, 0.9, "在用"),
            "主项名称": main_name, "俗称": _chance(rng, 0.15, f"办{name[:4]}、{name[:4]}手续"),
            "实施主体": body["name"], "实施主体统一社会信用代码": _chance(rng, 0.9, body["credit"]),
            "实施主体性质": _chance(rng, 0.8, "授权组织" if body["name"].endswith("中心") else "法定机关"),
            "行使层级": body["level"][0],
            "设定依据": _chance(rng, 0.8, f"{rng.choice(LAWS)}第{rng.randint(2, 80)}条"),
            "实施依据": _chance(rng, 0.3, f"{rng.choice(LAWS)}第{rng.randint(2, 80)}条；"
                                          f"《{REGION}{name}办理规定》"),
            "服务对象": "自然人" if individual else rng.choice(["法人", "自然人、法人"]),
            "服务行业": _chance(rng, 0.85, body["industry"]),
            "服务类型": _chance(rng, 0.7, rng.choice(["登记", "申请受理", "证照办理", "备案", "证明开具", "查询"])),
            "主题分类": _chance(rng, 0.6, rng.choice(["户籍办理", "社会保险", "就业创业", "住房不动产"] if individual
                                                   else ["设立变更", "准营许可", "工程建设", "注销清算"])),
            "主要内容": _chance(rng, 0.85, f"{'公民' if individual else '企业和其他组织'}办理{name}，"
                                           f"向{body['name']}提出申请，经审查符合条件的予以办理。"),
            "受理条件": _chance(rng, 0.8, "；".join(
                f"{i}.{c}" for i, c in enumerate(rng.sample(
                    ["申请人具有完全民事行为能力", "申请材料齐全、符合法定形式", "有固定的经营场所",
                     "有相应的专业技术人员", "符合本市相关规划要求", "无不良信用记录",
                     "有健全的安全管理制度", "申请事项符合国家产业政策"], rng.randint(1, 4)), start=1))),
            "法定办结时限": None if immediate or rng.random() < 0.4 else f"{rng.choice([15, 20, 30, 60])}个工作日",
            "承诺办结时限": "即办" if immediate else _chance(rng, 0.85, f"{rng.choice([1, 3, 5, 7, 10, 15])}个工作日"),
            "办件类型": "即办件" if immediate else _chance(rng, 0.9, "承诺件"),
            "是否收费": "是" if charged else _chance(rng, 0.8, "否"),
            "收费项目名称": f"{name}工本费" if charged else None,
            "收费标准": f"每证{rng.choice([5, 10, 20])}元" if charged else None,
            "收费依据": _chance(rng, 0.8, "《关于规范证照工本费的通知》") if charged else None,
            "办理形式": rng.choice(["窗口办理", "窗口办理、网上办理", "网上办理", "窗口办理、网上办理、邮寄办理"]),
            "网上办理地址": _chance(rng, 0.7, f"https://zwfw.example.gov.cn/item/{impl or local}"),
            "移动端办理地址": _chance(rng, 0.2, f"https://m.zwfw.example.gov.cn/item/{impl or local}"),
            "通办范围": _chance(rng, 0.2, rng.choice(["全市通办", "全省通办", "跨省通办"])),
            "到办事现场次数": _chance(rng, 0.8, rng.choice([0, 1, 1, 1, 2])),
            "办理地点": rng.choice([CENTRE, body["office"], f"1.{CENTRE}\n2.{body['office']}"]),
            "办理窗口": _chance(rng, 0.6, f"{rng.randint(1, 60)}号窗口"),
            "办理时间": _chance(rng, 0.8, "工作日 上午9:00-12:00，下午13:30-17:00（法定节假日除外）"),
            "咨询电话": _chance(rng, 0.9, rng.choice([f"0001-8{k % 10000:04d}{rng.randint(100, 999)}",
                                                  f"0001-88{k % 100000:05d}{rng.randint(0, 9)}转{rng.randint(1, 9)}",
                                                  f"0001-8800{k % 10000:04d}、0001-12345"])),
            "咨询地址": _chance(rng, 0.5, body["office"]),
            "监督投诉电话": _chance(rng, 0.8, "0001-12345"),
            "监督投诉地址": _chance(rng, 0.3, f"{REGION}民主路100号"),
            "结果类型": _chance(rng, 0.7, rng.choice(["证照", "批文", "其他"])),
            "办理结果名称": _chance(rng, 0.75, f"{name}{rng.choice(['证', '决定书', '通知书', '证明'])}"),
            "结果有效期": _chance(rng, 0.4, rng.choice(["长期", "3年", "5年"])),
            "送达方式": _chance(rng, 0.7, rng.choice(["窗口领取", "窗口领取、邮寄送达", "电子送达"])),
            "来源地址": _chance(rng, 0.3, f"https://zwfw.example.gov.cn/guide/{impl or local}"),
            "最近核验日期": _chance(rng, 0.7, f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"),
        }
        key = {"实施编码": impl, "地方编码": local, "事项名称": name}
        materials = []
        if rng.random() < 0.08:      # names only, in the item's own column
            row["申请材料"] = "\n".join(f"{i}.{m}" for i, m in enumerate(rng.sample(MATERIALS, 3), start=1))
        else:
            for m in rng.sample(MATERIALS, rng.randint(2, 6)):
                necessity = rng.choice(["必要", "必要", "必要", "容缺", "按情形"])
                materials.append({**key, "材料名称": m, "必要性": _chance(rng, 0.9, necessity),
                                  "适用情形": "委托他人办理的" if necessity == "按情形" else None,
                                  "材料形式": _chance(rng, 0.8, rng.choice(["纸质", "电子", "纸质或电子"])),
                                  "原件/复印件": _chance(rng, 0.7, rng.choice(["原件", "复印件", "核验原件"])),
                                  "份数": _chance(rng, 0.75, rng.choice([1, 1, 2])),
                                  "纸张规格": _chance(rng, 0.5, "A4"),
                                  "来源渠道": _chance(rng, 0.8, rng.choice(["申请人自备", "政府部门核发", "共享获取"])),
                                  "填报须知": _chance(rng, 0.2, "填写内容应真实、完整，字迹清楚。"),
                                  "签名签章要求": _chance(rng, 0.3, rng.choice(["申请人签字", "加盖公章"]))})
        steps = []
        if rng.random() < 0.85:
            chosen = [s for i, s in enumerate(STEPS) if i in (0, 1, 3) or rng.random() < 0.4]
            for step, actor in chosen:
                steps.append({**key, "环节名称": step, "办理人员": _chance(rng, 0.8, actor),
                              "环节时限": _chance(rng, 0.6, f"{rng.randint(1, 5)}个工作日"),
                              "审查标准": _chance(rng, 0.3, "材料齐全、符合法定形式"),
                              "环节结果": _chance(rng, 0.3, f"{step}通知书")})
        yield row, materials, steps


def write_spreadsheet(path: Path, rows: int, seed: int = 1) -> dict:
    """Write ``rows`` synthetic items to the XLSX ``path`` (openpyxl write-only):
    the template's sheets and headers, required columns marked ``*``, no
    example rows.  Returns the counts ``{items, materials, steps}``."""
    from openpyxl import Workbook

    from generator.sources.importers.template import MARK, SHEETS

    book = Workbook(write_only=True)
    sheets = {}
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([header + (MARK if required else "") for header, required, *_ in columns])
        sheets[name] = (sheet, [header for header, *_ in columns])
    counts = {"items": 0, "materials": 0, "steps": 0}
    for row, materials, steps in synthetic_rows(rows, seed):
        for name, entries, counter in (("事项", [row], "items"), ("申请材料", materials, "materials"),
                                       ("办理流程", steps, "steps")):
            sheet, headers = sheets[name]
            for entry in entries:
                sheet.append([entry.get(h) for h in headers])
            counts[counter] += len(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return counts
