"""`make serve` as an editor sees it, in headless Chromium (issue 13).

``python -m devtools.bench_serve [DIR]`` (default bench/work/1603; ``make
bench`` runs it on the 1,603-item catalogue) starts ``mkdocs serve --dirty
--livereload`` as ``make serve`` does, opens one item's page and, RUNS times:

edit shown      the item's name changed on disk: seconds until the open page
                (reloaded by live reload) shows the new name;
error panel     a YAML syntax error saved into the item: seconds until the page
                shows the error panel (generator/site/status.py);
recovered       the file fixed again: seconds until the panel is gone.

Between saves the benchmark pauses PAUSE seconds, as an editor does: after
each build the server writes the search index and open-data downloads in
the background (generator/site/plugin.py), and a save within a second or two
of the previous one waits partly for that.  The medians are the figures
(target <= 3 s each).  ``serving(root)`` is
also what the browser test of the panel (tests/site/test_serve_panel.py)
starts.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

RUNS = 5
PAUSE = 5.0  # seconds between saves
TARGET_SECONDS = 3.0
PANEL = "#osc-serve-problems"  # generator/site/status.py PANEL_ID
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> str:
    """The page's HTML, a "not found" page's too ("" when the server does not
    answer in ``timeout`` s)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.read().decode("utf-8", "replace")
    except OSError:
        return ""


@contextmanager
def serving(root: Path, start_timeout: float = 600) -> Iterator[str]:
    """``mkdocs serve --dirty --livereload`` in ``root`` (as ``make serve``),
    on a free port; yields the base URL once the home page is served.
    Raises RuntimeError (with the server's output) when it does not start."""
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                      env.get("PYTHONPATH")]))
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload",
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + start_timeout
        while "</html>" not in fetch(base, timeout=5):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("mkdocs serve did not start:\n" + log.read().decode("utf-8", "replace"))
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _until(page, script: str, arg, timeout: float = 60) -> float:
    """Seconds until ``script(arg)`` is true in the page (across live reloads)."""
    start = time.perf_counter()
    page.wait_for_function(script, arg=arg, timeout=timeout * 1000, polling=50)
    return time.perf_counter() - start


SHOWS_TEXT = "t => document.body && document.body.innerText.includes(t)"
HAS = "s => !!document.querySelector(s)"
HAS_NOT = "s => document.readyState === 'complete' && !document.querySelector(s) && !!document.querySelector('h1')"


def measure(root: Path, runs: int = RUNS) -> dict:
    """The three latencies (seconds, each ``runs`` times) on ``root``, a
    catalogue with mkdocs.yml; the edited item is restored afterwards."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return {"skipped": "Debian chromium not installed (make browser)"}
    from playwright.sync_api import sync_playwright

    files = sorted((root / "items").rglob("*.yaml"))
    item = files[len(files) // 2]
    original = item.read_text(encoding="utf-8")
    key = item.stem
    result: dict = {"edit": [], "panel": [], "recovered": []}
    try:
        with serving(root) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}items/{key}/", wait_until="load")
            time.sleep(1)
            for run in range(runs):
                marker = f"改名{run}x{int(time.time())}"
                time.sleep(PAUSE)
                item.write_text(re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)}{marker}", original,
                                       count=1, flags=re.M), encoding="utf-8")
                result["edit"].append(_until(page, SHOWS_TEXT, marker))
                time.sleep(PAUSE)
                item.write_text(original.replace("\nname: ", "\nname: [", 1), encoding="utf-8")
                result["panel"].append(_until(page, HAS, PANEL))
                time.sleep(PAUSE)
                item.write_text(original, encoding="utf-8")
                result["recovered"].append(_until(page, HAS_NOT, PANEL))
            browser.close()
    finally:
        item.write_text(original, encoding="utf-8")
    return {**result, **{f"{k}_median": statistics.median(v) for k, v in result.items()}}


def table(results: list[dict]) -> list[tuple[str, str, str, str]]:
    """Bench rows for every size that has a ``serve`` measurement."""
    rows = []
    for r in results:
        data = r.get("serve")
        if not data:
            continue
        n = r["n"]
        if "skipped" in data or "error" in data:
            rows.append((f"[{n}] mkdocs serve in Chromium", data.get("skipped") or data["error"], "", "MISSED"))
            continue
        for key, figure in (("edit", "edit shown in the browser"), ("panel", "error panel shown"),
                            ("recovered", "error panel gone after the fix")):
            values = ", ".join(f"{v:.1f}" for v in data[key])
            median = data[f"{key}_median"]
            rows.append((f"[{n}] mkdocs serve: {figure} (median of {len(data[key])})",
                         f"{median:.1f} s ({values})", f"<= {TARGET_SECONDS:g} s",
                         "ok" if median <= TARGET_SECONDS else "MISSED"))
    return rows


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "bench/work/1603")
    data = measure(root)
    for row in table([{"n": len(list((root / "items").rglob("*.yaml"))), "serve": data}]):
        print("  ".join(row).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
