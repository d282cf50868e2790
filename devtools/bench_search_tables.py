"""Search tables cached per machine (generator/outputs/search_tables.py):
what each table costs derived and read back, and the search index's CPU.

    python -m devtools.bench_search_tables                   # the tables
    python -m devtools.bench_search_tables bench/work/1603   # and the index step

Every figure is CPU seconds (``time.process_time``) in a fresh process:
``derived`` with an unusable cache folder (what every build paid before),
``cached`` with a warm one (a temporary ``XDG_CACHE_HOME``, filled first);
a table's dependencies are loaded before its clock starts.  With a
catalogue: ``search.build_index`` of the loaded catalogue, the same two
ways (the catalogue's loading not counted).  The figures on the shared
machine move by a fifth with its load: compare them in one run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

# Table -> (function of search_thesaurus, functions loaded first).
TABLES = {
    "jieba prefix dictionary": ("prefix_dict", ()),
    "jieba character pairs": ("_word_pairs", ()),
    "jieba idf table": ("_general_idf", ()),
    "Cilin word groups": ("groups", ()),
    "Cilin character groups": ("char_groups", ("_general_weights",)),
    "general weights (idf, pairs)": ("_general_weights", ()),
}

TABLE_CHILD = """
import sys, time
from generator.outputs import search_thesaurus as st
for dep in sys.argv[2:]:
    getattr(st, dep)()
start = time.process_time()
getattr(st, sys.argv[1])()
print(time.process_time() - start)
"""

INDEX_CHILD = """
import sys, time
from pathlib import Path
from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import set_language
from generator.outputs import search
root = Path(sys.argv[1])
settings = read_settings(root)
set_language(settings.language)
cat = build_catalogue(root, settings).catalogue
start = time.process_time()
search.build_index(cat, settings)
print(time.process_time() - start)
"""


def _run(code: str, args: list[str], cache_home: str) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": cache_home}
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def measure(root: str | None = None) -> dict[str, tuple[float, float]]:
    """{figure: (derived CPU-s, cached CPU-s)} for every table, and for the
    index step when ``root`` (a catalogue folder) is given."""
    warm = tempfile.mkdtemp(prefix="bench-search-tables-")
    unusable = os.path.join(warm, "not-a-folder")
    open(unusable, "w").close()  # a file where the cache folder would be: nothing read or written
    try:
        for fn, _ in TABLES.values():
            _run(TABLE_CHILD, [fn], warm)  # fill the warm cache
        results = {name: (_run(TABLE_CHILD, [fn, *deps], unusable), _run(TABLE_CHILD, [fn, *deps], warm))
                   for name, (fn, deps) in TABLES.items()}
        if root:
            results[f"search index of {root}"] = (_run(INDEX_CHILD, [root], unusable),
                                                  _run(INDEX_CHILD, [root], warm))
        return results
    finally:
        shutil.rmtree(warm, ignore_errors=True)


def index_build(root: str) -> dict:
    """The search index step of a build of the catalogue at *root*, in a fresh
    process with this machine's table cache as a build finds it: ``{"cpu": CPU-s,
    "wall": s}`` of ``search.build_index`` (the catalogue's loading not counted).
    Raises ``subprocess.CalledProcessError`` if the catalogue does not load."""
    code = INDEX_CHILD.replace("start = time.process_time()", "start, wall = time.process_time(), time.perf_counter()")
    code = code.replace("print(time.process_time() - start)",
                        "print(time.process_time() - start, time.perf_counter() - wall)")
    out = subprocess.run([sys.executable, "-c", code, root], check=True, capture_output=True, text=True)
    cpu, wall = (float(x) for x in out.stdout.split()[-2:])
    return {"cpu": cpu, "wall": wall}


def main(argv: list[str]) -> int:
    print(f"{'CPU-s':40} {'derived':>8} {'cached':>8}")
    for name, (derived, cached) in measure(argv[0] if argv else None).items():
        print(f"{name:40} {derived:8.3f} {cached:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
