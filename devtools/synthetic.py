"""A synthetic catalogue of any size, made from the demo city's items
(examples/demo-city).

``write_synthetic(root, n)`` writes a complete catalogue into ``root``: a copy
of ``mkdocs.yml``, the content registries and ``n`` valid items (the catalogue
plugin adds the shipped theme).  Item k is a copy of template ``k % len(templates)`` (every real item
whose basic code ends in ``000``, i.e. neither a main item with sub-items nor
a sub-item) with a new basic code: the template's origin and type segments,
a department segment and a main serial 001-999.  A (origin, type, department)
triple holds at most 999 items, so extra departments (``syn-NN``, codes not
used by the real registry) are appended to ``departments.yaml`` as needed.
``implementation_code`` and ``slug`` are dropped (the first embeds the code);
the name and summary get the item number appended so that pages differ.

Life-event bundles refer to real item codes that the synthetic catalogue does
not contain, so ``content/life-events`` is not copied.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.sources.load import load_file

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo-city"
REGISTRIES = ("departments.yaml", "offices.yaml", "proofs.yaml", "taxonomies.yaml", "about.md")


def _templates(items_dir: Path) -> list[tuple[str, dict]]:
    """(department folder, data) of every real item usable as a template."""
    found = []
    for path in sorted(items_dir.glob("*/*.yaml")):
        data = load_file(path, positions=False).data
        code = data.get("code", "")
        if len(code) == 12 and code.endswith("000"):
            found.append((path.parent.name, data))
    if not found:
        raise SystemExit(f"no template items (codes ending in 000) under {items_dir}")
    return found


def _dump(data, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def _drop_item_references(root: Path) -> None:
    """The demo's registries and config name demo items and life events that a synthetic
    catalogue does not have: office hours for some items only (``hours[].items``: the
    hours then serve every item), ``most_used`` and the home page's life-event order.
    ``editions`` is dropped too: the build figures are for the catalogue language only."""
    offices_file = root / "content" / "offices.yaml"
    if offices_file.exists():
        offices = load_file(offices_file, positions=False).data
        for office in offices or ():
            for hours in office.get("hours") or ():
                hours.pop("items", None)
        _dump(offices, offices_file)
    config_file = root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("catalogue"), dict):
            options = plugin["catalogue"]
            options.pop("most_used", None)
            # The build figures are a catalogue's default (its own language only);
            # devtools/bench_editions.py measures what each extra edition costs.
            options.pop("editions", None)
            if isinstance(options.get("home"), dict):
                options["home"].pop("life_events", None)
    _dump(config, config_file)


def write_synthetic(root: Path, n: int, seed: int = 1, source: Path = DEMO) -> Path:
    """Write a synthetic project with ``n`` items into ``root`` (emptied first).

    ``seed`` varies the text appended to names and summaries, nothing else."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
    content = root / "content"
    content.mkdir()
    for name in REGISTRIES:
        if (source / "content" / name).exists():
            shutil.copy2(source / "content" / name, content / name)
    _drop_item_references(root)

    templates = _templates(source / "items")
    departments = load_file(source / "content" / "departments.yaml", positions=False).data
    by_id = {d["id"]: d for d in departments}
    used_codes = {c for d in departments for c in d.get("codes") or ()}
    free_codes = [f"{i:02d}" for i in range(1, 100) if f"{i:02d}" not in used_codes]
    synthetic: list[dict] = []  # extra departments, created on demand
    counters: dict[tuple[str, str, str], int] = {}  # (origin, type, dept code) -> last main serial

    def place(origin: str, type_code: str, home: str) -> tuple[str, str, int]:
        """(folder, department code, main serial) for the next item of this origin and type."""
        for folder, code in [(home, by_id[home]["codes"][0])] + [(d["id"], d["codes"][0]) for d in synthetic]:
            key = (origin, type_code, code)
            if counters.get(key, 0) < 999:
                counters[key] = counters.get(key, 0) + 1
                return folder, code, counters[key]
        if not free_codes:
            raise SystemExit("too many items: no department codes left")
        code = free_codes.pop(0)
        dep = {"id": f"syn-{code}", "name": f"示范市合成部门{code}", "codes": [code], "kind": "department"}
        synthetic.append(dep)
        by_id[dep["id"]] = dep
        counters[(origin, type_code, code)] = 1
        return dep["id"], code, 1

    items = root / "items"
    for k in range(n):
        home, template = templates[k % len(templates)]
        data = dict(template)
        data.pop("implementation_code", None)
        data.pop("slug", None)
        old = template["code"]
        folder, dept_code, serial = place(old[0:2], old[2:4], home)
        code = f"{old[0:2]}{old[2:4]}{dept_code}{serial:03d}000"
        data["code"] = code
        tag = f"{k + 1}" if seed == 1 else f"{seed}-{k + 1}"
        data["name"] = f"{template['name']}{tag}"
        if isinstance(template.get("summary"), str):
            data["summary"] = f"{template['summary']}（第 {tag} 号合成事项）"
        folder_path = items / folder
        folder_path.mkdir(parents=True, exist_ok=True)
        _dump(data, folder_path / f"{code}.yaml")

    if synthetic:
        text = (content / "departments.yaml").read_text(encoding="utf-8")
        extra = yaml.safe_dump(synthetic, allow_unicode=True, sort_keys=False)
        (content / "departments.yaml").write_text(
            text.rstrip("\n") + "\n\n# --- synthetic departments (benchmark only) ---\n" + extra,
            encoding="utf-8")
    return root


if __name__ == "__main__":  # python -m devtools.synthetic DIR N
    import sys

    write_synthetic(Path(sys.argv[1]), int(sys.argv[2]))
