"""Reading on a phone and on a desktop, in a real Chromium: what the first view loads, tables that
fit, notes that start with the note. Pages come from the notes and the catalog, never a fixed list."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, open_search, search_results

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
    open_search(offline_page)
    assert search_results(offline_page, hosted_site, "queue")
    assert any("search_index.json" in url for url in requested)
    assert offline_page.js_errors == []


def test_site_leaves_out_source_maps_and_unused_search_languages(built_site):
    assert not list(built_site.rglob("*.map"))
    assert not (built_site / "assets/javascripts/lunr").exists()


PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def comparison_pages(site) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in (site / "compare").glob("*.html")
                  if path.name != "index.html")


def test_on_a_phone_no_comparison_scrolls_sideways_or_leaves_text_off_screen(browser, built_site):
    pages = comparison_pages(built_site)
    assert "compare/sqs-vs-sns-vs-mq.html" in pages
    context = browser.new_context(**PHONE)
    page = context.new_page()
    for path in pages:
        page.goto((built_site / path).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        # Every piece of text in the article lies within the screen's width.
        outside = page.evaluate("""() => {
            const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
            const range = document.createRange(), out = [];
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
                range.selectNodeContents(node);
                for (const rect of range.getClientRects())
                    if (rect.width && (rect.left < -0.5 || rect.right > innerWidth + 0.5))
                        out.push(node.textContent.trim());
            }
            return out.slice(0, 5);
        }""")
        assert outside == [], (path, outside)
        # Each value is shown with the name of its service.
        table = page.locator("table.sn-compare__table").first
        names = table.locator("thead th[scope=col] a").all_inner_texts()
        first_row = table.locator("tbody tr").first.locator(".sn-compare__service").all_inner_texts()
        assert first_row == names, path
    context.close()


def test_on_a_desktop_the_service_headers_stay_in_view_mid_table(browser, built_site):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto((built_site / "compare/sqs-vs-sns-vs-mq.html").as_uri())
    for fold in page.locator("details.sn-compare__more").all():  # the rows beyond the exam: a table of their own
        fold.evaluate("details => { details.open = true; }")
    tables = page.locator("div.sn-compare").first.locator("table.sn-compare__table")
    assert tables.count() >= 1
    for index in range(tables.count()):
        table = tables.nth(index)
        rows = table.locator("tbody tr")
        rows.nth(rows.count() // 2).scroll_into_view_if_needed()
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(100)
        # The table's own top has left the screen: a header still in view is one that sticks.
        assert table.evaluate("table => table.getBoundingClientRect().top") < 0
        for header in table.locator("thead th").all():
            box = header.bounding_box()
            assert 0 <= box["y"] and box["y"] + box["height"] <= 900, box
            assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('thead') !== null",
                                 [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    context.close()


def test_on_a_phone_each_note_starts_with_its_prose_on_the_first_screens(browser, built_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    notes = sorted(path.stem for path in (ROOT / "docs/services").glob("*.md"))
    assert "sqs" in notes
    for note in notes:
        page.goto((built_site / f"services/{note}.html").as_uri())
        heading = page.locator("article h2", has_text="What it is").first
        top = heading.evaluate("e => e.getBoundingClientRect().top + scrollY")
        assert top <= 1000, (note, top)
    context.close()


def test_every_value_has_a_named_source_link_with_its_date(browser, built_site):
    page = browser.new_page()
    page.goto((built_site / "compare/sqs-vs-sns-vs-mq.html").as_uri())
    cells = page.locator("table.sn-compare__table .sn-fact")
    links = page.locator("table.sn-compare__table .sn-fact a.sn-src")
    assert cells.count() == links.count() > 0
    for label in links.evaluate_all("links => links.map(l => l.getAttribute('aria-label'))"):
        assert label.startswith("AWS source for ") and ", checked 20" in label
    listed = set(page.locator("ol.sn-sources > li > a").evaluate_all("links => links.map(l => l.href)"))
    cited = set(links.evaluate_all("links => links.map(l => l.href)"))
    assert listed == cited
    page.close()


def test_diagrams_have_a_text_alternative_and_follow_the_colour_toggle(offline_page, built_site):
    notes = [path for path in sorted((built_site / "services").glob("*.html"))
             if 'class="sn-diagram"' in path.read_text(encoding="utf-8") and path.name != "all-notes.html"]
    assert notes, "no note shows a diagram"
    for note in notes:  # what the markup says: read from the page's HTML (the browser is for the colours below)
        soup = BeautifulSoup(note.read_text(encoding="utf-8"), "html.parser")
        svg = soup.select_one("figure.sn-diagram svg")
        assert svg.get("role") == "img", note.name
        label = " ".join(soup.find(id=id).get_text() for id in svg["aria-labelledby"].split(" "))
        assert len(label) > 80, label  # a title and a description that tells the whole picture
        assert all(element["href"].startswith("#") for element in svg.select("[href]")), note.name
    offline_page.emulate_media(color_scheme="light")
    offline_page.goto(notes[-1].as_uri())
    svg = offline_page.locator("figure.sn-diagram svg").first
    colour = "e => getComputedStyle(e.querySelector('text')).fill"
    light = svg.evaluate(colour)
    # Material's manual toggle, not the device setting: light -> dark.
    toggle = offline_page.locator("form[data-md-component=palette] label:visible")
    while offline_page.locator("body").get_attribute("data-md-color-scheme") != "slate":
        toggle.click()
    assert svg.evaluate(colour) != light
    assert offline_page.requests.external == []


def test_home_page_has_a_card_per_service_and_links_the_practice_pages(built_site):
    from serverless_notes import study_pages

    notes = {path.stem for path in (ROOT / "docs/services").glob("*.md")}
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = home.select(".sn-cards:not(.sn-cards--study) > ul > li")
    linked = {card.select_one(".sn-cards__name a")["href"].removeprefix("services/").removesuffix(".html")
              for card in cards}
    assert linked == notes
    assert all(card.select_one(".sn-cards__category").get_text(strip=True) for card in cards)
    # Study mode generates the practice pages; the card links the one that was built.
    practice = study_pages.PRACTICE_INDEX.removesuffix(".md") + ".html"
    assert (built_site / practice).is_file()
    assert home.select(f".sn-cards--study a[href='{practice}']")


def test_each_note_lists_every_source_it_cites_once_at_its_end(built_site):
    for note in sorted(path.stem for path in (ROOT / "docs/services").glob("*.md")):
        soup = BeautifulSoup((built_site / f"services/{note}.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        cited = {link["href"] for link in article.select("a.sn-src")}
        listed = [link["href"] for link in article.select(".sn-note-sources ol.sn-sources > li > a")]
        assert cited and set(listed) == cited and len(listed) == len(set(listed)), note
        assert article.select(".sn-note-sources")[-1].find_next_sibling() is None  # last in the article body


def test_an_abbreviation_in_running_text_is_underlined(browser, built_site):
    page = browser.new_page()
    page.goto((built_site / "services/sqs.html").as_uri())
    decoration = "e => getComputedStyle(e).textDecorationLine + ' ' + getComputedStyle(e).borderBottomStyle"
    in_text = page.locator("article p abbr").first
    assert in_text.count()
    assert in_text.evaluate(decoration) != "none none"
    page.close()
