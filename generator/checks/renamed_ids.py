"""An office id changed in ``content/offices.yaml`` while items still use the
old one (clerk trial 4, #43: hupan-station → hupan-village-station gave four
errors in three other departments' items, each suggesting the new id, and
none where the change was made).

The ids are compared with the committed file (HEAD, or the ``--base``
revision): an id gone since, paired with a new id of the same office (the
same name, or the only id gone and the only one added), is a rename.  The
items using the old id are held back without a message of their own
(``Sources.broken_ids``: ``broken_reference``), and one error at the new
id's line names the old id, the items and the fix (``registry_id_renamed``,
validate._hold_back).  Without git nothing is compared.
"""

from __future__ import annotations

import yaml

from generator.catalogue import Catalogue
from generator.sources.gitlog import head_blob


def committed_entries(cat: Catalogue, display: str) -> list:
    """The entries of the registry file ``display`` (relative to the
    catalogue's root) as committed in HEAD or the ``--base`` revision: the
    YAML list as read, its items not checked; [] without git, without the
    file or when it is not a readable list."""
    history = cat.history
    if history is None or not getattr(history, "available", False):
        return []
    try:
        before = yaml.safe_load((head_blob(history.root, display, history.rev) or b"").decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    return before if isinstance(before, list) else []


def renamed_offices(cat: Catalogue, display: str, entry_index: dict[tuple[str, str], int]) -> \
        dict[str, tuple[str, int, str]]:
    """Old id -> (file shown, index of the renamed entry in it, new id) for
    each office id renamed since the committed ``display`` (the offices
    file, relative to the catalogue's root)."""
    before = committed_entries(cat, display)
    then = {d["id"]: str(d.get("name") or "") for d in before if isinstance(d, dict) and isinstance(d.get("id"), str)}
    now = {o.id: o.name or "" for o in cat.offices}
    gone = [i for i in then if i not in now]
    added = [i for i in now if i not in then]
    pairs = {old: new for old in gone for new in added if then[old] and then[old] == now[new]}
    if not pairs and len(gone) == len(added) == 1:
        pairs = {gone[0]: added[0]}
    index = {o.id: i for i, o in enumerate(cat.offices)}
    return {old: (display, entry_index.get((display, new), index[new]), new) for old, new in pairs.items()}
