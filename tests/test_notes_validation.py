"""The notes are the product: every fact sourced and dated, every bad input named precisely."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, ROOT, real_registry, run_build, run_cli

from serverless_notes.loader import load_registry, must_know_problems, scope_problems
from serverless_notes.model import REVIEWER_PHRASES
from serverless_notes.problems import NotesError

# The ten services of the seed notes; anyone may add more.
SEED_SERVICE_IDS = "lambda fargate eventbridge step-functions sqs sns mq api-gateway s3 dynamodb".split()
REGISTRY = real_registry()


def all_facts():
    for service in REGISTRY.services.values():
        yield from ((service.id, key, fact) for key, fact in service.facts.items())
        for variant in service.variants.values():
            yield from ((f"{service.id}.{variant.id}", key, fact) for key, fact in variant.facts.items())


def test_every_note_is_a_service_and_the_seed_notes_are_current():
    """The one check of the seed's subset of the notes: its services, the variants students compare, and
    limits that changed in 2025 and 2026 (most cheat sheets are stale). Anyone may add notes.

    The rules every fact follows (an https source on an AWS documentation domain, a check date not in the
    future) are the schema's, run by `validate` below and tested once each in BAD_INPUTS."""
    assert sorted(REGISTRY.services) == sorted(path.stem for path in (ROOT / "docs/services").glob("*.md"))
    assert set(SEED_SERVICE_IDS) <= set(REGISTRY.services)
    for item in ("sqs.standard", "sqs.fifo", "step-functions.standard", "step-functions.express",
                 "api-gateway.rest", "api-gateway.http", "api-gateway.websocket"):
        assert item in REGISTRY.items
    facts = {(item, key): fact.value for item, key, fact in all_facts()}
    assert facts[("sqs", "max_message_size")].startswith("1 MiB")
    assert "50 TB" in facts[("s3", "max_item_size")]
    assert "1 MB" in facts[("eventbridge.classic", "max_message_size")]
    assert "15 minutes" in facts[("lambda", "max_run_time")]


def test_validate_command_accepts_the_real_notes():
    result = run_cli(ROOT, "validate")
    assert result.returncode == 0, result.stderr
    facts = sum(1 for _ in all_facts())
    assert result.stdout.strip() == f"OK: {len(REGISTRY.services)} notes, {facts} facts, all valid."


# --- bad input: one line per problem, file:line: field: what and how to fix -----------------

# On the fixture site (tests/fixtures/small), whose note `alpha` no content change moves.
NOTE = "alpha"


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
        "category: queues\n", "category: queues\nsummary: [unclosed\n", "summary: [unclosed",
        "front matter YAML syntax error: {}"),
    "wrong type": (
        "short_name: Alpha Queue", "short_name: [Alpha, Queue]", "short_name:",
        "short_name: expected text, got list ['Alpha', 'Queue']; quote the value"),
    "missing field": (
        "short_name: Alpha Queue\n", "", "name:",
        "short_name: required field is missing; add 'short_name:' with the short name used in tables, "
        "e.g. 'Amazon SQS'"),
    "unknown attribute": (
        "  use_when:\n", "  use_wen:\n", "  use_wen:",
        "facts.use_wen: unknown attribute 'use_wen'; use a key declared in docs/_data/catalog.yml "
        "(or declare the new attribute there first)"),
    "unknown category": (
        "category: queues", "category: storage", "category:",
        "category: unknown category 'storage'; use one of 'queues' or 'compute'"),
    "duplicate id": (
        "  use_when:\n", "  management_model:\n", "  management_model:",
        "facts.management_model: duplicate key 'management_model' (first defined on line {first}); "
        "keep one and merge the two"),
    "bad url": (
        "source: https://docs.aws.amazon.com/example/alpha-limits.html",
        "source: https://stackoverflow.com/questions/limits", "stackoverflow",
        "facts.max_message_size.source: not an https URL on an AWS documentation domain (docs.aws.amazon.com or "
        "aws.amazon.com); cite the official AWS page that states the fact"),
    "bad date": (
        "    checked: 2026-11-27\n    quote:", "    checked: 2026-13-01\n    quote:", "2026-13-01",
        "facts.max_message_size.checked: '2026-13-01' is not a valid date; write the day you checked the source "
        "as YYYY-MM-DD (e.g. 2026-11-27)"),
    "future date": (
        "    checked: 2026-11-27\n    quote:", f"    checked: {FUTURE}\n    quote:", FUTURE,
        f"facts.max_message_size.checked: {FUTURE} is in the future; use the date you read the AWS page (YYYY-MM-DD)"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=str)
