"""Messages of clerk trial 16 (docs/clerk-trials.md, "Trial 16", worst #3,
#4, #6 and #7) about references and repeated keys, each made on a git copy
of the demo city, checked, and the hint followed literally:

- #31: a deleted proof was placed at the entry after the next one, because
  the next one was held back for a duplicated id.  Now at the entry that
  follows the gap, in today's lines (checks/mistakes/renamed_ids.py).
- #37: a step id written twice was offered twice, both with the second
  step's name; the duplicate did not say where the first is.  Now each id
  once with its first step's name, and that step's line.
- #9: a key written twice did not show the two values or which is new, and
  offered "合并" for a URL (sources/mistakes/broken.py,
  checks/mistakes/twice_written.py).
- #13: the first suggestion for an unknown item of a life event was
  already in the step.  Now the step's own codes are left out, and the code
  the step held at the last commit comes first (checks/mistakes/item_refs.py).
"""

from __future__ import annotations

import re

from history_repo import committed_demo
from mini_catalogue import check, edit, only_problem, position, says, shown

PROOFS = "content/proofs.yaml"
TRANSPORT = "items/transport/990110001000.yaml"
GAS = "items/gas/992023001000.yaml"
START = "content/life-events/start-business.yaml"
GUARDIANSHIP = ("- id: guardianship\n  name: 监护关系证明\n  issuer: 居（村）民委员会\n"
                "  basis: 《中华人民共和国民法典》第三十一条\n  commitment_allowed: true\n\n")
PASTED = "\n- id: residence\n  name: 流动人口居住登记凭证\n  issuer: 示范市公安局\n  basis: 《居住证暂行条例》\n"


# --- #31: a deleted registry entry, the next one held back ----------------------------------

def test_deleted_proof_is_told_at_the_entry_now_after_the_gap(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, PROOFS, GUARDIANSHIP, "")
    (root / PROOFS).write_text(text + PASTED, encoding="utf-8")
    text = (root / PROOFS).read_text(encoding="utf-8")
    found = check(root)
    deleted = [p for p in found if p.file == PROOFS and "guardianship" in p.message]
    assert len([p for p in found if p.file == PROOFS]) == 2 and len(deleted) == 1, shown(found)
    problem = deleted[0]
    assert (problem.line, problem.element) == (position(text, "- id: residence")[0], "证明编号")
    says(problem, "上次提交时在本文件第 50 行，现在被删去了", f"在第 {problem.line} 行这一条的前面补回这一条")
    entry = re.search(r"写成一行）：(- \{.*?\})。", problem.hint).group(1)
    lines = text.split("\n")
    (root / PROOFS).write_text("\n".join(lines[:problem.line - 1] + [entry] + lines[problem.line - 1:])
                               .replace(PASTED, "\n"), encoding="utf-8")  # and the pasted entry deleted
    assert check(root) == []


# --- #37: a step id written twice -------------------------------------------------------------

def test_step_ids_are_offered_once_with_their_own_names(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, TRANSPORT, "  - {id: supplement, name: 补正材料, next: accept}\n"
                                 "  - {id: decide, name: 审查决定, time_limit: {value: 5, unit: working_days}}\n",
                "  - {id: supplement, name: 补正材料, next: acept}\n"
                "  - {id: decide, name: 审查决定, time_limit: {value: 5, unit: working_days}}\n"
                "  - {id: decide, name: 现场核查车辆}\n")
    found = check(root)
    assert [(p.line, p.key) for p in found] == [(position(text, "acept")[0], "steps[2].next"),
                                                (position(text, "现场核查车辆")[0], "steps[4].id")], shown(found)
    offered = re.search(r"最接近的在前）：(.*?)；", found[0].hint).group(1).split("、")
    assert offered.count("decide（审查决定）") == 1 and not any("现场核查车辆" in o for o in offered), offered
    says(found[1], f"第 {position(text, '审查决定')[0]} 行的环节“审查决定”已经用了这个编号")
    edit(root, TRANSPORT, "next: acept", "next: accept")
    edit(root, TRANSPORT, "{id: decide, name: 现场核查车辆}", "{id: inspect, name: 现场核查车辆}")
    assert check(root) == []


# --- #9: a key written twice ------------------------------------------------------------------

def test_key_written_twice_shows_both_values_and_the_new_line(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, GAS, "  online_url: https://sdq.example.gov.cn/gas/new\n",
                "  online_url: https://sdq.example.gov.cn/gas/new\n  online_url: https://gas.example.gov.cn/apply\n")
    problem = only_problem(root)
    first, again = position(text, "online_url")[0], position(text, "online_url", 2)[0]
    assert (problem.line, problem.element) == (again, "网上办理地址（电脑）")
    says(problem, f"第 {first} 行是“https://sdq.example.gov.cn/gas/new”", f"第 {again} 行是“https://gas.example.gov.cn/apply”",
         f"第 {again} 行是上次提交后新加的", f"要保留原来的“https://sdq.example.gov.cn/gas/new”，删去第 {again} 行")
    assert "合并" not in problem.hint
    edit(root, GAS, "  online_url: https://gas.example.gov.cn/apply\n", "")  # 删去第 again 行
    assert check(root) == []


def test_key_pasted_above_the_committed_one_is_told_as_the_new_one(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, GAS, "  online_url: https://sdq.example.gov.cn/gas/new\n",
         "  online_url: https://gas.example.gov.cn/apply\n  online_url: https://sdq.example.gov.cn/gas/new\n")
    problem = only_problem(root)
    says(problem, "第 69 行是“https://sdq.example.gov.cn/gas/new”", "第 68 行是上次提交后新加的",
         "要改用新写的“https://gas.example.gov.cn/apply”，删去第 69 行")
    edit(root, GAS, "  online_url: https://sdq.example.gov.cn/gas/new\n", "")
    assert check(root) == []


# --- #13: an unknown item in a life event's step ---------------------------------------------

def test_unknown_item_suggests_the_committed_code_not_one_already_in_the_step(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, START, '"990105002000"]', '"990105002001"]')
    problem = only_problem(root)
    assert (problem.line, problem.element) == (position(text, "990105002001")[0], "事项")
    says(problem, "上次提交时这里写的是 990105002000（个体工商户登记），是不是想写它？")
    assert "990105001001" not in problem.hint  # already in the step
    edit(root, START, '"990105002001"]', '"990105002000"]')
    assert check(root) == []


def test_unknown_item_without_a_committed_one_leaves_out_the_steps_codes(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, START, '"990105001003", "990105002000"]', '"990105001003", "990105002000", "990105001004"]')
    problem = only_problem(root)
    assert "上次提交时" not in problem.hint and "990105001001" not in problem.hint, problem.hint
