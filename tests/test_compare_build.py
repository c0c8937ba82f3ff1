"""Comparison tables in real builds: generated pages, author blocks, failures, escaping, propagation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_DOCS, ROOT, build_in_process, run_build

from serverless_notes import render
from serverless_notes.compare import ComparisonTable
from serverless_notes.loader import load_comparison_pages, load_registry
from serverless_notes.pages import comparison_specs
from serverless_notes.render import ENVIRONMENT, Renderer, relative_link
from serverless_notes.urls import built_html


def generated_comparisons() -> dict[str, list[str]]:
    """Each generated comparison page (built file) -> its column headers, from the data that declares them."""
    registry = load_registry(ROOT / "docs")
    specs = comparison_specs(registry, load_comparison_pages(ROOT / "docs", registry))
    return {built_html(spec.path): [item.name for item in spec.table.items] for spec in specs}


GENERATED_COMPARISONS = generated_comparisons()


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def column_headers(soup: BeautifulSoup) -> list[str]:
    """The first comparison's column headers; its folded rows' table (beyond the exam) repeats them."""
    tables = soup.select_one("div.sn-compare").select("table.sn-compare__table")
    headers = [[" ".join(th.get_text(" ", strip=True).split()) for th in table.select("thead th")][1:]
               for table in tables]
    assert all(each == headers[0] for each in headers), headers
    return headers[0]


@pytest.mark.parametrize("path", GENERATED_COMPARISONS)
def test_generated_comparison_page(built_site, path):
    soup = page(built_site, path)
    assert column_headers(soup) == GENERATED_COMPARISONS[path]
    assert len(soup.select("table.sn-compare__table tbody tr")) >= 1
    assert soup.find(id="where-they-differ") is not None
    notes = soup.find(id="read-the-notes").find_next("ul")
    assert all(a["href"].startswith("../services/") for a in notes.select("a"))
    for link in soup.select("table.sn-compare__table thead a"):  # headers lead to existing notes
        assert (built_site / "compare" / link["href"].split("#")[0]).resolve().is_file()


def test_messaging_comparison_answers_the_users_questions(built_site):
    soup = page(built_site, "compare/sqs-vs-sns-vs-mq.html")
    def values(td) -> str:  # without the service name shown on phones
        return " ".join(value.get_text(" ", strip=True) for value in td.select(".sn-fact, .sn-fact__missing"))

    rows = {tr.th.get_text(strip=True): [values(td) for td in tr.select("td")]
            for tr in soup.select("table.sn-compare__table tbody tr")}
    for label in ("Messaging pattern", "Delivery model", "Protocols and APIs", "Ordering", "Delivery guarantee",
                  "Maximum message size", "Message retention", "Pricing model", "Use it when", "What you manage"):
        assert label in rows, sorted(rows)
    sqs, sns, mq = rows["Delivery model"]
    assert sqs.startswith("Pull") and sns.startswith("Push")
    assert "exam trap" in soup.get_text().lower()


@pytest.mark.parametrize("path", ["compare/messaging.html", "compare/sqs-vs-sns-vs-mq.html"])
def test_comparison_tables_are_shown_but_their_facts_are_indexed_once(built_site, path):
    """A table repeats facts that search has as entries of their own already (a category's, all of them)."""
    table = page(built_site, path).select_one("table.sn-compare__table")
    assert "Pull: consumers poll the queue" in table.get_text(" ")
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [doc for doc in index["docs"] if doc["location"].startswith(path)]
    assert entries and all("consumers poll the queue" not in doc["text"] for doc in entries)
    # Nor is the fold's line of row names: the whole block goes in after search has read the page.
    assert all("beyond the exam" not in doc["text"] for doc in entries)
    fact = [doc for doc in index["docs"] if doc["location"] == "services/sqs.html#fact-delivery_model"]
    assert len(fact) == 1 and fact[0]["text"].startswith("Pull: consumers poll the queue")
    pages_text = "".join(path.read_text(encoding="utf-8") for path in built_site.rglob("*.html"))
    assert "snblock" not in pages_text + json.dumps(index)  # every placeholder was filled, none indexed


def test_service_page_opens_with_an_at_a_glance_box(built_site):
    soup = page(built_site, "services/sqs.html")
    box = soup.select_one("article aside.sn-glance")
    assert box is not None and box.find_previous("h1") is not None
    fact = box.select_one("#fact-max_message_size")
    assert "1 MiB" in fact.get_text()
    source = fact.select_one("a.sn-src")
    assert source["href"].startswith("https://docs.aws.amazon.com/")
    assert "Maximum message size, checked 20" in source["aria-label"]
    assert box.select_one("#variant-fifo") is not None
    # The box opens with a short summary; the full list is folded away.
    assert 1 <= len(box.select("ul.sn-glance__summary > li")) <= 3
    assert fact.find_parent("details") is not None


def _edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_author_block_works_in_any_page_including_inside_an_admonition(project):
    _edit(project, "docs/offline.md", "## Print or save as PDF",
          "!!! note \"Which queue?\"\n    ```compare\n    services: [sqs.standard, sqs.fifo]\n    rows: [ordering]\n"
          "    ```\n\n## Print or save as PDF")
    items = ["lambda", "fargate", "step-functions.express"]  # a service, another, and another's variant
    _edit(project, "docs/services/lambda.md", "## When to use it",
          f"```compare\nservices: [{', '.join(items)}]\n```\n\n## When to use it")
    build = build_in_process(project)
    assert build.returncode == 0, build.output
    registry = load_registry(project / "docs")
    offline = page(build.site, "offline.html")
    assert column_headers(offline.select_one("div.admonition")) == [registry.item(i).name
                                                                    for i in ("sqs.standard", "sqs.fifo")]
    assert column_headers(page(build.site, "services/lambda.html")) == [registry.item(i).name for i in items]


def test_bad_block_fails_the_build_with_file_and_line(small_project):
    project = small_project  # the message is the code's, whatever the notes say
    _edit(project, "docs/services/alpha.md", "## Limits", "```compare\nservices: [beta, kafka]\n```\n\n## Limits")
    lines = (project / "docs/services/alpha.md").read_text(encoding="utf-8").splitlines()
    line = lines.index("services: [beta, kafka]") + 1
    build = run_build(project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert (f"docs/services/alpha.md:{line}: compare.services: unknown service or variant 'kafka'; known ids: "
            in build.output)


XSS = "<img src=x onerror=alert(1)>"


def test_values_from_data_are_escaped_everywhere(project):
    _edit(project, "docs/services/sqs.md", 'value: "1 MiB (1,048,576 bytes) per message"', f'value: "{XSS}"')
    # A short name is shown in the navigation, which refuses '<' (test_untrusted_input): entities stay text.
    _edit(project, "docs/services/sqs.md", "short_name: Amazon SQS", 'short_name: "SQS &lt;img src=x&gt;"')
    build = build_in_process(project)
    assert build.returncode == 0, build.output
    # Only pages with "onerror" in their source can hold an element with that attribute (attribute names are
    # never decoded from entities): the others need no parsing.
    pages = [p for p in build.site.rglob("*.html") if "onerror" in p.read_text(encoding="utf-8").lower()]
    # <title> holds text only in browsers (RCDATA); html.parser reads tags there that a browser never would.
    injected = [str(p.relative_to(build.site)) for p in pages
                if [img for img in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("img[onerror]")
                    if img.parent.name != "title"]]
    assert injected == []
    box = page(build.site, "services/sqs.html").select_one("#fact-max_message_size")
    assert XSS in box.get_text()  # shown as text
    comparison = page(build.site, "compare/sqs-vs-sns-vs-mq.html")
    assert XSS in comparison.select_one("div.sn-compare").get_text()  # in the table or its folded rows
    index = (build.site / "search/search_index.json").read_text(encoding="utf-8")
    assert XSS not in index and "&lt;img src=x onerror=alert(1)&gt;" in index


def test_changing_one_fact_changes_every_table_box_and_page_that_shows_it(project):
    old, new = "1 MiB (1,048,576 bytes) per message", "7 MiB (a test value) per message"
    _edit(project, "docs/services/sqs.md", f'value: "{old}"\n    amount: {{number: 1048576,',
          f'value: "{new}"\n    amount: {{number: 7340032,')  # the amount moves with its text (7 MiB)
    build = build_in_process(project)
    assert build.returncode == 0, build.output
    for path in ("services/sqs.html", "services/all-notes.html", "compare/sqs-vs-sns-vs-mq.html",
                 "compare/eventbridge-vs-sns-vs-sqs.html", "compare/sqs-standard-vs-fifo.html",
                 "compare/messaging.html"):
        text = page(build.site, path).select_one("article").get_text(" ")
        assert new in text, path
        assert old not in text, path
    index = json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))
    fact_entry = next(d for d in index["docs"] if d["location"] == "services/sqs.html#fact-max_message_size")
    assert fact_entry["text"].startswith(new)


