"""The search gate's exact queries (tests/outputs/test_search.exact_queries):
items of one name — two departments' items in a real list (广安区's, county
trial 3: its make test failed on five such names) — may each come first when
that name is typed; a name of its own only its item."""

from __future__ import annotations

from generator.checks.validate import build_catalogue
from generator.config import read_settings

from mini_catalogue import ONLINE_ITEM, copy_mini, edit
from outputs.test_search import exact_queries


def test_items_of_one_name_may_each_come_first(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ONLINE_ITEM, "name: 高龄津贴申领", "name: 居民身份证首次申领")  # another department, the same name
    cat = build_catalogue(root, read_settings(root)).catalogue
    wanted = exact_queries(cat)
    assert wanted["990101001000"][1] == wanted["992002001000"][1] == {"990101001000", "992002001000"}
    assert "居民身份证首次申领" in wanted["992002001000"][0]


def test_a_name_of_its_own_is_its_item_alone(tmp_path):
    root = copy_mini(tmp_path)
    cat = build_catalogue(root, read_settings(root)).catalogue
    assert exact_queries(cat)["992002001000"][1] == {"992002001000"}
