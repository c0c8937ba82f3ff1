"""Study on a phone (issue 21) in a real Chromium: 375 px pages with no word broken and nothing off
screen, accessibility of every page type in both schemes, search for numbers, the service worker
offline, and the site from disk as before. Expectations come from the notes, not from a list."""

from __future__ import annotations

import pytest
from conftest import ROOT, real_registry, search, search_results, serious_accessibility_violations

from serverless_notes import paths, service_worker
from serverless_notes.loader import load_comparison_pages, load_registry
from serverless_notes.pages import comparison_specs
from serverless_notes.registry import fact_anchor
from serverless_notes.search_terms import quantity_phrases

pytestmark = pytest.mark.browser

REGISTRY = real_registry()
PHONE = {"width": 375, "height": 812}
A_NOTE = f"services/{sorted(REGISTRY.services)[0]}.html"
A_COMPARISON = sorted(path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").glob("compare/*.md"))
FIRST_COMPARISON = paths.built_html(comparison_specs(REGISTRY, load_comparison_pages(ROOT / "docs", REGISTRY))[0].path)
STUDY_LISTS = ["practice/which-service.html", "practice/exam-traps.html", "glossary.html"]

# Every word's text in one line box: a word broken inside ("keyw/ord") has boxes on two lines.
# Words are split where a line may break anyway (spaces, hyphens, slashes). A text on one line holds no
# broken word, so only texts over several lines are measured word by word.
BROKEN_WORDS = """() => {
  const broken = [], range = document.createRange();
  const lines = () => new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    range.selectNodeContents(node);
    if (lines().size < 2) continue;
    for (const match of node.data.matchAll(/[^\\s\\-\\/\\u2013\\u2014]+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (lines().size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# Text whose box reaches past the right edge of the screen, outside a region that scrolls sideways.
OFF_SCREEN = """() => {
  const off = [], range = document.createRange(), inScroller = new Map();  // element -> inside a region that scrolls
  const scrolls = el => {
    if (!el) return false;
    if (!inScroller.has(el))
      inScroller.set(el, /(auto|scroll)/.test(getComputedStyle(el).overflowX) || scrolls(el.parentElement));
    return inScroller.get(el);
  };
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.data.trim() || scrolls(node.parentElement)) continue;
    range.selectNodeContents(node);
    for (const rect of range.getClientRects())
      if (rect.width > 0 && (rect.right > innerWidth + 1 || rect.left < -1)) off.push(node.data.trim().slice(0, 40));
  }
  return off;
}"""


def phone_pages() -> list[str]:
    return [*STUDY_LISTS, "index.html", A_NOTE, "compare/" + A_COMPARISON[0].split("/")[-1].replace(".md", ".html")
            if A_COMPARISON else "compare/index.html", "what-changed.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_study_pages_and_tables_at_375px_break_no_word_and_keep_text_on_screen(browser, built_site, scheme):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    comparisons = [f"compare/{path.stem}.html" for path in sorted((built_site / "compare").glob("*.html"))]
    for path in dict.fromkeys([*phone_pages(), *comparisons]):
        page.goto((built_site / path).as_uri())
        broken, off = page.evaluate(BROKEN_WORDS), page.evaluate(OFF_SCREEN)
        if broken or off or page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            problems[path] = (broken[:5], off[:5])
    context.close()
    assert problems == {}


def test_diagram_labels_render_at_12px_or_more_on_a_phone(browser, built_site):
    notes = [path for path in sorted((built_site / "services").glob("*.html"))
             if 'class="sn-diagram"' in path.read_text(encoding="utf-8") and path.name != "all-notes.html"]
    assert notes
    page = browser.new_page(viewport=PHONE)
    for note in notes:
        page.goto(note.as_uri())
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.sn-diagram text')].map(text => {
          const svg = text.closest('svg'), scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return parseFloat(getComputedStyle(text).fontSize) * scale;
        }))""")
        assert smallest >= 12, (note.name, smallest)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def axe_pages() -> list[str]:
    """One page of every type: the hand-written pages, and one of each kind the build generates.
    Not 404.html: it links its assets from the site's root URL, which a page opened from disk cannot reach.
    Not the practice pages: test_browser_study sweeps them in both schemes, with an answer showing."""
    generated = [paths.OVERVIEW, paths.COMPARISONS_INDEX, paths.GLOSSARY, paths.WHAT_CHANGED, paths.PRINT_VIEW]
    comparisons = [spec.path for spec in comparison_specs(REGISTRY, load_comparison_pages(ROOT / "docs", REGISTRY))]
    hand_written = [path.relative_to(ROOT / "docs").as_posix() for path in sorted((ROOT / "docs").glob("*.md"))]
    pages = ["index.html", A_NOTE, *map(paths.built_html, generated + comparisons[:2] + hand_written)]
    return list(dict.fromkeys(pages))


# One test per page and scheme, so the workers share the sweep (axe takes seconds on a long page).
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", axe_pages())
def test_every_page_type_has_no_serious_accessibility_violation(browser, built_site, path, scheme):
    assert (built_site / path).is_file(), path
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto((built_site / path).as_uri())
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected  # axe sees the scheme
    serious = serious_accessibility_violations(page)
    context.close()
    assert serious == []


def stating_facts(query: str) -> set[tuple[str, str]]:
    """(page, fact anchor) of every fact that states `query`: as one of its quantities, or in its name."""
    found = set()
    for service in REGISTRY.services.values():
        for variant, key, fact in service.own_facts():
            attribute = REGISTRY.attributes[key]
            value = attribute.format(fact)
            quantities = {phrase.lower() for phrase in quantity_phrases(value)}
            if query.lower() in quantities or query.lower() in attribute.label.lower():
                found.add((f"services/{service.id}.html", fact_anchor(key, variant.id if variant else None)))
    return found


@pytest.mark.parametrize("query", ["1 MiB", "14 days", "visibility timeout", "fan-out"])
def test_search_ranks_the_page_of_a_fact_that_states_it_first_and_shows_that_fact(search_page, built_site, query):
    stating = stating_facts(query)
    assert stating, f"no fact states {query!r}: pick a query the notes answer"
    tab = search_page(built_site.as_uri() + "/")
    results = search_results(tab, built_site.as_uri() + "/", query)
    assert results[0] in {page for page, _ in stating}, results[:5]
    first = tab.locator("li.md-search-result__item").first
    shown = first.locator(":scope > a.md-search-result__link").evaluate_all("links => links.map(l => l.hash.slice(1))")
    assert {anchor for page, anchor in stating if page == results[0]} & set(shown), shown
    # The note's keyword chips show once, on the note's own result, not again under each fact.
    chips = first.locator(".md-tag").evaluate_all("tags => tags.filter(t => t.offsetParent).length")
    assert chips <= len(REGISTRY.services[results[0].split("/")[-1].removesuffix(".html")].search_terms)


def test_hosted_site_works_offline_after_one_visit(browser, hosted_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # search's box in view
    page = context.new_page()
    external = []
    page.on("request", lambda request: None if request.url.startswith(hosted_site) else external.append(request.url))
    page.goto(hosted_site + "index.html")
    assert page.locator("link[rel=manifest]").count() == 1
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    context.set_offline(True)
    page.goto(hosted_site)  # the home page, as a phone's home-screen icon opens it
    assert page.locator("nav.sn-quick").count() == 1
    unvisited = REGISTRY.services[sorted(REGISTRY.services)[-1]]
    page.goto(hosted_site + f"services/{unvisited.id}.html")
    assert unvisited.short_name in page.locator("article h1").inner_text()
    page.goto(hosted_site + "practice/exam.html")
    page.locator(".sn-q").first.wait_for(timeout=15_000)
    page.locator(".sn-choice").first.click()  # the exam works, not only shows
    page.get_by_role("button", name="Show answer").click()
    # Settling loads the explanations (practice/exam-why.js), which only the worker's cache can serve now.
    page.locator(".sn-q__explanation").first.wait_for(timeout=15_000)
    assert page.locator(".sn-q__feedback").first.inner_text() != ""
    results = search(page, hosted_site, "broker")
    assert results, "search works offline"
    context.close()
    assert external == []


def test_a_new_deployment_replaces_the_worker_and_its_offline_copy(browser, small_project):
    """A reader who visited once, then visits again after a deployment, reads the new build offline
    (the worker's code, on the small fixture site: its precache is quick)."""
    from conftest import build_in_process, served_over_http

    build = build_in_process(small_project)
    assert build.returncode == 0, build.output
    site = build.site
    with served_over_http(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(base + "index.html")
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
            first = page.evaluate("caches.keys()")
            # The next deployment: a note the reader never opened changes, and the build writes its worker anew.
            fixture = load_registry(small_project / "docs")
            unvisited = fixture.services[sorted(fixture.services)[-1]]
            note = site / paths.built_html(unvisited.doc_path)
            note.write_text(note.read_text(encoding="utf-8").replace("</h1>", " (second deployment)</h1>", 1),
                            encoding="utf-8")
            service_worker.write(site)
            page.goto(base + "index.html")  # an ordinary visit, online: the browser finds the new worker
            for _ in range(240):  # it installs in the background; once active, only its own cache is left
                names = page.evaluate("caches.keys()")
                if len(names) == 1 and names != first:
                    break
                page.wait_for_timeout(250)
            assert len(names) == 1 and names != first, (first, names)
            context.set_offline(True)
            page.goto(base + paths.built_html(unvisited.doc_path))
            assert "(second deployment)" in page.locator("article h1").inner_text()
        finally:
            context.close()


def test_from_disk_the_site_registers_no_worker_and_shows_no_error(offline_page, built_site):
    for path in ["index.html", A_NOTE, "practice/exam.html"]:
        offline_page.goto((built_site / path).as_uri())
        offline_page.wait_for_load_state("load")
        assert offline_page.locator("link[rel=manifest]").count() == 0
        assert offline_page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_sources_are_folded_on_a_phone_and_open_on_a_wide_screen(browser, built_site):
    for viewport, opened in ((PHONE, False), ({"width": 1280, "height": 900}, True)):
        page = browser.new_page(viewport=viewport)
        for path in (A_NOTE, FIRST_COMPARISON):
            page.goto((built_site / path).as_uri())
            assert page.locator("details.sn-sources-fold").evaluate("d => d.open") is opened, (path, viewport)
        page.close()
