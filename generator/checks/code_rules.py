"""The rules of an item's codes and of its file name (一事一码: source
documents, MISSION.md §2): the basic code (基本编码) and the implementation
code (实施编码) against their layouts, the item's levels, department and
implementing body (``codes.py`` reads the codes themselves), and a file
named after one of the item's identities.  What a clerk meant by a wrong
code is read against the last commit (``mistakes/impl_meant``, ``copies``).
Each rule yields ``rules.Finding``s; ``validate.py`` turns paths into
file positions.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterator

from generator.catalogue import Catalogue, Entry
from generator.checks import codes
from generator.checks.mistakes import copies, impl_meant
from generator.checks.model import Item
from generator.checks.rules import Finding
from generator.config import Settings
from generator.messages import label, say


def check_codes(entry: Entry, cat: Catalogue, settings: Settings,
                incomplete: set[str] = frozenset()) -> Iterator[Finding]:
    """Codes against the catalogue's layouts (settings.codes), the item type's
    type codes and the department's category codes (not when the department's
    codes could not be read: ``incomplete`` department ids)."""
    item = entry.item
    layout = settings.codes
    if item.code:
        term = cat.terms["item_types"].get(item.item_type or "")
        type_codes = list(term.codes) if term else []
        department = cat.department.get(entry.department) if entry.department not in incomplete else None
        for key, values in codes.check_basic(item.code, type_codes, list(department.codes) if department else [],
                                             settings.province_code, layout.basic_layout):
            if key in codes.MALFORMED and (meant := codes.basic_meant(entry.key, item.implementation_code)):
                key, values = "code_meant", {"value": item.code, "length": len(item.code), "meant": meant[0],
                                        "where": label("code_meant_where", meant[1])}
            elif key == "code_department" and (told := copies.department_code(entry, cat, values)):
                key, values = told  # a copy or a move of another department's file (clerk trials 7, 8)
            yield Finding(("code",), key, values, _severity(key))
    body = item.implementing_body
    credit_told = unresolved = False
    if item.implementation_code:
        level_codes = [cat.terms["levels"][lv].code for lv in item.levels or []
                       if lv in cat.terms["levels"] and cat.terms["levels"][lv].code]
        basic = item.code if item.code and not codes.malformed(item.code, layout.basic_layout) else None
        told, credit = False, body.credit_code if body else None

        def fits(code: str) -> bool:
            return not codes.check_implementation(code, basic, level_codes, credit, tuple(layout.implementation_formats))
        for key, values in codes.check_implementation(item.implementation_code, basic, level_codes, credit,
                                                      tuple(layout.implementation_formats)):
            path = ("implementation_code",)
            if key == "impl_length" and (made := impl_meant.meant(
                    item.implementation_code, credit, basic, level_codes, impl_meant.committed(cat.history, entry.key))):
                key, values = "impl_length_meant", made  # the code the file's parts make (clerk trial 10, #36)
            elif key == "impl_credit" and (which := impl_meant.credit_meant(cat, entry, fits)):
                path, key, values = which  # the one of the two changed since the commit (clerk trial 13, #33)
            elif key == "impl_format" and (item.source_url or item.source_id):
                key = "impl_format_imported"  # the source's code: never "check your typing" (county trial 3, F4)
            elif key == "impl_credit_placeholder" and not (item.source_url or item.source_id):
                key = "impl_credit_placeholder_typed"  # written by hand: the real code is to be found
            # "改回" mends the credit code too; an unresolved mismatch (a handover) asks to check both
            credit_told = credit_told or key == "credit_changed"
            unresolved = unresolved or key == "impl_credit"
            yield Finding(path, key, values, _severity(key))
            told = True
        if not told and (was := impl_meant.changed(cat, entry, fits)):
            yield Finding(("implementation_code",), "impl_changed", was)  # clerk trial 12, #43
    if body and body.credit_code and not credit_told:
        for key, values in codes.check_credit_code(body.credit_code):
            if not unresolved and (slip := impl_meant.credit_slip(cat, entry, key, values)):  # trial 15, #20
                key, values = "credit_slip", slip
            yield Finding(("implementing_body", "credit_code"), key, values, _severity(key))


def _severity(key: str) -> str:
    return "warning" if key in codes.WARNINGS else "error"


def identities(item: Item) -> list[str]:
    """What an item's file may be named after (its key in the catalogue)."""
    return [v for v in (item.implementation_code, item.local_code, item.code, item.slug, item.source_id) if v]


