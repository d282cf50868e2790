"""Keys (file names), implementation codes and slugs that two item files
share (``rules.check_catalogue``), and which of the two is told.

An item copied into another department's folder (clerk trial 7, A17) has
the same file name as its original: the copy is the one to delete or to
give its own code, so the message lands on it, never on the untouched
original.  The copy is, in this order (``copy_rank``): the file git does not
have at that path in HEAD (new, or moved there since), then the file whose
folder's department does not have the code's department digits (5th-6th,
``codes.split_basic``; content/departments.yaml ``codes``).  Without git, or
when both files rank alike, the first in key then path order is kept.
An implementation code that is another item's and does not hold the item's
own basic code is told once, by the item's own check (``basic_differs``).
"""

from __future__ import annotations

from typing import Iterator

from generator.catalogue import Catalogue, Entry
from generator.checks.codes import category_digits
from generator.messages import label

# (table, the value of an entry, the element told, message key)
_TABLES = (("key", lambda e: e.key, (), "key_duplicate"),
           ("impl", lambda e: e.item.implementation_code, ("implementation_code",), "impl_duplicate"),
           ("slug", lambda e: e.item.slug, ("slug",), "slug_duplicate"))


def copy_rank(entry: Entry, cat: Catalogue) -> tuple[bool, bool]:
    """(not in git's HEAD at this path, code's department digits not the
    folder's department's): False, False for an original.  Git counts only
    when the history was read (``cat.history.available``); the digits only
    for a 12-character code and a department with codes."""
    history = cat.history if getattr(cat.history, "available", False) else None
    new = history is not None and history.head_files.get(entry.key) != entry.source
    department = cat.department.get(entry.department)
    digits = category_digits(entry.item.code)
    stray = bool(department and department.codes and digits is not None and digits not in department.codes)
    return new, stray


def next_code(entry: Entry, cat: Catalogue) -> str:
    """" 992034002000": the next unused basic code of the item's type in its
    folder's department (``sources/scaffold.next_code``), or "" when the
    item has no 12-character code or the department no codes."""
    from generator.sources.scaffold import next_code as following  # scaffold imports the checks
    code = entry.item.code or ""
    department = cat.department.get(entry.department)
    if len(code) != 12 or not (department and department.codes):
        return ""
    digits = code[4:6] if code[4:6] in department.codes else department.codes[0]
    used = {e.item.code for e in cat.entries if e.item.code} | set(cat.by_key) | set(cat.reported_elsewhere)
    found = following(used, code[:4] + digits)
    return f" {found}" if found else ""


def basic_differs(entry: Entry) -> bool:
    """True when the item's national implementation code (31 or 33
    characters) holds another basic code than the item's (characters 20-31):
    its own check says so with the code to write (``codes``, "impl_basic"),
    which also ends a duplicate copied from another item (clerk trial 17,
    #30: two messages at one spot)."""
    code, basic = entry.item.implementation_code or "", entry.item.code
    return bool(basic) and len(code) in (31, 33) and code[19:31] != basic


def duplicates(cat: Catalogue) -> Iterator[tuple[Entry, tuple, str, dict, str]]:
    """(the entry told, the path of its element, message key, values, the
    element's name when it is no key of the file) for every value a later
    entry (``copy_rank`` order) shares with an earlier one, except the
    implementation code and slug of a file that has the same file name as
    that one: a copy, told once (clerk trial 8, #11).  A file name is told as
    文件名 at the file's first line, with the next unused code."""
    tables: dict[str, dict[str, Entry]] = {table: {} for table, *_ in _TABLES}
    for entry in sorted(cat.entries, key=lambda e: copy_rank(e, cat)):  # stable: key order otherwise
        copy_of = None  # the file this entry has the same file name as
        for table, value_of, path, key in _TABLES:
            value = value_of(entry)
            if value is None:
                continue
            if value not in tables[table]:
                tables[table][value] = entry
                continue
            if tables[table][value].source == copy_of or table == "impl" and basic_differs(entry):
                continue  # a copy's, or told with the fix by the item's own check (impl_basic: trial 17, #30)
            copy_of = tables[table][value].source if table == "key" else copy_of
            values = {"code": value, "slug": value, "other": tables[table][value].source}
            if table == "key":
                yield entry, path, key, dict(values, next=next_code(entry, cat)), label("file_parts", "name")
            else:
                yield entry, path, key, values, ""
