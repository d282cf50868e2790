"""Item codes (一事一码): the 12-character basic code, the 31/33-character
implementation code and the 18-character unified social credit code.

Each check returns a list of (message key, values) so callers attach the
file position; nothing here knows about files.  Layouts differ by province
(ELEMENTS.md, "Item codes"): which ones a catalogue accepts is configuration
(``config.Codes``).  A wrong check character in a credit code is a warning:
real lists carry such codes and a clerk cannot change them.
"""

from __future__ import annotations

import re
import unicodedata

from generator.messages import label, say

# GB 32100-2015: the code alphabet leaves out I, O, Z, S and V.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

Finding = tuple[str, dict]

# Findings about the source rather than the editor's typing.
WARNINGS = {"credit_check", "impl_credit_placeholder", "impl_credit_placeholder_typed"}


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def _wide(char: str) -> str:
    """The half-width digit or letter a full-width one (０-９, Ａ-Ｚ, ａ-ｚ: a
    Chinese input method's; also another form of a digit, such as ①) stands
    for, or "" for any other character."""
    half = unicodedata.normalize("NFKC", char) if not char.isascii() else ""
    return half if len(half) == 1 and half.isascii() and half.isalnum() else ""


def half_width(code: str, upper: bool = False) -> str:
    """``code`` with its full-width digits and letters made half-width (those
    letters upper-case with ``upper``: a credit code has no others)."""
    return "".join((half.upper() if upper else half) if (half := _wide(c)) else c for c in code)


def fullwidth(code: str, key: str, upper: bool = False) -> list[Finding]:
    """One "code_fullwidth" finding for a code written with full-width digits
    or letters (clerk trial 11, #24: "７" in a credit code was told about the
    letters I, O, Z, S, V): the first one's ``position`` (1-based), ``char``,
    ``kind`` (locale labels ``fullwidth_kind``: 全角数字, 全角字母) and
    ``fixed`` (its half-width form), the code's element ``key`` and the
    whole code made half-width (``meant``); [] when it has none."""
    position, char = next(((i, c) for i, c in enumerate(code, start=1) if _wide(c)), (0, ""))
    if not char:
        return []
    fixed = half_width(char, upper)
    return [("code_fullwidth", {"position": position, "char": char, "fixed": fixed, "key": key,
                                "kind": label("fullwidth_kind", "digit" if fixed.isdigit() else "letter"),
                                "meant": half_width(code, upper)})]


def _lookalikes(code: str, key: str) -> list[Finding]:
    """Characters that look right but are not: full-width digits and letters
    (one finding for all of them, ``fullwidth``), O for 0, spaces."""
    findings = fullwidth(code, key)
    if findings:
        return findings
    for position, char in enumerate(code, start=1):
        if char in "oOlI":
            findings.append(("code_letter_for_digit", {"position": position, "char": char,
                                                        "fixed": "0" if char in "oO" else "1"}))
        elif char.isspace() or unicodedata.category(char) in ("Cf", "Zs"):
            findings.append(("code_space", {"position": position}))
    return findings


_QUOTES = "\u201c\u201d\u2018\u2019\"'\u300c\u300d"  # “ ” ‘ ’ " ' 「 」


def unquoted(code: str) -> str:
    """``code`` without quotes written around or inside it (a Chinese input
    method's “ ”: clerk trial 4, #31)."""
    return "".join(c for c in code if c not in _QUOTES).strip()


def check_credit_code(code: str) -> list[Finding]:
    if unquoted(code) != code.strip():
        return [("credit_quotes", {"fixed": unquoted(code), "quotes": "".join(c for c in code if c in _QUOTES)})]
    if wide := fullwidth(code, "credit_code", upper=True):  # not "a letter not allowed" (clerk trial 11, #24)
        return wide
    if len(code) != 18:
        return [("credit_length", {"length": len(code)})]
    bad = [c for c in code if c not in CREDIT_ALPHABET]
    if bad:
        return [("credit_chars", {"char": bad[0]})]
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return [("credit_check", {"got": code[17], "expected": expected})]
    return []


