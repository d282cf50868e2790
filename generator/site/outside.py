"""Settings of mkdocs.yml that would make the published site load from another host.

Nothing on the site loads from outside it (README, "No external requests"):
a request to another host is slow or blocked for readers in mainland China
and tells that host who reads what.  mkdocs-material does so for a few
settings; ``problems(config)`` refuses each with a ``mkdocs.yml:line:column``
error naming the setting, the host and the fix:

* ``theme.font`` other than ``false``: Google Fonts (Material's default is
  Roboto, so a mkdocs.yml without ``font: false`` loads it);
* ``extra_css`` / ``extra_javascript`` entries that are addresses (``https://…``, ``//…``);
* ``extra.analytics``: Google Analytics;
* ``pymdownx.emoji`` with its default generator: Twemoji images from a CDN.

``repo_url`` needs no check: ``theme/partials/source.html`` shows the
repository as a plain link, so Material's script never asks the GitHub or
GitLab API for the repository's facts.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.checks.problems import Problem, ProblemsFound
from generator.messages import say

_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#]+)", re.I)


def problems(config) -> list[Problem]:
    """Errors for the settings above in MkDocs' loaded ``config``; none for a
    theme other than Material (its settings are not read)."""
    theme = config.theme
    if getattr(theme, "name", None) != "material":
        return []
    found: list[tuple[tuple, str, str, str]] = []  # (key path, setting, host, fix key)
    if theme.get("font"):
        found.append((("theme", "font"), "theme.font", "fonts.googleapis.com、fonts.gstatic.com", "outside_fix_font"))
    for option in ("extra_css", "extra_javascript"):
        for index, entry in enumerate(config[option] or []):
            address = str(getattr(entry, "path", entry))
            match = _ADDRESS.match(address)
            if match:
                found.append(((option, index), f"{option}: {address}", match.group(1), "outside_fix_asset"))
    extra = config.extra or {}
    if hasattr(extra, "get") and extra.get("analytics"):
        found.append((("extra", "analytics"), "extra.analytics", "www.googletagmanager.com", "outside_fix_analytics"))
    emoji = (config.mdx_configs or {}).get("pymdownx.emoji")
    if "pymdownx.emoji" in (config.markdown_extensions or []):
        generator = getattr((emoji or {}).get("emoji_generator"), "__name__", "")
        if generator not in ("to_svg", "to_alt"):
            found.append((("markdown_extensions",), "pymdownx.emoji", "cdn.jsdelivr.net", "outside_fix_emoji"))
    if not found:
        return []
    path = Path(config.config_file_path) if config.config_file_path else None
    display = path.name if path else "mkdocs.yml"
    doc = _document(path, display)
    out = []
    for key, setting, host, fix in found:
        line, column = doc.position(key, of_key=True) if doc else (1, 1)
        message, hint = say("outside_setting", setting=setting, host=host, fix=say(fix)[0])
        out.append(Problem(display, line, column, message, hint, key=".".join(map(str, key))))
    return out


def _document(path: Path | None, display: str):
    if path is None or not path.is_file():
        return None
    from generator.sources.load import load_file
    try:
        return load_file(path, display, positions=True)
    except ProblemsFound:
        return None


def theme_settings(config, serving: bool, log) -> str:
    """Run at MkDocs' ``on_config``: refuse the settings above (``PluginError``
    with every message; serving, they are logged and the pages still built),
    log the palette's contrast warnings (``palette.py``) and, when a colour
    was adjusted, add the stylesheet to ``extra_css``; returns its text ("" if none)."""
    from mkdocs.exceptions import PluginError

    from generator.messages import ui
    from generator.site import palette

    labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
    refused = problems(config)
    if refused:
        text = "\n".join(p.format_text(labels) for p in refused)
        if not serving:
            raise PluginError("\n" + text)
        log.error(text)
    checked = palette.check(config)
    for problem in checked.problems:
        log.warning(problem.format_text(labels))
    if checked.css:
        config.extra_css.append(palette.STYLESHEET)
    return checked.css
