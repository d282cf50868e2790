"""Value rules of the importer: cleaning, splitting and converting one stated value.

Every function takes what an export states (a string, number, bool or date)
and returns the catalogue value, or raises :class:`Unmapped` when the value is
stated but cannot be read (an unknown unit, a phone that is not a phone).  A
value that states nothing (empty, or one of the mapping's ``empty`` words) is
``None``; the caller then writes no key at all (no default values, ever).

Sources of the rules: ELEMENTS.md, "What real exports look like" (portal
residue, numbered lists in one string, phones with extensions, ``30(工作日)``
time limits) and the gxzwfw export (``key：value`` material notes).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Iterable, Optional

from .texts import t

# Zero-width, bidi and other format characters the item model refuses.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n{2,}")


class Unmapped(ValueError):
    """A stated value the rule cannot turn into a catalogue value.
    ``str(exc)`` says why, in Chinese, for the import report; ``kind``
    "irregular": not in the form an ``extract`` reads (the report groups those)."""
    kind = ""


def clean_text(value, strip: Iterable[str] = ()) -> str:
    """A text as the catalogue keeps it: residue strings removed (in the
    given order, so list longer residue first), line ends unified, invisible
    characters dropped, spaces collapsed, every line trimmed.  Returns "" for
    nothing."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Fast path (most cells): one clean line, nothing to remove.
    if text.isprintable() and text == text.strip() and "  " not in text and not any(r in text for r in strip):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for residue in strip:
        if residue in text:
            text = text.replace(residue, "")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """A text on one line: line breaks become spaces (names, addresses)."""
    return " ".join(part for part in text.split("\n") if part)


# --- numbered lists -------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# One enumerator: 1. 1、 1． 1) （1） (1) ① 一、 （一）.  The style name keeps
# "1." lists apart from "（1）" sub-lists inside their entries.
_MARKER = re.compile(
    r"(?P<a>(?<![0-9.])(?P<an>[0-9]{1,2})(?P<asep>[.．、)）])(?![0-9]))"
    r"|(?P<p>[（(](?P<pn>[0-9]{1,2})[）)])"
    r"|(?P<c>(?<![一二三四五六七八九十])(?P<cn>[一二三四五六七八九十]{1,2})、)"
    r"|(?P<cp>[（(](?P<cpn>[一二三四五六七八九十]{1,2})[）)])"
    r"|(?P<o>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")
_TRAILING = "；;，,、 \n"
_ENTRY_START = "；;。.，,：:、 \t\n）)"


def _chinese_number(text: str) -> int:
    if len(text) == 1:
        return _CN_DIGITS.get(text, 0)
    if text[0] == "十":
        return 10 + _CN_DIGITS.get(text[1], 0)
    return _CN_DIGITS.get(text[0], 0) * 10 + (_CN_DIGITS.get(text[1], 0) if text[1] != "十" else 0)


def _markers(text: str):
    """(start, end, style, number) of every enumerator candidate."""
    for m in _MARKER.finditer(text):
        if m.group("a"):
            # "1." and "2、" mix in real exports: one style, but only where an
            # entry can start (so "第2、3项" inside an entry is no enumerator).
            if m.start() and text[m.start() - 1] not in _ENTRY_START:
                continue
            yield m.start(), m.end(), "a", int(m.group("an"))
        elif m.group("p"):
            yield m.start(), m.end(), "p", int(m.group("pn"))
        elif m.group("c"):
            yield m.start(), m.end(), "c", _chinese_number(m.group("cn"))
        elif m.group("cp"):
            yield m.start(), m.end(), "cp", _chinese_number(m.group("cpn"))
        else:
            yield m.start(), m.end(), "o", ord(m.group("o")) - ord("①") + 1


