"""The shipped theme: the project's overrides of mkdocs-material and the site's
own stylesheets and scripts, added to every catalogue's build (issue 18).

The theme is code, not a catalogue's data: it lives once, in ``theme/`` beside
this package (templates ``main.html``, ``404.html``, ``partials/``; the CSS
and scripts in ``theme/assets/``, the search engine in ``theme/assets/search/``).
A catalogue's mkdocs.yml (the demo's in ``examples/demo-city/``, a county's at
the top of its fork) names none of it: at MkDocs' ``on_config`` the plugin calls
``add_to(config)``, which

* puts ``theme/`` into ``config.theme.dirs`` after the catalogue's own
  ``custom_dir`` (its templates override the shipped ones) and before
  Material's: MkDocs then reads the templates from it and copies its other
  files (``assets/...``) into the site, unless ``docs_dir`` has a file of the
  same path (MkDocs' rule: a catalogue's own file wins);
* lists the shipped stylesheets and scripts (``STYLESHEETS``, ``SCRIPTS``)
  first in ``extra_css`` / ``extra_javascript``, each unless the catalogue
  already lists it, so the catalogue's own come after them (and its CSS
  overrides theirs).

Nothing is done for a theme other than Material (the overrides are Material's).
"""

from __future__ import annotations

from pathlib import Path

# theme/ of the repository holding this package (generator/site/theme.py -> ../../theme).
THEME_DIR = Path(__file__).resolve().parent.parent.parent / "theme"
# Site paths (under the site root) of the shipped files in theme/assets/, in loading order.
STYLESHEETS = ("assets/catalogue.css", "assets/guide.css")
SCRIPTS = ("assets/catalogue.js", "assets/reader.js", "assets/open-now.js", "assets/guide.js")


def add_to(config) -> bool:
    """Add the shipped theme to MkDocs' loaded ``config`` (MkDocsConfig) as
    described above; returns False (and changes nothing) for a theme other
    than Material.  Raises PluginError (Chinese message ``theme_missing``)
    when ``THEME_DIR`` has no main.html (the package was installed without
    the repository's theme/ folder)."""
    theme = config.theme
    if getattr(theme, "name", None) != "material":
        return False
    if not (THEME_DIR / "main.html").is_file():
        from mkdocs.exceptions import PluginError

        from generator.messages import ui
        raise PluginError(ui("theme_missing").format(path=THEME_DIR))
    dirs = [Path(d).resolve() for d in theme.dirs]
    if THEME_DIR not in dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))
    config.extra_css[:0] = _missing(STYLESHEETS, config.extra_css)
    config.extra_javascript[:0] = _missing(SCRIPTS, config.extra_javascript)
    return True


def _missing(shipped: tuple[str, ...], listed: list) -> list[str]:
    """The entries of ``shipped`` not in ``listed`` (strings or MkDocs'
    ExtraScriptValue, compared by path without a leading ``./`` or ``/``)."""
    have = set()
    for entry in listed or []:
        path = str(getattr(entry, "path", entry))
        have.add((path[2:] if path.startswith("./") else path).lstrip("/"))
    return [path for path in shipped if path not in have]


def asset_file(docs_dir: Path, path: str, theme_dirs: list | tuple = ()) -> Path | None:
    """The file a site path of ``extra_css`` (e.g. ``assets/catalogue.css``)
    is published from: ``docs_dir``'s, else the first theme folder's that has
    it (MkDocs' order); None when none has it."""
    for folder in (docs_dir, *theme_dirs):
        file = Path(folder) / path
        if file.is_file():
            return file
    return None
