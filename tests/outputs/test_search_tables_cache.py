"""Search tables kept once per machine (generator/outputs/search_tables.py):
a warm cache gives the tables derived from the libraries' data files, a
stale or damaged cache file is derived again and replaced, and a cache
folder that cannot be written only means deriving every time."""

from __future__ import annotations

import jieba
import pytest

from generator.outputs import search_tables
from generator.outputs import search_thesaurus as st

LRU_TABLES = (st.groups, st.char_groups, st._word_pairs, st._general_idf, st._general_weights)


def _clear():
    for fn in LRU_TABLES:
        fn.cache_clear()


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """An empty user cache folder (platformdirs reads ``XDG_CACHE_HOME``);
    the tables' in-process caches cleared before and after."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _clear()
    yield home
    _clear()


def _refuse(*args, **kwargs):
    raise AssertionError("derived although the cache holds the table")


def test_cache_lives_in_the_user_cache_dir(cache_home):
    assert search_tables.cache_dir() == cache_home / "open-service-catalogue" / "search-tables"


def test_warm_cache_gives_the_derived_tables(cache_home, monkeypatch):
    derived = {
        "cilin-groups": st._groups(),
        "jieba-word-pairs": st._count_pairs(st._jieba_file("dict.txt")),
        "jieba-idf": st._read_idf(st._jieba_file("analyse/idf.txt")),
        "jieba-prefix-dict": jieba.Tokenizer().gen_pfdict(jieba.Tokenizer().get_dict_file()),
    }
    cold = {"cilin-groups": st.groups(), "jieba-word-pairs": st._word_pairs(), "jieba-idf": st._general_idf(),
            "jieba-prefix-dict": st.prefix_dict()}
    derived["cilin-char-groups"] = st._char_groups()  # uses the idf table and pairs loaded above
    cold["cilin-char-groups"] = st.char_groups()
    derived["jieba-general-weights"] = st._derive_general_weights()  # char_groups' general_weight made it
    cold["jieba-general-weights"] = st._general_weights()
    assert cold == derived
    folder = search_tables.cache_dir()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.marshal" for name in derived)

    _clear()
    for name in ("_groups", "_char_groups", "_count_pairs", "_read_idf", "_derive_general_weights"):
        monkeypatch.setattr(st, name, _refuse)
    monkeypatch.setattr(jieba.Tokenizer, "gen_pfdict", _refuse)
    warm = {"cilin-groups": st.groups(), "jieba-word-pairs": st._word_pairs(), "jieba-idf": st._general_idf(),
            "jieba-prefix-dict": st.prefix_dict(), "cilin-char-groups": st.char_groups(),
            "jieba-general-weights": st._general_weights()}
    assert warm == derived
    assert warm["cilin-groups"]["工资"] and all(type(v) is tuple for v in warm["cilin-groups"].values())
    assert type(warm["jieba-prefix-dict"]) is tuple and warm["jieba-prefix-dict"][1] > 0
    assert st.general_weight("自己") == 0.3 and st.parts("烟花爆竹") == ("烟花", "爆竹")


def _table(tmp_path, calls):
    """A small table through ``cached``: ``calls`` counts its derivations."""
    data, code = tmp_path / "words.txt", tmp_path / "derive.py"
    data.exists() or data.write_text("工资 工钱\n", encoding="utf-8")
    code.exists() or code.write_text("# deriving code\n")

    def derive():
        calls.append(1)
        return {w: len(w) for w in data.read_text(encoding="utf-8").split()}

    return search_tables.cached("words", derive, distributions=("jieba",), data_files=(data,), code=(code,),
                                valid=lambda t: isinstance(t, dict))


def _damage_payload(path):
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0x55
    path.write_bytes(bytes(blob))


DAMAGE = {
    "flipped byte": _damage_payload,
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:-10]),
    "not a table file": lambda path: path.write_bytes(b"\x00garbage" * 10),
    "empty": lambda path: path.write_bytes(b""),
    "a folder": lambda path: (path.unlink(), path.mkdir()),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_damaged_cache_file_is_derived_again(cache_home, tmp_path, damage):
    calls = []
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 1
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 1  # warm: read back
    path = search_tables.cache_dir() / "words.marshal"
    DAMAGE[damage](path)
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 2
    if path.is_file():  # replaced by a good one (a folder in its place stays: derived every time)
        assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 2


@pytest.mark.parametrize("change", ["data file", "deriving code"])
def test_stale_cache_file_is_derived_again(cache_home, tmp_path, change):
    calls = []
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2}
    if change == "data file":
        (tmp_path / "words.txt").write_text("工资 工钱 薪水吧\n", encoding="utf-8")
        expected = {"工资": 2, "工钱": 2, "薪水吧": 3}
    else:
        (tmp_path / "derive.py").write_text("# deriving code, changed\n")
        expected = {"工资": 2, "工钱": 2}
    assert _table(tmp_path, calls) == expected and len(calls) == 2
    assert _table(tmp_path, calls) == expected and len(calls) == 2


def test_table_of_the_wrong_shape_is_derived_again(cache_home, tmp_path):
    calls = []
    path = search_tables.cache_dir() / "words.marshal"
    _table(tmp_path, calls)
    key = path.read_bytes()[len(search_tables.MAGIC):len(search_tables.MAGIC) + 32]
    search_tables.write(path, key, ["not", "a", "dict"])  # readable, right key, wrong shape
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 2


def test_corrupt_real_table_is_rebuilt(cache_home):
    expected = st.groups()
    path = search_tables.cache_dir() / "cilin-groups.marshal"
    _damage_payload(path)
    st.groups.cache_clear()
    assert st.groups() == expected
    st.groups.cache_clear()
    head = len(search_tables.MAGIC)
    assert search_tables.read(path, path.read_bytes()[head:head + 32]) == expected  # the file written again


def test_unwritable_cache_dir_still_derives(tmp_path, monkeypatch):
    blocker = tmp_path / "home-cache"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    st.groups.cache_clear()
    try:
        assert st.groups() == st._groups()
    finally:
        st.groups.cache_clear()
    assert blocker.read_text() == "a file where the cache folder would be"


def test_read_only_cache_dir_leaves_nothing_behind(cache_home, tmp_path, monkeypatch):
    def refuse(*args):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(search_tables.os, "replace", refuse)  # root ignores chmod: fail the rename
    calls = []
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2}
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 2  # nothing cached
    assert list(search_tables.cache_dir().iterdir()) == []  # no temporary file left


def test_no_cache_dir_at_all_still_derives(tmp_path, monkeypatch):
    def no_home():
        raise RuntimeError("no home directory")

    monkeypatch.setattr(search_tables, "cache_dir", no_home)
    calls = []
    assert _table(tmp_path, calls) == {"工资": 2, "工钱": 2} and len(calls) == 1


_BUILD_REFUSING_DERIVATION = """
import jieba
from generator.outputs import search_thesaurus as st
def refuse(*a, **k):
    raise SystemExit("derived although prepare made the table")
for name in ("_groups", "_char_groups", "_count_pairs", "_read_idf", "_derive_general_weights"):
    setattr(st, name, refuse)
jieba.Tokenizer.gen_pfdict = refuse
from pathlib import Path
from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.search import build_index
root = Path("examples/demo-city")
settings = read_settings(root)
files = build_index(build_catalogue(root, settings).catalogue, settings)
print(len(files))
"""


def test_prepare_derives_every_table_a_build_reads(tmp_path):
    """`make setup` runs `generator prepare`: afterwards the search index of a
    catalogue is built in a fresh process without deriving any table."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    run = subprocess.run([sys.executable, "-m", "generator", "prepare"], cwd=repo, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "xdg" / "open-service-catalogue" / "search-tables"
    made = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert {"jieba-prefix-dict.marshal", "cilin-groups.marshal", "jieba-general-weights.marshal",
            "cilin-char-groups.marshal"} <= set(made)
    build = subprocess.run([sys.executable, "-c", _BUILD_REFUSING_DERIVATION], cwd=repo, env=env,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    assert int(build.stdout.split()[-1]) > 10  # the index's files
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == made  # read back, none written again
