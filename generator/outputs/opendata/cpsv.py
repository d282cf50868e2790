"""CPSV-AP 3.2 export (Core Public Service Vocabulary Application Profile,
https://semiceu.github.io/CPSV-AP/releases/3.2.0/) as one JSON-LD document,
``open-data/cpsv-ap.jsonld``, conforming to the profile's SHACL shapes (the
tests check it with pyshacl against ``cpsv-ap-SHACL.ttl``).

========================  ==============================================
cpsv:PublicService        an item (title, description, identifier, keywords,
                          audience, status, spatial = the region,
                          processingTime when the promised limit is in
                          calendar days: xsd:duration has no working days)
m8g:PublicOrganisation    its department (hasCompetentAuthority)
m8g:Evidence              a material (hasInput)
m8g:Requirement           a condition (holdsRequirement)
m8g:Channel               a form of application and each office (hasChannel)
m8g:Cost                  a fee item (hasCost; the standard as description)
m8g:Output                the result, when its name is stated (produces)
cpsv:Rule                 a legal basis (follows; description = the article
                          text, else the citation: law, number, article)
skos:Concept              audiences, status and channel types
dct:Location              the catalogue's region
========================  ==============================================

The profile requires a description of every public service: an item whose
summary (主要内容) is not stated, or whose department is not in the
registry, is left out of this file (never given an invented description);
:func:`document` returns their keys and the page says how many.  Texts are
``@language`` = the catalogue's language.  Node addresses are the item
pages (``<site>/items/<key>/``) and fragments of this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from generator.catalogue import Entry
from generator.messages import label
from generator.outputs.opendata.common import Context, compact
from generator.outputs.situations import all_conditions

CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#", "cv": "http://data.europa.eu/m8g/", "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#", "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE = "cpsv-ap.jsonld"


class _Graph:
    """The document's nodes by ``@id``; with ``keep`` each node is kept as
    ``keep(node)`` (``write``: its JSON bytes) instead of the dict."""

    def __init__(self, ctx: Context, keep: Callable[[dict], object] | None = None):
        self.ctx = ctx
        self.language = ctx.settings.language
        self.base = ctx.url(f"open-data/{FILE}")
        self.nodes: dict[str, object] = {}
        self.keep = keep or (lambda node: node)

    def text(self, value: str) -> dict:
        return {"@value": value, "@language": self.language}

    def iri(self, fragment: str) -> str:
        return f"{self.base}#{fragment}"

    def add(self, node: dict) -> dict:
        if node["@id"] not in self.nodes:  # complete when added: kept as it is now
            self.nodes[node["@id"]] = self.keep(node)
        return {"@id": node["@id"]}

    def concept(self, scheme: str, value: str, name: str) -> dict:
        return self.add({"@id": self.iri(f"{scheme}-{value}"), "@type": "skos:Concept",
                         "skos:prefLabel": self.text(name)})

    def region(self) -> dict:
        region = self.ctx.settings.region
        return self.add({"@id": self.iri("region"), "@type": "dct:Location", "rdfs:label": self.text(region)})


def _citation(basis) -> str:
    return " ".join(p for p in (basis.law, basis.document_number, basis.article) if p)


def _service(g: _Graph, entry: Entry) -> None:
    ctx, item, key = g.ctx, entry.item, entry.key
    department = ctx.cat.department[entry.department]
    org = g.add({"@id": g.iri(f"organisation-{department.id}"), "@type": "cv:PublicOrganisation",
                 "skos:prefLabel": g.text(department.name), "dct:spatial": g.region()})
    node = {"@id": ctx.item_url(entry), "@type": "cpsv:PublicService",
            "dct:identifier": item.implementation_code or item.code or item.local_code or key,
            "dct:title": g.text(item.name), "dct:description": g.text(item.summary),
            "cv:hasCompetentAuthority": org, "dct:spatial": g.region(),
            "adms:status": g.concept("status", item.status, label("status", item.status))}
    if item.aliases:
        node["dcat:keyword"] = [g.text(a) for a in item.aliases]
    terms = ctx.cat.terms["audiences"]
    audiences = [g.concept("audience", a, terms[a].name) for a in item.audiences or () if a in terms]
    if audiences:
        node["dct:audience"] = audiences
    limits = item.time_limits
    if limits and limits.promised and limits.promised.unit == "calendar_days":
        node["cv:processingTime"] = {"@value": f"P{limits.promised.value}D", "@type": "xsd:duration"}

    def part(kind: str, n: int, cls: str, **props) -> dict:
        return g.add({"@id": g.iri(f"{key}-{kind}-{n}"), "@type": cls, "dct:identifier": f"{key}-{kind}-{n}", **props})

    evidence = [part("evidence", n, "cv:Evidence", **{"dct:title": g.text(m.name)},
                     **({"dct:description": g.text(m.instructions)} if m.instructions else {}))
                for n, m in enumerate(item.materials or (), start=1)]
    requirements = [part("requirement", n, "cv:Requirement", **{"dct:title": g.text(c)})
                    for n, c in enumerate(all_conditions(item), start=1)]
    rules = [part("rule", n, "cpsv:Rule", **{"dct:title": g.text(b.law),
                                              "dct:description": g.text(b.text or _citation(b))})
             for n, b in enumerate(item.legal_basis or (), start=1)]
    costs = [part("cost", n, "cv:Cost", **{"dct:description": g.text(f"{f.name}：{f.standard}")})
             for n, f in enumerate(item.fees.items if item.fees else (), start=1)]
    channels = []
    for form in item.channels.forms if item.channels else ():
        props = {"dct:type": g.concept("channel", form, label("forms", form))}
        if form == "online" and item.channels.online_url:
            props["dct:description"] = g.text(item.channels.online_url)
        channels.append(part(f"channel-{form}", 1, "cv:Channel", **props))
    for n, ref in enumerate(item.offices or (), start=1):
        office = ctx.cat.office.get(ref.office)
        if office is not None:
            where = "，".join(p for p in (office.name, office.address, ref.window) if p)
            channels.append(part("office", n, "cv:Channel", **{
                "dct:type": g.concept("channel", "window", label("forms", "window")),
                "dct:description": g.text(where)}))
    outputs = []
    if item.result and item.result.name:
        outputs.append(part("output", 1, "cv:Output", **{"dct:title": g.text(item.result.name)}))
    for prop, values in (("cpsv:hasInput", evidence), ("cv:holdsRequirement", requirements),
                         ("cpsv:follows", rules), ("cv:hasCost", costs), ("cv:hasChannel", channels),
                         ("cpsv:produces", outputs)):
        if values:
            node[prop] = values
    g.nodes[node["@id"]] = g.keep(node)


def _left_out(ctx: Context, entry: Entry) -> bool:
    return not entry.item.summary or entry.department not in ctx.cat.department


def left_out(ctx: Context) -> list[str]:
    """The keys of the items ``document`` leaves out (no summary, or a
    department not in the registry: the profile requires both), without
    building the document (the 开放数据 page, on every ``make serve`` rebuild)."""
    return [entry.key for entry in ctx.cat.entries if _left_out(ctx, entry)]


def _fill(g: _Graph) -> list[str]:
    left = []
    for entry in g.ctx.cat.entries:
        if _left_out(g.ctx, entry):
            left.append(entry.key)
            continue
        _service(g, entry)
    return left


def document(ctx: Context) -> tuple[dict, list[str]]:
    """The JSON-LD document and the keys of the items left out (``left_out``)."""
    g = _Graph(ctx)
    left = _fill(g)
    return {"@context": CONTEXT, "@graph": [g.nodes[k] for k in sorted(g.nodes)]}, left


def _compact(value) -> bytes:
    return compact(value).encode("utf-8")


def write(ctx: Context, folder: Path) -> dict[str, int]:
    """``cpsv-ap.jsonld``: the bytes of ``dumps(document(ctx)[0])``, written
    from each node's JSON made as the node is complete (at 20,000 items the
    dicts of the whole document took ~700 MB, their JSON text ~120 MB;
    devtools/bench_opendata.py).  Returns {file name: size in bytes}.
    Raises OSError."""
    g = _Graph(ctx, keep=_compact)
    _fill(g)
    path = folder / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(b'{"@context":' + _compact(CONTEXT) + b',"@graph":[')
        for n, key in enumerate(sorted(g.nodes)):
            out.write(b"," + g.nodes[key] if n else g.nodes[key])
        out.write(b"]}\n")
        return {FILE: out.tell()}
