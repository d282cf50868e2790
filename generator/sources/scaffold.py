"""``python -m generator new <department>``: start a new item file.

The file gets the department's next free code and every required element.
Values are minimal but valid, so the new file passes ``check`` at once and
the editor can fill it in step by step; each element has a ``# 请填写：…``
comment saying what belongs there, and sample texts carry the locale's
sample marker (（示例）), which ``check`` keeps reporting as a warning until
they are replaced.
"""

from __future__ import annotations

import datetime as dt
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
    type_id = item_type or ("public_service" if "public_service" in types else next(iter(types)))
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

    origin = settings.province_code or "00"
    prefix = f"{origin}{term.codes[0]}{dep.codes[0] if dep.codes else '00'}"
    items_dir = root / settings.items_dir
    code = next_code(used_codes(items_dir, root), prefix)
    if code is None:
        return _fail("new_codes_exhausted", prefix=prefix)

    path = items_dir / department / f"{code}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
        f.write(render(code, name, type_id, dep, offices, taxonomies))
    shown = path.relative_to(root).as_posix()
    print(ui("new_created").format(path=shown, marker=_marker()))
    return 0


def _marker() -> str:
    return messages._catalogue(messages._language)["sample_marker"]


def render(code: str, name: str | None, type_id: str, dep: model.Department, offices: list[model.Office],
           taxonomies: model.Taxonomies) -> str:
    """The new item's YAML text, with a hint comment on every element."""
    m = _marker()
    hints = messages._catalogue(messages._language)["scaffold"]
    office = offices[0] if offices else None
    level_ids = [t.id for t in taxonomies.levels]
    level = office.level if office and office.level in level_ids else level_ids[0]

    def first(group: str) -> str:
        return getattr(taxonomies, group)[0].id

    lines = [
        hints["header"],
        f"code: {_q(code)}  # {hints['code']}",
        f"name: {_q(name or m + hints['sample_name'])}  # {hints['name']}",
        f"item_type: {type_id}  # {hints['item_type']}",
        "legal_basis:  # " + hints["legal_basis"],
        f"  - kind: implementing",
        f"    law: {_q('《' + m + hints['sample_law'] + '》')}",
        f"levels: [{level}]  # {hints['levels']}",
        "implementing_body:",
        f"  name: {_q(dep.name)}  # {hints['implementing_body']}",
        f"summary: {_q(m + hints['sample_summary'])}  # {hints['summary']}",
        f"audiences: [{first('audiences')}]  # {hints['audiences']}",
        f"industries: [{first('industries')}]  # {hints['industries']}",
        f"service_types: [{first('service_types')}]  # {hints['service_types']}",
        "conditions:  # " + hints["conditions"],
        f"  - {_q(m + hints['sample_condition'])}",
        "materials:  # " + hints["materials"],
        f"  - name: {_q(m + hints['sample_material'])}",
        "steps:  # " + hints["steps"],
        *(f"  - {{id: {sid}, name: {_q(sname)}}}" for sid, sname in hints["sample_steps"].items()),
        "time_limits:  # " + hints["time_limits"],
        "  statutory: {value: 20, unit: working_days}",
        "  promised: {value: 10, unit: working_days}",
        "fees:  # " + hints["fees"],
        "  charged: false",
    ]
    if office:
        lines += [
            "channels:  # " + hints["channels"],
            "  forms: [window]",
            "visits: 1  # " + hints["visits"],
            "offices:  # " + hints["offices"],
            f"  - office: {office.id}",
        ]
    else:
        lines += [
            "channels:  # " + hints["channels"],
            "  forms: [online]",
            f"  online_url: {_q(hints['sample_url'])}",
            "visits: 0  # " + hints["visits"],
        ]
    lines += [
        "consultation:  # " + hints["consultation"],
        f"  phone: [{_q(dep.phone)}]" if dep.phone else "  phone: []",
        "complaint:  # " + hints["complaint"],
        '  phone: ["12345"]',
        "result:  # " + hints["result"],
        "  type: other",
        f"  name: {_q(m + hints['sample_result'])}",
        f"reviewed: {dt.date.today().isoformat()}  # {hints['reviewed']}",
        "",
    ]
    return "\n".join(lines)
