"""What a change does to the catalogue: ``python -m generator diff BASE [HEAD]``
(issue 13), for reviewers of a pull request and for the CI job summary.

``compare(root, base, head)`` reads the files that differ between two git
versions (``gitrefs``; ``head`` None = the working tree) and sorts them into
items added, removed, renamed or moved (the same ``code``, the same file name
in another folder, or the same content), items changed (each element that
changed, old -> new where the value is short), registry changes (entries by
id) and other files.  An enumerated value is shown as the site shows it
(county trial 3, F10: ``public_service`` -> 公共服务; ``diff_names.Names``).
``markdown(change)`` is the Chinese summary, Markdown so that it is the
GitHub job summary as it is, and readable in a terminal.

The files are read as data (``sources/load``), not checked: a file that
cannot be read is named as such; what is wrong with it is the check's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks import gitrefs
from generator.checks.model import Department, Item, LifeEvent, Office, Proof, Taxonomies
from generator.checks.diff_names import Names, terms
from generator.checks.schema_errors import walk
from generator.config import Settings
from generator.messages import ui
from generator.sources.files import ITEM_SUFFIXES
from generator.sources.load import Document, decode, parse

UNREADABLE = object()  # a file that is not YAML the catalogue can read
SHORT = 40  # characters: a value this long or shorter is shown old -> new
MAX_ROWS = 40  # rows of changes per item or registry file; the rest are counted
MAX_TABLES = 100  # changed items shown with their changes; the next MAX_LISTED by name, then a count
MAX_LISTED = 1000
REGISTRY_MODELS = {"departments.yaml": Department, "offices.yaml": Office, "proofs.yaml": Proof,
                   "taxonomies.yaml": Taxonomies, "synonyms.yaml": None}


@dataclass
class Row:
    element: str  # e.g. 申请材料「居民户口簿」·份数
    old: str
    new: str


@dataclass
class Changed:
    path: str  # the file now
    name: str  # the item's (or registry's) name, for the heading
    rows: list[Row]
    old_path: str = ""  # set when renamed or moved


@dataclass
class Change:
    base: str
    head: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (path, name)
    removed: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[Changed] = field(default_factory=list)
    items: list[Changed] = field(default_factory=list)
    registries: list[Changed] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.items or self.registries or self.other)


def read_data(raw: bytes | None, display: str) -> Any:
    """The YAML data of a file's bytes; None when absent, UNREADABLE when broken."""
    if raw is None:
        return None
    try:
        doc = Document(path=Path(display), display=display, data=None)
        parse(decode(raw, display), doc, positions=False)
        return doc.data
    except Exception:  # noqa: BLE001 - any unreadable file is reported as such, never as a traceback
        return UNREADABLE


def kind_of(path: str, settings: Settings) -> str:
    """"item", "registry", "life_event" or "other"."""
    items = settings.items_dir.strip("/") + "/"
    content = settings.content_dir.strip("/") + "/"
    if path.startswith(items) and path.count("/") == items.count("/") + 1 and Path(path).suffix in ITEM_SUFFIXES:
        return "item"
    if path.startswith(content):
        rest = path[len(content):]
        if rest in REGISTRY_MODELS:
            return "registry"
        if rest.startswith("life-events/") and rest.count("/") == 1 and rest.endswith(".yaml"):
            return "life_event"
    return "other"


def pair_renames(removed: dict[str, Any], added: dict[str, Any],
                 raw_old: dict[str, bytes | None], raw_new: dict[str, bytes | None]) -> list[tuple[str, str]]:
    """(old path, new path) of the removed files that reappear as added ones:
    by the same ``code``, then the same file name, then the same bytes."""
    pairs, free = [], dict(added)

    def take(old: str, test) -> bool:
        for new in list(free):
            if test(new):
                pairs.append((old, new))
                del free[new]
                return True
        return False

    def code(data):
        return data.get("code") if isinstance(data, dict) and isinstance(data.get("code"), str) else None

    for old, data in removed.items():
        c = code(data)
        (c and take(old, lambda n: code(free[n]) == c)
         or take(old, lambda n: Path(n).name == Path(old).name)
         or take(old, lambda n: raw_new.get(n) == raw_old.get(old)))
    return pairs


