"""``robots.txt``: every page may be indexed, and where the sitemap is.

The sitemap line needs an absolute address, so it is written only when
``site_url`` is set in mkdocs.yml.  A ``robots.txt`` of the county's own in
the docs folder (``content/robots.txt``) is published as it is instead."""

from __future__ import annotations

from pathlib import Path


def text(site_url: str) -> str:
    """The file's text for ``site_url`` (e.g. https://catalogue.example.gov.cn/; "" when unset)."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"


def write(site: Path, site_url: str, docs: Path) -> None:
    if (docs / "robots.txt").is_file():
        return  # MkDocs copied the county's own
    site.mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text(text(site_url), encoding="utf-8")