def category_digits(code: str | None) -> str | None:
    """The department category code (5th-6th digits, 2 characters) of a
    12-character basic code, None for any other value: what the clerk
    messages about copied items and changed department codes compare with a
    department's ``codes`` (checks/duplicates.py, checks/mistakes/copies.py)."""
    return code[4:6] if code and len(code) == 12 else None


def split_basic(code: str) -> dict[str, str]:
    return {"origin": code[0:2], "type": code[2:4], "department": code[4:6],
            "main": code[6:9], "sub": code[9:12]}


def is_main_with_subs(code: str) -> bool:
    """A main item with sub-items in the national layout (``44010200300Y``).
    Only a code of that shape (11 digits and a digit or Y) is read by
    position: "９９…" is told as full-width, and a province's own codes
    (``G-000007-001``, ``511F82001002``: datasets/zwfw-guangan) are not
    taken apart as if they were national ones."""
    return bool(_BASIC.fullmatch(code)) and code.endswith("Y")


def is_sub_item(code: str) -> bool:
    """A sub-item in the national layout (``440102003001``): see is_main_with_subs."""
    return bool(_BASIC.fullmatch(code)) and not code.endswith("Y") and code[9:12] != "000"


def main_code_of(code: str) -> str:
    """The code of the main item a sub-item belongs to."""
    return code[:9] + "00Y"


def check_basic(code: str, type_codes: list[str], department_codes: list[str],
                province_code: str | None, layout: str = "national") -> list[Finding]:
    """The basic code (基本编码) segment by segment (layout "national":
    origin, item type, department category, main item, sub-item), or only for
    look-alike characters (layout "free")."""
    findings = _lookalikes(code, "code")
    if findings or layout != "national":
        return findings
    if len(code) != 12:
        return [("code_length", {"length": len(code)})]
    if not code[:11].isdigit() or not (code[11].isdigit() or code[11] == "Y"):
        return [("code_chars", {})]
    parts = split_basic(code)
    if parts["origin"] != "00" and province_code and parts["origin"] != province_code:
        findings.append(("code_origin", {"got": parts["origin"], "province": province_code}))
    if type_codes and parts["type"] not in type_codes:
        findings.append(("code_type", {"got": parts["type"], "expected": "/".join(type_codes)}))
    if department_codes and parts["department"] not in department_codes:
        findings.append(("code_department", {"got": parts["department"], "expected": "/".join(department_codes)}))
    if code.endswith("Y") and code[9:11] != "00":
        findings.append(("code_main_y", {}))
    return findings


def _check_national(code: str, basic: str | None, level_codes: list[str],
                    credit_code: str | None) -> list[Finding]:
    findings = check_credit_code(code[:18])
    if level_codes and code[18] not in level_codes:
        findings.append(("impl_level", {"got": code[18], "expected": "/".join(level_codes)}))
    if basic and code[19:31] != basic:
        findings.append(("impl_basic", {"got": code[19:31], "expected": basic, "fixed": code[:19] + basic + code[31:]}))
    if len(code) == 33 and not code[31:].isdigit():
        findings.append(("impl_suffix", {"got": code[31:]}))
    if credit_code:
        # A stated credit code has its check character told there (code_rules: one fact, one
        # message; the sczwfw list repeated each one at both); when the two differ, that error
        # says so: no check-character warning beside it, which would invite changing a second
        # character (clerk trial 6, #41).
        findings = [f for f in findings if f[0] != "credit_check"]
        if code[:18] != half_width(unquoted(credit_code), upper=True):  # quotes, "７": told at the credit code
            findings.append(("impl_credit", {"got": code[:18], "expected": credit_code}))
    return findings


