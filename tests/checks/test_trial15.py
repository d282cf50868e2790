"""Clerk trial 13 (#41) and 15 (#29): an unknown situation (办理情形) id was
offered the item's ids bare ("first、replace、renew"), so a clerk who meant
补领 had to open the variants to learn which is which.  Ids of a registry or
of the item's own variants are offered with their Chinese names
(rules._names)."""

from __future__ import annotations

from history_repo import committed_demo
from mini_catalogue import check, edit, only_problem, position, says, shown

ID_CARD = "items/public-security/990101001000.yaml"


def test_unknown_variant_offered_with_names(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, "    variants: [replace]", "    variants: [lost]")
    problem = only_problem(root)
    assert problem.line == position(text, "variants: [lost]")[0] and problem.element == "适用办理情形"
    says(problem, "first（首次申领）", "replace（补领）", "renew（换领）")
    edit(root, ID_CARD, "    variants: [lost]", "    variants: [replace]")  # the one named 补领
    assert check(root) == []


def test_unknown_office_offered_with_names(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, "  - office: city-service-centre", "  - office: city-service-center")
    problem = only_problem(root)
    assert problem.line == position(text, "city-service-center")[0], shown([problem])
    says(problem, "city-service-centre（")
