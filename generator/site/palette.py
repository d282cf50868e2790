"""The theme's colours, checked for contrast at build time.

mkdocs-material colours the header, buttons and links from the palette
names of mkdocs.yml (``theme.palette.primary`` / ``accent``, e.g. ``red``),
whose values live in the installed theme's CSS (``palette.*.min.css``,
``main.*.min.css``).  Several names fail WCAG 2 AA (4.5:1 for normal text):
``red`` gives white header text on #ef5552 and #ef5552 links on white, both
3.44:1, which axe reports as five kinds of element (the header title, the
repository link, the current page in the navigation, links in the text and
the primary button).

``check(config)`` reads the palette (a mapping, or a list for a light/dark
toggle; ``extra_css`` files of the site may set the ``--md-*`` colours
themselves, which are read too) and returns, for each pair of colours below
4.5:1, a ``mkdocs.yml:line:column`` warning naming the two colours, their
contrast, the CSS variable and a palette name of the same kind that passes
as it is, and a stylesheet that gives that variable the nearest colour of
the same hue (darker or lighter) that passes.  The plugin publishes that
stylesheet after the theme's, so the published site passes and the editor
knows why its colour changed.  Source of the rule: WCAG 2.1 SC 1.4.3
(contrast minimum), relative luminance as defined there.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.checks.problems import Problem, ProblemsFound
from generator.messages import labels, say

MINIMUM = 4.5  # WCAG 2 AA, normal text (the header title and links are not "large" text)
STYLESHEET = "assets/palette-contrast.css"  # published when a colour was adjusted
# What an adjusted colour aims at: a margin for rounding to #rrggbb and for the
# tinted backgrounds of the catalogue's own marks (#fff3e0 is 9 % darker than white).
TARGET = 5.0
SCHEMES = ("default", "slate")
# (text, background, colour changed when they fail, label key): the pairs
# Material draws text with.  Header title, repository link and primary
# button: primary-bg on primary-fg.  Links and the current navigation entry:
# typeset-a on default-bg.  Hovered links and the highlighted words of
# search results: accent-fg on default-bg.  Hovered buttons: accent-bg on accent-fg.
PAIRS = (
    ("--md-primary-bg-color", "--md-primary-fg-color", "--md-primary-fg-color", "header"),
    ("--md-typeset-a-color", "--md-default-bg-color", "--md-typeset-a-color", "links"),
    ("--md-accent-fg-color", "--md-default-bg-color", "--md-accent-fg-color", "accent"),
    ("--md-accent-bg-color", "--md-accent-fg-color", "--md-accent-bg-color", "accent_button"),
)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECLARATION = re.compile(r"(--md-[\w-]+)\s*:\s*([^;]+)")
_ATTRIBUTE = re.compile(r"\[data-md-color-(scheme|primary|accent)=\"?([\w-]+)\"?\]")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
RGBA = tuple[float, float, float, float]


@dataclass
class Result:
    problems: list[Problem]
    css: str  # "" when every pair passes


def _stylesheets() -> tuple[str, str]:
    """The installed theme's main and palette CSS."""
    import material
    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    read = lambda pattern: "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern)))
    return read("main.*.min.css"), read("palette.*.min.css")


@lru_cache(maxsize=1)
def _theme_rules() -> list[tuple[list[str], dict[str, str]]]:
    main, palette = _stylesheets()
    return _rules(main + "\n" + palette)


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, custom properties) of every rule that sets a ``--md-*`` property."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out = []
    for selectors, body in _RULE.findall(css):
        found = dict(_DECLARATION.findall(body))
        if found:
            out.append(([s.strip() for s in selectors.split(",")], {k: v.strip() for k, v in found.items()}))
    return out


def _applies(selector: str, entry: dict[str, str]) -> bool:
    """The selector matches the page's <html>/<body> for this palette entry
    (only root and palette attributes: a rule for some element does not colour the page)."""
    rest = _ATTRIBUTE.sub("", selector)
    for token in (":root", "html", "body", ">", "*"):  # Material's docs set custom colours on ":root > *"
        rest = rest.replace(token, "")
    if rest.strip():
        return False
    return all(entry.get(kind) == value for kind, value in _ATTRIBUTE.findall(selector))


def _variables(entry: dict[str, str], extra: list) -> dict[str, str]:
    values: dict[str, str] = {}
    for selectors, found in [*_theme_rules(), *extra]:
        if any(_applies(s, entry) for s in selectors):
            values.update(found)
    return values


