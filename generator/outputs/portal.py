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
from generator.outputs import views

STAFF_PAGE = "for-departments"
MARKS_PAGE = "marks"
POPULAR = 8  # items listed as popular when chosen by ratings

# Badges without a page of their own -> the page listing the same items.
_BADGE_ALIASES = {"zero-trip": "one-trip", "immediate": "instant"}


def mark_page(mark: str) -> str:
    """The folder a badge (css id of ``views.marks``) links to: its mark page,
    the negative list for "more trips", else the list of marks."""
    mark = _BADGE_ALIASES.get(mark, mark)
    if mark in views.MARK_PAGES:
        return f"{MARKS_PAGE}/{mark}/"
    if mark == "more-trips":
        return "negative-list/"
    return f"{MARKS_PAGE}/"


def home(cat: Catalogue, settings: Settings) -> dict:
    """The home page's context: ``most_used`` (entries), ``most_used_note``
    ("" or how they were chosen), ``life_events`` in the configured order and
    ``search_examples`` with their search-page links."""
    note = ""
    most_used = [cat.by_key[c] for c in settings.most_used if c in cat.by_key]
    if not settings.most_used and cat.ratings is not None:
        most_used = [cat.by_key[k] for k, _ in cat.ratings.most_rated(POPULAR)]
        if most_used:
            note = page_texts()["most_used_by_ratings_note"].format(period="、".join(cat.ratings.periods()))
    examples = [(text, "find/?query=" + quote(text, safe="")) for text in settings.home.search_examples]
    return {"most_used": most_used, "most_used_note": note, "life_events": life_events_in_order(cat, settings),
            "search_examples": examples}


def mark_groups(cat: Catalogue) -> list[tuple[str, str, int]]:
    """(folder, label, number of items) of every mark page."""
    live = cat.in_use()
    return [(f"{MARKS_PAGE}/{mark}/", label(group, key), sum(1 for e in live if test(e.item)))
            for mark, (group, key, test) in views.MARK_PAGES.items()]


def pages(renderer) -> list:
    """The departments' page and the list of marks (render.Renderer's pages)."""
    t = page_texts()
    return [renderer._page(f"{STAFF_PAGE}/index.md", t["title_staff"], "staff.html"),
            renderer._page(f"{MARKS_PAGE}/index.md", t["title_marks"], "groups.html", t["marks_intro"],
                           groups=mark_groups(renderer.cat), intro=t["marks_intro"])]


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
