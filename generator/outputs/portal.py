"""The ways in (issue 17, items 6 and 8): the home page's search box, popular
items and life events as configured, the departments' page (editor pages
kept out of the citizens' menu), the list of marks the badges link to, and
好差评 — the rating form's settings and the imported ratings' counts.

Nothing here has a default taken from the data: without ``most_used`` the
home page lists the items rated most when a ratings export is imported
(saying so), and otherwise no popular items at all."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from generator.catalogue import Catalogue, Entry
from generator.checks.home import life_events_in_order
from generator.config import Settings
from generator.messages import label, page_text, page_texts
from generator.outputs import marks

STAFF_PAGE = "for-departments"
MARKS_PAGE = "marks"
POPULAR = 8  # items listed as popular when chosen by ratings

# Badges without a page of their own -> the page listing the same items.
_BADGE_ALIASES = {"immediate": "instant"}


def mark_page(mark: str) -> str:
    """The folder a badge (css id of ``marks.marks``) links to: its mark page,
    the negative list for "more trips", else the list of marks."""
    mark = _BADGE_ALIASES.get(mark, mark)
    if mark in marks.MARK_PAGES:
        return f"{MARKS_PAGE}/{mark}/"
    if mark == "more-trips":
        return "negative-list/"
    return f"{MARKS_PAGE}/"


# Classification (taxonomy group) -> folder of its pages and the page text of its title.
CLASSIFICATIONS = (("industries", "industries", "by_industry"), ("service_types", "service-types", "by_service_type"),
                   ("audiences", "audiences", "by_audience_title"), ("levels", "levels", "by_level"),
                   ("topics", "topics", "by_topic"))


def classified(cat: Catalogue, live: list[Entry]) -> dict[str, list[tuple[object, list[Entry]]]]:
    """Classification -> (term, the entries of ``live`` that name it) for
    every term of content/taxonomies.yaml, in its order."""
    out = {}
    for group, _, _ in CLASSIFICATIONS:
        members = {t.id: [] for t in getattr(cat.taxonomies, group)}
        for e in live:
            for term in getattr(e.item, group) or ():
                if term in members:
                    members[term].append(e)
        out[group] = [(t, members[t.id]) for t in getattr(cat.taxonomies, group)]
    return out


def negative_list(live: list[Entry]) -> list[Entry]:
    """The entries of ``live`` on the negative list: more than one trip, as the item states it."""
    return [e for e in live if marks.visit_id(e.item) == "more-trips"]


def unlisted(cat: Catalogue, live: list[Entry], browse: dict) -> set[str]:
    """Folders (e.g. "offices/") of the generated index pages that list
    nothing: offices when the registry has none, a classification whose
    terms no item in use names (``browse``: ``classified``), the negative
    list without an item needing more than one trip, life events and the
    proofs list when there are none.  Decided from the catalogue, never by
    page name in a fork's mkdocs.yml: they are left out of the menu
    (plugin.on_nav), the home page's ways in and the 404 page (county trial
    3, S1/S2/F11); the pages themselves stay and say 暂无."""
    empty = {f"{folder}/" for group, folder, _ in CLASSIFICATIONS if not any(members for _, members in browse[group])}
    for folder, listed in (("offices/", cat.offices), ("negative-list/", negative_list(live)),
                           ("life-events/", cat.life_events), ("proofs/", cat.proofs)):
        if not listed:
            empty.add(folder)
    return empty


def home(cat: Catalogue, settings: Settings, browse: dict | None = None, empty: set[str] = frozenset()) -> dict:
    """The home page's context: ``most_used`` (entries), ``most_used_note``
    ("" or how they were chosen), ``life_events`` in the configured order,
    ``search_examples`` with their search-page links, and ``browse``:
    classification -> its terms that have items in use (``classified``; a
    term or a whole classification without any is not offered as a way in:
    county trial 1, C5), and ``marks_with_items``: the folders of the mark
    pages that list any item; ``unlisted`` (given as ``empty``): the folders
    of the index pages that list nothing (``unlisted()``), not linked."""
    note = ""
    most_used = [cat.by_key[c] for c in settings.most_used if c in cat.by_key]
    if not settings.most_used and cat.ratings is not None:
        most_used = [cat.by_key[k] for k, _ in cat.ratings.most_rated(POPULAR)]
        if most_used:
            note = page_texts()["most_used_by_ratings_note"].format(period="、".join(cat.ratings.periods()))
    examples = [(text, "find/?query=" + quote(text, safe="")) for text in settings.home.search_examples]
    browse = browse if browse is not None else classified(cat, cat.in_use())
    return {"most_used": most_used, "most_used_note": note, "life_events": life_events_in_order(cat, settings),
            "search_examples": examples,
            "browse": {group: [term for term, members in terms if members] for group, terms in browse.items()},
            "marks_with_items": {url for url, _, n in mark_groups(cat) if n}, "unlisted": empty}


def mark_groups(cat: Catalogue) -> list[tuple[str, str, int]]:
    """(folder, label, number of items) of every mark page."""
    live = cat.in_use()
    return [(f"{MARKS_PAGE}/{mark}/", label(group, key), sum(1 for e in live if test(e.item)))
            for mark, (group, key, test) in marks.MARK_PAGES.items()]


def mark_unstated(cat: Catalogue) -> dict[str, int]:
    """Folder of a mark page -> how many guides in use do not state what the
    mark tells (marks.unstated): shown beside its count, which is not a
    count of "no" (county trial 1, C4)."""
    live = cat.in_use()
    return {f"{MARKS_PAGE}/{mark}/": marks.unstated(live, mark) for mark in marks.MARK_PAGES}


def mark_intro(cat: Catalogue, mark: str) -> str:
    """The intro of mark page ``mark``: how many items in use do not state
    what it tells and are not listed for that reason; "" when all state it."""
    n = marks.unstated(cat.in_use(), mark)
    return page_texts()["mark_unstated_intro"].format(n=n) if n else ""


def pages(renderer) -> list:
    """The departments' page and the list of marks (render.Renderer's pages)."""
    t = page_texts()
    return [renderer._page(f"{STAFF_PAGE}/index.md", t["title_staff"], "staff.html"),
            renderer._page(f"{MARKS_PAGE}/index.md", t["title_marks"], "groups.html", t["marks_intro"],
                           groups=mark_groups(renderer.cat), intro=t["marks_intro"],
                           unstated=mark_unstated(renderer.cat))]


@dataclass(frozen=True)
class RatingForm:
    """Where an item page's rating goes: a form to ``endpoint`` (method,
    field names and grade values from config ``ratings``), else the hotline
    and a mail link (``contact``); ``counts``: the imported rows of the item."""
    endpoint: str | None
    method: str
    fields: dict
    grades: list[tuple[str, str, str]]  # (grade, value sent, label)
    phone: str
    mail: str
    counts: list


def rating(entry: Entry, cat: Catalogue, settings: Settings) -> RatingForm:
    r = settings.ratings  # texts through page_text: no copy of all ~300 on every item page
    mail = ""
    if settings.contact.email:
        subject = page_text("rating_mail_subject").format(name=entry.item.name, code=entry.key)
        mail = f"mailto:{quote(settings.contact.email, safe='@')}?subject={quote(subject, safe='')}"
    return RatingForm(
        endpoint=r.endpoint, method=r.method, fields=r.fields.model_dump(),
        grades=[(g, r.grades.get(g, g), page_text(f"rating_{g}")) for g in ("good", "average", "poor")],
        phone=settings.contact.hotline or settings.contact.phone or "", mail=mail,
        counts=cat.ratings.of(entry.key) if cat.ratings is not None else [])


def ratings_stats(cat: Catalogue) -> dict | None:
    """The statistics page's 好差评 section: totals by grade, rates, periods and
    the ten items rated most; None without an imported export."""
    ratings = cat.ratings
    if ratings is None or not ratings.by_key:
        return None
    totals = ratings.totals()

    def rate(n: int) -> str:
        return f"{n * 100 / totals['total']:.1f}%" if totals["total"] else "–"

    top = [(cat.by_key[k], ratings.of(k)) for k, _ in ratings.most_rated(10)]
    return {"totals": totals, "good_rate": rate(totals["good"]), "poor_rate": rate(totals["poor"]),
            "items": len(ratings.by_key), "periods": ratings.periods(), "top": top}
