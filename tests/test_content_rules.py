"""Content rules on small synthetic notes: allowed kinds of source, facts AWS does not state,
former values, the exam scope, and the concepts glossary. Parsed in-process, no build."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest
from conftest import NoteParser

from serverless_notes.changes import changes
from serverless_notes.concept_links import ConceptIndex, ConceptLinkExtension
from serverless_notes.loader import load_concepts
from serverless_notes.model import NOT_STATED_TEXT, Catalog, NoteSchema
from serverless_notes.problems import NotesError
from serverless_notes.registry import Registry

CATALOG = Catalog.model_validate({
    "categories": {"queues": {"label": "Queues", "description": "Hold messages."}},
    "attributes": {
        "max_size": {"label": "Maximum size", "description": "Largest message.", "categories": ["queues"]},
        "ordering": {"label": "Ordering", "description": "Order kept.", "categories": ["queues"]},
    },
})
SCHEMA = NoteSchema(CATALOG)
GUIDE = "https://docs.aws.amazon.com/queue/latest/dg/quotas.html"
NEWS = "https://aws.amazon.com/about-aws/whats-new/2025/08/queue-larger-messages/"


def note(facts: str, extra: str = "") -> str:
    return ("---\nname: Example Queue Service\nshort_name: Example Queue\ncategory: queues\n"
            "summary: A queue used only by these tests.\n" + extra + "facts:\n"
            + textwrap.indent(textwrap.dedent(facts), "  ") + "---\n\n# Example Queue\n\nText.\n")


NOTES = NoteParser(SCHEMA)  # synthetic notes checked against this file's catalog
parse, problems = NOTES.parse, NOTES.problems


def fact(source: str = GUIDE, more: str = "") -> str:
    return f"max_size:\n  value: 1 MiB\n  source: {source}\n  checked: 2026-11-27\n" + textwrap.indent(more, "  ")


# --- kinds of source --------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    GUIDE,
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html",
    "https://aws.amazon.com/sqs/faqs/",
    "https://aws.amazon.com/sqs/pricing/",
    "https://docs.aws.amazon.com/general/latest/gr/sqs-service.html",
])
def test_primary_pages_are_accepted(source):
    assert parse(note(fact(source))).facts["max_size"].source == source


@pytest.mark.parametrize("source, rule", [
    ("https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/SQS/TSendMessageRequest.html", "SDK, CDK or CLI"),
    ("https://docs.aws.amazon.com/cli/latest/reference/sns/subscribe.html", "SDK, CDK or CLI"),
    ("https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_sns.html", "SDK, CDK or CLI"),
    ("https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/sqs/", "SDK, CDK or CLI"),
    ("https://docs.aws.amazon.com/AmazonS3/latest/developerguide/Welcome.html", "legacy S3 path"),
    ("https://aws.amazon.com/premiumsupport/knowledge-center/s3-object-key-naming-pattern", "Knowledge Center"),
    (NEWS, "What's New post or blog"),
    ("https://aws.amazon.com/blogs/compute/larger-payloads/", "What's New post or blog"),
])
def test_secondary_pages_are_refused_with_the_rule_named(source, rule):
    [problem] = problems(note(fact(source)))
    assert problem.startswith("docs/services/example.md:9: facts.max_size.source: ")
    assert rule in problem


# --- facts AWS does not state -------------------------------------------------------------

def test_a_fact_aws_does_not_state_shows_so_and_keeps_the_page_checked():
    service = parse(note(f"ordering:\n  status: not_stated\n  source: {GUIDE}\n  checked: 2026-11-27\n"
                         "  note: The quotas page gives no ordering guarantee.\n"))
    ordering = service.facts["ordering"]
    assert ordering.value is None and ordering.source == GUIDE
    assert CATALOG.attributes["ordering"].format(ordering) == NOT_STATED_TEXT


@pytest.mark.parametrize("facts, where, message", [
    (f"ordering:\n  source: {GUIDE}\n  checked: 2026-11-27\n", "7: facts.ordering", "has no 'value:'"),
    (f"ordering:\n  value: FIFO\n  status: not_stated\n  source: {GUIDE}\n  checked: 2026-11-27\n",
     "7: facts.ordering", "has both a value and 'status: not_stated'"),
    (f"ordering:\n  status: unknown\n  source: {GUIDE}\n  checked: 2026-11-27\n",
     "8: facts.ordering.status", "unknown status 'unknown'; use one of 'not_stated'"),
])
def test_value_and_status_must_agree(facts, where, message):
    [problem] = problems(note(facts))
    assert problem.startswith(f"docs/services/example.md:{where}: ")
    assert message in problem


# --- former values ------------------------------------------------------------------------

FORMER = f"""previously:
  - value: 256 KiB
    until: 2025-08-04
    source: {NEWS}
    checked: 2026-11-27