def compare(root: Path, settings: Settings, base: str, head: str | None = None) -> Change:
    """The catalogue's change from ``base`` to ``head`` (None: working tree).
    Raises gitrefs.GitError."""
    gitrefs.verify(root, base)
    if head is not None:
        gitrefs.verify(root, head)
    paths = gitrefs.changed(root, base, head)
    wanted = [p for p in paths if kind_of(p, settings) != "other"]
    raw_old, raw_new = gitrefs.read(root, base, wanted), gitrefs.read(root, head, wanted)
    old = {p: read_data(raw_old[p], p) for p in wanted}
    new = {p: read_data(raw_new[p], p) for p in wanted}
    change = Change(base, head or ui("diff_worktree"))
    change.other = [p for p in paths if p not in old]
    taxonomies = f"{settings.content_dir.strip('/')}/taxonomies.yaml"
    names = Names(tuple(terms(read_data(gitrefs.read(root, ref, [taxonomies])[taxonomies], taxonomies))
                        for ref in (base, head)))
    for kind in ("item", "life_event"):
        model = Item if kind == "item" else LifeEvent
        removed = {p: old[p] for p in wanted if kind_of(p, settings) == kind and new[p] is None and old[p] is not None}
        added = {p: new[p] for p in wanted if kind_of(p, settings) == kind and old[p] is None and new[p] is not None}
        for a, b in pair_renames(removed, added, raw_old, raw_new):
            del removed[a], added[b]
            rows = element_rows(model, old[a], new[b], names=names)
            (change.renamed if kind == "item" else change.registries).append(Changed(b, _name(new[b]), rows, a))
        if kind == "item":
            change.removed += [(p, _name(d)) for p, d in removed.items()]
            change.added += [(p, _name(d)) for p, d in added.items()]
        else:
            change.registries += [Changed(p, _name(d), [Row(ui("diff_life_event"), "", ui("diff_removed"))])
                                  for p, d in removed.items()]
            change.registries += [Changed(p, _name(d), [Row(ui("diff_life_event"), "", ui("diff_added"))])
                                  for p, d in added.items()]
        for p in wanted:
            if kind_of(p, settings) == kind and old[p] is not None and new[p] is not None:
                rows = element_rows(model, old[p], new[p], names=names)
                target = change.items if kind == "item" else change.registries
                target.append(Changed(p, _name(new[p]) or _name(old[p]), rows))
    for p in wanted:
        if kind_of(p, settings) == "registry":
            model = REGISTRY_MODELS[p.rsplit("/", 1)[-1]]
            change.registries.append(Changed(p, "", element_rows(model, old[p], new[p], names=names)))
    change.registries.sort(key=lambda c: c.path)
    return change


def _name(data: Any) -> str:
    name = data.get("name") if isinstance(data, dict) else None
    return name.strip()[:100] if isinstance(name, str) else ""


# --- elements -----------------------------------------------------------------------
def _title(model, loc: tuple) -> str:
    if model is None:
        return ""
    _, info = walk(model, loc)
    return info.title if info is not None and info.title else str(loc[-1])


def _ident(entry: Any) -> str | None:
    if isinstance(entry, dict):
        for key in ("id", "name", "code"):
            if isinstance(entry.get(key), (str, int)) and not isinstance(entry.get(key), bool):
                return str(entry[key])
    return None


def short(value: Any) -> str:
    """A value as the summary shows it: itself when short, else a description."""
    if value is None:
        return ui("diff_not_stated")
    if value is UNREADABLE:
        return ui("diff_unreadable")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            text = "、".join(short(v) for v in value)
            if len(text) <= SHORT:
                return text or ui("diff_empty_list")
        return ui("diff_entries").format(n=len(value))
    if isinstance(value, dict):
        parts = [f"{k}: {short(v)}" for k, v in value.items()]
        text = "，".join(parts)
        return text if len(text) <= SHORT and all(not isinstance(v, (dict, list)) for v in value.values()) \
            else ui("diff_parts").format(n=len(value))
    text = " ".join(str(value).split())
    return text if len(text) <= SHORT else ui("diff_long_text").format(n=len(str(value)))


def element_rows(model, old: Any, new: Any, loc: tuple = (), label: str = "", depth: int = 0,
                 names: Names | None = None) -> list[Row]:
    """Each element that differs between two versions of a file's data
    (``model``: the pydantic model naming the elements, None for none;
    ``names``: how ids are named, default the locale's labels only).  An
    element stated on one side only is told key by key when it has keys."""
    names = names if names is not None else Names()
    if old == new:
        return []
    if old is UNREADABLE or new is UNREADABLE:
        return [Row(label or ui("diff_file"), short(old), short(new))]
    if depth < 4 and (isinstance(old, dict) and isinstance(new, dict)
                      or loc and (old or new) and {type(old), type(new)} == {dict, type(None)}):
        old, new = old or {}, new or {}
        rows = []
        for key in [*old, *(k for k in new if k not in old)]:
            title = _title(model, (*loc, key)) if isinstance(key, str) else str(key)
            rows += element_rows(model, old.get(key), new.get(key), (*loc, key), _join(label, title), depth + 1,
                                 names)
        return rows
    if isinstance(old, list) and isinstance(new, list) and depth < 4 and _identified(old) and _identified(new):
        before = {_ident(e): e for e in old}
        after = {_ident(e): e for e in new}
        rows = []
        for ident, entry in before.items():
            if ident not in after:
                rows.append(Row(f"{label}「{ident}」", ui("diff_present"), ui("diff_removed")))
        for ident, entry in after.items():
            if ident not in before:
                rows.append(Row(f"{label}「{ident}」", ui("diff_absent"), ui("diff_added")))
            else:
                rows += element_rows(model, before[ident], entry, (*loc, 0), f"{label}「{ident}」", depth + 1,
                                     names)
        if not rows and [_ident(e) for e in old] != [_ident(e) for e in new]:
            rows.append(Row(label, "", ui("diff_reordered")))
        return rows
    return [Row(label or ui("diff_file"), short(names.shown(model, loc, old, 0)),
                short(names.shown(model, loc, new, 1)))]


