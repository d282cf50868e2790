"""The catalogue's history, read from git: every published change of every item.

Dynamic management (动态管理, MISSION.md §5, 001_…, part 3): published items
are not removed or changed at will, every change is traceable and codes are
never reused.  The record of that is the repository itself: each commit on
the main line (``--first-parent``: what was published, not the side branches
it was prepared on) that touched a file under ``items/`` is a change of
those items, dated by its commit date (never the clock, so a build of the
same commit gives the same site).

How it is read (``sources/gitlog.py``; measured by ``devtools/bench_history.py``): one
``git log --raw -z -M`` pass names, per commit, the files added, modified,
renamed and deleted with their blob ids; one ``git cat-file --batch``
process gives the blobs needed to say what changed (``changes.describe``).
Adds need only the item's name (a regular expression, no YAML parse), so an
initial import of 20,000 items costs one pass over their blobs.  The result
of each commit is kept in ``.cache/history/<commit>.json``: a commit never
changes, so a later build reads only the log and the commits it has not
seen.

A folder without git (a tarball of the sources) or without any commit
still builds: ``History.available`` is False and pages say that the change
record is not available; nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from generator.sources import changes
from generator.sources.gitlog import Blobs, git, head_commit, log

FORMAT = 2  # of the cache files: a change of what is recorded per commit bumps it (2: Change.impl)
CACHE = Path(".cache") / "history"
RETIRED = ("cancelled", "suspended")
_NAME = re.compile(r"^name:[ \t]*(.+?)[ \t]*$", re.M)
_IMPL = re.compile(r"^implementation_code:[ \t]*['\"]?([^\s'\"#]+)", re.M)


class Dated:
    """A record stamped ``when`` (ISO 8601 text, the commit's date with its offset)."""

    when: str

    @property
    def date(self) -> dt.date:
        return self.moment.date()

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.when)


@dataclass(frozen=True)
class Change(Dated):
    """One published change of one item.

    kind: ``added`` | ``changed`` | ``renamed`` (the key changed; ``old_key``
    says from what) | ``retired`` (status set to cancelled or suspended) |
    ``reinstated`` (back in use) | ``removed`` (file deleted) | ``readded``
    (a key that had disappeared is used again).  ``state`` is the item's
    retirement state after the change (status, date, reason, replaced_by),
    for retired and removed items.  ``impl``: the item's implementation code
    after the change (before it, for a removal), "" when it states none."""

    commit: str
    when: str  # the commit date, ISO 8601 with its offset
    key: str
    department: str
    kind: str
    name: str
    details: tuple[str, ...] = ()
    old_key: str = ""
    state: dict = field(default_factory=dict)
    impl: str = ""