def split_numbered(text: str) -> list[str]:
    """Split "1.…；2.…", "1、…2、…", "（1）…（2）…", "一、…二、…", "①…②…" into
    entries, enumerators removed.  Only a run 1, 2, 3 … of one style counts,
    so "第2、3项" or a "（1）" sub-list inside entry 1 stay inside their entry.
    Text before the first enumerator (an introduction such as "符合下列条件：")
    is kept as the first entry.  A text with no such run is one entry."""
    candidates = list(_markers(text))
    best: list[tuple[int, int]] = []
    for i, (start, end, style, number) in enumerate(candidates):
        if number != 1:
            continue
        run = [(start, end)]
        expected = 2
        for s2, e2, style2, n2 in candidates[i + 1:]:
            if style2 == style and n2 == expected:
                run.append((s2, e2))
                expected += 1
        if len(run) > len(best):
            best = run
        if len(best) >= 2:
            break
    if len(best) < 2:
        return [text] if text else []
    entries = []
    head = text[:best[0][0]].strip(_TRAILING)
    if head:
        entries.append(head)
    for (start, end), following in zip(best, best[1:] + [(len(text), len(text))]):
        entry = text[end:following[0]].strip(_TRAILING)
        if entry:
            entries.append(entry)
    return entries


@lru_cache(maxsize=256)
def _splitter(separators: tuple) -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s in separators if s))


def split_on(text: str, separators: Iterable[str]) -> list[str]:
    """Split on any of the separators ("窗口办理,网上办理" -> two entries)."""
    separators = tuple(separators)
    if not any(s in text for s in separators):
        return [text.strip(_TRAILING)] if text.strip(_TRAILING) else []
    parts = _splitter(separators).split(text)
    return [p.strip(_TRAILING) for p in parts if p.strip(_TRAILING)]


# --- phones and contacts --------------------------------------------------

# Area-code numbers (0770-2880875, 0770－2880875, (0770)2880875), mobiles,
# 7-8 digit local numbers and 5-digit service lines (12345, 95598), each with
# an optional extension 转1.  Digits inside a longer digit run never match.
_PHONE = re.compile(
    r"(?<![0-9])(?:"
    r"[(（]0[0-9]{2,3}[)）] ?[0-9]{7,8}"
    r"|0[0-9]{2,3} ?[-－—–‐] ?[0-9]{5,8}"
    r"|0[0-9]{9,11}"
    r"|1[3-9][0-9]{9}"
    r"|400 ?[-－—]? ?[0-9]{3} ?[-－—]? ?[0-9]{4}"
    r"|[0-9]{7,8}"
    r"|1[0-9]{4}|9[0-9]{4}"
    r")(?:转[0-9]{1,6})?(?![0-9])")


def phone_leftover(text: str) -> str:
    """What a phone field says besides its numbers and their labels
    ("（工作日）"), "" when nothing."""
    return _FILLER.sub("", _PHONE.sub("", text))


def find_phones(text: str) -> list[str]:
    """Every phone number in a text, normalised: dashes and brackets made
    ASCII, extensions kept as 转N ("0770-2880875转1").  Duplicates dropped."""
    phones: list[str] = []
    for m in _PHONE.finditer(text):
        phone = (m.group(0).replace("－", "-").replace("—", "-").replace("–", "-").replace("‐", "-")
                 .replace("（", "(").replace("）", ")"))
        phone = re.sub(r" ?- ?", "-", phone)
        if phone not in phones:
            phones.append(phone)
    return phones


_URL = re.compile(r"https?://[^\s<>\"'`，。；、）)]+")
# A label before the address part of a contact text (咨询地址：…, 现场咨询：…).
_ADDRESS_LABEL = re.compile(
    r"(?:(?:监督)?投诉地址|咨询地址|窗口咨询地址|地址咨询|现场咨询|现场投诉|办公地址|联系地址|地址)[：:]")
_ANY_LABEL = re.compile(r"[^\s：:，,；;。0-9]{2,10}[：:]")
_ENUMERATOR = re.compile(r"(?:^|(?<=[\s；;，,。]))[0-9]{1,2}[.、．](?![0-9])")
# What is left of a contact text once phones, address and url are taken out
# and that carries no information of its own.
_FILLER = re.compile(
    r"(?:咨询方式|监督投诉方式|投诉方式|咨询电话|电话咨询|查询电话|电话查询|监督投诉电话|监督投诉号码|投诉电话|电话投诉"
    r"|监督电话|电话监督|电话监督投诉|联系电话|电话|号码|咨询网址|网址|网上咨询|转)"
    r"|[：:，,；;。.、\s()（）\-]")