def _identified(entries: list) -> bool:
    idents = [_ident(e) for e in entries]
    return all(i is not None for i in idents) and len(set(idents)) == len(idents)


def _join(label: str, title: str) -> str:
    return f"{label}·{title}" if label else title


# --- the summary --------------------------------------------------------------------
def _md(text: str) -> str:
    """Text from the files, safe in Markdown (a table cell too): no markup,
    no HTML, no line break."""
    text = " ".join(str(text).split())
    out = []
    for ch in text:
        if ch in "\\`*_{}[]<>()#+!|~":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _code(path: str) -> str:
    return "`" + path.replace("`", "'") + "`"


def _table(rows: list[Row]) -> list[str]:
    lines = [f"| {ui('diff_col_element')} | {ui('diff_col_old')} | {ui('diff_col_new')} |", "| --- | --- | --- |"]
    lines += [f"| {_md(r.element)} | {_md(r.old)} | {_md(r.new)} |" for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append(f"| {_md(ui('diff_more_rows').format(n=len(rows) - MAX_ROWS))} | | |")
    return lines


def _listed(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return lines[:MAX_LISTED] + [f"- {ui('diff_more_files').format(n=len(lines) - MAX_LISTED)}"]


def markdown(change: Change) -> str:
    """The Chinese summary (Markdown)."""
    out = [f"## {ui('diff_title').format(base=_code(change.base), head=_code(change.head))}", ""]
    changed_items = [c for c in change.items if c.rows]
    out.append(ui("diff_counts").format(added=len(change.added), removed=len(change.removed),
                                        renamed=len(change.renamed), changed=len(changed_items),
                                        registries=len(change.registries), other=len(change.other)))
    if change.empty:
        return "\n".join(out) + "\n"
    if change.added:
        out += ["", f"### {ui('diff_added_items')}", ""]
        out += _listed([f"- {_md(name) or ui('diff_no_name')} · {_code(path)}" for path, name in change.added])
    if change.removed:
        out += ["", f"### {ui('diff_removed_items')}", ""]
        out += _listed([f"- {_md(name) or ui('diff_no_name')} · {_code(path)}" for path, name in change.removed])
    if change.renamed:
        out += ["", f"### {ui('diff_renamed_items')}", ""]
        for c in change.renamed:
            out.append(f"- {_md(c.name) or ui('diff_no_name')} · {_code(c.old_path)} → {_code(c.path)}")
            if c.rows:
                out += [""] + ["  " + line for line in _table(c.rows)] + [""]
    if changed_items:
        out += ["", f"### {ui('diff_changed_items')}"]
        for c in changed_items[:MAX_TABLES]:
            out += ["", f"**{_md(c.name) or ui('diff_no_name')}** · {_code(c.path)}", ""] + _table(c.rows)
        rest = changed_items[MAX_TABLES:]
        if rest:  # a job summary holds 1 MiB: a bulk import lists the rest by name
            out += ["", ui("diff_more_items").format(n=len(rest)), ""]
            out += [f"- {_md(c.name) or ui('diff_no_name')} · {_code(c.path)}" for c in rest[:MAX_LISTED]]
            if len(rest) > MAX_LISTED:
                out.append(f"- {ui('diff_more_files').format(n=len(rest) - MAX_LISTED)}")
    if change.registries:
        out += ["", f"### {ui('diff_registries')}"]
        for c in change.registries:
            head = f"**{_md(c.name)}** · " if c.name else ""
            moved = f"{_code(c.old_path)} → " if c.old_path else ""
            out += ["", f"{head}{moved}{_code(c.path)}", ""] + (_table(c.rows) if c.rows else [ui("diff_format_only")])
    if change.other:
        out += ["", f"### {ui('diff_other')}", ""]
        out += [f"- {_code(p)}" for p in change.other[:MAX_ROWS]]
        if len(change.other) > MAX_ROWS:
            out.append(f"- {ui('diff_more_files').format(n=len(change.other) - MAX_ROWS)}")
    return "\n".join(out) + "\n"
