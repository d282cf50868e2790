"""The web editor (Decap CMS under admin/, issue 18 item 5): its config derived
from the model, the Python local back-end (devtools/decap_proxy.py), and an
item edited in Chromium and saved to YAML that `check` accepts."""

from __future__ import annotations

import contextlib
import json
import logging
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from browser import serve
from devtools.decap_proxy import serve as serve_proxy
from generator.checks.validate import build_catalogue
from generator.config import Editor, read_settings
from generator.outputs import cms
from generator.site import editor
from history_repo import Repo
from mini_catalogue import ITEM, copy_mini, errors, mkdocs_build, site_config

NEW_CODE = "990101003000"
GITHUB = Editor(backend="github", repo="county/catalogue")


def _mini_catalogue(tmp_path: Path):
    root = copy_mini(tmp_path)
    return root, build_catalogue(root, read_settings(root)).catalogue


def _field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_config_is_derived_from_the_model_and_registries(tmp_path):
    root, cat = _mini_catalogue(tmp_path)
    config = cms.editor_config(cat, GITHUB)
    assert config["backend"] == {"name": "github", "repo": "county/catalogue", "branch": "main"}
    # One folder collection per department, labelled with the registry's name.
    assert [(c["name"], c["label"], c["folder"]) for c in config["collections"]] == [
        (d.id, d.name, f"items/{d.id}") for d in cat.departments]
    fields = config["collections"][0]["fields"]
    assert [f["name"] for f in fields][:3] == ["code", "implementation_code", "local_code"]
    name = _field(fields, "name")
    assert name["label"] == "事项名称" and "required" not in name  # the one required element
    assert _field(fields, "summary")["widget"] == "text"
    materials = _field(fields, "materials")
    assert materials["widget"] == "list" and materials["label"] == "申请材料"
    necessity = _field(materials["fields"], "necessity")
    assert necessity["widget"] == "select"
    assert {o["value"]: o["label"] for o in necessity["options"]}["required"].startswith("必要")
    # Registries as pickers, read from content/*.yaml.
    office = _field(_field(fields, "offices")["fields"], "office")
    assert [o["value"] for o in office["options"]] == [o.id for o in cat.offices]
    proof = _field(materials["fields"], "proof")
    assert [o["value"] for o in proof["options"]] == [p.id for p in cat.proofs]
    audiences = _field(fields, "audiences")
    assert audiences["multiple"] is True and {o["value"] for o in audiences["options"]} == {
        t.id for t in cat.taxonomies.audiences}
    # Inside an (optional) object nothing is required: Decap would refuse to save an item without fees.
    assert all(f["required"] is False for f in _field(fields, "fees")["fields"])
    assert _field(fields, "steps")["summary"] == "{{fields.name}}"
    # A choice among numbers (网上办理深度 1-4) is a number field: a select would save the text "3".
    depth = _field(_field(fields, "channels")["fields"], "online_depth")
    assert (depth["widget"], depth["value_type"], depth["min"], depth["max"]) == ("number", "int", 1, 4)


def test_admin_written_only_when_configured_and_set_up(tmp_path, monkeypatch, caplog):
    root, cat = _mini_catalogue(tmp_path)
    settings = read_settings(root)
    site = tmp_path / "site"
    assert editor.write(site, cat, settings, "测试") is False and not (site / "admin").exists()
    configured = settings.model_copy(update={"editor": GITHUB})
    monkeypatch.setenv("OSC_DECAP_DIR", str(tmp_path / "nothing-here"))
    with caplog.at_level(logging.WARNING):
        assert editor.write(site, cat, configured, "测试") is False
    assert not (site / "admin").exists()
    assert "devtools/bootstrap.py editor" in caplog.text
    fake = tmp_path / "decap"
    fake.mkdir()
    (fake / "decap-cms.js").write_text("/* */", encoding="utf-8")
    (fake / "decap-cms.js.map").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("OSC_DECAP_DIR", str(fake))
    assert editor.write(site, cat, configured, "测试") is True
    assert sorted(p.name for p in (site / "admin").iterdir()) == [
        "config.js", "decap-cms.js", "editor.js", "index.html"]
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert "http" not in page  # nothing from another host
    prefix, _, data = (site / "admin" / "config.js").read_text(encoding="utf-8").partition("window.CATALOGUE_EDITOR = ")
    assert "window.CMS_MANUAL_INIT = true;" in prefix
    data = json.loads(data.rstrip().rstrip(";"))
    # The fields once, not once per department; editor.js expands them as editor_config() does.
    assert data["fields"] == cms.item_fields(cat) and data["departments"][0]["id"] == "public-security"
    assert data["config"]["load_config_file"] is False


