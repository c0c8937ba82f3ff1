"""Comparison tables at three levels: pure functions, the Markdown extension, a real build."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import real_registry

from serverless_notes.compare import ComparisonTable, expand_compare_blocks, find_compare_blocks
from serverless_notes.markdown_ext import CompareExtension
from serverless_notes.problems import NotesError
from serverless_notes.render import Renderer, relative_link

REGISTRY = real_registry()


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


# --- pure functions ---------------------------------------------------------------------

def test_table_has_one_column_per_item_and_one_row_per_requested_attribute():
    table = ComparisonTable.build(REGISTRY, ["sqs", "sns", "mq"], ["delivery_model", "max_message_size"])
    assert [item.name for item in table.items] == ["Amazon SQS", "Amazon SNS", "Amazon MQ"]
    assert [row.key for row in table.rows] == ["delivery_model", "max_message_size"]
    assert table.rows[1].cells[0][0].fact.value.startswith("1 MiB")


def test_without_rows_the_table_shows_attributes_that_at_least_two_items_have():
    table = ComparisonTable.build(REGISTRY, ["lambda", "s3"])
    for row in table.rows:
        assert sum(bool(cell) for cell in row.cells) >= 2
    assert "pricing_model" in [row.key for row in table.rows]
    assert "memory" not in [row.key for row in table.rows]  # only Lambda has it


def test_a_service_sums_up_facts_that_only_its_variants_give():
    table = ComparisonTable.build(REGISTRY, ["sqs"], ["ordering"])
    labels = [entry.label for entry in table.rows[0].cells[0]]
    assert labels == ["SQS Standard queue", "SQS FIFO queue"]


def test_differing_and_shared_rows():
    table = ComparisonTable.build(REGISTRY, ["sqs.standard", "sqs.fifo"])
    differing = {row.key for row in table.differing_rows}
    assert {"ordering", "delivery_guarantee", "request_rate"} <= differing
    assert "max_message_size" in {row.key for row in table.shared_rows}


@pytest.mark.parametrize("items, rows, message", [
    (["sqs", "sqx"], None, "unknown service or variant 'sqx'; known ids: "),
    (["sqs.lifo"], None, "unknown service or variant 'sqs.lifo'; known ids: "),
    (["sqs"], ["colour"], "unknown attribute 'colour'; known attributes (declared in docs/_data/catalog.yml): "),
])
def test_unknown_ids_are_named_with_the_known_ones(items, rows, message):
    with pytest.raises(ValueError) as error:
        ComparisonTable.build(REGISTRY, items, rows)
    assert str(error.value).startswith(message)
    assert "sqs.fifo" in str(error.value) or "delivery_model" in str(error.value)


def test_fences_inside_other_code_blocks_are_examples_not_tables():
    text = "````markdown\n```compare\nservices: [sqs]\n```\n````\n\n```compare\nservices: [sns]\n```\n"
    blocks = find_compare_blocks(text.split("\n"))
    assert [block.source for block in blocks] == ["services: [sns]"]
    assert blocks[0].start == 6


def test_rendered_table_escapes_values_and_links_headers_to_notes():
    table = ComparisonTable.build(REGISTRY, ["sqs.fifo", "sns"], ["max_message_size"])
    html = Renderer(REGISTRY, relative_link("compare/x.md")).comparison_table(table)
    page = soup(html)
    assert html.lstrip().startswith('<div class="sn-compare"')
    assert [a["href"] for a in page.select("thead a")] == ["../services/sqs.html#variant-fifo", "../services/sns.html"]
    assert page.select_one("tbody th a")["href"] == "../glossary.html#attribute-max_message_size"
    source = page.select_one("td a.sn-src")
    assert source["href"].startswith("https://docs.aws.amazon.com/")
    checked = table.rows[0].cells[0][0].fact.checked  # the first cell's fact, whenever it was checked
    assert source["aria-label"].endswith(f", checked {checked.isoformat()}")
    assert page.select_one("td .sn-compare__service").get_text() == "SQS FIFO queue"


def test_a_tables_sources_are_listed_once_with_what_they_back():
    table = ComparisonTable.build(REGISTRY, ["sqs", "sns", "mq"])
    sources = table.sources()
    urls = [source.url for source in sources]
    cited = {str(entry.fact.source) for row in table.rows for cell in row.cells for entry in cell}
    assert len(urls) == len(set(urls)) and set(urls) == cited
    assert sum(len(source.uses) for source in sources) == sum(len(cell) for row in table.rows for cell in row.cells)


def test_values_are_formatted_by_their_attribute_type_and_unit():
    from serverless_notes.model import Attribute, Fact

    def fact(value):
        return Fact(value=value, source="https://docs.aws.amazon.com/x.html", checked="2026-01-01")

    memory = Attribute(label="Memory", description="d", type="number", unit="MB", categories=["compute"])
    assert memory.format(fact(10240.0)) == "10,240 MB"
    assert memory.format(fact(0.5)) == "0.5 MB"
    caching = Attribute(label="Caching", description="d", type="boolean", categories=["apis"])
    assert [caching.format(fact(True)), caching.format(fact(False))] == ["Yes", "No"]


# --- the Markdown extension on a string ----------------------------------------------------

def convert(text: str, page: str = "notes/page.md") -> str:
    return markdown.markdown(text, extensions=["tables", CompareExtension(registry=REGISTRY, page=page)])


def test_extension_turns_a_block_into_a_table_and_leaves_the_rest():
    html = convert("# Title\n\nBefore.\n\n```compare\nservices: [sqs, sns, mq]\nrows: [delivery_model]\n```\n\n"
                   "After.\n")
    page = soup(html)
    assert page.select_one("h1").text == "Title"
    assert [th.text for th in page.select("thead th")] == ["Attribute", "Amazon SQS", "Amazon SNS", "Amazon MQ"]
    assert page.select_one("tbody th").get_text(strip=True) == "Delivery model"
    assert [p.text for p in page.find_all("p", recursive=False)] == ["Before.", "After."]
    assert page.select_one("thead a")["href"] == "../services/sqs.html"


def test_extension_raises_a_clear_error_for_a_bad_block():
    with pytest.raises(NotesError) as error:
        convert("Intro\n\n```compare\nservices: [sqs, nope]\n```\n")
    assert str(error.value).startswith("docs/notes/page.md:4: compare.services: unknown service or variant 'nope'")


def test_indented_block_in_an_admonition_renders_inside_it():
    html = markdown.markdown("!!! note\n    ```compare\n    services: [sqs, sns]\n    rows: [ordering]\n    ```\n",
                             extensions=["admonition", CompareExtension(registry=REGISTRY)])
    assert soup(html).select_one("div.admonition table.sn-compare__table") is not None


# --- bad blocks: every one fails with file, line and reason ------------------------------

BLOCK_LINE = 2  # the fence opens on line 2 of the test page below

BAD_BLOCKS = {
    "unknown service": ("services: [sqs, sqx]",
                        "3: compare.services: unknown service or variant 'sqx'; known ids: api-gateway, "),
    "unknown attribute": ("services: [sqs, sns]\nrows: [speed]",
                          "4: compare.rows: unknown attribute 'speed'; known attributes "
                          "(declared in docs/_data/catalog.yml): "),
    "empty list": ("services: []", "3: compare.services: is empty; add at least one entry"),
    "yaml syntax error": ("services: [sqs, sns",
                          "4: compare block YAML syntax error: did not find expected ',' or ']'"),
    "unknown key": ("services: [sqs]\ncolumns: [ordering]",
                    "4: compare.columns: unknown field 'columns'; check its spelling and indentation "
                    "(see CONTRIBUTING.md for the compare block format)"),
    "missing services": ("rows: [ordering]",
                         "3: compare.services: required field is missing; add 'services:' with the items to compare, "
                         "e.g. 'services: [sqs, sns, mq]'"),
}


@pytest.mark.parametrize("case", BAD_BLOCKS, ids=str)
def test_bad_block_is_reported_with_its_line(case):
    body, expected = BAD_BLOCKS[case]
    text = f"Intro\n```compare\n{body}\n```\n"
    with pytest.raises(NotesError) as error:
        expand_compare_blocks(text, REGISTRY, lambda table, indent: "", Path("docs/page.md"))
    assert str(error.value).startswith(f"docs/page.md:{expected}")


def test_rows_beyond_the_exam_are_folded_after_the_exams_own_rows():
    exam = [key for key, attribute in REGISTRY.attributes.items() if attribute.exam_level == "clf"]
    beyond = [key for key, attribute in REGISTRY.attributes.items() if attribute.exam_level != "clf"]
    items = ["sqs", "sns"]
    given = [key for key in REGISTRY.attributes if all(key in REGISTRY.item(i).facts for i in items)]
    mixed = [key for key in given if key in beyond][:2] + [key for key in given if key in exam][:2]
    assert len(mixed) == 4, "the catalog needs two exam and two other rows both services give"
    table = ComparisonTable.build(REGISTRY, items, mixed)
    assert [row.key for row in table.open_rows] == mixed[2:]
    assert [row.key for row in table.folded_rows] == mixed[:2]
    html = soup(Renderer(REGISTRY, relative_link("compare/x.md")).comparison_table(table))
    fold = html.select_one("details.sn-compare__more")
    assert fold is not None and not fold.has_attr("open") and "2 more rows" in fold.summary.get_text()
    assert [len(t.select("tbody tr")) for t in html.select("table.sn-compare__table")] == [2, 2]
    for only in (mixed[:2], mixed[2:]):  # all beyond the exam, or all in it: nothing to put first, nothing folded
        table = ComparisonTable.build(REGISTRY, items, only)
        assert table.folded_rows == [] and table.open_rows == table.rows
        assert soup(Renderer(REGISTRY, relative_link("compare/x.md")).comparison_table(table)).select("details") == []
