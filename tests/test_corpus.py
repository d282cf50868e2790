"""Hostile and broken item files: `python -m generator check` must reject each
one with a located message, never crash, hang or write anything.

tests/corpus/ holds the files that are small enough to commit; the large ones
(10 MB string, 120,000 nested brackets, 60,000 list entries) are generated
into tmp_path by ``LARGE`` below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mini_catalogue import copy_mini, run_cli

CORPUS = Path(__file__).resolve().parent / "corpus"
TIME_LIMIT = 30  # seconds per run; a normal check of the mini catalogue takes < 1 s

LARGE = {
    # 10 MB in one value: refused by size before it is read.
    "ten-megabyte-string.yaml": lambda: b"name: " + b"x" * (10 * 1024 * 1024) + b"\n",
    # Composing this many nested sequences recursed in C until the interpreter crashed.
    "deep-flow-nesting-120k.yaml": lambda: b"code: " + b"[" * 120_000 + b"]" * 120_000 + b"\n",
    "deep-dash-nesting-100k.yaml": lambda: b"steps: " + b"- " * 100_000 + b"x\n",
    "deep-brace-nesting-60k.yaml": lambda: b"a: " + b"{a: " * 60_000 + b"}" * 60_000 + b"\n",
    "too-many-nodes.yaml": lambda: b"aliases:\n" + b"- a\n" * 60_000,
}

CASES = sorted(p.name for p in CORPUS.glob("*.yaml")) + sorted(LARGE)

# What the message must say for cases that the file-name rule alone would
# also reject: the hostile value itself must be named (YAML read as data).
SAYS = {
    "yaml11-leading-zero.yaml": ["015 以 0 开头", "010 以 0 开头"],
    "yaml11-base60.yaml": ["1:00 没有加引号，会被当成一个数，不是时间"],
    "yaml11-hex.yaml": ["0x10 是十六进制"],
    "yaml11-binary-underscore-plus.yaml": ["0b11 是", "1_000 不是普通的十进制整数", "+5 不是普通的十进制整数"],
    "yaml11-float-forms.yaml": [".inf 会被读成小数", "1.0e+3 会被读成小数"],
    "yaml11-timestamp.yaml": ["读成日期加时间"],
    "tag-bool-on-text.yaml": ["【事项名称】(name) 不支持的标记 !!bool"],
    "tag-int-timestamp-binary.yaml": ["不支持的标记 !!binary", "不支持的标记 !!int", "不支持的标记 !!timestamp"],
    "tag-str-on-number.yaml": ["不支持的标记 !!str"],
    "bool-as-number.yaml": ["【网上办理深度】(channels.online_depth) “true”不是可选值"],
    "flow-100-steps-dense.yaml": ["画不成流程图：共 100 个环节", "最多允许 30 个环节、60 个分支"],
}


def test_corpus_is_large_enough():
    assert len(list(CORPUS.glob("*.yaml"))) >= 30


@pytest.mark.parametrize("name", CASES)
def test_hostile_file_is_rejected_with_position(tmp_path, name):
    root = copy_mini(tmp_path)
    target = root / "items" / "public-security" / name
    target.write_bytes(LARGE[name]() if name in LARGE else (CORPUS / name).read_bytes())

    result = run_cli(root, "check", timeout=TIME_LIMIT)
    output = result.stdout + result.stderr

    assert "Traceback" not in output
    assert "内部错误" not in output
    assert result.returncode == 1, output
    display = f"items/public-security/{name}"
    located = re.findall(rf"^{re.escape(display)}:(\d+):(\d+): 错误", result.stdout, flags=re.M)
    assert located, output
    assert all(int(line) >= 1 and int(column) >= 1 for line, column in located)
    for text in SAYS.get(name, []):
        assert text in result.stdout, output
    # The rest of the catalogue is still checked and is fine.
    assert "items/civil-affairs/" not in result.stdout
    assert not (root / "site").exists()


def test_github_format_on_hostile_file(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items" / "public-security" / "billion-laughs.yaml").write_bytes(
        (CORPUS / "billion-laughs.yaml").read_bytes())
    result = run_cli(root, "check", "--format", "github", timeout=TIME_LIMIT)
    assert result.returncode == 1
    assert re.search(r"^::error file=items/public-security/billion-laughs\.yaml,line=\d+,col=\d+", result.stdout,
                     flags=re.M), result.stdout