def _call(url: str, action: str, params: dict | None = None, **headers: str) -> tuple[int, object]:
    body = json.dumps({"action": action, "params": params or {}}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@contextlib.contextmanager
def proxy_api(root: Path):
    """The local back-end (devtools/decap_proxy.py) serving ``root`` on a free
    port, for the test's duration: yields its API address."""
    server = serve_proxy(root, 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_python_proxy_speaks_decap_server_protocol(tmp_path):
    root = copy_mini(tmp_path)
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    with proxy_api(root) as url:
        assert _call(url, "info")[1]["type"] == "local_fs"
        status, entries = _call(url, "entriesByFolder",
                                {"branch": "main", "folder": "items/public-security", "extension": "yaml", "depth": 1})
        assert status == 200 and [e["file"]["path"] for e in entries] == [ITEM]
        assert entries[0]["data"] == (root / ITEM).read_text(encoding="utf-8")
        status, _ = _call(url, "persistEntry", {"branch": "main", "assets": [], "options": {},
                                               "dataFiles": [{"slug": "x", "path": "items/civil-affairs/x.yaml",
                                                              "raw": "name: 新事项\n"}]})
        assert status == 200 and (root / "items/civil-affairs/x.yaml").read_text(encoding="utf-8") == "name: 新事项\n"
        for bad in ("../secret.txt", "/etc/passwd", ".git/config", "items/../../secret.txt"):
            status, answer = _call(url, "getEntry", {"branch": "main", "path": bad})
            assert status == 422, bad
        status, _ = _call(url, "persistEntry", {"branch": "main", "assets": [], "options": {},
                                               "dataFiles": [{"slug": "x", "path": "../evil.yaml", "raw": "x"}]})
        assert status == 422 and not (tmp_path / "evil.yaml").exists()
        assert _call(url, "rm -rf")[0] == 422
        # Only pages of this computer, and only JSON (no form post from another site).
        assert _call(url, "info", Origin="http://127.0.0.1:8000")[0] == 200
        assert _call(url, "info", Origin="https://evil.example.com")[0] == 403
        assert _call(url, "info", Host="evil.example.com")[0] == 403  # DNS rebinding
        assert _call(url, "info", **{"Content-Type": "text/plain"})[0] == 415


def _wait_for(done, page, screenshot: Path, seconds: float = 30) -> None:
    """Wait until ``done()``; else fail with what Decap shows (notifications) and a screenshot."""
    deadline = time.time() + seconds
    while not done():
        if time.time() > deadline:
            page.screenshot(path=str(screenshot))
            pytest.fail(f"Decap did not save within {seconds} s; page says: "
                        f"{page.locator('body').inner_text()[:300]!r} (screenshot {screenshot})")
        time.sleep(0.2)


@pytest.mark.skipif(cms.bundle() is None, reason="Decap CMS is not set up (python3 devtools/bootstrap.py editor "
                                                 "fetches it from registry.npmjs.org)")
def test_clerk_edits_an_item_in_chromium(tmp_path, chromium):
    # The session's Chromium (tests/conftest.py): a second Playwright instance in
    # the same session fails ("Sync API inside the asyncio loop").
    from playwright.sync_api import expect

    # As in a county's fork (and the demo in examples/demo-city/): the catalogue
    # is a subfolder of its repository, and Decap's paths start at the repository's top.
    root = copy_mini(tmp_path)  # tmp_path / "catalogue"
    Repo(tmp_path).git("init", "-q", "-b", "main")
    site_config(root)
    calls: list[tuple[str, dict]] = []
    proxy = serve_proxy(root, 0, log=lambda action, params: calls.append((action, params)))
    port = proxy.server_address[1]
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "catalogue" in plugin:
            plugin["catalogue"]["editor"] = {"backend": "gitea", "repo": "county/catalogue",
                                             "api_root": "https://git.example.gov.cn/api/v1", "local_port": port}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr[-3000:]
    site = root / "site"
    item_page = (site / "items" / "990101001000" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../admin/#/collections/public-security/entries/990101001000"' in item_page
    (root / ITEM).write_text("# 文件开头的注释\n" + (root / ITEM).read_text(encoding="utf-8"), encoding="utf-8")
    before_text = (root / ITEM).read_text(encoding="utf-8")
    before = yaml.safe_load(before_text)
    try:
        with serve(site) as url:
            context = chromium.new_context()
            page = context.new_page()
            hosts: set[str] = set()
            page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
            page.goto(url + "admin/#/collections/public-security/entries/990101001000")
            page.get_by_role("button", name="登录").click()  # the local back-end needs no account
            # The entry is loaded (an edit made before would be replaced by the file's value).
            expect(page.get_by_label("主要内容 (可选)", exact=True)).to_have_value(before["summary"], timeout=30000)
            page.get_by_label("主要内容 (可选)", exact=True).fill("在浏览器里改过的主要内容。")
            # A field typed into and emptied again is left out, not saved as "" (editor_presave.js).
            page.get_by_label("数量限制 (可选)", exact=True).fill("每人一次")
            page.get_by_label("数量限制 (可选)", exact=True).fill("")
            page.get_by_role("button", name="新增申请材料").click()
            new_name = page.locator("label", has_text="材料名称").last.get_attribute("for")
            page.locator(f'[id="{new_name}"]').fill("近期免冠照片")
            page.get_by_role("button", name="发布").first.click()
            page.get_by_text("立即发布").click()
            _wait_for(lambda: (root / ITEM).read_text(encoding="utf-8") != before_text, page, tmp_path / "saved.png")
            expect(page.get_by_text("修改已保存")).to_be_visible(timeout=30000)  # Decap is done with the save
            # A new item in the department: the file is named by its basic code.
            page.goto(url + "admin/#/collections/public-security/new")
            expect(page.get_by_label("事项名称", exact=True)).to_have_value("", timeout=30000)
            page.get_by_label("事项名称", exact=True).fill("居民身份证挂失")
            page.get_by_label("基本编码 (可选)", exact=True).fill(NEW_CODE)
            page.get_by_role("button", name="发布").first.click()
            page.get_by_text("立即发布").click()
            new_file = root / "items" / "public-security" / f"{NEW_CODE}.yaml"
            _wait_for(new_file.exists, page, tmp_path / "created.png")
            context.close()
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert hosts <= {url.split("/")[2], f"127.0.0.1:{port}"}, hosts  # nothing from another host
    saved = [f["path"] for action, params in calls if action == "persistEntry" for f in params["dataFiles"]]
    assert saved == [f"catalogue/{ITEM}", f"catalogue/items/public-security/{NEW_CODE}.yaml"], saved
    text = (root / ITEM).read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert after["summary"] == "在浏览器里改过的主要内容。"
    assert after["materials"][:-1] == before["materials"]
    assert after["materials"][-1] == {"name": "近期免冠照片"}
    assert "quantity_limit" not in after
    assert {k: v for k, v in after.items() if k not in ("summary", "materials")} == {
        k: v for k, v in before.items() if k not in ("summary", "materials")}
    assert '\ncode: "990101001000"' in "\n" + text  # codes stay quoted strings
    assert "# 文件开头的注释" not in text  # Decap drops comments (README, "Editing in the browser")
    # Decap writes the keys in the order of the model's fields.
    order = list(cms.item_fields()[i]["name"] for i in range(len(cms.item_fields())))
    assert list(after) == sorted(after, key=order.index)
    assert new_file.read_text(encoding="utf-8") == f'code: "{NEW_CODE}"\nname: 居民身份证挂失\n'
    # The edited item passes; the new one is judged like any file: held back until
    # it states what publishing needs (implementing body, a way to apply).
    found = errors(root)
    assert found and all(p.file == f"items/public-security/{NEW_CODE}.yaml" and "发布所必需" in p.message
                         for p in found), found
