"""Item files as clerks read them: keys in the model's order, block style.

:func:`dump` writes YAML by hand (fast, and in the layout of the hand-written
items): Chinese as is, lists indented under their key, short id lists in flow
style (``levels: [city]``), long or multi-line texts as ``|-`` literal blocks,
and a string that YAML 1.1 would read as something else (``"990102001000"``,
``"yes"``, ``"2026-01-20"``) in double quotes.  ``yaml.safe_load(dump(x)) ==
x`` for every value the importer writes (str, int, bool, date, lists, dicts).

:func:`check_shape` drops objects the model cannot hold because a required
part is missing (``fees`` without ``charged``), returning what it dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache

import yaml

from .texts import _texts, t

# Element order of the item model (the brief of issue 11); keys not listed
# (hand-added) follow in their own order.
ORDER = {
    "": ["name", "code", "implementation_code", "local_code", "slug", "source_id", "source_url", "aliases",
         "item_type", "status", "grouping", "main_item", "legal_basis", "levels", "implementing_body",
         "summary", "audiences", "industries", "service_types", "topics", "conditions", "materials",
         "steps", "time_limits", "handling_type", "fees", "channels", "visits", "offices",
         "consultation", "complaint", "result", "reviewed"],
    "legal_basis": ["kind", "law", "document_number", "article", "text", "url"],
    "implementing_body": ["name", "credit_code", "nature"],
    "materials": ["name", "necessity", "applies_when", "form", "original", "copies", "original_count",
                  "copy_count", "paper_size", "source", "source_note", "basis", "blank_form", "sample",
                  "instructions", "acceptance_standard", "signature"],
    "steps": ["id", "name", "actor", "time_limit", "standard", "result"],
    "time_limits": ["statutory", "promised"],
    "duration": ["value", "unit", "note"],
    "fees": ["charged", "items"],
    "fees.items": ["name", "standard", "basis"],
    "channels": ["forms", "online_url", "mobile_url", "scope"],
    "offices": ["office", "window", "hours_text"],
    "contact": ["phone", "address", "url", "note"],
    "result": ["type", "name", "validity", "delivery"],
    "departments": ["id", "name", "codes", "credit_code", "phone", "address"],
    "office_registry": ["id", "name", "address", "phone", "hours_text"],
}
_CONTEXT = {"time_limits.statutory": "duration", "time_limits.promised": "duration",
            "steps.time_limit": "duration", "consultation": "contact", "complaint": "contact"}

# Parts an object cannot be written without (the model's required keys).
REQUIRED = {"implementing_body": ("name",), "legal_basis": ("law",), "materials": ("name",),
            "steps": ("id", "name"), "time_limits.statutory": ("value", "unit"),
            "time_limits.promised": ("value", "unit"), "fees": ("charged",),
            "fees.items": ("name", "standard"), "channels": ("forms",), "offices": ("office",)}


def _label(path: str) -> str:
    return _texts().get("elements", {}).get(path, path)


def check_shape(item: dict) -> list[tuple[str, str]]:
    """Remove incomplete objects from ``item`` (in place); returns
    (element, reason) for each removal, for the import report."""
    dropped = []
    for path, needed in REQUIRED.items():
        parent_path, _, last = path.rpartition(".")
        parent = item
        for part in parent_path.split(".") if parent_path else []:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or last not in parent:
            continue
        value = parent[last]
        if isinstance(value, list):
            kept = [v for v in value if isinstance(v, dict) and all(k in v for k in needed)]
            for v in value:
                if v not in kept:
                    missing = "、".join(k for k in needed if not isinstance(v, dict) or k not in v)
                    dropped.append((path, t("shape_entry", label=_label(path), missing=missing)))
            if kept or not value:  # [] states "none" (materials: [] = no materials needed): kept
                parent[last] = kept
            else:
                del parent[last]
        elif isinstance(value, dict) and not all(k in value for k in needed):
            missing = "、".join(k for k in needed if k not in value)
            dropped.append((path, t("shape_object", label=_label(path), missing=missing)))
            del parent[last]
    return dropped


def ordered(value, context: str = ""):
    """A copy of ``value`` with dict keys in the model's order."""
    if isinstance(value, dict):
        order = ORDER.get(_CONTEXT.get(context, context), ())
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        return {k: ordered(value[k], f"{context}.{k}" if context else k)
                if isinstance(value[k], (dict, list)) else value[k] for k in keys}
    if isinstance(value, list):
        return [ordered(v, context) if isinstance(v, (dict, list)) else v for v in value]
    return value