def check_file_name(entry: Entry, basic_layout: str = "national", committed=None,
                    cat: Catalogue | None = None) -> Iterator[Finding]:
    """The file name must be one of the item's identities.  ``committed``:
    key -> (element, value) of the identity that named the file when it was
    last committed, or None (``lifecycle.committed_identity``): that element
    is then to be changed back (``file_name_changed``), not the file renamed.
    When every name it could take is another item's file (``cat``), the file
    is a copy ("X - 副本.yaml", clerk trial 4 #13): ``file_name_copy`` says
    whose, to delete it or give it the next unused code, never to rename it
    onto the original, even one that cannot be read (``cat.unreadable_files``,
    clerk trial 9 #11)."""
    item = entry.item
    if entry.key not in identities(item) and not (item.code and codes.malformed(item.code, basic_layout)
                                                   and codes.basic_meant(entry.key, None)):  # check_codes names it
        before = committed(entry.key) if committed is not None else None
        if before is not None:
            now = getattr(item, before[0], None)
            yield Finding((before[0],), "file_name_changed", {"file": PurePosixPath(entry.source).name,
                                                              "element": before[0], "value": before[1],
                                                              "now": now or "—"})
            return
        taken = [(v, cat.by_key[v].source, cat.by_key[v].item.name or "—") for v in identities(item)
                 if cat is not None and v in cat.by_key and cat.by_key[v].source != entry.source]
        # A file of that name that cannot be read is taken too (clerk trial 9, #11: "992007001000 - 副本.yaml"
        # next to a GBK original was told to take the original's name).
        taken += [(v, cat.unreadable_files[v], say("copy_original_unreadable")[0]) for v in identities(item)
                  if cat is not None and v not in cat.by_key and v in cat.unreadable_files]
        free = [v for v in identities(item) if v not in {t[0] for t in taken}]
        copied = [t for t in taken if entry.key.startswith(t[0])]  # "X - 副本", "X (2)", "X - Copy"
        if copied or (taken and not free):
            key, source, name = (copied or taken)[0]
            following = _next_code(item.code, cat)
            yield Finding(("code",) if item.code else ("name",), "file_name_copy", {
                "file": PurePosixPath(entry.source).name, "other": source,
                "other_name": name, "code": key, "next": following, "also": _copy_also(item, following, name)})
            return
        if cat is not None and (was := copies.committed_name(entry, cat, free)):  # clerk trial 10, #30
            yield Finding(("code",) if item.code else ("name",), "file_name_moved" if "/" in was else
                          "file_name_committed", {"file": PurePosixPath(entry.source).name, "was": was})
            return
        names = "、".join(f"{v}.yaml" for v in free) or "—"  # never a name another item's file has
        yield Finding(("name",) if not identities(item) else ("code",) if item.code else ("name",),
                      "file_name", {"file": PurePosixPath(entry.source).name, "names": names})


def _copy_also(item, following: str, original_name: str) -> str:
    """What else a copy turned into a new item must change (clerk trial 18,
    #13: the next run told the implementation code): the implementation
    code line with the new basic code as its characters 20-31, and the name
    when it is still the original's; "" when there is nothing to add."""
    new = following.strip()
    also = ""
    impl = item.implementation_code or ""
    if new and len(impl) == 31 and impl[19:] == item.code:
        also += say("copy_also_impl", impl=impl[:19] + new)[0]
    if item.name and item.name == original_name:
        also += say("copy_also_name", name=item.name)[0]
    return also


def _next_code(code: str | None, cat: Catalogue) -> str:
    """" 990105005000" (the next unused serial of the code's department and
    type, sources/scaffold.next_code), or "" when there is none."""
    from generator.sources.scaffold import next_code  # scaffold imports the checks
    if not code or len(code) != 12:
        return ""
    used = {e.item.code for e in cat.entries if e.item.code} | set(cat.by_key) | set(cat.reported_elsewhere)
    found = next_code(used, code[:6])
    return f" {found}" if found else ""
