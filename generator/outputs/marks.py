"""An item's marks (便民服务标识) and the statistics page's figures, decided
once for every page that shows them: the item page, 全部事项, department,
office and life-event pages, the mark pages and the list of marks, the search
results and filters, and 统计 all call the functions here, so one fact is
said the same way everywhere (county trial 2, #4–#6: 零跑动 on an item page
but 最多跑一次 in search; 即办件 on 241 pages but 即办 0 项).

- Visits (``visit_mark``): ``visits: 0`` is 零跑动, 1 最多跑一次, n 需跑 n 次;
  no ``visits`` is no mark (unknown is not a default).  The mark pages
  零跑动 and 最多跑一次 list the items showing that mark; the statistics'
  最多跑一次比例 counts both (at most one trip), and says so.
- 即办 (``is_immediate``): the handling type 即办件 (``handling_type:
  immediate``) or a promised time of 即办 (``promised: {unit: immediate}``):
  two fields of the guide (national guide elements 办件类型 and 承诺办结时限)
  saying the same thing.
- 告知承诺 (``is_commitment``): ``facilitation.commitment`` or a material that
  a written commitment may replace (``commitment_allowed``, shown on the item
  page as 可告知承诺).
- Online handling (``online_mark``): the depth the item states.

A count of a mark is over the items that state what it tells (``Share``,
``unstated``): an item that does not state it is told apart, never counted as
"no" (county trial 1, C4)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue import Catalogue, Entry
from generator.checks.model import Item
from generator.messages import label


def is_online(item: Item) -> bool:
    """Fully online (全程网办): online handling at depth 4, as the item states
    it; pre-check (2) or online application (3) is online handling but not
    this (the statistics' online rate counts only this)."""
    ch = item.channels
    return ch is not None and "online" in ch.forms and ch.online_depth == 4


# Online depth (model Channels.online_depth) -> css id and label key of the mark.
ONLINE_MARKS = {4: "online", 3: "online-apply", 2: "online-precheck"}


def online_mark(item: Item) -> tuple[str, str] | None:
    """(css id, label) of how far the item is handled online: 全程网办,
    网上申请, 网上预审, or 网上办理（程度未写明） when the depth is not
    stated; None when the item is not handled online (depth 1 = information
    only is not online handling)."""
    ch = item.channels
    if ch is None or "online" not in ch.forms:
        return None
    if ch.online_depth is None:
        return "online-unstated", label("marks", "online-unstated")
    key = ONLINE_MARKS.get(ch.online_depth)
    return (key, label("marks", key)) if key else None


def visit_mark(visits: int | None) -> tuple[str, str] | None:
    """(css id, label) of a number of visits to the office: 0 ("zero-trip",
    "零跑动"), 1 ("one-trip", "最多跑一次"), n ("more-trips", "需跑 n 次");
    None when the number is not stated.  The one rule for an item's visits
    on every page (and a life event's step: journey.py)."""
    if visits is None:
        return None
    if visits == 0:
        return "zero-trip", label("marks", "zero-trip")
    if visits == 1:
        return "one-trip", label("marks", "one-trip")
    return "more-trips", label("marks", "more-trips").format(n=visits)


def visit_id(item: Item) -> str | None:
    """The css id of the item's visit mark ("zero-trip", "one-trip",
    "more-trips"), None when it does not state its visits."""
    found = visit_mark(item.visits)
    return found[0] if found else None


def is_one_trip(item: Item) -> bool:
    """At most one trip (零跑动 or 最多跑一次), as the item states it: the
    statistics' 最多跑一次比例."""
    return item.visits is not None and item.visits <= 1


def promised_unit(item: Item) -> str | None:
    limits = item.time_limits
    return limits.promised.unit if limits and limits.promised else None


def is_immediate(item: Item) -> bool:
    """即办: the handling type 即办件 or a promised time of 即办."""
    return item.handling_type == "immediate" or promised_unit(item) == "immediate"


def immediate_stated(item: Item) -> bool:
    """Whether the item states if it is handled at once: its handling type or its promised time."""
    return item.handling_type is not None or promised_unit(item) is not None


def is_commitment(item: Item) -> bool:
    """告知承诺: the item's facilitation says so, or a material of it may be
    replaced by a written commitment."""
    return item.facilitation.commitment or any(m.commitment_allowed for m in item.materials or [])


def marks(item: Item) -> list[tuple[str, str]]:
    """(css id, label) of the marks shown wherever an item is shown (its
    page, every list, office pages, search results).  A suspended or
    cancelled item shows its status only: nothing that offers it as available."""
    if item.status in ("suspended", "cancelled"):
        return [(item.status, label("marks", item.status))]
    found = []
    online = online_mark(item)
    if online:
        found.append(online)
    visits = visit_mark(item.visits)
    if visits:
        found.append(visits)
    if is_commitment(item):
        found.append(("commitment", label("facilitation", "commitment")))
    for key in ("one_id_card", "one_network", "instant"):
        if getattr(item.facilitation, key):
            found.append((key.replace("_", "-"), label("facilitation", key)))
    if is_immediate(item) and not item.facilitation.instant:
        found.append(("immediate", label("marks", "immediate")))
    return found


def _live(test):
    return lambda i: i.status == "in_use" and test(i)


# Mark pages, in the order of the list of marks and the search filter:
# id (folder under marks/) -> (label group, label key, predicate).  A badge
# of ``marks`` links to the page of its id (portal.mark_page).
MARK_PAGES = {
    "online": ("marks", "online", _live(is_online)),
    "zero-trip": ("marks", "zero-trip", _live(lambda i: visit_id(i) == "zero-trip")),
    "one-trip": ("marks", "one-trip", _live(lambda i: visit_id(i) == "one-trip")),
    "commitment": ("facilitation", "commitment", _live(is_commitment)),
    "one-id-card": ("facilitation", "one_id_card", _live(lambda i: i.facilitation.one_id_card)),
    "instant": ("marks", "instant-page", _live(lambda i: i.facilitation.instant or is_immediate(i))),
    "suspended": ("marks", "suspended", lambda i: i.status == "suspended"),
}


def online_stated(item: Item) -> bool:
    """Whether the item states if it is fully online: its channels, and how far
    online when one is online handling."""
    ch = item.channels
    return ch is not None and ("online" not in ch.forms or ch.online_depth is not None)


def facilitation_stated(item: Item) -> bool:
    """Whether the item states its facilitation measures (the element written;
    the measures it does not list are then not taken)."""
    return "facilitation" in item.model_fields_set


def visits_stated(item: Item) -> bool:
    return item.visits is not None


# Mark page id -> whether an item states what the mark tells (None: always stated).
MARK_STATED = {
    "online": online_stated,
    "zero-trip": visits_stated,
    "one-trip": visits_stated,
    "commitment": lambda i: facilitation_stated(i) or is_commitment(i),
    "one-id-card": facilitation_stated,
    # 智能秒办 is handled at once too (its promised time is 即办: rules.py): stated by either field.
    "instant": lambda i: i.facilitation.instant or immediate_stated(i),
    "suspended": None,
}


def unstated(entries: list[Entry], mark: str) -> int:
    """How many guides in use (not grouping items, not suspended) of
    ``entries`` do not state what mark page ``mark`` tells."""
    stated = MARK_STATED.get(mark)
    if stated is None:
        return 0
    return sum(1 for e in entries if e.item.status == "in_use" and not e.item.grouping and not stated(e.item))


@dataclass
class Share:
    """One figure of the statistics over the items that state it (unknown is
    not "no", county trial 1, C4): ``count`` items have it, ``stated`` items
    state whether they have it, ``unstated`` items (guides in use) do not."""
    count: int
    stated: int
    unstated: int

    @property
    def rate(self) -> str:
        """The share of ``count`` among the items that state it, e.g. "82.7%";
        "" when none states it (no rate over unknowns)."""
        return f"{100 * self.count / self.stated:.1f}%" if self.stated else ""

    @property
    def total(self) -> int:
        return self.stated + self.unstated

    @property
    def mostly_unstated(self) -> bool:
        """Fewer than half of the items state it: the page then leads with
        the number not stating it and gives the rate over the others second,
        marked as such, never as the headline (county trial 2, #4)."""
        return 2 * self.stated < self.total


@dataclass
class Population:
    """Whom every count of items counts (county trial 3, S7: 按部门 169, 统计
    144, 开放数据 1268 for one department's and one catalogue's items): the
    guides in use (status in_use, not grouping main items, which have no
    guide of their own; suspended items are not in use).  The rest is told
    apart, by kind, wherever a count is shown: 统计, 按部门, a department's
    page and 开放数据 (whose files hold every entry).  The four parts
    partition ``cat.entries``."""
    guides: list[Entry]  # in use, with a guide of their own: the count
    grouping: list[Entry]  # grouping main items not cancelled (suspended ones too)
    suspended: list[Entry]  # suspended guides
    cancelled: list[Entry]  # cancelled entries (only the open data holds them)

    @property
    def entries(self) -> int:
        """Every entry of the catalogue (the records of the open data)."""
        return len(self.guides) + len(self.grouping) + len(self.suspended) + len(self.cancelled)

    def per_department(self) -> dict[str, "Population"]:
        """Department id -> the same population within that department (one
        pass; a department without entries is not a key)."""
        out: dict[str, Population] = {}
        for part in ("guides", "grouping", "suspended", "cancelled"):
            for e in getattr(self, part):
                if e.department not in out:
                    out[e.department] = Population([], [], [], [])
                getattr(out[e.department], part).append(e)
        return out

    def by_department(self) -> dict[str, int]:
        """Department id -> guides in use."""
        counts: dict[str, int] = {}
        for e in self.guides:
            counts[e.department] = counts.get(e.department, 0) + 1
        return counts


def population(cat: Catalogue) -> Population:
    """The population of ``cat`` (``Population``)."""
    guides, grouping, suspended, cancelled = [], [], [], []
    for e in cat.entries:
        status = e.item.status
        (cancelled if status == "cancelled" else grouping if e.item.grouping
         else suspended if status == "suspended" else guides).append(e)
    return Population(guides, grouping, suspended, cancelled)


@dataclass
class Statistics:
    """The statistics page's figures, every line over the same population:
    the guides in use (status in_use, not grouping main items: those have no
    guide of their own; suspended items are not in use)."""
    total: int  # guides in use
    grouping: int  # grouping main items in use, left out (said on the page)
    suspended: int  # suspended guides, left out (said on the page)
    online: Share  # fully online (全程网办), the online rate's part
    online_partly: dict[str, int]  # mark label -> guides online at a lesser or unstated depth
    one_trip: Share  # 零跑动 or 最多跑一次
    facilitation: dict[str, Share]
    by_department: list[tuple[str, str, int]]  # (id, name, guides in use)


def _share(items: list[Item], has, stated) -> Share:
    said = [i for i in items if stated(i)]
    return Share(sum(1 for i in said if has(i)), len(said), len(items) - len(said))


FACILITATION = {  # statistics line (facilitation label key) -> (has it, states it)
    "commitment": (is_commitment, MARK_STATED["commitment"]),
    "one_id_card": (lambda i: i.facilitation.one_id_card, facilitation_stated),
    "one_network": (lambda i: i.facilitation.one_network, facilitation_stated),
    "instant": (lambda i: i.facilitation.instant, facilitation_stated),
}


def statistics(cat: Catalogue) -> Statistics:
    """The statistics page's figures.  Rates count only the items that state
    the element (``Share``); the guides in use that do not are counted
    apart, never as "no"."""
    counted = population(cat)
    items = [e.item for e in counted.guides]
    counts = counted.by_department()
    return Statistics(
        total=len(counted.guides),
        grouping=len(counted.grouping),
        suspended=len(counted.suspended),
        online=_share(items, is_online, online_stated),
        online_partly={label("marks", key): sum((online_mark(i) or ("",))[0] == key for i in items)
                       for key in ("online-apply", "online-precheck", "online-unstated")},
        one_trip=_share(items, is_one_trip, visits_stated),
        facilitation={label("facilitation", k): _share(items, has, stated)
                      for k, (has, stated) in FACILITATION.items()},
        by_department=[(d.id, d.name, counts.get(d.id, 0)) for d in cat.departments],
    )