def _parse_colour(text: str, values: dict[str, str], depth: int = 0) -> RGBA | None:
    text = text.strip().lower().removesuffix("!important").strip()
    if depth > 10:
        return None
    var = _VAR.fullmatch(text)
    if var:
        name, fallback = var.groups()
        if name in values:
            return _parse_colour(values[name], values, depth + 1)
        return _parse_colour(fallback, values, depth + 1) if fallback else None
    text = _VAR.sub(lambda m: values.get(m.group(1), m.group(2) or ""), text)
    if text in ("white", "black"):
        return (1.0, 1.0, 1.0, 1.0) if text == "white" else (0.0, 0.0, 0.0, 1.0)
    hexa = re.fullmatch(r"#([0-9a-f]{3,8})", text)
    if hexa:
        digits = hexa.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) not in (6, 8):
            return None
        parts = [int(digits[i:i + 2], 16) / 255 for i in range(0, len(digits), 2)]
        return (*parts[:3], parts[3] if len(parts) == 4 else 1.0)
    func = re.fullmatch(r"(rgba?|hsla?)\((.*)\)", text)
    if not func:
        return None
    args = [a for a in re.split(r"[\s,/]+", func.group(2).strip()) if a]
    if len(args) not in (3, 4):
        return None
    try:
        alpha = _number(args[3], 1.0) if len(args) == 4 else 1.0
        if func.group(1).startswith("rgb"):
            r, g, b = (_number(a, 255.0) for a in args[:3])
        else:
            hue = float(args[0].removesuffix("deg")) / 360
            r, g, b = colorsys.hls_to_rgb(hue % 1, _number(args[2], 1.0), _number(args[1], 1.0))
    except ValueError:
        return None
    return (r, g, b, alpha)


def _number(text: str, scale: float) -> float:
    """A CSS number or percentage as a fraction of ``scale`` (alpha: 0..1)."""
    if text.endswith("%"):
        return float(text[:-1]) / 100
    value = float(text)
    return value / scale if scale != 1.0 else value


def _over(top: RGBA, under: RGBA) -> RGBA:
    a = top[3]
    return (*(top[i] * a + under[i] * (1 - a) for i in range(3)), 1.0)


def _luminance(c: RGBA) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in c[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text: RGBA, background: RGBA, page: RGBA = (1.0, 1.0, 1.0, 1.0)) -> float:
    """WCAG contrast ratio of ``text`` on ``background`` (both composited over
    ``page`` first when translucent), 1..21."""
    bg = _over(background, page)
    a, b = _luminance(_over(text, bg)), _luminance(bg)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def hex_colour(c: RGBA) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in c[:3])


def _mix(c: RGBA, toward: float, t: float) -> RGBA:
    return (*(v + (toward - v) * t for v in c[:3]), 1.0)


def adjusted(colour: RGBA, against: RGBA, as_text: bool) -> RGBA:
    """The nearest colour of the same hue, mixed with black or white, whose
    contrast with ``against`` is at least TARGET (``as_text``: the colour is
    the text; else it is the background)."""
    colour = _over(colour, against) if as_text else _over(colour, (1.0, 1.0, 1.0, 1.0))
    ratio = (lambda c: contrast(c, against)) if as_text else (lambda c: contrast(against, c))
    best = None
    for toward in (0.0, 1.0):
        lo, hi = 0.0, 1.0
        if ratio(_mix(colour, toward, 1.0)) < TARGET:
            continue
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if ratio(_mix(colour, toward, mid)) >= TARGET else (mid, hi)
        if best is None or hi < best[0]:
            best = (hi, _mix(colour, toward, hi))
    return best[1] if best else (0.0, 0.0, 0.0, 1.0)


def _entries(palette) -> list[dict[str, str]]:
    """The palette entries of mkdocs.yml's ``theme.palette`` (with Material's defaults)."""
    entries = palette if isinstance(palette, list) else [palette or {}]
    out = []
    for entry in entries:
        entry = entry if isinstance(entry, dict) else {}
        out.append({"scheme": str(entry.get("scheme") or "default"), "primary": str(entry.get("primary") or "indigo"),
                    "accent": str(entry.get("accent") or "indigo")})
    return out


def _names(kind: str) -> list[str]:
    """Every palette name of ``kind`` (primary, accent) the theme defines."""
    found = []
    for selectors, _ in _theme_rules():
        for s in selectors:
            for k, v in _ATTRIBUTE.findall(s):
                if k == kind and v not in found:
                    found.append(v)
    return found


def _pair_colours(entry: dict[str, str], extra: list, pair: tuple) -> tuple[RGBA, RGBA, RGBA] | None:
    values = _variables(entry, extra)
    text, background, _, _ = pair
    page = _parse_colour(values.get("--md-default-bg-color", "#fff"), values) or (1.0, 1.0, 1.0, 1.0)
    fg, bg = _parse_colour(values.get(text, ""), values), _parse_colour(values.get(background, ""), values)
    return None if fg is None or bg is None else (fg, bg, page)


def _suggestion(entry: dict[str, str], kind: str, extra: list, colour: RGBA) -> tuple[str, float] | None:
    """The palette name of ``kind`` nearest in hue to ``colour`` whose pairs all pass as they are."""
    hue = colorsys.rgb_to_hls(*colour[:3])[0]
    ranked = []
    for name in _names(kind):
        if name in ("custom", entry[kind]):
            continue
        trial = dict(entry, **{kind: name})
        ratios = []
        for pair in PAIRS[:2] if kind == "primary" else PAIRS[2:]:
            colours = _pair_colours(trial, extra, pair)
            if colours:
                ratios.append(contrast(*colours))
        if not ratios or min(ratios) < MINIMUM:
            continue
        main = _pair_colours(trial, extra, PAIRS[0] if kind == "primary" else PAIRS[2])
        own = main[1] if kind == "primary" else main[0]
        h, _, saturation = colorsys.rgb_to_hls(*_over(own, main[2])[:3])
        distance = min(abs(h - hue), 1 - abs(h - hue)) + (0.5 if saturation < 0.15 else 0)  # grey has no hue
        ranked.append((distance, name, min(ratios)))
    return (ranked and min(ranked)[1:]) or None


