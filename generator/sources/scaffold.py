"""``python -m generator new <department>``: start a new item file.

The file gets the department's next free code and every element, each with
a ``# 请填写：…`` comment saying what belongs there.  Only known values are
written (unknown is not a default): the elements nobody stated yet are
commented-out lines, which ``check`` lists as gaps, and sample texts carry
the locale's sample marker (（示例）), each an error of ``check`` until it is
replaced or deleted (content_rules: a sample text is never published).  The
item is held back (not published) until then and until it says how to apply.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from generator.checks import model
from generator.config import Settings
from generator.sources.load import load_file
from generator import messages
from generator.messages import say, ui
from generator.checks.problems import ProblemsFound
from generator.checks.rules import suggest
from generator.checks.registries import Sources, load_list, load_taxonomies
from generator.checks.validate import ITEM_SUFFIXES

_CODE = re.compile(r"^[0-9]{12}$|^[0-9]{11}Y$")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _fail(key: str, **values) -> int:
    message, hint = say(key, **values)
    print(message + (f"\n{ui('hint')}{hint}" if hint else ""), file=sys.stderr)
    return 1


def used_codes(items_dir: Path, root: Path | None = None) -> set[str]:
    """Every code in use: from the files' `code:` and from their names
    (a broken file still holds its code).  Nothing is read through a link out
    of ``root`` (default: the folder holding ``items_dir``)."""
    codes: set[str] = set()
    if not items_dir.is_dir():
        return codes
    for path in items_dir.rglob("*"):
        if path.suffix not in ITEM_SUFFIXES or not path.is_file():
            continue
        if _CODE.match(path.stem):
            codes.add(path.stem)
        try:
            data = load_file(path, positions=False, within=root or items_dir.parent).data
        except ProblemsFound:
            continue
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            codes.add(data["code"])
    return codes


def next_code(used: set[str], prefix: str) -> str | None:
    """The next main-item code after the highest serial used under ``prefix``
    (origin + type + department); codes are never reused, so gaps stay gaps."""
    serials = [int(c[6:9]) for c in used if len(c) == 12 and c.startswith(prefix) and c[6:9].isdigit()]
    serial = max(serials, default=0) + 1
    return f"{prefix}{serial:03d}000" if serial <= 999 else None


def new_item(root: Path, settings: Settings, department: str, name: str | None, item_type: str | None) -> int:
    root = root.resolve()
    src = Sources(root, settings.max_item_bytes)
    content = root / settings.content_dir
    departments = {d.id: d for d in load_list(src, content / "departments.yaml", model.Department)}
    offices = load_list(src, content / "offices.yaml", model.Office)
    taxonomies = load_taxonomies(src, content)
    if taxonomies is None or not departments:
        for problem in src.problems:
            print(problem.format_text({"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}),
                  file=sys.stderr)
        return _fail("new_registries_broken")

    if department not in departments:
        return _fail("new_unknown_department", department=department,
                     allowed="、".join(departments), suggestion=suggest(department, departments))
    dep = departments[department]

    types = {t.id: t for t in taxonomies.item_types}
    if item_type is None and len(types) != 1:  # the type decides the code: never guessed
        return _fail("new_type_needed", allowed="、".join(types), department=department)
    type_id = item_type or next(iter(types))
    if type_id not in types:
        return _fail("new_unknown_type", type=type_id, allowed="、".join(types), suggestion=suggest(type_id, types))
    term = types[type_id]
    if not term.codes:
        return _fail("new_type_without_code", type=type_id)

    if name is not None:
        try:
            name = TypeAdapter(model.Line).validate_python(name)
        except ValidationError:
            return _fail("new_bad_name")

    if not dep.codes:  # never "00" for an unknown (county trial 1: imported departments have none)
        return _fail("new_department_without_code", department=department)
    if not settings.province_code:
        return _fail("new_no_province_code")
    prefix = f"{settings.province_code}{term.codes[0]}{dep.codes[0]}"
    items_dir = root / settings.items_dir
    code = next_code(used_codes(items_dir, root), prefix)
    if code is None:
        return _fail("new_codes_exhausted", prefix=prefix)

    path = items_dir / department / f"{code}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
        f.write(render(code, name, type_id, dep, offices, taxonomies))
    shown = shown_path(path)
    print(ui("new_created").format(path=shown, marker=_marker()))
    return 0


def shown_path(path: Path, here: Path | None = None) -> str:
    """``path`` as the user can open it: relative to the current folder
    (``here``) when inside it, e.g. ``catalogue/items/x/1.yaml`` from the
    top of a fork; else absolute."""
    here = (here or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(here).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _marker() -> str:
    return messages._catalogue(messages._language)["sample_marker"]


def _choices(terms, limit: int = 8) -> str:
    ids = [t.id for t in terms]
    return "、".join(ids[:limit]) + ("…" if len(ids) > limit else "")


def render(code: str, name: str | None, type_id: str, dep: model.Department, offices: list[model.Office],
           taxonomies: model.Taxonomies) -> str:
    """The new item's YAML text, with a hint comment on every element.

    Only what the command knows is written: the code, the name given (else a
    sample text), the type, the department as implementing body and its
    phone for consultation, and sample-marked texts (（示例）) for the
    elements ``check`` keeps warning about until replaced.  Elements nobody
    stated yet (levels, audiences, industries, service types, time limits,
    fees, channels, visits, offices, complaint, result, reviewed) are written
    as commented-out lines with their hint: unknown is not a default, so they
    stay gaps (信息待补充) until the editor fills them in, and the item is
    held back until it says how to apply (``way_to_apply``)."""
    m = _marker()
    hints = messages._catalogue(messages._language)["scaffold"]
    choose = hints["choose_from"]

    def absent(key: str, example: str, choices: str = "") -> list[str]:
        extra = choose.format(choices=choices) if choices else ""
        return [f"# {key}: {example}  # {hints[key]}{extra}"]

    lines = [
        hints["header"],
        f"code: {_q(code)}  # {hints['code']}",
        f"name: {_q(name or m + hints['sample_name'])}  # {hints['name']}",
        f"item_type: {type_id}  # {hints['item_type']}",
        "legal_basis:  # " + hints["legal_basis"],
        "  - kind: implementing",
        f"    law: {_q('《' + m + hints['sample_law'] + '》')}",
        *absent("levels", "[]", _choices(taxonomies.levels)),
        "implementing_body:",
        f"  name: {_q(dep.name)}  # {hints['implementing_body']}",
        f"summary: {_q(m + hints['sample_summary'])}  # {hints['summary']}",
        *absent("audiences", "[]", _choices(taxonomies.audiences)),
        *absent("industries", "[]", _choices(taxonomies.industries)),
        *absent("service_types", "[]", _choices(taxonomies.service_types)),
        "conditions:  # " + hints["conditions"],
        f"  - {_q(m + hints['sample_condition'])}",
        "materials:  # " + hints["materials"],
        f"  - name: {_q(m + hints['sample_material'])}",
        "steps:  # " + hints["steps"],
        *(f"  - {{id: {sid}, name: {_q(m + sname)}}}" for sid, sname in hints["sample_steps"].items()),
        *absent("time_limits", "{statutory: {value: , unit: working_days}, promised: {value: , unit: working_days}}"),
        *absent("fees", "{charged: }"),
        *absent("channels", "{forms: []}", "window、online、self_service、mail"),
        *absent("visits", ""),
        *absent("offices", "[{office: }]", _choices(offices)),
        "consultation:  # " + hints["consultation"],
        f"  phone: [{_q(dep.phone)}]" if dep.phone else "  phone: []",
        *absent("complaint", "{phone: []}"),
        *absent("result", "{type: , name: }", "certificate、approval、other"),
        *absent("reviewed", ""),
        "",
    ]
    return "\n".join(lines)