"""


def test_former_values_carry_their_date_and_announcement_and_feed_what_changed():
    service = parse(note(fact(more=FORMER)))
    [former] = service.facts["max_size"].previously
    assert (former.value, former.until.isoformat(), former.source) == ("256 KiB", "2025-08-04", NEWS)
    [change] = changes(Registry(CATALOG, [service]))
    assert (change.owner, change.key, change.former.value) == ("Example Queue", "max_size", "256 KiB")
    assert change.anchor == "fact-max_size"


def test_changes_are_listed_newest_first_across_services():
    older = fact(more=FORMER.replace("2025-08-04", "2023-01-05"))
    registry = Registry(CATALOG, [parse(note(older), "alpha"), parse(note(fact(more=FORMER)), "beta")])
    assert [change.service.id for change in changes(registry)] == ["beta", "alpha"]


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace("    until: 2025-08-04\n", ""), "until: required field is missing"),
    (lambda text: text.replace("2025-08-04", "2999-01-01"), "is in the future"),
    (lambda text: text.replace(NEWS, "https://example.com/news"), "not an https URL on an AWS documentation"),
    (lambda text: text + f"  - value: 64 KiB\n    until: 2026-01-01\n    source: {NEWS}\n    checked: 2026-11-27\n",
     "newest first"),
])
def test_bad_former_values_are_named(edit, message):
    found = problems(note(fact(more=edit(FORMER))))
    assert len(found) == 1 and message in found[0] and "facts.max_size" in found[0]


# --- exam scope -----------------------------------------------------------------------------

def test_exam_scope_is_a_sourced_fact_of_the_note():
    scope = ("exam_scope:\n  value: In scope (Application Integration)\n"
             "  source: https://docs.aws.amazon.com/aws-certification/latest/cloud-practitioner-02/"
             "cloud-practitioner-02-in-scope-services.html\n  checked: 2026-11-27\n")
    assert parse(note(fact(), extra=scope)).exam_scope.value == "In scope (Application Integration)"
    [problem] = problems(note(fact(), extra=scope.replace("  checked: 2026-11-27\n", "")))
    assert "exam_scope.checked: required field is missing" in problem


# --- concepts -----------------------------------------------------------------------------

CONCEPTS = f"""- id: dead-letter-queue
  term: Dead-letter queue
  also: [DLQ]
  definition: Where messages go after too many failed attempts.
  source: {GUIDE}
  checked: 2026-11-27
  services: [example]
- id: decoupling
  term: Decoupling
  also: [decouple, loosely coupled]
  definition: Parts that do not wait for each other.
  source: {GUIDE}
  checked: 2026-11-27
"""


def concept_docs(tmp_path: Path, text: str) -> Path:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/concepts.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_concepts_load_sorted_and_link_their_first_use_only(tmp_path):
    registry = Registry(CATALOG, [parse(note(fact()))])
    concepts = load_concepts(concept_docs(tmp_path, CONCEPTS), registry)
    assert [concept.id for concept in concepts] == ["dead-letter-queue", "decoupling"]
    links = ConceptLinkExtension()
    links.set_page(ConceptIndex(concepts), lambda concept: f"../glossary.md#concept-{concept.id}")
    html = markdown.markdown("## Decoupling\n\nQueues decouple work; `decouple` and [decoupling](x.md). "
                             "Failed messages go to a dead-letter queue, then a dead-letter queue again.",
                             extensions=[links])
    assert html.count('class="sn-concept"') == 2
    assert '<a class="sn-concept" href="../glossary.md#concept-decoupling" title="Parts that do not wait for ' \
           'each other.">decouple</a>' in html
    assert "<h2>Decoupling</h2>" in html and "<code>decouple</code>" in html
    links.set_page(None)
    assert "sn-concept" not in markdown.markdown("We decouple.", extensions=[links])


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace("services: [example]", "services: [nope]"), "unknown service 'nope'"),
    (lambda text: text.replace("id: decoupling", "id: dead-letter-queue"), "duplicate concept id"),
    (lambda text: text.replace(f"source: {GUIDE}\n  checked: 2026-11-27\n  services",
                               f"source: {NEWS}\n  checked: 2026-11-27\n  services"), "What's New"),
])
def test_bad_concepts_are_named_with_file_and_line(tmp_path, edit, message):
    registry = Registry(CATALOG, [parse(note(fact()))])
    with pytest.raises(NotesError) as error:
        load_concepts(concept_docs(tmp_path, edit(CONCEPTS)), registry)
    assert any(message in str(problem) and "concepts.yml:" in str(problem) for problem in error.value.problems)


# --- the "What changed" page of the real build ---------------------------------------------

def test_what_changed_lists_every_former_value_of_the_notes_newest_first_with_links(built_site):
    from bs4 import BeautifulSoup
    from conftest import ROOT

    from serverless_notes import paths
    from serverless_notes.loader import load_registry

    expected = changes(load_registry(ROOT / "docs"))
    soup = BeautifulSoup((built_site / paths.built_html(paths.WHAT_CHANGED)).read_text(encoding="utf-8"),
                         "html.parser")
    items = soup.select("article ul.sn-changes > li")
    assert len(items) == len(expected)
    days = [item.time["datetime"] for item in items]
    assert days == sorted(days, reverse=True) == [change.former.until.isoformat() for change in expected]
    for item, change in zip(items, expected, strict=True):
        assert change.attribute.format_value(change.former.value) in item.select_one(".sn-changes__old").get_text()
        assert item.find("a", href=change.former.source) is not None
        note_link = f"{change.service.id}.html#{change.anchor}"
        assert any(link["href"].endswith(note_link) for link in item.find_all("a", href=True))
        target = BeautifulSoup((built_site / paths.built_html(change.service.doc_path)).read_text(encoding="utf-8"),
                               "html.parser")
        assert target.find(id=change.anchor) is not None  # the fact's row on its note