def _extra_rules(docs_dir: Path, extra_css: list, theme_dirs: list | tuple = ()) -> list:
    """``--md-*`` colours the site's own stylesheets set (files of docs_dir,
    else of the theme folders: the shipped theme's, site/theme.py)."""
    from generator.site.theme import asset_file

    rules = []
    for name in extra_css or []:
        path = str(getattr(name, "path", name))
        if re.match(r"[a-z][a-z0-9+.-]*:|//", path, re.I):
            continue
        file = asset_file(docs_dir, path, theme_dirs)
        try:
            if file is not None:
                rules += _rules(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return rules


def check(config, display: str | None = None) -> Result:
    """Warnings and the corrective stylesheet for MkDocs' loaded ``config``
    (theme.palette, extra_css, docs_dir, config_file_path)."""
    if getattr(config.theme, "name", "material") != "material":
        return Result([], "")
    config_path = Path(config.config_file_path) if config.config_file_path else None
    display = display or (config_path.name if config_path else "mkdocs.yml")
    palette = config.theme.get("palette")
    extra = _extra_rules(Path(config.docs_dir), config.extra_css, getattr(config.theme, "dirs", ()))
    where = labels("palette_pairs")
    problems, css = [], []
    entries = _entries(palette)
    for index, entry in enumerate(entries):
        path = ("theme", "palette", index) if isinstance(palette, list) else ("theme", "palette")
        fixes: dict[str, str] = {}
        values = _variables(entry, extra)
        def current(var: str, original: RGBA) -> RGBA:
            """The colour ``var`` has once the fixes so far are applied (the
            link colour follows the primary colour when it is defined by it)."""
            if var in fixes:
                return _parse_colour(fixes[var], values)
            follows = values.get(var, "").replace(" ", "").startswith("var(--md-primary-fg-color")
            if follows and "--md-primary-fg-color" in fixes:
                return _parse_colour(fixes["--md-primary-fg-color"], values)
            return original

        for pair in PAIRS:
            text_var, bg_var, change, label = pair
            colours = _pair_colours(entry, extra, pair)
            if colours is None:
                continue
            fg0, bg0, page = colours
            fg, bg = current(text_var, fg0), current(bg_var, bg0)
            if contrast(fg, bg, page) >= MINIMUM:
                continue
            as_text = change == text_var
            ratio0 = contrast(fg0, bg0, page)
            if ratio0 >= MINIMUM:
                # Only an earlier fix made this pair fail (on a dark scheme, the
                # darker primary colour as link colour): keep the colour as configured.
                fixes[change] = hex_colour(_over(fg0, _over(bg0, page)) if as_text else _over(bg0, page))
                continue
            fixed = adjusted(fg if as_text else bg, _over(bg, page) if as_text else _over(fg, _over(bg, page)), as_text)
            fixes[change] = hex_colour(fixed)
            kind = "accent" if "accent" in label else "primary"
            suggestion = _suggestion(entry, kind, extra, fg0 if label in ("accent", "links") else bg0)
            key = path + (kind,)
            after = contrast(current(text_var, fg0), current(bg_var, bg0), page)
            message, hint = say(
                "palette_contrast", name=f"{kind}: {entry[kind]}", where=where.get(label, label),
                text=hex_colour(_over(fg0, _over(bg0, page))), background=hex_colour(_over(bg0, page)),
                ratio=f"{ratio0:.2f}", minimum=MINIMUM, variable=change, fixed=fixes[change],
                fixed_ratio=f"{after:.2f}",
                suggest=(f"{kind}: {suggestion[0]}（{suggestion[1]:.2f}:1）" if suggestion else
                         say("palette_no_suggestion")[0]))
            line, column = _position(config_path, display, key)
            problems.append(Problem(display, line, column, message, hint, severity="warning",
                                    element=labels("site_texts").get("palette", "配色"), key=".".join(map(str, key))))
        if fixes:
            selector = "".join(f'[data-md-color-{k}="{entry[k]}"]' for k in ("scheme", "primary", "accent"))
            css.append(selector + " {\n" + "".join(f"  {k}: {v};\n" for k, v in fixes.items()) + "}\n")
    header = "/* Colours adjusted for WCAG 2 AA contrast (generator/site/palette.py); see the build's warnings. */\n"
    return Result(problems, header + "".join(css) if css else "")


def _position(path: Path | None, display: str, key: tuple) -> tuple[int, int]:
    if path is None or not path.is_file():
        return 1, 1
    from generator.sources.load import load_file
    try:
        return load_file(path, display, positions=True).position(key)
    except ProblemsFound:
        return 1, 1
