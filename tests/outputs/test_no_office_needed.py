"""An item without offices says "无需到现场" only from the forms it states:
online or by mail, each named (a mail-only item once read 网上即可办理);
a self-service terminal is a place: a gap with whom to ask.  (An item
stating no form is held back by the mini catalogue's publish.required.)  Mini catalogue, real renderer."""

from __future__ import annotations

import re

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.render import Renderer

from mini_catalogue import ONLINE_ITEM, copy_mini, edit

KEY = "992002001000"


def item_text(root) -> str:
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    page = next(p for p in Renderer(report.catalogue, settings, {}).item_pages() if KEY in p.path)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.body))


@pytest.mark.parametrize("forms, said", [
    ("[online]", "无需到现场，网上办理即可"),
    ("[mail]", "无需到现场，邮寄办理即可"),
    ("[online, mail]", "无需到现场，网上办理或邮寄办理即可"),
    ("[online, self_service]", None),
    ("[self_service]", None),
])
def test_no_place_needed_is_said_from_the_stated_forms(tmp_path, forms, said):
    root = copy_mini(tmp_path)
    edit(root, ONLINE_ITEM, "  forms: [online]\n", f"  forms: {forms}\n")
    if "online" not in forms:
        edit(root, ONLINE_ITEM, "visits: 0\n", "")
    text = item_text(root)
    if said:
        assert said in text
    else:
        assert "无需到现场" not in text
        assert "办理地点未注明" in text
