"""Fuzz gate (issue 12): randomly mutated valid files never give an internal
error, never hang, and what passes the check builds a site where no hostile
text runs.

The mutants (tests/fuzz.py) start from the mini catalogue with a sub-item, a
life event, an item with every optional element, the repository's synonyms
and the production mkdocs.yml: every item, registry and config file is a
target.  They are seeded (``SEED``), so a failure names a mutant that can be
reproduced: ``FUZZ_SEED=<n> .venv/bin/pytest tests/test_fuzz.py``.  The check
runs in-process (``generator.cli.main``), with a per-mutant alarm
(``HANG_SECONDS``) and a deadline for the whole run (``BUDGET``).

What the fuzzer found is kept as a test of its own: a path-like or very long
``language`` in the catalogue block gave an internal error
(tests/checks/test_config_paths.py).
"""

from __future__ import annotations

import html
import os
import random
import re
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from fuzz import hostile_value, mutate
from hostile import EVERY_FIELD_CODE, EVERY_FIELD_ITEM, PAYLOAD
from mini_catalogue import DEMO, add_bundle, add_sub_item, copy_mini, run_cli, site_config

from generator.cli import main

SEED = int(os.environ.get("FUZZ_SEED", "20261129"))
MUTANTS = int(os.environ.get("FUZZ_MUTANTS", "400"))
BUDGET = float(os.environ.get("FUZZ_BUDGET", "45"))  # seconds for the whole check run; a mutant takes ~30 ms
HANG_SECONDS = 10  # one check of this catalogue takes well under a second
MIN_MUTANTS = 100  # even on a slow machine, the run must mean something


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so the CLI's ``except Exception`` lets it through."""


@contextmanager
def alarm(seconds: float):
    def ring(signum, frame):
        raise Hang()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fuzz_root(tmp_path: Path) -> Path:
    """A valid catalogue with every kind of source file (checked to pass)."""
    root = copy_mini(tmp_path)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    (root / "items" / "civil-affairs" / f"{EVERY_FIELD_CODE}.yaml").write_text(EVERY_FIELD_ITEM, encoding="utf-8")
    shutil.copy2(DEMO / "content" / "synonyms.yaml", root / "content" / "synonyms.yaml")
    return root


def targets(root: Path) -> list[str]:
    """Every source file the check reads: items, registries, mkdocs.yml."""
    files = sorted(p.relative_to(root).as_posix() for folder in ("items", "content")
                   for p in (root / folder).rglob("*.yaml"))
    return files + ["mkdocs.yml"]