def test_the_box_shows_the_must_know_facts_first_else_the_first_ones():
    registry = load_registry(FIXTURE_DOCS)
    service = max(registry.services.values(), key=lambda service: service.fact_count)
    facts = list(service.own_facts())
    assert len(facts) >= 2 and not any(fact.must_know for _, _, fact in facts)
    assert service.at_a_glance() == facts[:3]  # nothing marked: the note's first facts
    variant, key, fact = facts[-1]
    (variant.facts if variant else service.facts)[key] = fact.model_copy(update={"must_know": True})
    assert [entry[1] for entry in service.at_a_glance()] == [key]  # marked: only what is marked


def test_each_fact_is_rendered_once_per_wording(monkeypatch):
    """render.FactCells: the box's list and summary and every table reuse a fact's cell (issue 20: render each
    fact once), and a reused cell is the one the macro renders."""
    registry = load_registry(FIXTURE_DOCS)
    macros = ENVIRONMENT.get_template("_macros.html").module
    rendered = []
    macro = macros.fact_value
    monkeypatch.setattr(macros, "fact_value", lambda *args: rendered.append(args) or macro(*args))
    services = list(registry.services.values())
    boxes = [Renderer(registry, relative_link(service.doc_path)).fact_box(service) for service in services]
    # A service's own fact reads "SQS: Label" in the list and the summary alike: one cell.
    assert 0 < len(rendered) <= sum(service.fact_count for service in services) + 3 * len(services)
    assert len({(id(fact), id(attribute), context) for fact, attribute, context in rendered}) == len(rendered)
    category = services[0].category
    table = ComparisonTable.build(registry, [s.id for s in registry.services_in(category)],
                                  [key for key in registry.attributes if key in services[0].facts])
    before = len(rendered)
    Renderer(registry, relative_link("compare/x.md")).comparison_table(table)
    assert len(rendered) == before  # the table's cells are the boxes' cells
    assert boxes == [Renderer(registry, relative_link(service.doc_path)).fact_box(service) for service in services]
    monkeypatch.undo()
    render.reload_templates()  # a fresh cache: the same boxes
    assert boxes == [Renderer(registry, relative_link(service.doc_path)).fact_box(service) for service in services]
