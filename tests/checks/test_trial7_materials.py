"""Clerk trial 7 (docs/clerk-trials.md, "Trial 7"), rows #30 and #33.

#30: a material named as a listed proof (居住证明 is the demo's proof
``residence``) is that proof and passes with no message, as the README says;
one that only looks like a proof is a warning whose "closest" proofs share
more than the word 证明, or that says none is close.
#33: an item copied into another department's folder is told, at its code,
as a copy of the owner's file to delete, not as a category code to add to
the department's ``codes``; the implementing-body warning is not added."""

from __future__ import annotations

import shutil

import yaml

from generator.catalogue import proof_key
from generator.checks.content_rules import closest_proofs
from generator.checks.validate import build_catalogue
from generator.config import read_settings
from mini_catalogue import DEMO, check, copy_demo, edit, position, says, shown

WATER = "items/water/992021001000.yaml"
NOTARY = "items/notary/992033001000.yaml"  # 继承公证, department notary (codes ["33"])
COPY = "items/library/992033001000.yaml"  # library's codes are ["34"]
DEPARTMENTS = "content/departments.yaml"


def _add_material(root, name: str) -> str:
    material = (f"  - name: {name}\n    necessity: required\n    form: paper\n    original: original\n"
                "    copies: 1\n    source: applicant\nsteps:\n")
    return edit(root, WATER, "steps:\n", material)


# --- #30: a listed proof by name; a look-alike's closest proofs ---------------

def test_material_named_as_a_listed_proof_is_that_proof_with_no_message(tmp_path):
    root = copy_demo(tmp_path)
    _add_material(root, "居住证明")
    report = build_catalogue(root, read_settings(root))
    assert report.problems == [], shown(report.problems)
    water = next(e for e in report.catalogue.entries if e.source == WATER)
    assert report.catalogue.proof_of(water.item.materials[-1]).id == "residence"
    assert water in report.catalogue.proof_users["residence"]  # listed on the 证明材料清单 page


def test_look_alike_proof_names_the_listed_proof_close_to_it(tmp_path):
    root = copy_demo(tmp_path)
    text = _add_material(root, "住址证明")
    [problem] = check(root)
    assert problem.file == WATER and not problem.is_error and problem.element == "材料名称"
    assert (problem.line, problem.column) == position(text, "住址证明")
    says(problem, "材料“住址证明”看起来是证明材料", "最接近的：residence（居住证明）", "清单之外无证明")
    assert "火化证明" not in problem.hint  # shares only 证明 with it


def test_look_alike_proof_with_no_close_listed_name_says_none_is(tmp_path):
    root = copy_demo(tmp_path)
    _add_material(root, "在职证明")
    [problem] = check(root)
    says(problem, "材料“在职证明”看起来是证明材料", "清单里没有名称相近的证明")
    assert "火化证明" not in problem.hint and "—" not in problem.hint


# --- #33: a copy in another department's folder -------------------------------

def test_copy_in_another_departments_folder_is_told_as_a_copy_to_delete(tmp_path):
    root = copy_demo(tmp_path)
    shutil.copy(root / NOTARY, root / COPY)
    found = [p for p in check(root) if p.file == COPY]
    # Not the implementing-body warning "把文件移到 items/notary/" (that file is there), and no
    # message asking to add "33" to the library's codes (the duplicate file name and
    # implementation code have their own messages, which also say to delete one file).
    assert not any(p.key == "implementing_body.name" or "加进 codes" in p.hint for p in found), shown(found)
    [problem] = [p for p in found if p.key == "code"]
    text = (root / COPY).read_text(encoding="utf-8")
    assert problem.is_error and problem.element == "基本编码"
    assert (problem.line, problem.column) == position(text, '"992033001000"')
    says(problem, f"{NOTARY}（继承公证）的复制件", "“33”是示范市公证处的部门类别代码",
         f"删除这个文件（{COPY}）", "不用改 content/departments.yaml")
    (root / COPY).unlink()  # the hint followed literally
    assert check(root) == []


def test_copy_of_an_item_that_lost_its_name_is_named_by_its_file(tmp_path):
    root = copy_demo(tmp_path)
    shutil.copy(root / NOTARY, root / COPY)
    edit(root, NOTARY, "name: 继承公证\n", "")
    [problem] = [p for p in check(root) if p.file == COPY and p.key == "code"]
    says(problem, f"{NOTARY}（992033001000）的复制件", f"删除这个文件（{COPY}）")


def test_category_code_of_no_department_still_suggests_the_codes(tmp_path):
    """With no item of that code in a department owning it, the code is the
    department's to register (the message as before)."""
    root = copy_demo(tmp_path)
    edit(root, DEPARTMENTS, 'codes: ["33"]', 'codes: ["35"]')
    found = [p for p in check(root) if p.file == NOTARY]
    assert len(found) == 1, shown(found)
    says(found[0], "第 5-6 位“33”不是本部门的部门类别代码（35）", "把“33”加进 codes")
    assert "复制件" not in found[0].message


def test_closest_proofs_compare_what_is_more_than_the_word_proof():
    """On the demo's proofs list: a longer name still finds the proof it
    contains, and a proof sharing only 证明 is never offered."""
    proofs = {}
    for proof in yaml.safe_load((DEMO / "content/proofs.yaml").read_text(encoding="utf-8")):
        for name in [proof["name"], *proof.get("aliases", [])]:
            proofs.setdefault(proof_key(name), proof["id"])
    words = ("证明",)
    assert closest_proofs("职业病诊断证明书或者职业病诊断鉴定书", proofs, words=words)[0].startswith("medical-diagnosis")
    assert closest_proofs("车辆购置税完税证明或者免税凭证", proofs, words=words)[0].startswith("tax-paid")
    assert closest_proofs("在职证明", proofs, words=words) == []
    assert not any("cremation" in c for c in closest_proofs("机动车来历证明", proofs, words=words))
