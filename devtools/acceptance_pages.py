"""What ``make acceptance`` reads on the built site (devtools/acceptance_import.py):
an item page's article as text, the default phrases the export does not state,
model identifiers shown untranslated, and the data-quality page's held-back
rows.  Pure functions of texts (tests/test_acceptance_import.py)."""

from __future__ import annotations

import json
import re
import typing
from dataclasses import dataclass, field
from html import unescape

from pydantic import BaseModel

from generator.checks import model

# Texts the templates used to print when the data stated nothing (issue 11).
DEFAULT_PHRASES = ("申请人自备", "1 份", "法定节假日休息", "窗口领取")

_ONE_COPY = re.compile(r"(?<![\d.])1\s*份")
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_TAG = re.compile(r"<[^>]+>")


def page_text(html: str) -> str:
    """The article of an item page as plain text (the theme's navigation and
    footer left out), entities decoded, runs of white space made one space."""
    m = _ARTICLE.search(html)
    body = m.group(1) if m else html
    return re.sub(r"\s+", " ", unescape(_TAG.sub(" ", body)))


def record_text(record: dict) -> str:
    """The whole export record (service, materials, steps, raw payload) as one text."""
    return json.dumps(record, ensure_ascii=False)


def one_copy_count(record: dict) -> int:
    """How many "1 份" the record can account for: material counts equal to 1
    (``original_num``, ``copy_num``) and "1份" written in its texts."""
    counts = sum(1 for m in record.get("materials") or [] for k in ("original_num", "copy_num")
                 if str(m.get(k)).strip() == "1")
    return counts + len(_ONE_COPY.findall(record_text(record)))


def invented_defaults(text: str, record: dict | None) -> list[str]:
    """The default phrases on a page (``text`` from :func:`page_text`) that the
    export record does not state; ``record`` None (a grouping item) states nothing."""
    raw = record_text(record) if record else ""
    found = []
    for phrase in DEFAULT_PHRASES:
        if phrase == "1 份":
            if _ONE_COPY.search(text) and not (record and one_copy_count(record)):
                found.append(phrase)
        elif phrase in text and phrase not in raw:
            found.append(phrase)
    return found


def model_enums() -> dict[str, set]:
    """Field name -> every Literal value a field of that name accepts in the item model."""
    def literals(annotation) -> set:
        if typing.get_origin(annotation) is typing.Literal:
            return set(typing.get_args(annotation))
        return {v for arg in typing.get_args(annotation) for v in literals(arg)}

    enums: dict[str, set] = {}
    for obj in vars(model).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            for name, info in obj.model_fields.items():
                if values := literals(info.annotation):
                    enums.setdefault(name, set()).update(values)
    return enums


def raw_identifier_pattern() -> re.Pattern:
    """A model value (``promised``, ``paper_and_electronic``) standing as a word
    of its own: shown untranslated.  Parts of addresses (``/online/``) do not match."""
    values = sorted({v for group in model_enums().values() for v in group if isinstance(v, str)}, key=len)
    return re.compile(r"(?<![\w/.:=&?#-])(" + "|".join(map(re.escape, reversed(values))) + r")(?![\w/.=&?#-])")


def raw_identifiers(text: str, record: dict | None, pattern: re.Pattern) -> list[str]:
    """Model identifiers on a page that the export record does not itself contain."""
    raw = record_text(record) if record else ""
    return sorted({m for m in pattern.findall(text) if m not in raw})


@dataclass
class HeldRow:
    source: str                      # items/<dept>/<key>.yaml
    name: str
    reasons: list[str] = field(default_factory=list)


def held_back_rows(quality_html: str) -> list[HeldRow]:
    """The rows of the data-quality page's held-back table (``<h2 id="held-back">``
    up to the next ``<h2``): file, item name and the reasons listed."""
    start = quality_html.find('id="held-back"')
    if start < 0:
        return []
    end = quality_html.find("<h2", start)
    section = quality_html[start:end if end > 0 else None]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S):
        cells = re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", row, re.S)  # <td data-label="…">: stacked on phones
        code = re.search(r"<code>(.*?)</code>", row, re.S)
        if not code or len(cells) < 4:
            continue
        # A reason is the message; the hint after <br> is left out.
        reasons = [page_text(li.split("<br", 1)[0]).strip()
                   for li in re.findall(r"<li>(.*?)</li>", cells[3], re.S)]
        rows.append(HeldRow(unescape(code.group(1)).strip(), page_text(cells[2]).strip(), reasons))
    return rows


def reason_kind(reason: str) -> str:
    """A reason without its line number and specifics (quoted texts, numbers), to group reasons."""
    reason = re.sub(r"^\d+ 行", "", reason)
    return re.sub(r"\d{3,}", "…", re.sub(r"“[^”]*”", "“…”", reason))
