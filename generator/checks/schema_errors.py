"""Turn pydantic's validation errors into problems an editor can act on.

The model classes are walked along the error's location to find the element's
Chinese name (the field ``title``), the keys allowed at that place (for
"did you mean") and the labels of allowed values.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.checks import model, texts

from generator.checks.mistakes import empty_values, id_names, limit_text, lost_list_key, text_numbers
from generator.checks.mistakes.list_entries import comma_entry, comma_parts, same_entry
from generator.sources.load import Document
from generator.sources.mistakes.stray_entries import leading_dash
from generator.sources.mistakes.text import (date_as_meant, fullwidth_brackets, ime_character,
                                       impossible_date, why_no_date)
from generator.messages import label, labels, quoted, say
from generator.checks.problems import Problem
from generator.checks.mistakes.time_meant import meant_time
from generator.checks.mistakes.wide_values import TIME_WRITTEN, fullwidth_values
from generator.checks.mistakes.enum_labels import label_meant
from generator.checks.model_registries import REVIEWER_PATTERN

_PATTERN_MESSAGES = {
    model.LINE_PATTERN: "bad_line",
    model.TEXT_PATTERN: "bad_line",
    model.ID_PATTERN: "bad_id",
    model.URL_PATTERN: "bad_url",
    model.PHONE_PATTERN: "bad_phone",
    model.TIME_PATTERN: "bad_time",
    model.CLOSE_PATTERN: "bad_time",
    model.MONTH_DAY_PATTERN: "bad_month_day",
    model.EMAIL_PATTERN: "bad_email",
    REVIEWER_PATTERN: "bad_reviewer",
}


_NUMBER_KINDS = ("int_type", "int_parsing", "int_from_float")
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ ]+([^:]+)\Z")  # "name 示范市公安局": a key, its colon left out


def _short(text: str) -> str:
    return quoted(text, 13)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_QUOTED_INT = re.compile(r"^-?(0|[1-9][0-9]{0,17})$")
# "20天", "3 份": a number with a word after it (clerk trial 6, #25).
_NUMBER_AND_WORD = re.compile(r"\s*([0-9]{1,9})\s*([^\s0-9].*?)\s*")


def _is_duration(field: FieldInfo | None) -> bool:
    return field is not None and model.Duration in _inner_models(field.annotation)


_TEXT_PATTERNS = (model.LINE_PATTERN, model.TEXT_PATTERN)


def _character(ch: str, kind: str, position: int) -> dict:
    """Message values naming a character: ``char`` = "U+00AD SOFT HYPHEN",
    ``kind`` = what sort of character it is (locale labels ``char_kind``)."""
    code, name = texts.describe(ch)
    kinds = labels("char_kind")
    return {"char": f"{code} {name}".strip(), "kind": kinds.get(kind, kinds.get("other", kind)),
            "position": position}


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    """Model classes reachable through Optional/list/Annotated wrappers."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += _inner_models(arg)
    return found


