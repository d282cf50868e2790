"""The import report (``imports/<mapping>/report.md``) and the short summary
printed after an import, both in Chinese (texts: locale ``import:``).

Sections: counts; items added; items changed (elements added, updated,
removed); conflicts and who won; local edits kept; items no longer in the
export (kept); values not imported (those in a form the mapping's ``extract``
does not read grouped by element, with a count and a few examples: county
trial 3, F3, 150 irregular credit codes of 广安区's list; the others by element
and value, with the first places); records skipped with the reason; new
departments and offices.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from .texts import _texts, t

LIST_LIMIT = 300      # entries listed per section before "… and N more"
EXAMPLES = 3          # examples of an element's irregular values


def label(element: str) -> str:
    """Chinese name of an element path: materials.original -> 申请材料.原件/复印件."""
    labels = _texts().get("elements", {})
    if element in labels:
        return labels[element]
    head, _, rest = element.partition(".")
    return f"{labels.get(head, head)}.{labels.get(element, rest)}" if rest else labels.get(head, head)


def _names(elements) -> str:
    return "、".join(label(e) for e in elements)


def _limited(lines: list, limit: int = LIST_LIMIT) -> list:
    if len(lines) <= limit:
        return lines
    return lines[:limit] + [t("more", n=len(lines) - limit)]


def summary(result, report: str | None = None) -> str:
    """The short summary printed after an import; ``report``: the report's
    path as the user can open it (default: relative to the catalogue)."""
    lines = [t("summary_head", mapping=result.mapping, files=len(result.files), records=result.records,
               seconds=result.seconds)]
    if result.dry_run:
        lines.append(t("summary_dry_run"))
    lines.append(t("summary_items", items=result.items, groupings=result.groupings, added=len(result.added),
                   changed=len(result.changed), unchanged=result.unchanged))
    lines.append(t("summary_attention", removed=len(result.removed), conflicts=len(result.conflicts),
                   local=len(result.local), prefer=t("prefer_" + result.prefer)))
    lines.append(t("summary_registries", departments=len(result.new_departments), offices=len(result.new_offices)))
    irregular = sum(u.kind == "irregular" for u in result.unmapped)
    lines.append(t("summary_unmapped", unmapped=len(result.unmapped), skipped=len(result.skipped),
                   irregular=t("summary_irregular", n=irregular) if irregular else ""))
    if result.report_path:
        lines.append(t("summary_report", path=report or result.report_path))
    return "\n".join(lines)


def render(result) -> str:
    out = [f"# {t('report_title', mapping=result.mapping)}", "", summary(result).replace("\n", "\n\n"), ""]
    out += [f"## {t('files')}", ""] + [f"- `{f}`" for f in result.files] + [""]

    out += [f"## {t('added')}（{len(result.added)}）", ""]
    out += _limited([f"- `{key}` {name}（`{path}`）" for key, path, name in result.added]) + [""]

    out += [f"## {t('changed')}（{len(result.changed)}）", ""]
    lines = []
    for key, path, name, m in result.changed:
        parts = []
        if m.added:
            parts.append(t("elements_added", names=_names(m.added)))
        if m.changed:
            parts.append(t("elements_changed", names=_names(m.changed)))
        if m.removed:
            parts.append(t("elements_removed", names=_names(m.removed)))
        winners = [e for e, w in m.conflicts if w == "export"]
        if winners:
            parts.append(t("elements_overwritten", names=_names(winners)))
        lines.append(f"- `{key}` {name}（`{path}`）：{'；'.join(parts)}")
    out += _limited(lines, 5000) + [""]

    out += [f"## {t('conflicts')}（{len(result.conflicts)}）", "", t("conflicts_help"), ""]
    out += [f"- `{key}`（`{path}`）：" + "；".join(
        f"{label(e)} → {t('winner_' + w)}" for e, w in elements) for key, path, elements in result.conflicts] + [""]

    out += [f"## {t('local')}（{len(result.local)}）", "", t("local_help"), ""]
    out += [f"- `{key}`（`{path}`）：{_names(elements)}" for key, path, elements in result.local] + [""]

    out += [f"## {t('removed')}（{len(result.removed)}）", "", t("removed_help"), ""]
    out += [f"- `{key}`（`{path}`）" for key, path in result.removed] + [""]

    out += [f"## {t('unmapped')}（{len(result.unmapped)}）", ""]
    irregular = [u for u in result.unmapped if u.kind == "irregular"]
    if irregular:
        out += [t("irregular_help"), ""] + _irregular(irregular) + [""]
    groups: "OrderedDict[tuple, list]" = OrderedDict()
    for u in result.unmapped:
        if u.kind != "irregular":
            groups.setdefault((u.element, u.value, u.reason), []).append(u.where)
    out += [t("unmapped_help"), ""] if groups or not irregular else []
    lines = []
    for (element, value, reason), places in sorted(groups.items(), key=lambda g: (g[0][0], -len(g[1]))):
        shown = value if len(value) <= 80 else value[:80] + "…"
        where = "；".join(places[:3]) + (t("and_more", n=len(places) - 3) if len(places) > 3 else "")
        text = f"“{shown}”，" if value else ""
        lines.append(t("unmapped_line", element=label(element), value=text, reason=reason, count=len(places),
                       places=where))
    out += _limited(lines, 2000) + [""]

    out += [f"## {t('skipped')}（{len(result.skipped)}）", ""]
    out += _limited([f"- {where}：{reason}" for where, reason in result.skipped], 2000) + [""]

    out += [f"## {t('new_departments')}（{len(result.new_departments)}）", ""]
    out += [f"- `{d['id']}` {d['name']}" for d in result.new_departments] + [""]
    out += [f"## {t('new_offices')}（{len(result.new_offices)}）", ""]
    out += _limited([f"- `{o['id']}` {o.get('name', '')} {o['address']}".replace("  ", " ")
                     for o in result.new_offices]) + [""]
    return "\n".join(out + _offices(result.offices))


def _irregular(unmapped) -> list:
    """One line per element: how many of its values were not in the form
    the mapping reads, how many differ, and the first EXAMPLES with a place."""
    by_element: "OrderedDict[str, list]" = OrderedDict()
    for u in unmapped:
        by_element.setdefault(u.element, []).append(u)
    lines = []
    for element, found in by_element.items():
        first = OrderedDict()
        for u in found:
            first.setdefault(u.value, u.where)
        shown = "、".join(t("irregular_example", value=v if len(v) <= 80 else v[:80] + "…", where=w)
                         for v, w in list(first.items())[:EXAMPLES])
        lines.append(t("irregular_line", element=label(element), count=len(found), values=len(first), examples=shown,
                       more=t("irregular_more", n=len(first) - EXAMPLES) if len(first) > EXAMPLES else ""))
    return lines


def _offices(offices) -> list:
    """Offices merged from several spellings, and offices whose hours were
    taken from their items (county trial 2, #2: a county checks both)."""
    if offices is None:
        return []
    merged = offices.merged()
    out = [f"## {t('merged_offices')}（{len(merged)}）", "", t("merged_offices_help"), ""]
    for hall, texts in merged:
        address, name = hall.shown()
        spelt = "；".join(t("merged_spelling", text=text, n=n) for text, n in texts)
        out.append(t("merged_line", id=hall.id, office=f"{name}（{address}）" if name else address, spellings=spelt))
    out += ["", f"## {t('office_hours_from_items')}（{len(offices.hours_from_items)}）", "",
            t("office_hours_from_items_help"), ""]
    out += [t("office_hours_line", id=hall.id, n=n, text=" ".join(text.split()))
            for hall, text, n in offices.hours_from_items]
    return out + [""]


def write_report(root: Path, result) -> str:
    """Write ``imports/<mapping>/report.md``; returns its path relative to root."""
    path = root / "imports" / result.mapping / "report.md"
    result.report_path = path.relative_to(root).as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(result), encoding="utf-8")
    return result.report_path
