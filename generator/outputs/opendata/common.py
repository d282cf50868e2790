"""What every open-data format shares: the export context (catalogue,
settings, site address, licence, update date), stable identifiers and
byte-reproducible serialisation.

Reproducible: nothing here reads the clock.  The update date is the newest
``reviewed`` date of the published items (``None`` when no item states one:
unknown is not a default), and every file is written with sorted, stable
ordering so two builds of the same catalogue give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalogue import Catalogue, Entry
from generator.config import Settings

FOLDER = "open-data"  # the page and its downloads: site/open-data/


@dataclass
class Context:
    """Everything an exporter reads.  ``site_url`` is the site's address
    without the trailing slash ("" when mkdocs.yml has no ``site_url``: the
    addresses in the exports are then relative to the site's root)."""

    cat: Catalogue
    settings: Settings
    site_url: str = ""
    _updated: dt.date | None = field(default=None, init=False)
    _namespace: uuid.UUID | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.site_url = self.site_url.rstrip("/")
        dates = [e.item.reviewed for e in self.cat.entries if e.item.reviewed is not None]
        self._updated = max(dates) if dates else None

    @property
    def updated(self) -> dt.date | None:
        """The newest ``reviewed`` date of the published items, or None."""
        return self._updated

    @property
    def licence(self) -> str | None:
        return self.settings.open_data.licence

    @property
    def licence_url(self) -> str | None:
        return self.settings.open_data.licence_url

    def url(self, path: str) -> str:
        """The address of ``path`` (relative to the site root) in the exports."""
        return f"{self.site_url}/{path}" if self.site_url else path

    def item_url(self, entry: Entry) -> str:
        return self.url(f"items/{entry.key}/")

    def uuid(self, kind: str, key: str) -> str:
        """A stable UUID (version 5) for ``kind``/``key`` in this catalogue:
        the same item gets the same id in every build and every format."""
        if self._namespace is None:  # made once: ~30,000 ids at 1,603 items
            self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, self.site_url or f"urn:catalogue:{self.settings.region}")
        return str(uuid.uuid5(self._namespace, f"{kind}/{key}"))


# json.dumps(value, ensure_ascii=False, separators=(",", ":")) without making an
# encoder per call (one per record and per CPSV-AP node).  Not checking for
# circular references: the exports' values are trees made from the model.
compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def dumps(value, indent: int | None = None) -> str:
    """JSON text: UTF-8 characters as is, keys in the order given (the model's
    order), no trailing spaces; ends with a newline."""
    if indent is None:
        return compact(value) + "\n"
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=(",", ": ") if indent else (",", ":")) + "\n"


def write_text(path: Path, text: str) -> int:
    """Write ``text`` as UTF-8 with LF line ends; returns the size in bytes."""
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def drop_none(value):
    """``value`` without the keys whose value is None or an empty list/dict
    (not stated: omitted from the exports, never filled)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = drop_none(v)
            if v is None or v == [] or v == {}:
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value
