"""The notes are the product: every fact sourced and dated, every bad input named precisely."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, run_build, run_cli

from serverless_notes.loader import load_registry
from serverless_notes.model import AWS_DOC_HOSTS

# The ten services of the seed notes; anyone may add more.
SEED_SERVICE_IDS = "lambda fargate eventbridge step-functions sqs sns mq api-gateway s3 dynamodb".split()
REGISTRY = load_registry(ROOT / "docs")


def all_facts():
    for service in REGISTRY.services.values():
        yield from ((service.id, key, fact) for key, fact in service.facts.items())
        for variant in service.variants.values():
            yield from ((f"{service.id}.{variant.id}", key, fact) for key, fact in variant.facts.items())


def test_every_note_is_a_service_and_the_seed_services_are_there():
    assert sorted(REGISTRY.services) == sorted(path.stem for path in (ROOT / "docs/services").glob("*.md"))
    assert set(SEED_SERVICE_IDS) <= set(REGISTRY.services)


@pytest.mark.parametrize("item_id, key, fact", list(all_facts()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_fact_cites_an_official_aws_page_and_a_past_check_date(item_id, key, fact):
    parts = urlsplit(fact.source)
    assert parts.scheme == "https" and parts.hostname in AWS_DOC_HOSTS
    assert date(2025, 1, 1) <= fact.checked <= date.today()


def test_variants_students_compare_exist():
    for item in ("sqs.standard", "sqs.fifo", "step-functions.standard", "step-functions.express",
                 "api-gateway.rest", "api-gateway.http", "api-gateway.websocket"):
        assert item in REGISTRY.items


def test_limits_that_changed_in_2025_and_2026_are_current():
    facts = {(item, key): fact.value for item, key, fact in all_facts()}
    assert facts[("sqs", "max_message_size")].startswith("1 MiB")
    assert "50 TB" in facts[("s3", "max_item_size")]
    assert "1 MB" in facts[("eventbridge.classic", "max_message_size")]
    assert "15 minutes" in facts[("lambda", "max_run_time")]


@pytest.mark.xfail(reason="quotes land with wip/quotes", strict=True)  # validate requires quotes (model.REQUIRE_QUOTES)
def test_validate_command_accepts_the_real_notes():
    result = run_cli(ROOT, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 10 notes,")


# --- bad input: one line per problem, file:line: field: what and how to fix -----------------

def edit(project: Path, service: str, old: str, new: str) -> None:
    path = project / "docs/services" / f"{service}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {service}.md"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, service: str, needle: str) -> int:
    lines = (project / "docs/services" / f"{service}.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


FUTURE = (date.today() + timedelta(days=30)).isoformat()

BAD_INPUTS = {
    "yaml syntax error": (
        "category: messaging\n", "category: messaging\nsummary: [unclosed\n", "summary: [unclosed",
        "front matter YAML syntax error: {}"),
    "wrong type": (
        "short_name: Amazon SQS", "short_name: [Amazon, SQS]", "short_name:",
        "short_name: expected text, got list ['Amazon', 'SQS']; quote the value"),
    "missing field": (
        "short_name: Amazon SQS\n", "", "name:",
        "short_name: required field is missing; add 'short_name:' with the short name used in tables, "
        "e.g. 'Amazon SQS'"),
    "unknown attribute": (
        "  retention:\n", "  retension:\n", "  retension:",
        "facts.retension: unknown attribute 'retension'; use a key declared in docs/_data/catalog.yml "
        "(or declare the new attribute there first)"),
    "unknown category": (
        "category: messaging", "category: queues", "category:",
        "category: unknown category 'queues'; use one of 'compute', 'messaging', 'orchestration', 'apis' or 'data'"),
    "duplicate id": (
        "  fifo:\n    name: SQS FIFO queue", "  standard:\n    name: SQS FIFO queue", "name: SQS FIFO queue",
        "variants.standard: duplicate key 'standard' (first defined on line {first}); keep one and merge the two"),
    "bad url": (
        "source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html",
        "source: https://stackoverflow.com/questions/sqs-limits", "stackoverflow",
        "facts.retention.source: not an https URL on an AWS documentation domain (docs.aws.amazon.com or "
        "aws.amazon.com); cite the official AWS page that states the fact"),
    "bad date": (
        "    checked: 2026-11-27\n    exam_trap: Messages are not kept forever",
        "    checked: 2026-13-01\n    exam_trap: Messages are not kept forever", "2026-13-01",
        "facts.retention.checked: '2026-13-01' is not a valid date; write the day you checked the source as "
        "YYYY-MM-DD (e.g. 2026-11-27)"),
    "future date": (
        "    checked: 2026-11-27\n    exam_trap: Messages are not kept forever",
        f"    checked: {FUTURE}\n    exam_trap: Messages are not kept forever", FUTURE,
        f"facts.retention.checked: {FUTURE} is in the future; use the date you read the AWS page (YYYY-MM-DD)"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=str)
def test_bad_note_gives_one_exact_line_and_exit_1_without_traceback(project, case):
    old, new, anchor, message = BAD_INPUTS[case]
    edit(project, "sqs", old, new)
    line = line_of(project, "sqs", anchor)
    if case == "yaml syntax error":
        message = message.format("did not find expected ',' or ']'; check indentation, and quote values "
                                 "that contain ': ' or start with a special character")
        line = line + 1  # the parser notices at the next key
    if case == "duplicate id":
        message = message.format(first=line_of(project, "sqs", "  standard:"))
        line = [n for n, text in enumerate((project / "docs/services/sqs.md").read_text().splitlines(), 1)
                if text == "  standard:"][1]
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"docs/services/sqs.md:{line}: {message}"
    assert result.stderr.splitlines()[-1] == "1 problem(s) found."


def test_every_problem_is_reported_not_only_the_first(project):
    edit(project, "sqs", "category: messaging", "category: queues")
    edit(project, "lambda", "short_name: AWS Lambda\n", "")
    result = run_cli(project, "validate")
    problems = result.stderr.splitlines()[:-1]
    assert [p.split(":")[0] for p in problems] == ["docs/services/lambda.md", "docs/services/sqs.md"]
    assert result.stderr.splitlines()[-1] == "2 problem(s) found."


def test_note_without_front_matter_is_rejected(project):
    path = project / "docs/services/sqs.md"
    path.write_text("# Amazon SQS\n\nNo facts.\n", encoding="utf-8")
    result = run_cli(project, "validate")
    assert result.stderr.splitlines()[0] == ("docs/services/sqs.md:1: no YAML front matter; a note starts with a line "
                                             "'---', its facts, and a closing '---' (see CONTRIBUTING.md)")


def test_the_build_fails_on_a_bad_note_with_the_same_message_and_no_traceback(project):
    edit(project, "sqs", "category: messaging", "category: queues")
    build = run_build(project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert ("docs/services/sqs.md:4: category: unknown category 'queues'; use one of 'compute', 'messaging', "
            "'orchestration', 'apis' or 'data'") in build.output