@dataclass
class History:
    """Every change under ``items/``, oldest first, and HEAD's item files.

    ``available`` is False without git or without commits; then there are
    no changes and no dates (pages say the record is not available)."""

    available: bool
    changes: list[Change] = field(default_factory=list)
    head: str = ""  # HEAD's commit id
    head_when: str = ""  # HEAD's commit date, ISO 8601
    head_files: dict[str, str] = field(default_factory=dict)  # key -> path in HEAD (items/<dept>/<key>.yaml)
    root: Path | None = None
    rev: str = "HEAD"  # the version read (check --base reads the target branch's)

    @property
    def head_date(self) -> dt.datetime | None:
        return dt.datetime.fromisoformat(self.head_when) if self.head_when else None

    @cached_property
    def by_key(self) -> dict[str, list[Change]]:
        """Key -> its changes, oldest first (a rename is listed under both keys)."""
        found: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            found[change.key].append(change)
            if change.old_key:
                found[change.old_key].append(change)
        return dict(found)

    def of(self, key: str) -> list[Change]:
        """The changes an item's page lists, newest first: its own, and those
        of the keys it had before (followed back through renames)."""
        seen, keys, found = set(), [key], []
        while keys:
            k = keys.pop()
            if k in seen:
                continue
            seen.add(k)
            for change in self.by_key.get(k, []):
                if change not in found:
                    found.append(change)
                    if change.kind == "renamed" and change.key == k:
                        keys.append(change.old_key)
        return sorted(found, key=lambda c: c.moment, reverse=True)

    def last(self, key: str) -> Change | None:
        listed = self.of(key)
        return listed[0] if listed else None

    def first(self, key: str) -> Change | None:
        """The change that published the item (its first add, through renames)."""
        listed = self.of(key)
        return listed[-1] if listed else None

    @cached_property
    def renamed(self) -> dict[str, str]:
        """Old key -> the key it has now (renames followed to the end)."""
        moves = {}
        for change in self.changes:
            if change.kind == "renamed":
                moves[change.old_key] = change.key
            elif change.kind in ("added", "readded"):
                moves.pop(change.key, None)  # the key is in use again
        resolved = {}
        for old in moves:
            new, hops = moves[old], 0
            while new in moves and hops < len(moves):
                new, hops = moves[new], hops + 1
            if new != old:
                resolved[old] = new
        return resolved

    @cached_property
    def removed(self) -> dict[str, Change]:
        """Key -> its removal, for keys whose file is gone at HEAD."""
        gone = {}
        for change in self.changes:
            if change.kind == "removed":
                gone[change.key] = change
            elif change.kind in ("added", "readded", "renamed"):
                gone.pop(change.key, None)
        return {k: c for k, c in gone.items() if k not in self.head_files}

    @cached_property
    def implementation_codes(self) -> dict[str, list[Change]]:
        """Implementation code -> the changes that first stated it for each
        item (key and name) that had it, oldest first."""
        found: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            if change.impl and change.kind != "removed":
                holders = found[change.impl]
                if not any(h.key == change.key and h.name == change.name for h in holders):
                    holders.append(change)
        return dict(found)

    @property
    def newest(self) -> Change | None:
        return self.changes[-1] if self.changes else None

    def build_date(self) -> dt.date:
        """The date a build states (quality page, sitemap): SOURCE_DATE_EPOCH
        when set, else HEAD's commit date, else (no git) today's date."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        if self.head_when:
            return dt.date.fromisoformat(self.head_when[:10])
        return dt.date.today()


def retired(state: dict) -> bool:
    """True when an item's last state says it was retired properly: status
    cancelled or suspended, with its date and its reason."""
    return (state.get("status") in RETIRED and bool(state.get("reason"))
            and bool(state.get("cancelled_date") or state.get("suspended_date")))


# The item fields state_of reads (an Item's model_dump(include=STATE_FIELDS) suffices).
STATE_FIELDS = frozenset({"status", "cancelled_date", "suspended_date", "status_reason", "replaced_by", "name"})


def state_of(data) -> dict:
    """The retirement state an item's data states (for Change.state)."""
    if not isinstance(data, dict):
        return {}
    keep = {"status": data.get("status", "in_use"), "cancelled_date": data.get("cancelled_date"),
            "suspended_date": data.get("suspended_date"), "reason": data.get("status_reason"),
            "replaced_by": data.get("replaced_by"), "name": data.get("name")}
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in keep.items()
            if isinstance(v, (str, dt.date))}


def read_history(root: Path, items_dir: str = "items", cache: bool = True, rev: str = "HEAD") -> History:
    """The history of ``items_dir`` in the git repository holding ``root``, up to
    ``rev`` (HEAD; ``check --base`` reads the target branch's).

    Never raises for a missing git, a folder that is no repository or a
    repository without commits: the History is then not ``available``."""
    root = root.resolve()
    head = head_commit(root, rev)
    if not head:
        return History(False, root=root, rev=rev)
    items_dir = items_dir.strip("/")
    head_when = git(root, "show", "-s", "--format=%cI", head).decode().strip()
    # ls-tree with --full-tree names paths, and reads the pathspec, from the
    # top: a catalogue in a folder of the repository (a fork's catalogue/, the
    # demo's examples/demo-city) names its items folder with its prefix.
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    listing = git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", head, "--", prefix + items_dir)
    head_files = {}
    for path in listing.decode("utf-8", "replace").split("\0"):
        if path.startswith(prefix) and _key(path[len(prefix):], items_dir):
            head_files[_key(path[len(prefix):], items_dir)] = path[len(prefix):]
    commits = log(root, items_dir, head)
    # Beside the repository's top (never inside a folder of it that is not
    # the project, e.g. a test fixture checked in place).
    folder = Path(git(root, "rev-parse", "--show-toplevel").decode().strip()) / CACHE
    tag = prefix + items_dir  # the cache names the folder from the top
    found: list[Change] = []
    todo = []
    for commit, when, entries in commits:
        kept = _cached(folder, commit, tag) if cache else None
        if kept is None:
            todo.append((commit, when, entries))
        else:
            found.append((commit, kept))
    if todo:
        with Blobs(root) as blobs:
            for commit, when, entries in todo:
                made = _describe_commit(commit, when, entries, items_dir, blobs)
                found.append((commit, made))
                if cache:
                    _store(folder, commit, tag, made)
    order = {commit: n for n, (commit, _, _) in enumerate(commits)}
    found.sort(key=lambda pair: order[pair[0]])
    listed = _mark_readds([c for _, made in found for c in made])
    return History(True, listed, head, head_when, head_files, root, rev)


