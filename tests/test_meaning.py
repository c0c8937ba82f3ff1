"""One meaning per cell: quantities with kinds and units, "no" as an answer, and quotes.

Small synthetic catalogs and notes, parsed in-process; the real notes only where a rule is about them.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import NoteParser, copy_project, run_cli

from serverless_notes.compare import ComparisonTable
from serverless_notes.loader import load_registry, quote_problems
from serverless_notes.model import NOT_STATED_TEXT, Amount, Catalog, NoteSchema, needs_quote
from serverless_notes.registry import Registry
from serverless_notes.render import Renderer, relative_link

CATALOG = Catalog.model_validate({
    "categories": {"queues": {"label": "Queues", "description": "Hold messages."}},
    "attributes": {
        "max_size": {"label": "Maximum size", "description": "Largest message.", "kind": "size",
                     "categories": ["queues"]},
        "throughput": {"label": "Throughput", "description": "Messages per second.", "kind": "rate",
                       "unit": "messages", "per": "second", "categories": ["queues"]},
        "filtering": {"label": "Filtering", "description": "Filter messages.", "categories": ["queues"]},
        "fan_out": {"label": "Fan-out", "description": "Copies per message.", "categories": ["queues"]},
    },
})
SCHEMA = NoteSchema(CATALOG)
GUIDE = "https://docs.aws.amazon.com/queue/latest/dg/quotas.html"
HEADER_LINES = 5  # name, short_name, category, summary, facts: the first fact's key is on line 7


def note(facts: str, service_id: str = "example") -> str:
    return (f"---\nname: Example {service_id}\nshort_name: {service_id.title()}\ncategory: queues\n"
            "summary: A queue used only by these tests.\nfacts:\n"
            + textwrap.indent(textwrap.dedent(facts), "  ") + "---\n\n# Example\n\nText.\n")


NOTES = NoteParser(SCHEMA)  # synthetic notes checked against this file's catalog
parse, problems = NOTES.parse, NOTES.problems


def size_fact(amount: str, quote: str = "  quote: Messages can be up to 1 MiB.\n") -> str:
    return (f"max_size:\n  value: 1 MiB per message\n  amount: {amount}\n  source: {GUIDE}\n"
            f"  checked: 2026-11-27\n{quote}")


# --- quantities ---------------------------------------------------------------------------

def test_a_size_shows_in_binary_units_with_aws_wording_kept():
    service = parse(note(size_fact("{number: 1048576, unit: bytes, per: message, limit: hard}")))
    fact, attribute = service.facts["max_size"], CATALOG.attributes["max_size"]
    assert attribute.format_amount(fact.amount) == "1 MiB per message"
    assert attribute.format(fact) == "1 MiB per message"
    assert attribute.format_amount(Amount(number=256, unit="KB")) == "250 KiB"  # 256,000 bytes, exactly
    five = Amount(number=5, unit="GB", per="request")
    assert attribute.format_amount(five) == "5 GB (about 4.66 GiB) per request"  # not whole: AWS's figure first


@pytest.mark.parametrize("number, unit, shown", [
    (1209600, "seconds", "14 days"), (86400, "seconds", "1 day"), (90, "seconds", "90 seconds"),
    (1, "milliseconds", "1 millisecond"), (1, "bytes", "1 byte"),
    (15, "minutes", "15 minutes"), (128, "MB", "128 MB (about 122.07 MiB)"), (10, "GiB", "10 GiB"),
])
def test_one_unit_family_per_row(number, unit, shown):
    kind = "duration" if unit in ("seconds", "minutes", "milliseconds") else "size"
    attribute = Catalog.model_validate({"categories": {"q": {"label": "Q", "description": "Q."}}, "attributes": {
        "x": {"label": "X", "description": "X.", "kind": kind, "categories": ["q"]}}}).attributes["x"]
    assert attribute.format_amount(Amount(number=number, unit=unit)) == shown


@pytest.mark.parametrize("amount, field, message", [
    ("{number: 15, unit: minutes}", "facts.max_size.amount.unit", "'minutes' is not a size unit"),
    ("{number: 10, unit: messages}", "facts.max_size.amount.unit", "this row compares sizes"),
])
def test_a_row_refuses_a_value_of_another_kind_at_its_line(amount, field, message):
    [problem] = problems(note(size_fact(amount)))
    assert problem.startswith(f"docs/services/example.md:9: {field}: ")
    assert message in problem


@pytest.mark.parametrize("amount, field", [
    ("{number: 300, unit: requests, per: second}", "unit"),
    ("{number: 300, unit: messages, per: account}", "per"),
])
def test_a_rate_row_refuses_requests_next_to_messages(amount, field):
    text = note(f"throughput:\n  value: 300 per second\n  amount: {amount}\n  source: {GUIDE}\n"
                "  checked: 2026-11-27\n")
    [problem] = problems(text)
    assert problem.startswith(f"docs/services/example.md:9: facts.throughput.amount.{field}: ")
    assert "mixes kinds: this row compares messages per second" in problem


def test_a_value_and_its_amount_cannot_drift_apart():
    [problem] = problems(note(size_fact("{number: 262144, unit: bytes}")))  # the text says 1 MiB
    assert problem.startswith("docs/services/example.md:9: facts.max_size.amount.number: 262,144 is not in the value "
                              "'1 MiB per message'; change the value and its amount together")


def test_a_quantity_without_its_amount_is_refused():
    [problem] = problems(note(f"max_size:\n  value: 1 MiB\n  source: {GUIDE}\n  checked: 2026-11-27\n"))
    assert problem.startswith("docs/services/example.md:8: facts.max_size.value: 'Maximum size' is a size")
    assert "amount: {number: 1048576, unit: bytes" in problem


def test_a_text_attribute_refuses_an_amount():
    [problem] = problems(note(f"filtering:\n  value: By attribute\n  amount: {{number: 1, unit: bytes}}\n"
                              f"  source: {GUIDE}\n  checked: 2026-11-27\n"))
    assert problem.startswith("docs/services/example.md:9: facts.filtering.amount: the attribute is text")


def test_a_catalog_rate_must_say_what_it_counts():
    with pytest.raises(ValueError, match="add 'unit:' and 'per:'"):
        Catalog.model_validate({"categories": {"q": {"label": "Q", "description": "Q."}}, "attributes": {
            "rate": {"label": "Rate", "description": "Rate.", "kind": "rate", "categories": ["q"]}}})


# --- "no" as an answer --------------------------------------------------------------------

NO_FILTERING = (f"filtering:\n  status: not_supported\n  value: No server-side filtering; filter before the queue\n"
                f"  source: {GUIDE}\n  checked: 2026-11-27\n")
NO_FAN_OUT = (f"fan_out:\n  status: not_applicable\n  source: {GUIDE}\n  checked: 2026-11-27\n"
              "  note: A queue delivers each message to one consumer.\n")
SILENT = f"fan_out:\n  status: not_stated\n  source: {GUIDE}\n  checked: 2026-11-27\n"


def test_each_kind_of_answer_reads_differently_in_a_table():
    queue = parse(note(NO_FILTERING + NO_FAN_OUT, "queue"), "queue")
    silent = parse(note(SILENT, "silent"), "silent")
    bare = parse(note(f"filtering:\n  value: By attribute\n  source: {GUIDE}\n  checked: 2026-11-27\n", "bare"),
                 "bare")
    registry = Registry(CATALOG, [queue, silent, bare])
    table = ComparisonTable.build(registry, ["queue", "silent", "bare"], ["filtering", "fan_out"])
    html = Renderer(registry, relative_link("compare.md")).comparison_table(table)
    assert 'sn-fact--not-supported">No server-side filtering; filter before the queue<' in html
    assert 'sn-fact--not-applicable">Not applicable: A queue delivers each message to one consumer.<' in html
    assert f'sn-fact--not-stated">{NOT_STATED_TEXT}<' in html
    assert html.count("No sourced fact yet") == 2  # silent has no filtering fact, bare no fan-out fact
    assert queue.facts["filtering"].has_value and not queue.facts["fan_out"].has_value


def test_quizzes_ask_about_a_sourced_no_and_skip_what_does_not_apply():
    from serverless_notes.study import build_bank

    queue = parse(note(NO_FILTERING + NO_FAN_OUT, "queue"), "queue")
    silent = parse(note(SILENT, "silent"), "silent")
    bank = build_bank(Registry(CATALOG, [queue, silent]))
    assert [(card.front, card.back) for card in bank.cards] == [
        ("Queue: Filtering", "No server-side filtering; filter before the queue")]


@pytest.mark.parametrize("facts, message", [
    (NO_FAN_OUT.replace("  note: A queue delivers each message to one consumer.\n", ""), "needs a 'note:'"),
    (NO_FAN_OUT.replace("status: not_applicable", "status: not_applicable\n  value: Nothing"), "has both a value"),
    (NO_FILTERING.replace("  value: No server-side filtering; filter before the queue\n", ""), "has no 'value:'"),
    (NO_FILTERING.replace("value: No server-side", "value: Server-side"), "starts with the no"),
])
def test_statuses_need_what_a_student_reads(facts, message):
    [problem] = problems(note(facts))
    assert problem.startswith("docs/services/example.md:7: facts.")
    assert message in problem


# --- quotes -------------------------------------------------------------------------------

def test_numeric_facts_need_a_quote_and_validate_says_where(tmp_path):
    docs = tmp_path / "docs"
    (docs / "services").mkdir(parents=True)
    (docs / "_data").mkdir()
    (docs / "_data" / "catalog.yml").write_text(
        "categories:\n  queues: {label: Queues, description: Hold messages.}\nattributes:\n"
        "  max_size: {label: Maximum size, description: Largest., kind: size, categories: [queues]}\n"
        "  filtering: {label: Filtering, description: Filter., categories: [queues]}\n", encoding="utf-8")
    text = note(size_fact("{number: 1, unit: MiB}", quote="")
                + f"filtering:\n  value: Up to 5 filter policies\n  source: {GUIDE}\n  checked: 2026-11-27\n")
    (docs / "services" / "example.md").write_text(text, encoding="utf-8")
    assert len(quote_problems(load_registry(docs))) == 2
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    fix = "states a number, limit, price or date but has no 'quote:'; on the line after 'checked:', copy the words"
    assert [line for line in result.stderr.splitlines() if ": facts." in line] == [
        f"docs/services/example.md:11: facts.max_size: {fix} of the source page that state it",
        f"docs/services/example.md:15: facts.filtering: {fix} of the source page that state it"]


def test_an_empty_quote_is_refused_at_its_line():
    [problem] = problems(note(size_fact("{number: 1, unit: MiB}", quote="  quote: ' '\n")))
    assert problem.startswith("docs/services/example.md:12: facts.max_size.quote: is empty")


def test_which_facts_need_a_quote():
    service = parse(note(NO_FILTERING + NO_FAN_OUT))
    assert not needs_quote(service.facts["fan_out"], CATALOG.attributes["fan_out"])  # no value
    assert not needs_quote(service.facts["filtering"], CATALOG.attributes["filtering"])  # no digit, text kind
    sized = parse(note(size_fact("{number: 1, unit: MiB}")))
    assert needs_quote(sized.facts["max_size"], CATALOG.attributes["max_size"])


def test_quoted_facts_show_the_quote_on_demand_in_the_box():
    service = parse(note(size_fact("{number: 1, unit: MiB}")))
    html = Renderer(Registry(CATALOG, [service]), relative_link("services/example.md")).fact_box(service)
    assert '<details class="sn-fact__quote"><summary>AWS' in html
    assert f'<blockquote cite="{GUIDE}">Messages can be up to 1 MiB.</blockquote>' in html


def test_the_real_notes_pass_every_rule_but_quotes(tmp_path):
    project = copy_project(tmp_path / "project")
    registry = load_registry(project / "docs")
    assert registry.services  # loading applies every kind, unit and status rule
