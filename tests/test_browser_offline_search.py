"""Reading offline and searching, in a real Chromium: from disk with the network cut, hosted over
HTTP, from the unzipped download, and in print (phones: test_browser_reading.py)."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import ROOT, open_search, search, search_results

from serverless_notes.loader import load_registry

pytestmark = pytest.mark.browser

# query -> the note that must be among the first three results
SEARCHES = {
    "FIFO": "services/sqs.html",
    "visibility timeout": "services/sqs.html",
    "fan-out": "services/sns.html",
    "15 minutes": "services/lambda.html",
    "state machine": "services/step-functions.html",
    "broker": "services/mq.html",
    "object storage": "services/s3.html",
    "pull": "services/sqs.html",
    "queue": "services/sqs.html",
    "pub/sub": "services/sns.html",
    "serverless containers": "services/fargate.html",
    "NoSQL": "services/dynamodb.html",
}


@pytest.mark.parametrize("path", ["index.html", "services/sqs.html", "compare/sqs-vs-sns-vs-mq.html"])
def test_pages_from_disk_make_no_external_request_even_with_search_used(offline_page, built_site, path):
    offline_page.goto((built_site / path).as_uri())
    assert offline_page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert offline_page.locator(".md-header__button.md-logo svg").count() == 1  # icons are inlined
    if path.startswith("compare/"):
        assert offline_page.locator("table.sn-compare__table tbody tr").count() >= 8
    open_search(offline_page)  # on this page
    results = search_results(offline_page, built_site.as_uri() + "/", "broker")
    assert results[0] == "services/mq.html"
    assert offline_page.requests.external == []
    assert offline_page.js_errors == []


def test_navigation_works_from_disk(offline_page, built_site):
    offline_page.goto((built_site / "index.html").as_uri())
    offline_page.locator("nav.md-nav--primary a.md-nav__link", has_text="Overview").first.click()
    assert offline_page.url.endswith("/overview.html")
    offline_page.locator("article a", has_text="Amazon SQS").first.click()
    assert offline_page.url.endswith("/services/sqs.html")
    offline_page.locator("aside.sn-glance").wait_for(state="visible")
    assert offline_page.requests.external == []


@pytest.mark.parametrize("mode", ["offline", "hosted"])
@pytest.mark.parametrize("query", SEARCHES)
def test_search_puts_the_right_note_in_the_top_three(search_page, built_site, hosted_site, mode, query):
    base_url = built_site.as_uri() + "/" if mode == "offline" else hosted_site
    page = search_page(base_url)
    results = search_results(page, base_url, query)
    assert SEARCHES[query] in results[:3], results[:5]
    assert page.requests.external == [] and page.js_errors == []


def test_each_fact_is_a_search_result_of_its_own(offline_page, built_site):
    search(offline_page, built_site.as_uri() + "/", "SQS maximum message size")
    results = offline_page.eval_on_selector_all(
        "a.md-search-result__link", "links => links.map(l => [l.querySelector('h1, h2').textContent, l.href])")
    titles = [title for title, _ in results]
    assert "Amazon SQS: Maximum message size" in titles[:3], titles[:5]
    href = dict(results)["Amazon SQS: Maximum message size"]
    assert href.split("?")[0].endswith("/services/sqs.html") and href.endswith("#fact-max_message_size")
    offline_page.goto(href)
    fact = offline_page.locator("#fact-max_message_size")
    assert fact.is_visible() and "1 MiB" in fact.inner_text()


def test_downloaded_zip_works_unzipped_anywhere(offline_page, built_site, tmp_path):
    archive = built_site / "downloads/serverless-study-notes.zip"
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert "serverless-study-notes/index.html" in names
        assert not any(name.endswith(".zip") for name in names)
        bundle.extractall(tmp_path)
    home = tmp_path / "serverless-study-notes/index.html"
    offline_page.goto(home.as_uri())
    # The copy's own link to the zip, which the zip cannot hold, leads to the hosted site's zip.
    site_url = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    assert offline_page.locator(f"a[href='{site_url}downloads/serverless-study-notes.zip']").count() >= 1
    assert offline_page.locator("a[href='downloads/serverless-study-notes.zip']").count() == 0
    results = search(offline_page, home.parent.as_uri() + "/", "FIFO")
    assert "services/sqs.html" in results[:3]
    offline_page.goto((tmp_path / "serverless-study-notes/compare/lambda-vs-fargate.html").as_uri())
    assert offline_page.locator("table.sn-compare__table").first.is_visible()
    assert offline_page.requests.external == []


def test_print_view_has_every_note_and_prints_tables_within_the_page(browser, built_site, tmp_path):
    page = browser.new_page(viewport={"width": 800, "height": 1100})
    page.goto((built_site / "services/all-notes.html").as_uri())
    titles = page.locator("article h1").all_inner_texts()
    assert len(titles) == 1 + len(load_registry(ROOT / "docs").services)  # the page title and one per note
    page.emulate_media(media="print")
    assert page.locator("nav.md-nav--primary").is_hidden()
    assert page.locator("header.md-header").is_hidden()
    page.goto((built_site / "compare/sqs-vs-sns-vs-mq.html").as_uri())
    page.emulate_media(media="print")
    widths = page.evaluate("""() => { const box = document.querySelector('.sn-compare');
        const table = box.querySelector('table');
        return [table.getBoundingClientRect().right, document.querySelector('article').getBoundingClientRect().right,
                getComputedStyle(box).overflowX]; }""")
    assert widths[0] <= widths[1] + 1 and widths[2] == "visible", widths
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    page.close()
