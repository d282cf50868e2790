"""Demo leftovers (issue 18): values of the demo city left in a county's catalogue.

A county starts from a copy of the demo city (``examples/demo-city``); an item
adapted from it may keep the demo's region name, its phone numbers or its web
addresses, which all look valid.  For a catalogue that is not the demo
(``sample_data: false``, another folder), ``check`` warns at each line of an
item, registry or life-event file (and of mkdocs.yml) holding such a value.

What counts as the demo's is read from the demo's own files, never written
here (content is data):

- ``region`` of its catalogue block;
- its phone numbers (``contact.hotline``, ``phone`` of its departments and
  offices) and their area code, when they all share one (``0001-``);
- its hosts: of ``site_url`` and of its departments' ``url``; when they share
  a domain of three labels or more (``example.gov.cn``) every host under it.

Comment lines are not read (they are not published).  The demo's proofs
list, which holds none of these, is told once when most of it is left
(``proofs_left``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.checks.problems import Problem
from generator.messages import labels, say

SUFFIXES = (".yaml", ".yml")


@dataclass
class DemoValues:
    """The demo's values, by kind ("region", "phone", "host"): compiled
    patterns and the demo value each stands for."""
    patterns: list[tuple[str, re.Pattern, str]] = field(default_factory=list)


def _yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _catalogue_block(config: Path) -> dict:
    """The demo's ``catalogue`` plugin block (mkdocs.yml read as plain YAML,
    its ``!!python`` tags ignored)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("catalogue"), dict):
            return {**plugin["catalogue"], "site_url": data.get("site_url")}
    return {"site_url": data.get("site_url")}


def _phones(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _common_domain(hosts: set[str]) -> str | None:
    parts = [h.split(".") for h in hosts]
    common: list[str] = []
    for labels_ in zip(*(reversed(p) for p in parts)):
        if len(set(labels_)) != 1:
            break
        common.insert(0, labels_[0])
    return ".".join(common) if len(common) >= 3 else None


def demo_values(demo: Path) -> DemoValues:
    """The demo's region, phones and hosts as patterns (empty when ``demo``
    holds no readable catalogue)."""
    out = DemoValues()
    if not (demo / "mkdocs.yml").is_file():
        return out
    block = _catalogue_block(demo / "mkdocs.yml")
    registries = [e for name in ("departments.yaml", "offices.yaml")
                  for e in (_yaml(demo / "content" / name) or []) if isinstance(e, dict)]
    region = block.get("region")
    if isinstance(region, str) and region.strip():
        out.patterns.append(("region", re.compile(re.escape(region.strip())), region.strip()))
    phones = set(_phones((block.get("contact") or {}).get("hotline")))
    for entry in registries:
        phones.update(_phones(entry.get("phone")))
    areas = {p.split("-", 1)[0] for p in phones if "-" in p}
    if len(areas) == 1 and all("-" in p for p in phones):
        area = areas.pop()
        out.patterns.append(("phone", re.compile(rf"(?<![0-9]){re.escape(area)}-[0-9]"), area + "-"))
    else:
        for phone in sorted(phones):
            out.patterns.append(("phone", re.compile(rf"(?<![0-9]){re.escape(phone)}(?![0-9])"), phone))
    hosts = {urlsplit(u).hostname for u in [block.get("site_url")] + [e.get("url") for e in registries]
             if isinstance(u, str) and urlsplit(u).hostname}
    domain = _common_domain(hosts) if len(hosts) > 1 else None
    names = [domain] if domain else sorted(hosts)
    for name in names:
        out.patterns.append(("host", re.compile(rf"(?<![a-z0-9.-])(?:[a-z0-9-]+\.)*{re.escape(name)}(?![a-z0-9-])",
                                                re.IGNORECASE), name))
    return out


def _files(root: Path, settings) -> list[Path]:
    found = [root / "mkdocs.yml"]
    for folder in (root / settings.items_dir, root / settings.content_dir):
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    return [p for p in found if p.is_file()]


def leftovers(root: Path, settings, demo: Path) -> list[Problem]:
    """A warning for each line of the catalogue at ``root`` holding a value of
    the demo at ``demo``; none for the demo itself, a catalogue marked
    ``sample_data: true``, or when the demo is absent."""
    if settings.sample_data or not demo.is_dir():
        return []
    try:
        if root.resolve() == demo.resolve():
            return []
    except OSError:
        return []
    values = demo_values(demo)
    if not values.patterns:
        return []
    kinds = labels("demo_leftover_kinds")
    out = []
    for path in _files(root, settings):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the reading of the file itself
        relative = path.relative_to(root).as_posix()
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for kind, pattern, demo_value in values.patterns:
                match = pattern.search(line)
                if match:
                    message, hint = say("demo_leftover", value=match.group(0), demo=demo_value,
                                        kind=kinds[kind])
                    out.append(Problem(relative, number, match.start() + 1, message, hint, severity="warning"))
    return out + proofs_left(root, settings, demo)


def proofs_left(root: Path, settings, demo: Path) -> list[Problem]:
    """One warning when the catalogue's proofs list is mostly the demo's:
    at least three entries, and at least half of the demo's, with the id and
    name of a demo entry (county trial 1, F8: the demo's 示范市 list was
    published as the county's, with nothing of the demo's region, phones or
    hosts in it for ``leftovers`` to see).  An entry or two in common (a
    national proof such as 出生医学证明) is not told.  At the first such
    entry's line; [] when not."""
    demo_list = _yaml(demo / "content" / "proofs.yaml")
    path = root / settings.content_dir / "proofs.yaml"
    own = _yaml(path)
    if not isinstance(demo_list, list) or not isinstance(own, list):
        return []
    demo_entries = {(e.get("id"), e.get("name")) for e in demo_list if isinstance(e, dict)}
    same = [e for e in own if isinstance(e, dict) and (e.get("id"), e.get("name")) in demo_entries]
    if len(same) < max(3, (len(demo_entries) + 1) // 2):
        return []
    first = re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(str(same[0]['id']))}['\"]?\s*(#.*)?$")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if first.match(text)), 1)
    message, hint = say("demo_proofs_left", n=len(same), total=len(own),
                        names="、".join(str(e.get("name")) for e in same[:3]))
    return [Problem(path.relative_to(root).as_posix(), line, 1, message, hint, severity="warning")]