def parse_contact(text: str) -> Optional[dict]:
    """A 咨询方式 / 监督投诉方式 text as ``{phone: [..], address, url, note}``.
    ``note`` holds the whole text when something in it did not parse (a named
    office, an extension in words), so nothing stated is lost.  ``None`` when
    the text states nothing."""
    if not text:
        return None
    contact: dict = {}
    rest = _ENUMERATOR.sub(" ", text)
    url = _URL.search(rest)
    if url:
        contact["url"] = url.group(0).rstrip(".")
        rest = rest.replace(url.group(0), " ")
    address = _ADDRESS_LABEL.search(rest)
    if address:
        value = rest[address.end():]
        following = _ANY_LABEL.search(value)
        end = min([len(value)] + [m.start() for m in [following, re.search(r"[；;\n]", value)] if m])
        candidate = value[:end].strip(" ，,。；;")
        if candidate and not find_phones(candidate):
            contact["address"] = candidate
            rest = rest[:address.start()] + " " + value[end:]
    phones = find_phones(rest)
    if phones:
        contact["phone"] = phones
        rest = _PHONE.sub(" ", rest)
    if _FILLER.sub("", rest):
        contact["note"] = text
    order = ("phone", "address", "url", "note")
    return {k: contact[k] for k in order if k in contact} or None


# --- numbers, booleans, dates, durations ----------------------------------

