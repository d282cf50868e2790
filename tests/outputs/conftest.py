"""Fixtures shared by the search tests of this folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def page(chromium, demo_url):
    """The demo site's search page, with the engine loaded."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(demo_url + "find/")
    page.wait_for_function("window.CatalogueSearch !== undefined")
    yield page
    context.close()