# --- the emitter ---------------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+()/ -]{0,40}$")
# Lists of ids and phone numbers go on one line; lists of texts one entry a line.
_FLOW_ITEM = re.compile(r"^[A-Za-z0-9_+(][A-Za-z0-9_.+()\- ]{0,29}(?:转[0-9]{1,6})?$")
LITERAL_WIDTH = 80


_NUMBER_LIKE = re.compile(r"[-+.]?[0-9][0-9_:.,xXoObBeE+-]*")


@lru_cache(maxsize=65536)
def _plain(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text or "\n" in text:
        return False
    if any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in "\u2028\u2029\ufeff" for c in text):
        return False
    if _NUMBER_LIKE.fullmatch(text):
        # A phone "07702883116" is a string to PyYAML but a number to YAML 1.2
        # and a refused leading zero to our loader: always quoted.
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _literal_ok(text: str) -> bool:
    if text.endswith("\n") or text.startswith("\n"):
        return False
    for line in text.split("\n"):
        if not line or line != line.strip() or any(ord(c) < 32 or c in "\x7f\u2028\u2029\ufeff\x85" for c in line):
            return False
    return True


def _scalar(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    return text if _plain(text) else json.dumps(text, ensure_ascii=False)


def _is_literal(value) -> bool:
    """Multi-line texts, and long texts with spaces or Chinese (not long URLs or codes)."""
    if not isinstance(value, str):
        return False
    # Display width: a Chinese character takes two columns.
    width = len(value) + sum(1 for c in value if ord(c) > 0x2e80)
    long_text = width > LITERAL_WIDTH and (not value.isascii() or " " in value)
    return ("\n" in value or long_text) and _literal_ok(value)


def _flow_item(text: str) -> str:
    return text if _FLOW_SAFE.match(text) and _plain(text) else json.dumps(text, ensure_ascii=False)


def _flow_list(values: list) -> bool:
    return (bool(values) and all(isinstance(v, str) and _FLOW_ITEM.match(v) for v in values)
            and sum(len(v) + 4 for v in values) < 64)


def _emit(value, indent: int, out: list, prefix: str) -> None:
    """Append the lines of ``prefix`` + value (prefix is "key:" or "-")."""
    pad = " " * indent
    if isinstance(value, str) and not _is_literal(value) or isinstance(value, (bool, int)):
        out.append(f"{pad}{prefix} {_scalar(value)}")
    elif isinstance(value, dict) and value:
        if prefix == "-":
            for i, (k, v) in enumerate(value.items()):
                start = len(out)
                _emit(v, indent + 2, out, f"{_scalar(k)}:")
                if i == 0:
                    out[start] = pad + "- " + out[start][indent + 2:]
        else:
            out.append(f"{pad}{prefix}")
            for k, v in value.items():
                _emit(v, indent + 2, out, f"{_scalar(k)}:")
    elif isinstance(value, list) and value:
        if _flow_list(value):
            out.append(f"{pad}{prefix} [{', '.join(_flow_item(v) for v in value)}]")
        else:
            out.append(f"{pad}{prefix}")
            for v in value:
                _emit(v, indent + 2, out, "-")
    elif isinstance(value, (list, dict)):
        out.append(f"{pad}{prefix} {'[]' if isinstance(value, list) else '{}'}")
    elif _is_literal(value):
        out.append(f"{pad}{prefix} |-")
        inner = " " * (indent + 2)
        out.extend(inner + line for line in value.split("\n"))
    else:
        out.append(f"{pad}{prefix} {_scalar(value)}")


def dump(value, header: str = "") -> str:
    """YAML text of an item (a dict) or a registry list, ``header`` (comment
    lines) first."""
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            _emit(v, 0, out, f"{_scalar(k)}:")
    else:
        for v in value:
            _emit(v, 0, out, "-")
    return header + "\n".join(out) + "\n"