def walk(root: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model class holding the last key of ``loc``, and that key's field."""
    current: type[BaseModel] | None = root
    field: FieldInfo | None = None
    holder: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        holder = current
        if field is None:
            return holder, None
        inner = _inner_models(field.annotation)
        current = inner[0] if inner else None
    if field is None and holder is root and "root" in root.model_fields:
        field = root.model_fields["root"]  # a RootModel: a list file's entry names itself by its title
    return holder, field


def key_path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text


def _shown(value: Any) -> Any:
    """A value as the editor wrote it in YAML (true, not Python's True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _type_name(value: Any) -> str:
    return label("got", type(value).__name__)


def suggested_key(key: str, holder: type[BaseModel] | None) -> str | None:
    """The key the editor probably meant: the English key of a Chinese element
    name, or a close spelling."""
    if holder is None:
        return None
    fields = holder.model_fields
    # Editors sometimes write the Chinese element name instead of the key.
    by_title = {f.title: name for name, f in fields.items() if f.title}
    if key in by_title:
        return by_title[key]
    if not key.isascii():
        # A short form of the name (名称 for 材料名称; clerk trial 3, #7): the one
        # title holding it, else the one title clearly closest.
        holding = [t for t in by_title if len(key) >= 2 and (key in t or t in key)]
        if len(holding) == 1:
            return by_title[holding[0]]
        close = difflib.get_close_matches(key, holding or list(by_title), n=2, cutoff=0.6)
        if len(close) == 1 or (close and _ratio(key, close[0]) - _ratio(key, close[1]) >= 0.15):
            return by_title[close[0]]
        return None
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _suggest(key: str, holder: type[BaseModel] | None) -> str:
    if holder is None:
        return ""
    name = suggested_key(key, holder)
    if name:
        title = holder.model_fields[name].title
        return say("did_you_mean", suggestion=f"{name}（{title}）" if title else name, key=key)[0]
    # Each with its Chinese name, closest first (a key written in Chinese by
    # the names; clerk trial 2, W10: `备注:` got "office、window、note").
    fields = holder.model_fields
    score = (lambda n: difflib.SequenceMatcher(None, key, fields[n].title or n).ratio()) if not key.isascii() \
        else (lambda n: difflib.SequenceMatcher(None, key, n).ratio())
    ranked = sorted(fields, key=lambda n: -score(n))
    return say("allowed_keys", allowed="、".join(f"{n}（{fields[n].title}）" if fields[n].title else n
                                                for n in ranked))[0]


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list or any(_is_list(a) for a in typing.get_args(annotation))


def belongs_under(loc: tuple, holder: type[BaseModel] | None, doc: Document) -> str:
    """For a key unknown at ``loc`` that is a key of an element beside it
    (``phone`` at the top level: consultation.phone, complaint.phone), where
    to write it: under the element written nearest above it, with the spaces
    to add; "" when it is no such key (issue 13: a key at the wrong indent)."""
    key, parent = loc[-1], tuple(loc[:-1])
    if holder is None:
        return ""
    homes = [name for name, f in holder.model_fields.items() if not _is_list(f.annotation)
             and any(key in m.model_fields for m in _inner_models(f.annotation)[:1])]
    if not homes:
        return ""
    line, column = doc.keys.get(tuple(loc), (0, 0))
    above = sorted((doc.keys[parent + (h,)], h) for h in homes
                   if parent + (h,) in doc.keys and doc.keys[parent + (h,)][0] < line)
    title = _inner_models(holder.model_fields[homes[0]].annotation)[0].model_fields[key].title or key
    if not above:
        names = "、".join(f"{h}（{holder.model_fields[h].title}）" for h in homes)
        return say("belongs_under_absent", key=key, title=title, homes=names, home=homes[0])[0]
    (_, home_column), home = above[-1]
    spaces = home_column + 2 - column
    return say("belongs_under", key=key, title=title, home=home, home_title=holder.model_fields[home].title,
               spaces=spaces if spaces > 0 else 2)[0]


def under_title(key: str, holder: type[BaseModel]) -> str:
    """The title of ``key`` as a key of an element of ``holder`` (phone: 电话; clerk trial 16, #23)."""
    return next((m.model_fields[key].title or "" for f in holder.model_fields.values()
                 for m in _inner_models(f.annotation)[:1] if key in m.model_fields), "")


def _allowed_values(key: str, expected: str) -> str:
    names = {str(k): v for k, v in labels(key).items()}  # online_depth's 1-4 are numbers (clerk trial 5, 16B)
    values = [v.strip(" '") for v in expected.replace(" or ", ",").split(",") if v.strip(" '")]
    return "、".join(f"{v}（{names[v]}）" if v in names else v for v in values)


def _meant_value(key: str, expected: str, value) -> str:
    """"是不是想写 window（窗口办理）？" for a value close to one allowed
    (clerk trial 4, #24: windows), or whose label is the value written
    (clerk trial 18, #31: 纸质 -> paper; ``enum_labels``), or ""."""
    values = [v.strip(" '") for v in expected.replace(" or ", ",").split(",") if v.strip(" '")]
    close = difflib.get_close_matches(str(value).strip().lower(), values, n=1, cutoff=0.75) if value else []
    close = close or label_meant(value, {v: labels(key).get(v) for v in values})
    return say("choice_meant", value=f"{close[0]}（{labels(key)[close[0]]}）" if close and close[0] in labels(key)
               else close[0])[0] if close else ""


def translate(error: dict, doc: Document, root: type[BaseModel], prefix: tuple = (),
              names: id_names.Names | None = None) -> Problem:
    """One pydantic error as a Problem; ``names`` (``id_names.registry_names``)
    lets a name written where an id belongs be answered with the id."""
    loc = prefix + tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    holder, field = walk(root, tuple(error["loc"]))
    element = (field.title if field else "") or ""
    last_key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    on_key, shift = False, 0  # shift: columns from the value's start to the character at fault

    if kind == "missing":
        key = "missing"
        desc = (field.description or "") if field else ""
        values = {"element": element, "key": last_key, "description": f"（{desc}）" if desc else ""}
    elif kind == "extra_forbidden":
        key, on_key = "unknown_key", True
        under = belongs_under(loc, holder, doc)
        values = {"key": last_key, "suggestion": under or _suggest(last_key, holder)}
        meant = None if under else suggested_key(last_key, holder)
        element = (holder.model_fields[meant].title or "") if meant else under_title(last_key, holder) if under else ""
    elif value is None and kind.endswith("_type"):
        key, values, element = empty_values.told(loc, doc, walk(root, tuple(error["loc"])[:-1])[1], element)
    elif kind == "string_type" and isinstance(value, int) and not isinstance(value, bool):
        # The loader lets only plain decimal integers through: the digits are
        # exactly what the editor wrote, so the fix can quote them.
        key, values = text_numbers.told(value, loc, doc)  # with the committed text (clerk trial 17, #25)
    elif kind == "string_type" and isinstance(value, (list, dict)):
        key, values = "expected_text_structure", {"got": _type_name(value)}
    elif kind == "string_type":
        key, values = "expected_text", {"got": _type_name(value), "value": _shown(value)}
    elif kind in ("list_type", "model_type", "dict_type", "model_attributes_type") and isinstance(value, str) \
            and (wide := fullwidth_brackets(value)):  # ［a, b］ typed with a Chinese input method (clerk trial 3)
        # An entry of a file that is a list has no key to name (clerk trial 6).
        key = ("fullwidth_list" if last_key else "fullwidth_list_entry") if kind == "list_type" else \
            ("fullwidth_mapping" if last_key else "fullwidth_mapping_entry")
        values = {"key": last_key, "char": wide[0], "meant": quoted(wide[1], 80)}
    elif kind in ("model_type", "dict_type", "model_attributes_type") and isinstance(value, str) \
            and (no_colon := _KEY_VALUE.match(value)) and field is not None and _inner_models(field.annotation) \
            and no_colon.group(1) in _inner_models(field.annotation)[0].model_fields:
        # "name 示范市公安局" under implementing_body: its one key written without the colon (clerk trial 3, #15).
        inner_key, shift = no_colon.group(1), len(no_colon.group(1))
        inner_field = _inner_models(field.annotation)[0].model_fields[inner_key]
        element = inner_field.title or element
        key, values = "missing_colon", {"key": inner_key, "element": element, "value": _short(no_colon.group(2))}
    elif kind in ("model_type", "dict_type", "model_attributes_type") and _is_duration(field) \
            and isinstance(value, (str, int)) and not isinstance(value, bool):
        key, values = "duration_as_text", {"value": value, "key": last_key, **limit_text.told(value, loc, doc)}
    elif kind in _NUMBER_KINDS and isinstance(value, str) and (wide := ime_character(value)):
        key, values = "fullwidth_char", fullwidth_values(value, wide)  # copies: １ (issue 13, trial 2: W8)
    elif kind in ("int_type", "int_parsing", "int_from_float") and isinstance(value, str) \
            and _QUOTED_INT.match(value.strip()):
        key, values = "quoted_number", {"value": value.strip(), "key": last_key}
    elif kind in _NUMBER_KINDS and isinstance(value, str) and (worded := _NUMBER_AND_WORD.fullmatch(value)):
        _, parent = walk(root, tuple(error["loc"])[:-1])  # the time limit, fee … the number belongs to
        of = parent.title if _is_duration(parent) and parent.title else element
        key, values = "number_with_word", {"value": value.strip(), "digits": worded.group(1), "word": worded.group(2),
                                           "key": last_key, "of": of}
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        key, values = "expected_number", {"value": _shown(value)}
    elif kind in ("bool_type", "bool_parsing"):
        key, values = "expected_bool", {"value": _shown(value)}
    elif kind == "list_type" and isinstance(value, str) and (dash := leading_dash(value, tight=True)):  # trials 9-10
        key, values = "lookalike_dash_list" if dash != "-" else "dash_without_space_list", {"char": dash, "key": last_key}
    elif kind == "list_type" and not last_key:  # an entry of a file that is a list of lists: no key to name
        key, values = "expected_list_entry", {"got": _type_name(value),
                                              "value": f"“{quoted(value, 40)}”" if isinstance(value, str) else ""}
    elif kind == "list_type":
        key, values = "expected_list", {"got": _type_name(value), "key": last_key}
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        inner = _inner_models(field.annotation) if field else []
        key, values = "expected_mapping", {"got": _type_name(value),
                                           "fields": "、".join(inner[0].model_fields) if inner else "—"}
        if not isinstance(value, (list, dict)) and last_key in labels("mapping_example"):  # its shape (issue 13)
            key, values = "expected_mapping_example", {**values, "key": last_key, "value": _shown(value),
                                                        "example": label("mapping_example", last_key)}
    elif kind in ("string_pattern_mismatch", "literal_error", "enum") and loc and isinstance(loc[-1], int) \
            and (parts := comma_parts(value)):
        # [application，rescue]: two values read as one entry; the loader's warning is dropped (clerk trial 6, #22).
        key, values = "chinese_comma_entry", comma_entry(value, parts, id_names.choices_at(loc, doc.data, names))
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == model.ID_PATTERN and isinstance(value, str) \
            and id_names.written_for_id(value, loc) and (choices := id_names.choices_at(loc, doc.data, names)):
        key, values = id_names.name_for_id(value, choices, loc, doc)  # a Chinese name where an id belongs
    elif isinstance(value, str) and (kind.startswith("date") or kind == "string_pattern_mismatch"
                                     and ctx.get("pattern") not in _TEXT_PATTERNS) \
            and (wide := ime_character(value)):
        key, values = "fullwidth_char", fullwidth_values(value, wide, ctx.get("pattern"), kind.startswith("date"),
                                                         loc, doc.data)  # its final form (clerk trial 12, #17)
        key = "url_wide" if ctx.get("pattern") == model.URL_PATTERN else key  # not "改成 https://…。"
    elif kind.startswith("date") and isinstance(value, str) and _ISO_DATE.match(value) and why_no_date(value):
        key, values = "bad_date", {"value": value, "why": why_no_date(value)}  # quoted or not: the day is the fault
    elif kind.startswith("date") and isinstance(value, str) and _ISO_DATE.match(value):
        key, values = "quoted_date", {"value": value, "key": last_key}
    elif kind.startswith("date") and isinstance(value, str) and (meant := date_as_meant(value)):
        key, values = "date_written_as", {"value": value, "meant": meant}
    elif kind.startswith("date") and isinstance(value, str) and (wrong := impossible_date(value)):
        key, values = "bad_date_written_as", {"value": value, "padded": wrong[0], "why": wrong[1]}
    elif kind.startswith("date") or kind.startswith("datetime"):
        key, values = "expected_date", {"value": value}
    elif kind in ("literal_error", "enum"):
        key, values = "choice", {"value": _shown(value), "allowed": _allowed_values(last_key, str(ctx.get("expected", ""))),
                                 "suggestion": _meant_value(last_key, str(ctx.get("expected", "")), value)}
    elif kind == "string_too_short":
        key, values = "too_short_text", {}
    elif kind == "string_too_long":
        key, values = "too_long_text", {"limit": ctx.get("max_length"),
                                        "length": len(value) if isinstance(value, str) else "?"}
    elif kind == "too_short" and isinstance(value, list) and len(value) == 1 and (parts := comma_parts(value[0])):
        # [住房公积金，公积金]: one word with a Chinese comma (clerk trial 6, #42), perhaps a group written already.
        same = same_entry(parts[1], loc, doc)
        key = "chinese_comma_group_repeated" if same else "chinese_comma_group"
        values = {"value": value[0], "comma": parts[0], "meant": ", ".join(parts[1]), "line": same}
    elif kind == "too_short" and loc and isinstance(loc[-1], int) and not last_key:
        key, values = "too_short_entry", {"limit": ctx.get("min_length")}
    elif kind == "too_short":
        key, values = "too_short_list", {"limit": ctx.get("min_length")}
    elif kind == "too_long":
        key, values = "too_long_list", {"limit": ctx.get("max_length")}
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        key, values = "number_range", {"value": value, "range": f"{sign} {bound}"}
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") in _TEXT_PATTERNS and isinstance(value, str) \
            and (found := texts.hidden_character(value.strip(), newlines=ctx["pattern"] == model.TEXT_PATTERN)):
        index, ch, category = found
        key = "bad_line" if ch in "\n\r" else "invisible_char"
        values = _character(ch, category, index + 1)
    elif kind == "string_pattern_mismatch":
        key = _PATTERN_MESSAGES.get(ctx.get("pattern"), "bad_value")
        values = {"value": quoted(value), "detail": error.get("msg", "")}
        if key == "bad_time" and (clock := TIME_WRITTEN.fullmatch(str(value).strip())) and int(clock.group(1)) <= 23:
            # read against the period's other end: "2:00" before 09:00 is 14:00 (clerk trial 8, #27)
            key, meant = meant_time(int(clock.group(1)), clock.group(2), loc, doc.data)
            values = dict(values, **meant)
    elif kind in ("invisible_char", "leading_mark"):
        ch = chr(int(ctx["code"][2:], 16))
        key, values = kind, _character(ch, ctx["kind"], ctx["position"])
    elif kind == "url_scheme":
        key = "url_scheme" if ctx.get("scheme") else "url_no_scheme"
        values = {"value": quoted(value, 80), "scheme": ctx.get("scheme"), "allowed": ctx.get("allowed")}
    elif kind == "url_wide":  # the address with every such mark made English, as a date or a time is told
        key, values = "url_wide", fullwidth_values(str(value), ime_character(str(value)) or (1, "", ""))
    elif kind == "url_chars":
        ch = chr(int(ctx["code"][2:], 16))
        values = {"value": quoted(value, 80), **_character(ch, unicodedata.category(ch), 0)}
        key = "url_chars"
    elif kind.startswith("config_"):  # config.py's own errors: the locale message of that name
        key, values = kind, {"value": quoted(_shown(value), 80), **ctx}
    else:
        key, values = "bad_value", {"detail": error.get("msg", "")}

    message, hint = say(key, **values)
    line, column = doc.position(loc, of_key=on_key)
    return Problem(doc.display, line, column + shift, message, hint, element, key_path(loc))


def problems_from(exc: ValidationError, doc: Document, root: type[BaseModel], prefix: tuple = (),
                  names: id_names.Names | None = None) -> list[Problem]:
    errors = exc.errors(include_url=False)
    # A misspelt key (or its Chinese name) also makes the intended element
    # "missing"; the unknown-key message already names it, so say it once.
    meant = set()
    for e in errors:
        if e["type"] == "extra_forbidden" and e["loc"] and isinstance(e["loc"][-1], str):
            holder, _ = walk(root, tuple(e["loc"]))
            name = suggested_key(e["loc"][-1], holder)
            if name:
                meant.add(tuple(e["loc"][:-1]) + (name,))
    errors, lost = lost_list_key.folded(errors, doc, root, prefix)  # entries of a list whose key line is gone (trial 13)
    return lost + [translate(e, doc, root, prefix, names) for e in errors
            if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]