def _key(path: str, items_dir: str) -> str:
    """items/<dept>/<key>.yaml -> key; "" for any other path."""
    parts = path.split("/")
    if len(parts) != len(items_dir.split("/")) + 2 or not parts[-1].endswith((".yaml", ".yml")):
        return ""
    return parts[-1].rsplit(".", 1)[0]


def _department(path: str) -> str:
    return path.split("/")[-2]


def load_blob(data: bytes | None):
    """An item file's bytes as YAML data; None when absent or unreadable."""
    if data is None:
        return None
    try:
        return yaml.load(data.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None


def _name(data: bytes | None) -> str:
    if not data:
        return ""
    match = _NAME.search(data.decode("utf-8-sig", "replace"))
    return match.group(1).strip("'\"") if match else ""


def _impl(data: bytes | None) -> str:
    """The implementation code an item file states ("" when none): read like
    the name, without parsing the YAML."""
    if not data:
        return ""
    match = _IMPL.search(data.decode("utf-8-sig", "replace"))
    return match.group(1) if match else ""


def _describe_commit(commit: str, when: str, entries: list[tuple], items_dir: str, blobs: Blobs) -> list[Change]:
    """The changes one commit made, in path order."""
    wanted = []
    for letter, old, new, path, new_path in entries:
        wanted += [new] if letter == "A" else [old, new]
    data = blobs.many(wanted)
    made = []
    for letter, old, new, path, new_path in sorted(entries, key=lambda e: e[4]):
        key, new_key = _key(path, items_dir), _key(new_path, items_dir)
        if letter == "A" and new_key:
            made.append(Change(commit, when, new_key, _department(new_path), "added", _name(data.get(new)),
                               impl=_impl(data.get(new))))
        elif letter == "D" and key:
            before = load_blob(data.get(old))
            made.append(Change(commit, when, key, _department(path), "removed",
                               _name(data.get(old)), state=state_of(before), impl=_impl(data.get(old))))
        elif letter in "MR" and new_key:
            before, after = load_blob(data.get(old)), load_blob(data.get(new))
            details = tuple(changes.describe(before, after))
            kind = "changed"
            was, now = state_of(before).get("status", "in_use"), state_of(after).get("status", "in_use")
            if now in RETIRED and was != now:
                kind = "retired"
            elif was in RETIRED and now == "in_use":
                kind = "reinstated"
            if letter == "R" and key and key != new_key:
                kind = "renamed"
            elif not details and letter == "M":
                details = ()  # formatting only (comments, order): still a published change
            made.append(Change(commit, when, new_key, _department(new_path), kind, _name(data.get(new)),
                               details, old_key=key if kind == "renamed" else "", state=state_of(after),
                               impl=_impl(data.get(new))))
        elif letter == "R" and key and not new_key:  # moved out of items/
            made.append(Change(commit, when, key, _department(path), "removed", _name(data.get(old)),
                               state=state_of(load_blob(data.get(old))), impl=_impl(data.get(old))))
    return made


def _cache_file(folder: Path, commit: str, items_dir: str) -> Path:
    tag = re.sub(r"[^A-Za-z0-9_-]", "_", items_dir)
    return folder / f"{commit}-{tag}.json"


def _cached(folder: Path, commit: str, items_dir: str) -> list[Change] | None:
    try:
        data = json.loads(_cache_file(folder, commit, items_dir).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return [Change(**{**c, "details": tuple(c["details"])}) for c in data["changes"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(folder: Path, commit: str, items_dir: str, made: list[Change]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _cache_file(folder, commit, items_dir)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps({"format": FORMAT, "changes": [asdict(c) for c in made]},
                                        ensure_ascii=False), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        pass  # only means the commit is read again next time


def track(gone: dict[str, Change], change: Change) -> None:
    """Update ``gone`` (key -> how it last disappeared: removed, or renamed
    away) with one change, in history order."""
    if change.kind == "removed":
        gone[change.key] = change
    elif change.kind == "renamed":
        gone[change.old_key] = change
        gone.pop(change.key, None)
    elif change.kind in ("added", "readded"):
        gone.pop(change.key, None)


def _mark_readds(found: list[Change]) -> list[Change]:
    """An add of a key that had disappeared is a re-add: it records the name
    the key had, and when and how it disappeared."""
    out: list[Change] = []
    gone: dict[str, Change] = {}
    for change in found:
        before = gone.get(change.key) if change.kind == "added" else None
        if before is not None:
            change = replace(change, kind="readded", state={
                "former": before.name, "gone": before.when[:10], "how": before.kind,
                "to": before.key if before.kind == "renamed" else ""})
        track(gone, change)
        out.append(change)
    return out
