"""Stage 4 — render: the catalogue into pages (path, title, HTML body).

Bodies come from Jinja templates in ``generator/outputs/templates`` with autoescape
on: every text from YAML is data, never HTML.  The MkDocs plugin wraps each
body in the theme; this module knows nothing about MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from generator.outputs import changelog, cms, opendata, portal, quality
from generator.outputs.opendata import jsonld
from generator.outputs import search

from generator.outputs import journey, marks, opening, situations, sparse, views
from generator.catalogue import Catalogue, Entry
from generator.config import Settings
from generator.outputs.flowchart import flowchart_alt
from generator.messages import label, page_texts
from generator.outputs.qrcode import qr_svg
from generator.outputs.templating import environment
from generator.sources.history import STATE_FIELDS, state_of

SEARCH_PAGE = "find"
QUALITY_PAGE = "quality"  # the data-quality page and the departments' work lists (outputs/quality.py)  # the worker links "all results" here: theme/assets/search/worker.js


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "items/990101001000/index.md", relative to the docs folder
    title: str
    body: str  # HTML
    description: str = ""

    @property
    def depth(self) -> int:
        return self.path.count("/")


def feedback_link(template: str, code: str, name: str) -> str:
    """The feedback link of one item: ``{code}`` and ``{name}`` in the
    configured ``feedback_url`` replaced by the item's key and name,
    percent-encoded (RFC 3986, nothing left unencoded), so that a name cannot
    add parameters: ``mailto:a@b.cn?subject={name}`` with the name
    ``x&cc=c@d.cn`` gives ``subject=x%26cc%3Dc%40d.cn``, not a second recipient."""
    return template.replace("{code}", quote(code, safe="")).replace("{name}", quote(name, safe=""))


def _per_office(cat: Catalogue, make):
    """``make`` (office -> value) made once per office of the catalogue and
    kept; an office as one item sees it (views.hours_for: a copy with that
    item's hours) is not the catalogue's and is made each time."""
    made: dict = {}

    def once(office):
        if cat.office.get(office.id) is not office:
            return make(office)
        if office.id not in made:
            made[office.id] = make(office)
        return made[office.id]

    return once


def step_names(steps) -> dict:
    """Step id -> its name (the names of all steps with that id, joined), for
    a branch's "转至" on the item page."""
    names: dict = {}
    for step in steps or ():
        names[step.id] = names.get(step.id, "") + step.name
    return names


class Renderer:
    unlisted: set[str] = frozenset()  # folders of the index pages listing nothing (set by pages())

    def __init__(self, cat: Catalogue, settings: Settings, flowcharts: dict[str, str], site_url: str = "",
                 site_name: str = ""):
        """``site_name``: mkdocs.yml's, the home page's title (county trial 1,
        C12: not the locale's "{region}公共服务事项目录" beside another name);
        "" (an edition in another language) takes the locale's."""
        self.cat = cat
        self.site_name = site_name
        self.site_url = site_url.rstrip("/")
        self.settings = settings
        self.flowcharts = flowcharts  # item code -> svg file name
        self.env = environment()
        self.qr = qr_svg  # (url, title=) -> SVG (qrcode.py)
        line, lines = self.env.get_template("_item_line.html"), {}

        def item_line(entry: Entry, base: str) -> Markup:
            key = (entry.key, base)
            if key not in lines:
                lines[key] = Markup(line.render(e=entry, base=base, cat=cat))
            return lines[key]

        self.env.globals["item_line"] = item_line
        macros = self.env.get_template("_macros.html")
        # An office's hours table (a tenth of an item page's rendering), its
        # hours by season (the printed notice) and its hours for the open-now
        # script, made once per office, not on each page listing it.
        self.env.globals["office_hours"] = _per_office(cat, lambda office: Markup(macros.module.hours_table(office)))
        self.env.globals["seasons"] = _per_office(cat, views.seasons)
        self.env.globals["open_now_data"] = _per_office(cat, opening.office_data)
        self.env.globals["has_page"] = lambda key: key in cat.by_key or key in self.retired_keys

    def _page(self, path: str, title: str, template: str, description: str = "", **context) -> Page:
        base = "../" * path.count("/")
        body = self.env.get_template(template).render(
            cat=self.cat, settings=self.settings, base=base, title=title, **context)
        return Page(path, title, body, description)

    def item_url(self, entry: Entry, base: str = "") -> str:
        return f"{base}items/{entry.key}/"

    # --- pages -------------------------------------------------------------
    def item(self, entry: Entry) -> Page:
        item, key = entry.item, entry.key
        edit = (cms.entry_link("../../", entry) if self.settings.editor and cms.bundle()
                else f"{self.settings.edit_url.rstrip('/')}/{quote(entry.source)}" if self.settings.edit_url else None)
        # Without a configured feedback_url, feedback goes to the page's own 好差评
        # section (the rating endpoint, else the hotline and e-mail): no account needed;
        # with none of those the section is not shown (_rating.html), nor the link.
        rating = portal.rating(entry, self.cat, self.settings)
        rateable = rating.counts or rating.endpoint or rating.phone or rating.mail
        feedback = (feedback_link(self.settings.feedback_url, key, item.name) if self.settings.feedback_url
                    else None if item.grouping or not rateable else "#rating")
        url = f"{self.site_url}/items/{key}/"
        structured = jsonld.script(jsonld.government_service(entry, self.cat, self.settings, url))
        gaps, phone = sparse.page_gaps(item), views.ask_phone(entry, self.cat, self.settings)
        return self._page(
            f"items/{key}/index.md", item.name, "item.html", item.summary or "",
            entry=entry, item=item, department=self.cat.department.get(entry.department),
            main=self.cat.main_item(entry), subs=self.cat.sub_items.get(key, []),
            memberships=self.cat.memberships.get(key, []),
            flowchart=self.flowcharts.get(key), flow_alt=flowchart_alt(item.steps) if item.steps else "",
            step_names=step_names(item.steps),
            ask_phone=phone, ask_who=sparse.ask_who(entry, self.cat, phone), gaps=gaps,
            actions=situations.actions(entry, self.cat),
            rating=rating,
            edit=edit, feedback=feedback, qr=self.qr(url, title=item.name) if gaps.notice else "", jsonld=structured,
            changes=self.changes_of(key), retirement=changelog.retirement(
                state_of(item.model_dump(include=STATE_FIELDS)), self.cat))

    # --- history (sources/history.py, outputs/changelog.py) ---------------
    @property
    def history(self):
        """The catalogue's history, or None when it was not read or there is no git."""
        history = self.cat.history
        return history if history is not None and history.available else None

    def changes_of(self, key: str):
        """An item's published changes, newest first; None without history."""
        return self.history.of(key) if self.history is not None else None

    @property
    def retired_keys(self) -> dict:
        """Keys of items whose file was removed (after retiring them): they keep a page."""
        history = self.history
        if history is None:
            return {}
        return {k: c for k, c in history.removed.items() if k not in self.cat.by_key}

    def retired_pages(self) -> list[Page]:
        return [self.retired(key) for key in sorted(self.retired_keys)]

    def retired(self, key: str) -> Page:
        """The page kept at the address of an item removed from the catalogue."""
        change = self.retired_keys[key]
        return self._page(f"items/{key}/index.md", change.name or key, "retired.html",
                          retirement=changelog.retirement(change.state, self.cat, removed=True),
                          department=self.cat.department.get(change.department), changes=self.changes_of(key))

    def listing(self, path: str, title: str, entries: list[Entry], intro: str = "") -> Page:
        return self._page(path, title, "listing.html", intro, entries=entries, intro=intro)

    def item_pages(self):
        """One page per item, lazily: a province's pages need not all sit in memory."""
        return (self.item(e) for e in self.cat.entries)

    def pages(self) -> list[Page]:
        """Every page but the item pages: indexes, offices, life events, statistics."""
        cat, pages = self.cat, []
        live = cat.in_use()
        t = page_texts()
        browse = portal.classified(cat, live)
        # Index pages listing nothing: out of the menu and the ways in (plugin.on_nav, 404.html).
        self.unlisted = portal.unlisted(cat, live, browse)
        pages.append(self._page("index.md", self.site_name or t["title_home"].format(region=self.settings.region), "home.html",
                                **portal.home(cat, self.settings, browse, self.unlisted)))
        pages += portal.pages(self)  # the departments' page, the list of marks
        pages.append(self._page("all/index.md", t["title_all"], "all.html", entries=live))
        # Items counted as 统计 and 开放数据 count them (marks.Population), the rest said apart.
        counted = marks.population(cat)
        per_department, nobody = counted.per_department(), marks.Population([], [], [], [])
        pages.append(self._page("departments/index.md", t["by_department"], "groups.html",
                                groups=[(f"departments/{d.id}/", d.name, len(per_department.get(d.id, nobody).guides))
                                        for d in cat.departments], intro=population_note(counted)))
        for d in cat.departments:
            pages.append(self._page(f"departments/{d.id}/index.md", d.name, "department.html", department=d,
                                    entries=[e for e in live if e.department == d.id],
                                    counted=per_department.get(d.id, nobody)))
        guides = [e for e in live if not e.item.grouping]
        for group, folder, key in portal.CLASSIFICATIONS:
            # Terms without items are left out of the index (a whole classification
            # without any says so); their own pages stay, empty (county trial 1, C5).
            unstated = sum(1 for e in guides if not getattr(e.item, group))
            groups = [(f"{folder}/{term.id}/", term.name, len(members)) for term, members in browse[group] if members]
            pages.append(self._page(f"{folder}/index.md", t[key], "groups.html", groups=groups,
                                    empty=t["browse_none"].format(n=unstated),
                                    intro=t["mark_unstated_intro"].format(n=unstated) if unstated and groups else ""))
            pages += [self.listing(f"{folder}/{term.id}/index.md", term.name, members, term.description or "")
                      for term, members in browse[group]]
        for mark, (group, key, test) in marks.MARK_PAGES.items():
            pages.append(self.listing(f"marks/{mark}/index.md", label(group, key),
                                      [e for e in live if test(e.item)], portal.mark_intro(cat, mark)))
        pages.append(self._page("negative-list/index.md", t["title_negative"], "negative.html",
                                rows=[(e, views.ask_phone(e, cat, self.settings)) for e in portal.negative_list(live)],
                                visits_unstated=marks.unstated(live, "zero-trip")))
        live_keys = {e.key for e in live}  # a set: `e in live` compared pydantic models, quadratic
        # 证明材料清单: each listed proof, who issues it, on what basis, and the items asking for it.
        pages.append(self._page("proofs/index.md", t["title_proofs"], "proofs.html",
                                users={p.id: [e for e in cat.proof_users.get(p.id, []) if e.key in live_keys]
                                       for p in cat.proofs}))
        contact = self.settings.contact
        pages.append(self._page("offices/index.md", t["offices"], "offices.html",
                                ask_phone=contact.hotline or contact.phone or ""))
        for o in cat.offices:
            pages.append(self._page(f"offices/{o.id}/index.md", o.name or o.address, "office.html", office=o,
                                    entries=[e for e in cat.items_at_office.get(o.id, [])
                                             if e.item.status != "cancelled"]))
        pages.append(self._page("life-events/index.md", t["title_life_events"], "bundles.html",
                                events=portal.life_events_in_order(cat, self.settings)))  # the configured order
        for b in cat.life_events:
            pages.append(self._page(f"life-events/{b.id}/index.md", b.name, "bundle.html", b.summary,
                                    bundle=b, rollup=journey.roll_up(b, cat)))
        pages.append(self._page("statistics/index.md", t["title_statistics"], "statistics.html", stats=marks.statistics(cat),
                                ratings=portal.ratings_stats(cat)))
        pages.append(self._page(f"{changelog.CHANGES_PAGE}/index.md", t["title_changes"], "changes.html",
                                days=changelog.RECENT_DAYS, **changelog.announcement(self.history)))
        pages.append(self.quality_page())
        self.open_data = opendata.Context(cat, self.settings, self.site_url)
        pages.append(self._page(f"{opendata.FOLDER}/index.md", t["title_open_data"], "open_data.html",
                                **opendata.page_context(self.open_data)))
        pages.append(self._page(f"{SEARCH_PAGE}/index.md", t["search_title"], "search.html",
                                facets=search.facets(cat)))
        return pages

    def quality_page(self) -> Page:
        """The data-quality page, from ``cat.warnings`` and the held-back items
        as they are now (also sets ``self.quality``, the work lists' source)."""
        q = self.quality = quality.report(self.cat, self.settings)
        english = None
        if "en" in self.settings.built_editions():  # issue 19: how many items have English texts
            from generator.checks.english import english_coverage
            english = english_coverage(e.item for e in self.cat.entries if not e.item.grouping)
        return self._page(f"{QUALITY_PAGE}/index.md", page_texts()["title_quality"], "quality.html",
                          quality=q, days=self.settings.publish.review_days, english=english,
                          total_gap_items=sum(len(d.gap_entries) for d in q.departments),
                          worklist=quality.worklist_name)


def population_note(counted: marks.Population) -> str:
    """What a count of items counts, as the statistics page says it: the
    guides in use, and the grouping main items and suspended items left out."""
    t = page_texts()
    note = t["stat_population"]
    if counted.grouping:
        note += t["stat_excluded_grouping"].format(n=len(counted.grouping))
    if counted.suspended:
        note += t["stat_excluded_suspended"].format(n=len(counted.suspended))
    return note


class ItemPageCache:
    """Rendered item pages kept between ``mkdocs serve`` rebuilds.

    After an edit only the items whose page can have changed are rendered
    again.  The key holds everything an item page reads: the item, its main
    item and sub-items, its life events, its flowchart, and the registries,
    settings and site URL shared by all pages.  Bodies are kept compressed.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, bytes, str, str]] = {}
        # An unchanged item file gives the same Item object on every rebuild
        # (checks/validate.py): its JSON is dumped and hashed once, not on every
        # rebuild (~0.1 s at 1,600 items).  id -> (the item, kept so the id is
        # not reused; the digest of its JSON).
        self._digests: dict[int, tuple[object, str]] = {}
        self.hits = self.misses = 0

    def _digest(self, item) -> str:
        kept = self._digests.get(id(item))
        if kept is None or kept[0] is not item:
            kept = self._digests[id(item)] = (item, hashlib.sha256(item.model_dump_json().encode()).hexdigest())
        return kept[1]

    @staticmethod
    def shared_key(renderer: Renderer) -> str:
        cat = renderer.cat
        parts = [renderer.site_url, renderer.settings.model_dump_json(), cat.taxonomies.model_dump_json()]
        for group in (cat.departments, cat.offices, cat.proofs, cat.life_events):
            parts += [x.model_dump_json() for x in group]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def key(self, renderer: Renderer, entry: Entry, shared: str) -> str:
        """Everything the entry's page reads, hashed (``shared``: shared_key)."""
        cat = renderer.cat
        if len(self._digests) > 2 * len(cat.entries) + 100:  # items replaced by edits
            self._digests.clear()
        main = cat.main_item(entry)
        parts = [shared, entry.source, self._digest(entry.item), str(renderer.flowcharts.get(entry.key)),
                 self._digest(main.item) if main else "",
                 *[e.source + self._digest(e.item) for e in cat.sub_items.get(entry.key, [])],
                 json.dumps([(m.bundle.id, m.step_index) for m in cat.memberships.get(entry.key, [])]),
                 repr(renderer.changes_of(entry.key)),  # its change record (sources/history.py)
                 repr(cat.ratings.of(entry.key) if cat.ratings is not None else None)]  # its 好差评 counts
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def current(self, entry: Entry, key: str) -> bool:
        """True when the page kept for ``entry`` was rendered from ``key``."""
        kept = self._pages.get(entry.key)
        return kept is not None and kept[0] == key

    def page(self, renderer: Renderer, entry: Entry, shared: str, key: str | None = None) -> Page:
        key = key or self.key(renderer, entry, shared)
        kept = self._pages.get(entry.key)
        if kept is not None and kept[0] == key:
            self.hits += 1
            return Page(f"items/{entry.key}/index.md", kept[2], zlib.decompress(kept[1]).decode(), kept[3])
        self.misses += 1
        page = renderer.item(entry)
        self._pages[entry.key] = (key, zlib.compress(page.body.encode(), 1), page.title, page.description)
        return page
