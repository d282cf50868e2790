"""Links gate of issue 7: every internal link and anchor of a built site
resolves (tests/links.py), on the hostile mini site and on the demo catalogue."""

from __future__ import annotations

from links import broken_links, count_links


def test_no_broken_links_in_mini_site(hostile_site, site_url):
    assert count_links(hostile_site.path) > 500
    broken = broken_links(hostile_site.path, site_url)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])


def test_no_broken_links_in_demo_site(demo_site, site_url):
    assert count_links(demo_site) > 3000
    broken = broken_links(demo_site, site_url)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])