def placeholder(value: str | None) -> bool:
    """True for a run of one character (``1111111111111111``, ``4444444444``:
    datasets/zwfw-guangan) standing where a credit code goes."""
    return bool(value) and len(value) >= 6 and len(set(value)) == 1


def format_names(formats) -> str:
    """The accepted formats as the impl_format message lists them: each
    name with its example (locale ``impl_format_national``, ``impl_format_one``)."""
    shown = []
    for fmt in formats:
        if fmt == "national":
            shown.append(say("impl_format_national")[0])
        else:
            shown.append(say("impl_format_one", name=fmt.name, example=fmt.example)[0] if fmt.example else fmt.name)
    return "；".join(shown)


def check_implementation(code: str, basic: str | None, level_codes: list[str],
                         credit_code: str | None, formats=("national",)) -> list[Finding]:
    """The implementation code (实施编码) in one of the accepted ``formats``:
    "national" (31 or 33 characters: credit code, level, basic code, optional
    2-digit 业务办理项) or a ``CodeFormat`` whose named groups are checked
    (``basic``, ``credit``; ``other``: only whether it is a placeholder, a
    warning ``impl_credit_placeholder``).  No format fits: ``impl_length``
    (national only) or ``impl_format`` with the code and ``format_names``."""
    findings = _lookalikes(code, "implementation_code")
    if findings:
        return findings
    for fmt in formats:
        if fmt == "national":
            if len(code) in (31, 33) and code.isalnum() and code.isascii():
                return _check_national(code, basic, level_codes, credit_code)
            continue
        match = re.fullmatch(fmt.pattern, code)
        if match:
            groups = match.groupdict()
            held = groups.get("credit") or groups.get("other")
            if placeholder(held):  # the source's, not the clerk's: no check character, no comparison
                findings.append(("impl_credit_placeholder", {"got": held}))
            elif groups.get("credit"):
                differs = bool(credit_code) and groups["credit"] != half_width(credit_code, upper=True)
                findings += [f for f in check_credit_code(groups["credit"]) if not (credit_code and f[0] == "credit_check")]
                if differs:  # that error says it; an equal one is checked there (as in _check_national)
                    findings.append(("impl_credit", {"got": groups["credit"], "expected": credit_code}))
            if groups.get("basic") and basic and groups["basic"] != basic:
                findings.append(("impl_basic", {"got": groups["basic"], "expected": basic,
                                                "fixed": code[:match.start("basic")] + basic + code[match.end("basic"):]}))
            return findings
    if formats == ("national",) or list(formats) == ["national"]:
        return [("impl_length", {"length": len(code)})]
    return [("impl_format", {"code": code, "formats": format_names(formats)})]


_BASIC = re.compile(r"[0-9]{11}[0-9Y]")
MALFORMED = ("code_length", "code_chars")  # check_basic's findings of a code not even read as a basic code


def basic_meant(file_key: str, implementation_code: str | None) -> tuple[str, str] | None:
    """(the basic code the file name and the implementation code agree on,
    where it was read: "both", "file" or "impl"; locale labels ``code_meant_where``)
    for a malformed basic code, or None when neither holds one or they differ
    (clerk trial 2, W4: a dropped digit in ``code`` drew advice to rename the
    correct file and to copy the typo into the implementation code)."""
    in_file = file_key if _BASIC.fullmatch(file_key) else None
    impl = implementation_code or ""
    in_impl = impl[19:31] if len(impl) in (31, 33) and _BASIC.fullmatch(impl[19:31]) else None
    if in_file and in_impl:
        return (in_file, "both") if in_file == in_impl else None
    return (in_file, "file") if in_file else (in_impl, "impl") if in_impl else None


def malformed(code: str, layout: str = "national") -> bool:
    """True when ``check_basic`` cannot read ``code`` as a basic code at all
    (wrong length or characters, layout "national")."""
    return layout == "national" and not _BASIC.fullmatch(code)