def test_bad_note_gives_one_exact_line_and_exit_1_without_traceback(small_project, case):
    project = small_project
    old, new, anchor, message = BAD_INPUTS[case]
    edit(project, NOTE, old, new)
    line = line_of(project, NOTE, anchor)
    if case == "yaml syntax error":
        message = message.format("did not find expected ',' or ']'; check indentation, and quote values "
                                 "that contain ': ' or start with a special character")
        line = line + 1  # the parser notices at the next key
    if case == "duplicate id":
        message = message.format(first=line)
        line = [n for n, text in enumerate((project / f"docs/services/{NOTE}.md").read_text().splitlines(), 1)
                if text == anchor][1]
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"docs/services/{NOTE}.md:{line}: {message}"
    assert result.stderr.splitlines()[-1] == "1 problem(s) found."


def test_every_problem_is_reported_not_only_the_first(small_project):
    edit(small_project, "beta", "category: queues", "category: storage")
    edit(small_project, "alpha", "short_name: Alpha Queue\n", "")
    result = run_cli(small_project, "validate")
    problems = result.stderr.splitlines()[:-1]
    assert [p.split(":")[0] for p in problems] == ["docs/services/alpha.md", "docs/services/beta.md"]
    assert result.stderr.splitlines()[-1] == "2 problem(s) found."


def test_note_without_front_matter_is_rejected(small_project):
    path = small_project / f"docs/services/{NOTE}.md"
    path.write_text("# Alpha Queue\n\nNo facts.\n", encoding="utf-8")
    result = run_cli(small_project, "validate")
    assert result.stderr.splitlines()[0] == (f"docs/services/{NOTE}.md:1: no YAML front matter; a note starts with "
                                             "a line '---', its facts, and a closing '---' (see CONTRIBUTING.md)")