def run_check(root: Path, capsys) -> tuple[int, str, str]:
    """``python -m generator check`` in-process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    with alarm(HANG_SECONDS):
        code = main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, out, err


def verdict(code: int, out: str, err: str) -> str | None:
    """What is wrong with a check's result, or None: it must pass (0) or fail
    (1) with at least one located error, and never be an internal error."""
    text = out + err
    if "内部错误" in text or "Traceback" in text:
        return "internal error"
    if code not in (0, 1):
        return f"exit code {code}"
    if code == 1 and not re.search(r"^\S[^\n]*:\d+:\d+: 错误", out, re.M):
        return "failed without a located error"
    return None


def test_mutants_give_a_message_or_pass(tmp_path, capsys):
    root = fuzz_root(tmp_path)
    code, out, err = run_check(root, capsys)
    assert code == 0, out + err  # the starting point is valid
    files = targets(root)
    originals = {f: (root / f).read_bytes() for f in files}
    rng = random.Random(SEED)
    failures: list[str] = []
    outcomes = {0: 0, 1: 0}
    start, done = time.monotonic(), 0
    for n in range(MUTANTS):
        if time.monotonic() - start > BUDGET:
            break
        target = rng.choice(files)
        mutant = mutate(originals[target], rng)
        (root / target).write_bytes(mutant)
        try:
            code, out, err = run_check(root, capsys)
        except Hang:
            failures.append(f"mutant {n} of {target}: no answer in {HANG_SECONDS} s")
            code, out, err = 2, "", ""
        finally:
            (root / target).write_bytes(originals[target])
        problem = verdict(code, out, err) if code != 2 or not failures else None
        if problem:
            failures.append(f"mutant {n} of {target} (seed {SEED}): {problem}\n{mutant!r}\n{(out + err)[-1500:]}")
        outcomes[code] = outcomes.get(code, 0) + 1
        done += 1
    assert not failures, "\n\n".join(failures[:5])
    assert done >= MIN_MUTANTS, f"only {done} mutants in {BUDGET} s"
    # The mutations both break files and leave some valid: both paths were taken.
    assert outcomes[0] >= done // 20 and outcomes[1] >= done // 4, outcomes


# --- what passes the check reaches pages as text ------------------------------------
ATTEMPTS = 25  # per file, to find a hostile mutant that passes the check
# A tag (of HTML or SVG) with an event handler or a script from the payload.
RUNS = [re.compile(r"<script>alert\(1\)</script>"), re.compile(r"<[a-zA-Z][^<>]*\son\w+\s*=\s*[\"']?alert", re.S)]


def carries_payload(mutant: bytes) -> bool:
    """Whether a string of the YAML holds ``PAYLOAD`` whole."""
    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
    try:
        return any(PAYLOAD in text for text in strings(yaml.safe_load(mutant)))
    except yaml.YAMLError:
        return False


def passing_hostile_mutants(root: Path, capsys, rng: random.Random) -> dict[str, bytes]:
    """For each item and registry file, a mutant carrying ``PAYLOAD`` (and
    perhaps more mutations) such that the whole catalogue still passes the
    check; written in place.  Returns {file: mutant}."""
    kept = {}
    for target in targets(root)[:-1]:  # not mkdocs.yml: MkDocs itself reads it
        original = (root / target).read_bytes()
        for _ in range(ATTEMPTS):
            mutant = hostile_value(original, rng)
            if rng.random() < 0.5:
                mutant = mutate(mutant, rng)
            (root / target).write_bytes(mutant)
            code, out, err = run_check(root, capsys)
            assert verdict(code, out, err) is None, (target, mutant, out + err)
            if code == 0 and carries_payload(mutant):
                kept[target] = mutant
                break
        else:
            (root / target).write_bytes(original)
    return kept


def test_passing_mutants_build_a_site_where_nothing_runs(tmp_path, capsys, chromium):
    from test_browser import browse, load  # the safe-rendering gate's page visits
    from browser import serve

    root = fuzz_root(tmp_path)
    kept = passing_hostile_mutants(root, capsys, random.Random(SEED + 1))
    assert len(kept) >= 5, sorted(kept)  # several mutants, items and registries, in one build
    assert any(t.startswith("items/") for t in kept) and any(t.startswith("content/") for t in kept)
    result = run_cli(root, "build", timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "内部错误" not in output, output
    site = root / "site"
    assert RUNS[0].search(PAYLOAD) and RUNS[1].search(PAYLOAD)  # the patterns find the payload when it is markup
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in [*pages, *site.rglob("*.svg")]:
        text = path.read_text(encoding="utf-8")
        for pattern in RUNS:
            assert not pattern.search(text), f"{path.relative_to(site)}: {pattern.search(text).group(0)[:120]}"
    shown = sum(html.unescape(p.read_text(encoding="utf-8")).count(PAYLOAD[:40]) for p in pages)
    assert shown > 0  # the payload reached pages, as text
    with serve(site) as url, browse(chromium, url) as (page, visit):
        for path in pages:
            relative = path.relative_to(site).as_posix()
            load(page, url + relative.removesuffix("index.html"))
            # An attribute a name had smuggled into a heading would run now.
            page.evaluate("""() => document.querySelectorAll('h1, h2, a, li, td').forEach(
                el => el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))""")
        assert not visit.dialogs, f"a dialog opened: {visit.dialogs}"
        assert not [u for u in visit.requests if u.endswith("/x")], "an injected <img src=x> was loaded"
