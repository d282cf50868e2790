"""好差评 data: the CSV export of a rating system (config ``ratings.data``),
read into counts by grade per item and period.

The file is an export, so its columns are found by their header (any order;
other columns are ignored): the item's code and the counts of good, average
and poor ratings, and the period they cover, e.g.::

    事项编码,好评,一般,差评,统计期间
    990101001000,120,8,3,2026年1月至6月

Header names accepted: ``HEADERS`` (Chinese as the provincial systems export
them, or English).  UTF-8 (with or without BOM) and GB 18030 (GBK, what a
spreadsheet saves on a Chinese system) are read.  A row is matched to an
item by its key, implementation code, local code or basic code.  Nothing is
guessed: a row with a count that is not a whole number, an unknown code or
no period is left out with a file:line warning; an item absent from the
export has no ratings shown (not zero).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.problems import Problem
from generator.messages import say

GRADES = ("good", "average", "poor")
# Column -> header names accepted (compared without spaces, case-insensitive).
HEADERS = {
    "code": ("事项编码", "实施编码", "基本编码", "编码", "code", "item_code"),
    "good": ("好评", "好评数", "好", "good"),
    "average": ("一般", "中评", "中评数", "一般数", "average"),
    "poor": ("差评", "差评数", "差", "poor"),
    "period": ("统计期间", "统计周期", "期间", "period"),
}
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Rating:
    """One row: counts by grade (whole numbers ≥ 0) over ``period`` (text as exported)."""
    good: int
    average: int
    poor: int
    period: str

    @property
    def total(self) -> int:
        return self.good + self.average + self.poor


@dataclass
class Ratings:
    """Ratings by item key (rows in file order), and the file they came from."""
    source: str = ""
    by_key: dict[str, list[Rating]] = field(default_factory=dict)

    def of(self, key: str) -> list[Rating]:
        return self.by_key.get(key, [])

    def periods(self) -> list[str]:
        seen: dict[str, None] = {}
        for rows in self.by_key.values():
            for r in rows:
                seen.setdefault(r.period)
        return list(seen)

    def totals(self) -> dict[str, int]:
        """Counts by grade over every row: {"good": n, "average": n, "poor": n, "total": n}."""
        out = {g: sum(getattr(r, g) for rows in self.by_key.values() for r in rows) for g in GRADES}
        out["total"] = sum(out.values())
        return out

    def most_rated(self, n: int) -> list[tuple[str, int]]:
        """The ``n`` item keys with the most ratings, most first (ties by key)."""
        counts = sorted(((-sum(r.total for r in rows), k) for k, rows in self.by_key.items()))
        return [(k, -c) for c, k in counts[:n] if c < 0]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _norm(header: str) -> str:
    return "".join(header.split()).lower()


def load(root: Path, path: str, cat) -> tuple[Ratings, list[Problem]]:
    """The ratings of ``root/path`` for the items of ``cat`` (catalogue.Catalogue),
    and a warning (Problem, severity "warning") for each row left out or a
    file that cannot be read (then no ratings at all)."""
    problems: list[Problem] = []

    def warn(line: int, key: str, **values) -> None:
        message, hint = say(key, **values)
        problems.append(Problem(path, line, 1, message, hint, severity="warning"))

    ratings = Ratings(source=path)
    file = root / path
    try:
        if file.stat().st_size > MAX_BYTES:
            warn(1, "ratings_too_large", limit=MAX_BYTES // (1024 * 1024))
            return ratings, problems
        text = _decode(file.read_bytes())
    except (OSError, UnicodeDecodeError):
        warn(1, "ratings_unreadable")
        return ratings, problems
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    columns: dict[str, int] = {}
    for index, name in enumerate(header or []):
        for column, names in HEADERS.items():
            if _norm(name) in {_norm(n) for n in names} and column not in columns:
                columns[column] = index
    missing = [HEADERS[c][0] for c in HEADERS if c not in columns]
    if missing:
        warn(1, "ratings_header", missing="、".join(missing), expected="、".join(h[0] for h in HEADERS.values()))
        return ratings, problems
    codes = _codes(cat)
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in columns.items()}
        key = codes.get(cells["code"])
        if key is None:
            warn(line, "ratings_unknown_code", code=cells["code"])
            continue
        bad = [HEADERS[g][0] for g in GRADES if not cells[g].isascii() or not cells[g].isdigit()]
        if bad:
            warn(line, "ratings_count", columns="、".join(bad))
            continue
        if not cells["period"]:
            warn(line, "ratings_period")
            continue
        ratings.by_key.setdefault(key, []).append(
            Rating(int(cells["good"]), int(cells["average"]), int(cells["poor"]), cells["period"]))
    return ratings, problems


def _codes(cat) -> dict[str, str]:
    """Every code an export may name -> the item's key: keys first, then
    implementation, local and basic codes (a basic code shared by several
    items names none of them)."""
    out: dict[str, str] = {}
    for attr in ("implementation_code", "local_code", "code"):
        seen: dict[str, set] = {}
        for e in cat.entries:
            value = getattr(e.item, attr, None)
            if value:
                seen.setdefault(str(value), set()).add(e.key)
        for value, keys in seen.items():
            if len(keys) == 1 and value not in out:
                out[value] = next(iter(keys))
    out.update({e.key: e.key for e in cat.entries})
    return out