def test_the_build_fails_on_a_bad_note_with_the_same_message_and_no_traceback(small_project):
    edit(small_project, NOTE, "category: queues", "category: storage")
    build = run_build(small_project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    line = line_of(small_project, NOTE, "category:")
    assert (f"docs/services/{NOTE}.md:{line}: category: unknown category 'storage'; use one of 'queues' or "
            "'compute'") in build.output


# --- must-know is for what the exam asks -----------------------------------------------------

def test_validate_refuses_must_know_on_a_fact_the_exam_does_not_ask(tmp_path):
    """`must_know: true` only where the attribute's `exam_level` is clf; a beyond quota is named at its line."""
    shutil.copytree(FIXTURE_DOCS, tmp_path / "docs")
    catalog = tmp_path / "docs/_data/catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    clf = "    description: How much infrastructure is yours.\n    type: text\n    categories: [all]\n"
    assert clf in text
    catalog.write_text(text.replace(clf, clf + "    exam_level: clf\n"), encoding="utf-8")
    for key in ("management_model", "max_message_size"):  # clf in this catalog, and beyond (the default)
        edit(tmp_path, NOTE, f"  {key}:\n", f"  {key}:\n    must_know: true\n")
    beyond_line = line_of(tmp_path, NOTE, "max_message_size:") + 1

    [problem] = must_know_problems(load_registry(tmp_path / "docs"))
    assert (problem.line, problem.field) == (beyond_line, "facts.max_message_size.must_know")
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    must_know = [line for line in result.stderr.splitlines() if ".must_know:" in line]
    assert must_know == [f"docs/services/{NOTE}.md:{beyond_line}: facts.max_message_size.must_know: "
                         "'max_message_size' has exam_level: beyond in the catalog (_data/catalog.yml): the CLF-C02 "
                         "exam does not ask it; delete 'must_know: true' (or set the attribute's exam_level to clf "
                         "if the exam guide covers it)"]


def test_validate_asks_every_note_where_the_exam_guide_lists_its_service(tmp_path):
    """`exam_scope:` in every note (the scaffold has it): without it a service would count as on the exam."""
    shutil.copytree(FIXTURE_DOCS, tmp_path / "docs")
    assert scope_problems(load_registry(tmp_path / "docs")) == []
    path = tmp_path / "docs/services" / f"{NOTE}.md"
    text = path.read_text(encoding="utf-8")
    scope_line = next(line for line in text.splitlines(keepends=True) if line.startswith("exam_scope:"))
    path.write_text(text.replace(scope_line, ""), encoding="utf-8")
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"docs/services/{NOTE}.md:2: exam_scope: no 'exam_scope:'; say where the official exam guide" \
        in result.stderr, result.stderr


# --- what students read holds no notes for reviewers --------------------------------------------

# Where each student-visible field goes in alpha's max_message_size fact (after its 'checked:' line).
TRAP = "    exam_trap: Alpha Queue is not unlimited.\n"
STUDENT_FIELDS = {
    "facts.max_message_size.note": TRAP + "    note: \"{text}\"\n",
    "facts.max_message_size.exam_trap": "    exam_trap: \"{text}\"\n",
    "facts.max_message_size.previously.0.note": TRAP + (
        "    previously:\n      - value: 256 KiB\n        until: 2025-08-01\n"
        "        source: https://aws.amazon.com/about-aws/whats-new/2025/08/example/\n"
        "        checked: 2026-11-27\n        note: \"{text}\"\n"),
}


def with_text(docs: Path, field: str, text: str) -> int:
    """Alpha's fact with `text` in `field`; the line of that text."""
    edit(docs.parent, NOTE, TRAP, STUDENT_FIELDS[field].format(text=text))
    return line_of(docs.parent, NOTE, text)


@pytest.mark.parametrize("field", STUDENT_FIELDS)
def test_a_note_for_reviewers_in_a_field_students_read_is_refused_at_its_line(small_project, field):
    line = with_text(small_project / "docs", field, "The quote was read in a Stored  Copy of the page.")
    result = run_cli(small_project, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"docs/services/{NOTE}.md:{line}: {field}: 'stored copy' is a note for reviewers (how a source was read), "
        "but students read this field; keep what a student needs in plain words and move it to a "
        "'# For reviewers: ...' YAML comment above the fact", "1 problem(s) found."]


@pytest.mark.parametrize("phrase", REVIEWER_PHRASES)
def test_every_reviewer_phrase_is_refused_in_any_case(tmp_path, phrase):
    shutil.copytree(FIXTURE_DOCS, tmp_path / "docs")
    with_text(tmp_path / "docs", "facts.max_message_size.note", f"Alpha Queue keeps it ({phrase.upper()}).")
    with pytest.raises(NotesError) as refused:
        load_registry(tmp_path / "docs")
    assert [problem.field for problem in refused.value.problems] == ["facts.max_message_size.note"]
    assert f"'{phrase}' is a note for reviewers" in refused.value.problems[0].message


@pytest.mark.parametrize(("text", "refused"), [
    ("Second opinion: https://github.com/aws/agent-toolkit-for-aws says so.",
     "https://github.com/aws/agent-toolkit-for-aws"),
    ("See github.com/aws/agent-toolkit-for-aws for the date.", "github.com/aws/agent-toolkit-for-aws"),
    ("See www.example.com for more.", "www.example.com"),
    ("See https://docs.aws.amazon.com.example.com/x for more.", "https://docs.aws.amazon.com.example.com/x"),
    ("See https://aws.amazon.com@example.com/x for more.", "https://aws.amazon.com@example.com/x"),
    ("See https://docs.aws.amazon.com/lambda/latest/dg/welcome.html for more.", None),
    ("The page aws.amazon.com/sqs/pricing/ lists it, like API_PutEvents.html and mq.m7g.large.", None),
])
def test_a_web_address_students_read_must_be_an_aws_page(tmp_path, text, refused):
    shutil.copytree(FIXTURE_DOCS, tmp_path / "docs")
    with_text(tmp_path / "docs", "facts.max_message_size.exam_trap", text)
    if refused is None:
        load_registry(tmp_path / "docs")
        return
    with pytest.raises(NotesError) as error:
        load_registry(tmp_path / "docs")
    [problem] = error.value.problems
    assert problem.field == "facts.max_message_size.exam_trap"
    assert problem.message.startswith(f"cites {refused}, which is not an AWS page; ")
    assert "'# For reviewers: ...' YAML comment" in problem.message


def test_glossary_definitions_are_for_students_too(tmp_path):
    shutil.copytree(FIXTURE_DOCS, tmp_path / "docs")
    concepts = tmp_path / "docs/_data/concepts.yml"
    definition = "  definition: Letting two parts talk through an intermediary.\n"
    assert definition in concepts.read_text(encoding="utf-8")
    concepts.write_text(concepts.read_text(encoding="utf-8").replace(
        definition, "  definition: Letting two parts talk (this could not be read on the page).\n"), encoding="utf-8")
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 1
    assert "concepts.yml:4: " in result.stderr and "'could not be read' is a note for reviewers" in result.stderr
