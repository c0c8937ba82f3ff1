"""What only a browser shows: the styled page from disk, no requests leaving the machine,
accessibility in both colour schemes, and the phone layout."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_page_from_disk_is_styled_with_no_external_request(offline_page, built_site):
    offline_page.goto((built_site / "index.html").as_uri())
    offline_page.wait_for_load_state("load")
    # Material's stylesheet applied: the header is a fixed bar, the typeset font is not the UA default.
    assert offline_page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
    sheets = offline_page.evaluate("[...document.styleSheets].map(s => s.href || '')")
    assert any("main." in href and href.startswith("file:") for href in sheets), sheets
    assert offline_page.locator("h1").first.inner_text().startswith("Serverless on AWS")
    assert offline_page.requests.external == []
    assert offline_page.js_errors == []


# Accessibility of the home, note and comparison pages in both schemes: test_browser_phone's axe sweep of
# every page type (a note and two comparisons among them).


def test_theme_toggle_switches_to_dark_and_back_from_disk(offline_page, built_site):
    offline_page.emulate_media(color_scheme="light")
    offline_page.goto((built_site / "index.html").as_uri())
    body = offline_page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    # The toggle cycles: follow the device -> light -> dark.
    toggle = offline_page.locator("form[data-md-component=palette] label:visible")
    toggle.click()
    assert body.get_attribute("data-md-color-scheme") == "default"
    toggle.click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    background = offline_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    offline_page.reload()  # the choice is remembered
    assert body.get_attribute("data-md-color-scheme") == "slate"


def test_keyboard_user_can_reach_search_and_skip_link(offline_page, built_site):
    offline_page.goto((built_site / "services/sqs.html").as_uri())
    offline_page.keyboard.press("Tab")
    focused = offline_page.evaluate("document.activeElement.className + ' ' + document.activeElement.textContent")
    assert "md-skip" in focused
    offline_page.keyboard.press("/")  # Material's shortcut for search
    assert offline_page.evaluate("document.activeElement.getAttribute('data-md-component')") == "search-query"
