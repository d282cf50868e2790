"""The English edition's pages (issue 19, docs/editions.md): an item with its
usable ``en:`` texts in place of the Chinese ones, and the marking of the
Chinese text left on a page.  English texts are never machine-translated:
what an item does not give in English is shown in Chinese, marked."""

from __future__ import annotations

import re

from generator.checks.english import usable_parts
from generator.checks.model import Item

ZH_NOTE = "中文"  # the note after Chinese text in the English edition
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = ("script", "style", "svg", "textarea", "title", "head")


def english_item(item: Item) -> Item:
    """The item with its usable English parts in place of the Chinese ones
    (materials, conditions and FAQs by position, steps by id); the item
    itself when it has none."""
    parts = usable_parts(item)
    if not parts:
        return item
    en = item.en
    data = item.model_dump(exclude_unset=True)
    for part in ("name", "summary", "conditions"):
        if part in parts:
            data[part] = getattr(en, part)
    if "materials" in parts:
        for mine, english in zip(data["materials"], en.materials):
            mine.update({k: v for k, v in english.model_dump(exclude_none=True).items() if v not in ([], "")})
    if "faq" in parts:
        for mine, english in zip(data["faq"], en.faq):
            mine.update(english.model_dump(exclude_none=True))
    if "steps" in parts:
        by_id = {s.id: s.model_dump(exclude_none=True) for s in en.steps}
        for step in data["steps"]:
            step.update({k: v for k, v in by_id.get(step.get("id"), {}).items() if k != "id"})
    return Item.model_validate(data)


def mark_chinese(html: str, note: str = ZH_NOTE) -> str:
    """English edition: every text node holding Han characters (outside
    script, style, SVG, textarea and title, and outside an element already
    marked ``lang="zh…"``) wrapped in ``<span lang="zh-Hans" class="osc-zh">``
    with a small note after it; an ``<option>`` (text only) gets the
    attribute instead."""
    out, skip, marked = [], [], []
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9-]+)", part)
            tag = name.group(1).lower() if name else ""
            if part.startswith("</"):
                if skip and skip[-1] == tag:
                    skip.pop()
                if marked and marked[-1] == tag:
                    marked.pop()
            elif not part.endswith("/>"):
                if tag in _SKIP:
                    skip.append(tag)
                elif re.search(r'\slang="zh', part) and tag not in ("html", "meta", "link", "br", "img", "input"):
                    marked.append(tag)
            out.append(part)
        elif not skip and not marked and _HAN.search(part):
            if out and re.match(r"<option[\s>]", out[-1]) and "lang=" not in out[-1]:  # text only: the option marked
                out[-1] = out[-1].replace("<option", '<option lang="zh-Hans"', 1)
                out.append(part)
                continue
            lead = part[:len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()):]
            out.append(f'{lead}<span lang="zh-Hans" class="osc-zh">{part.strip()}'
                       f'<small class="osc-zh-note"> {note}</small></span>{trail}')
        else:
            out.append(part)
    return "".join(out)