def to_int(value) -> int:
    """An integer from 3, 3.0, "3", "3次", "３". Raises Unmapped otherwise."""
    if isinstance(value, bool):
        raise Unmapped(t("not_int"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    m = re.fullmatch(r"\s*([0-9]+)(?:\.0+)?\s*(?:次|个|份)?\s*", str(value))
    if not m:
        raise Unmapped(t("not_int"))
    return int(m.group(1))


_BOOL = {"true": True, "false": False, "是": True, "否": False, "1": True, "0": False,
         "y": True, "n": False, "yes": True, "no": False, "收费": True, "不收费": False}


def to_bool(value) -> bool:
    """A boolean from true/false, 是/否, 1/0, 收费/不收费. Raises Unmapped otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = str(value).strip().lower()
    if key in _BOOL:
        return _BOOL[key]
    raise Unmapped(t("not_bool"))


def to_date(value) -> dt.date:
    """A date from a date/datetime, "2026-01-20", "2026/1/20", "2026年1月20日",
    "2026.01.20", or an ISO date-time. Raises Unmapped otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.fullmatch(r"\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
                     r"(?:[ T][0-9:.]+)?\s*", str(value))
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise Unmapped(t("not_date"))


_UNITS = {"工作日": "working_days", "个工作日": "working_days", "自然日": "calendar_days",
          "个自然日": "calendar_days", "日历日": "calendar_days"}
_IMMEDIATE = {"即办", "即时办结", "当场办结", "立即办结", "即时办理", "当场办理"}


def to_duration(value, unit: Optional[str] = None) -> dict:
    """A time limit ``{value: int, unit}`` from "20个工作日", "30(工作日)",
    "15自然日", "即办", or from a bare number when the mapping states the
    unit of the column (gxzwfw's ``promise_days`` are working days).  A unit
    the rule does not know ("20天": working or calendar?) raises Unmapped:
    it is reported, never guessed."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if unit is None:
            raise Unmapped(t("no_unit"))
        return {"value": to_int(value), "unit": unit}
    text = re.sub(r"\s+", "", str(value))
    if text in _IMMEDIATE:
        return {"value": 0, "unit": "immediate"}
    m = re.fullmatch(r"([0-9]+)[(（]?(个?工作日|个?自然日|日历日)?[)）]?", text)
    if m and (m.group(2) or unit):
        return {"value": int(m.group(1)), "unit": _UNITS[m.group(2)] if m.group(2) else unit}
    raise Unmapped(t("bad_duration"))


_URL_FULL = re.compile(r"^https?://[^\s<>\"'`]+$")


def to_url(value) -> str:
    """An http(s) address. Raises Unmapped for anything else (a file id, a
    path on the portal)."""
    text = str(value).strip()
    if re.match(r"^https?%3A%2F%2F", text, re.I):      # a percent-encoded address
        from urllib.parse import unquote
        text = unquote(text)
    if _URL_FULL.match(text) and len(text) <= 500:
        return text
    raise Unmapped(t("not_url"))


def query_value(url: str, name: str) -> str:
    """The value of parameter ``name`` in the query string of ``url``
    (``…?areaCode=511602000000&itemCode=511A…-1-00`` -> ``511A…-1-00``),
    percent-decoded.  Raises Unmapped when the address has no such parameter
    or gives it no value."""
    from urllib.parse import parse_qs, urlsplit
    values = parse_qs(urlsplit(str(url).strip()).query).get(name)
    if not values or not values[0].strip():
        raise Unmapped(t("no_query", name=name))
    return values[0].strip()


def extracted(text: str, pattern: "re.Pattern") -> str:
    """The part of ``text`` a mapping's ``extract`` names: group ``value``,
    else group 1, of a match of the whole text.  Raises Unmapped when the
    text does not match (or the group is empty): never cut another way."""
    m = pattern.fullmatch(text)
    value = (m.group("value") if "value" in pattern.groupindex else m.group(1)) if m else None
    if not value:
        exc = Unmapped(t("not_extracted"))
        exc.kind = "irregular"
        raise exc
    return value


# --- key：value notes -----------------------------------------------------

def parse_keyvalue(text: str, keys: Iterable[str]) -> dict[str, str]:
    """The values of known keys in a note of "key：value" lines, e.g. the
    gxzwfw material note "类型：原件\\n来源渠道：政府部门核发\\n填报须知：…".
    A line that does not start with a known key continues the value before
    it (multi-line 填报须知).  Text before the first key is dropped."""
    known = sorted(set(keys), key=len, reverse=True)
    pattern = re.compile(r"^(" + "|".join(re.escape(k) for k in known) + r")\s*[：:]\s*(.*)$")
    values: dict[str, list[str]] = {}
    current: Optional[list[str]] = None
    for line in text.split("\n"):
        m = pattern.match(line)
        if m:
            current = values.setdefault(m.group(1), [])
            if m.group(2):
                current.append(m.group(2))
        elif current is not None:
            current.append(line)
    return {k: "\n".join(v).strip() for k, v in values.items() if "\n".join(v).strip()}


# --- legal basis ----------------------------------------------------------

_LAW = re.compile(r"《[^《》]{1,150}》")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇0-9]+条(?:第[一二三四五六七八九十百零〇0-9]+款)?"
                      r"(?:第[一二三四五六七八九十百零〇0-9]+项)?")
_DOCNO = re.compile(r"[（(]?([^（()）《》，,；;]{0,30}(?:令|〔[0-9]{4}〕|\[[0-9]{4}\]|第)[^（()）《》，,；;]{0,12}号)[）)]?")


def parse_legal_basis(text: str, kind: Optional[str] = None) -> list[dict]:
    """Entries of a 设定依据/实施依据 text, one per line or "；"-separated
    part: ``{kind?, law, document_number?, article?, text?}``.  ``law`` is
    the 《…》 title when there is one, else the whole entry; ``text`` keeps the
    entry when it says more than the title, number and article."""
    entries = []
    for part in split_on(text, ["\n", "；", ";"]):
        entry: dict = {}
        if kind:
            entry["kind"] = kind
        law = _LAW.search(part)
        entry["law"] = law.group(0) if law else part[:200]
        docno = _DOCNO.search(part)
        if law and docno:
            entry["document_number"] = docno.group(1).strip()
        article = _ARTICLE.search(part)
        if law and article:
            entry["article"] = article.group(0)
        rest = part
        for found in (law, docno, article):
            if found and law:
                rest = rest.replace(found.group(0), "")
        if law and re.sub(r"[\s，,。.：:、（）()]", "", rest):
            entry["text"] = part
        elif not law and len(part) > 200:
            entry["text"] = part
        entries.append(entry)
    return entries
