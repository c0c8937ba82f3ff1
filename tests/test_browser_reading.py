"""Reading on a phone and on a desktop, in a real Chromium: what the first view loads, tables that
fit, notes that start with the note. Pages come from the notes and the catalog, never a fixed list."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HEAVY = ("search_index", "workers/search")  # what only search needs


@pytest.mark.parametrize("path", ["index.html", "services/sqs.html", "compare/sqs-vs-sns-vs-mq.html"])
def test_hosted_first_view_leaves_search_until_the_reader_opens_it(offline_page, hosted_site, path):
    requested: list[str] = []
    offline_page.on("request", lambda request: requested.append(request.url))
    offline_page.goto(hosted_site + path, wait_until="networkidle")
    assert not [url for url in requested if any(part in url for part in HEAVY)]
    # Render-blocking scripts of ours: none in <head>.
    assert offline_page.locator("head script[src*='assets/javascripts/']").count() == 0
    offline_page.locator("input.md-search__input").click()
    offline_page.keyboard.type("queue", delay=15)
    offline_page.locator(".md-search-result__meta").filter(has_text="matching").wait_for(timeout=15_000)
    assert any("search_index.json" in url for url in requested)
    assert offline_page.js_errors == []


def test_site_leaves_out_source_maps_and_unused_search_languages(built_site):
    assert not list(built_site.rglob("*.map"))
    assert not (built_site / "assets/javascripts/lunr").exists()
