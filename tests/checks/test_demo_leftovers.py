"""Demo leftovers (issue 18): a county's catalogue (sample_data: false) that still
holds the demo city's region, phones or hosts gets a warning at the line; the
values are read from the demo's own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from mini_catalogue import run_cli

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-city"
FORK = REPO / "tests" / "fixtures" / "fork"


def demo_config() -> dict:
    text = (DEMO / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("  - catalogue:")
    block = yaml.safe_load(text[start:].split("\nnav:", 1)[0].replace("  - catalogue:", "catalogue:", 1)
                           .replace("\n    ", "\n"))
    return block["catalogue"]


def fork_with_demo(tmp_path: Path) -> Path:
    """A repository folder with the demo in examples/demo-city and the fork fixture in catalogue/."""
    top = tmp_path / "repo"
    shutil.copytree(DEMO / "content", top / "examples" / "demo-city" / "content")
    shutil.copy(DEMO / "mkdocs.yml", top / "examples" / "demo-city" / "mkdocs.yml")
    shutil.copytree(FORK, top / "catalogue")
    return top / "catalogue"


def leftover_lines(root: Path) -> list[str]:
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if "示例目录" in line]


def first_item(root: Path) -> Path:
    return sorted((root / "items").rglob("*.yaml"))[0]


def test_clean_fork_has_no_leftovers(tmp_path):
    assert leftover_lines(fork_with_demo(tmp_path)) == []


def test_demo_region_phone_and_host_are_warned_at_their_line(tmp_path):
    root = fork_with_demo(tmp_path)
    demo = demo_config()
    region, hotline = demo["region"], demo["contact"]["hotline"]
    demo_department = yaml.safe_load((DEMO / "content" / "departments.yaml").read_text(encoding="utf-8"))[0]
    host = demo_department["url"].split("/")[2]
    item = first_item(root)
    text = item.read_text(encoding="utf-8")
    lines = text.splitlines()
    added = [f"summary: \"{region}居民可以办理。\"",
             f"aliases: [\"{hotline}\"]",
             f"source_url: https://{host}/guide",
             f"# {region} in a comment is not published"]
    lines = [x for x in lines if not x.startswith(("summary:", "aliases:", "source_url:"))]
    item.write_text("\n".join(lines + added) + "\n", encoding="utf-8")
    relative = item.relative_to(root).as_posix()
    n = len(lines)
    found = leftover_lines(root)
    assert len(found) == 3, found
    assert found[0].startswith(f"{relative}:{n + 1}:11: 提醒") and f"“{region}”" in found[0] and "地区名称" in found[0]
    assert found[1].startswith(f"{relative}:{n + 2}:") and "电话号码" in found[1]
    assert found[2].startswith(f"{relative}:{n + 3}:") and host in found[2] and "网址" in found[2]
    # Another number with the demo's area code (read from its data) is caught too.
    area = hotline.split("-")[0]
    registry = root / "content" / "offices.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("0998-", f"{area}-", 1), encoding="utf-8")
    assert any(line.startswith("content/offices.yaml:") for line in leftover_lines(root))


def test_no_warning_for_a_sample_catalogue_or_without_the_demo(tmp_path):
    root = fork_with_demo(tmp_path)
    region = demo_config()["region"]
    item = first_item(root)
    item.write_text(item.read_text(encoding="utf-8") + f"maintainer: \"{region}办公室\"\n", encoding="utf-8")
    assert len(leftover_lines(root)) == 1
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("sample_data: false", "sample_data: true"),
                      encoding="utf-8")
    assert leftover_lines(root) == []
    config.write_text(config.read_text(encoding="utf-8").replace("sample_data: true", "sample_data: false"),
                      encoding="utf-8")
    shutil.rmtree(root.parent / "examples")
    assert leftover_lines(root) == []
