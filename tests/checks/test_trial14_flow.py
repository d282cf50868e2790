"""Messages of clerk trial 14 (docs/clerk-trials.md, "Trial 14", worst #1, #4
and #6), each made on a git copy of the demo city, checked, and the hint
followed literally:

- #41: ``end: true`` added to the first step of a flow was told at the next
  step's line, and a later step (``issue``) was told "没有环节接到它… 写
  next: issue", although only the break cut it off.  Now one error at the
  line of that ``end: true``, naming every step it cuts off, "上次提交后新加的"
  when git says so (checks/consistency.py, ``lost_branches.added_ends``); a
  step adrift for another reason keeps its own message.
- #17: a published item file deleted while a life event still lists it: the
  hint was one long sentence for the terminal, and did not name the life
  event.  Now numbered steps, one a line, the browser way beside the git
  command, and the life-event file and line (checks/lifecycle.py,
  ``event_items.listing``); printed one step a line under "怎么改："
  (checks/problems.py) and kept in one GitHub annotation.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess

from history_repo import commit, committed_demo, git
from mini_catalogue import check, copy_demo, edit, only_problem, position, run_cli, says, shown

FREIGHT = "items/transport/990110001000.yaml"  # apply → accept (→ supplement → accept) → decide → issue
APPLY = "  - {id: apply, name: 网上申请, actor: 经营者}"
DECIDE = "  - {id: decide, name: 审查决定, time_limit: {value: 5, unit: working_days}}"
CUT_ALL = ("“受理”（accept）、“补正材料”（supplement）、“审查决定”（decide）、"
           "“发放道路运输经营许可证和车辆道路运输证”（issue）都因此走不到")

AID = "items/education/990504001000.yaml"  # 家庭经济困难学生资助, listed by school-entry (mode: or)
SCHOOL = "content/life-events/school-entry.yaml"
LIBRARY = "items/library/992034001000.yaml"  # listed by no life event
RETIRED = "item_type: benefit\nstatus: cancelled\ncancelled_date: 2026-12-01\nstatus_reason: 并入新的学生资助事项\n"


# --- #41: an end: true that cuts the flow off ---------------------------------------------

def test_end_added_to_the_first_step_is_one_message_at_its_line(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, FREIGHT, APPLY, APPLY.replace("}", ", end: true}"))
    problem = only_problem(root)  # not also at issue: "没有环节接到它"
    assert problem.is_error and (problem.file, problem.line) == (FREIGHT, position(text, "{id: apply")[0])
    assert problem.column == position(text, "end: true")[1] + len("end: ")
    assert (problem.element, problem.key) == ("终止环节", "steps[0].end")
    says(problem, "这里的 end: true 是上次提交后新加的", "第一个环节“网上申请”（apply）", CUT_ALL,
         "删去这一行的 end: true")
    assert "没有环节接到它" not in problem.message + problem.hint
    edit(root, FREIGHT, ", end: true}", "}")  # the hint, literally
    assert check(root) == []


def test_end_added_to_a_middle_step_names_only_the_steps_after_it(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, FREIGHT, DECIDE, DECIDE[:-1] + ", end: true}")
    problem = only_problem(root)
    assert (problem.line, problem.key) == (position(text, "{id: decide")[0], "steps[3].end")
    says(problem, "上次提交后新加的", "流程在环节“审查决定”（decide）就结束了",
         "后面的“发放道路运输经营许可证和车辆道路运输证”（issue）都因此走不到", "删去这一行的 end: true")
    assert "受理" not in problem.message
    edit(root, FREIGHT, "working_days}, end: true}", "working_days}}")
    assert check(root) == []


def test_end_without_git_is_told_at_its_line_too(tmp_path):
    root = copy_demo(tmp_path)  # a tarball: nothing to compare with
    text = edit(root, FREIGHT, APPLY, APPLY.replace("}", ", end: true}"))
    problem = only_problem(root)
    assert (problem.line, problem.key) == (position(text, "{id: apply")[0], "steps[0].end")
    says(problem, "第一个环节“网上申请”（apply）写了 end: true", CUT_ALL, "删去这一行的 end: true")
    assert "上次提交" not in problem.message
    edit(root, FREIGHT, ", end: true}", "}")
    assert check(root) == []


def test_a_step_adrift_for_another_reason_keeps_its_own_message(tmp_path):
    # The end cuts off accept … issue; a new step notify is jumped over by decide's next: issue
    # (it stays adrift once the end is gone): told at that next:, not as "没有环节接到它".
    root = committed_demo(tmp_path)
    edit(root, FREIGHT, APPLY, APPLY.replace("}", ", end: true}"))
    text = edit(root, FREIGHT, DECIDE, DECIDE[:-1] + ", next: issue}\n  - {id: notify, name: 通知领证}")
    found = sorted(check(root), key=lambda p: p.line)
    assert len(found) == 2, shown(found)
    end, jump = found
    assert (end.line, end.key) == (position(text, "{id: apply")[0], "steps[0].end")
    says(end, CUT_ALL)
    assert "notify" not in end.message
    assert (jump.line, jump.key) == (position(text, "{id: decide")[0], "steps[3].next")
    says(jump, "跳过了后面的“通知领证”（notify）", "把这里的 next: issue 改为 next: notify")
    edit(root, FREIGHT, ", end: true}", "}")
    edit(root, FREIGHT, "next: issue}", "next: notify}")
    assert check(root) == []


def test_a_refusal_step_a_branch_leads_to_is_not_blamed(tmp_path):
    # Without git an end: true is blamed only on the main line: 不予许可, which a branch names, ends
    # there on purpose (without its end the flow would go on from it to 归档, adrift behind decide's next:).
    root = copy_demo(tmp_path)
    edit(root, FREIGHT, "      - {when: 材料不齐全, to: supplement}",
         "      - {when: 材料不齐全, to: supplement}\n      - {when: 不符合条件, to: refuse}")
    text = edit(root, FREIGHT, DECIDE, DECIDE[:-1] + ", next: issue}\n"
                "  - {id: refuse, name: 不予许可, end: true}\n  - {id: archive, name: 归档}")
    problem = only_problem(root)
    assert (problem.line, problem.key) == (position(text, "{id: decide")[0], "steps[3].next")
    says(problem, "跳过了后面的“归档”（archive）", "把这里的 next: issue 改为 next: archive")
    assert "end: true" not in problem.message + problem.hint
    edit(root, FREIGHT, "next: issue}", "next: archive}")
    assert check(root) == []


# --- #17: a published item file deleted --------------------------------------------------

def _steps(hint: str) -> list[str]:
    return [line.split(".", 1)[0] for line in hint.split("\n") if re.match(r"\d+\. ", line)]


def test_deleted_item_hint_is_numbered_steps_naming_the_life_event(tmp_path):
    root = committed_demo(tmp_path)
    listed_at = position((root / SCHOOL).read_text(encoding="utf-8"), '"990504001000"')[0]
    (root / AID).unlink()
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.is_error) == (AID, 1, True)
    assert _steps(problem.hint) == ["1", "2", "3", "4"], problem.hint
    first = problem.hint.split("\n")[:3]
    assert first[0] == f"1. 恢复这个文件 {AID}："
    assert first[1].startswith("   网页上：打开主分支上的这个文件") and f"文件名写 {AID}" in first[1]
    assert first[2] == f"   用命令行的：在仓库顶层运行 git checkout HEAD -- {AID}"
    says(problem, f"3. 一件事还列着它，在这里删去编码 990504001000：{SCHOOL} 第 {listed_at} 行（步骤“查房产或申请资助”",
         "把 mode: or 这一行也删去", "4. 提交；等这次修改发布以后，再删除这个文件。")
    # The browser way, literally: the file's content on the main branch, saved under its name.
    (root / AID).write_bytes(subprocess.run(["git", "-C", str(root), "show", f"HEAD:{AID}"], check=True,
                                            capture_output=True).stdout)
    edit(root, AID, "item_type: benefit\n", RETIRED)  # step 2
    edit(root, SCHOOL, '["992006001000", "990504001000"]', '["992006001000"]')  # step 3
    edit(root, SCHOOL, "    mode: or\n", "")
    assert check(root) == []


def test_deleted_item_restored_by_the_git_command_of_its_hint(tmp_path):
    root = committed_demo(tmp_path)
    (root / LIBRARY).unlink()
    problem = only_problem(root)
    assert _steps(problem.hint) == ["1", "2", "3"], problem.hint  # no life event lists it
    assert "一件事还列着它" not in problem.hint
    command = re.search(r"运行 (git checkout \S+ -- \S+)", problem.hint).group(1)
    subprocess.run(shlex.split(command), cwd=root, check=True)
    assert check(root) == []


def test_deleted_in_a_commit_is_restored_from_before_that_commit(tmp_path):
    root = committed_demo(tmp_path)
    (root / AID).unlink()
    sha = commit(root, "删除资助事项")[:8]
    problem = only_problem(root)
    assert problem.file == AID and _steps(problem.hint) == ["1", "2", "3", "4"], shown([problem])
    says(problem, f"打开删除它的提交 {sha}", f"git checkout {sha}^ -- {AID}", f"{SCHOOL} 第 ")
    git(root, "checkout", f"{sha}^", "--", AID)
    assert check(root) == []


def test_numbered_steps_print_one_a_line_and_stay_one_annotation(tmp_path):
    root = committed_demo(tmp_path)
    (root / AID).unlink()
    result = run_cli(root, "check")
    out = result.stdout + result.stderr
    lines = out.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("    怎么改：1. "))
    steps = [line for line in lines[at + 1:at + 14] if re.match(r" +\d\. ", line)]  # step 2 has lines of its own
    assert [s.strip()[:2] for s in steps] == ["2.", "3.", "4."]
    assert all(s.startswith(" " * 12 + s.strip()[:2]) for s in steps)  # under "1." (怎么改： is 8 columns wide)
    github = run_cli(root, "check", "--format", "github").stdout
    annotation = [line for line in github.split("\n") if line.startswith(f"::error file={AID}")]
    assert len(annotation) == 1 and "%0A1. 恢复这个文件" in annotation[0] and "%0A4. " in annotation[0]
    gitlab = json.loads(run_cli(root, "check", "--format", "gitlab").stdout)
    described = [p["description"] for p in gitlab if p["location"]["path"] == AID]
    assert len(described) == 1 and "\n" not in described[0] and " 2. 恢复的文件里没有 status 这一行" in described[0]
