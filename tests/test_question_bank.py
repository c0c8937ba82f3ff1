"""The question bank's guards (serverless_notes.bank_checks) over the whole real bank, and over a small
synthetic site where one planted bad note breaks each rule; plus the practice exam's blueprint and the
bank download's schema. Expectations come from the registry, never from a list of the real services."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from conftest import real_registry

from serverless_notes import study_pages
from serverless_notes.bank_checks import GIVEAWAYS, RULES, bank_problems
from serverless_notes.loader import load_registry
from serverless_notes.problems import NotesError
from serverless_notes.study import (
    MAX_SERVICE_SHARE,
    POOL_KINDS,
    StudyBank,
    blueprint,
    build_bank,
    describe,
    is_bare_quantity,
)

REGISTRY = real_registry()
BANK = build_bank(REGISTRY)


# --- the real bank ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES)
def test_the_real_bank_keeps_every_rule(rule):
    assert BANK.questions
    assert RULES[rule](BANK, REGISTRY) == []


def test_the_practice_pool_follows_the_blueprint():
    pool = BANK.practice_pool
    assert pool
    per_note = Counter(question.service_id for question in pool)
    per_service = Counter(service for q in pool for service in {q.service_id, *q.services})
    in_scope = [sid for sid, service in REGISTRY.services.items() if service.in_exam_scope and service.scenarios]
    assert max(per_service.values()) <= MAX_SERVICE_SHARE * len(pool), per_service
    assert all(per_note[sid] >= 0.05 * len(pool) for sid in in_scope), per_note
    assert all(q.exam_level == "clf" and q.kind in POOL_KINDS for q in pool)
    with_foil = [q for q in pool if set(q.choice_ids) & set(REGISTRY.foils)]
    assert len(with_foil) >= len(pool) / 3
    assert sum(is_bare_quantity(q.right_answer) for q in pool) <= 0.10 * len(pool)
    assert any(q.kind == "multi" for q in pool)


def test_the_blueprint_caps_a_service_that_has_too_many_items():
    """Every pool item made about one service: the blueprint trims it to its share (counted by keys too)."""
    items = list(BANK.practice_pool)
    skewed = [dataclasses.replace(q, services=("only-one",)) if i % 2 else q for i, q in enumerate(items)]
    capped = [q for q in blueprint(skewed, set(REGISTRY.foils)) if q.in_practice_exam]
    count = sum("only-one" in q.services for q in capped)
    assert 0 < count <= MAX_SERVICE_SHARE * len(capped)


def test_out_of_scope_services_never_reach_the_practice_exam():
    out = {sid for sid, service in REGISTRY.services.items() if not service.in_exam_scope}
    for question in BANK.practice_pool:
        assert question.service_id not in out
        assert not set(question.choice_ids) & out, question


def test_must_know_follows_the_exam_level_and_beyond_facts_stay_on_tagged_flashcards():
    levels = {ref.id.replace(":", "/"): ref.attribute.exam_level
              for service in REGISTRY.services.values() for ref in REGISTRY.fact_refs(service)}
    assert set(levels.values()) == {"clf", "beyond"}  # the catalog uses both levels
    for card in BANK.cards:
        assert card.must_know == (card.exam_level == "clf")
        assert f"exam-{card.exam_level}" in card.tags and ("must-know" in card.tags) == card.must_know
    assert not any(q.exam_level == "beyond" for q in BANK.practice_pool)


def test_every_catalog_role_names_an_attribute():
    assert REGISTRY.role("scenario") in REGISTRY.attributes  # every note's exam_scope: validate (scope_problems)


def test_the_bank_download_matches_its_schema_and_the_bank():
    site = study_pages.generate_study(REGISTRY)
    schema = json.loads(site.downloads[study_pages.QUESTION_BANK_SCHEMA])
    data = json.loads(site.downloads[study_pages.QUESTION_BANK])
    jsonschema.validate(data, schema)
    assert [item["id"] for item in data["questions"]] == [q.id for q in BANK.questions]
    assert all(max(item["answer"]) < len(item["choices"]) for item in data["questions"])
    broken = {**data["questions"][0], "answer": "1"}  # the schema is not a formality: a bad item fails it
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema": 1, "questions": [broken]}, schema)


# --- a synthetic site, and one planted bad note per rule ---------------------------------------------

CATALOG = """\
categories:
  messaging: {label: Messaging, description: Queues and topics.}
  compute: {label: Compute, description: Run code.}
roles:
  scenario: use_when
attributes:
  use_when: {label: Use it when, description: When to use it., type: text, categories: [all], exam_level: clf}
  retention: {label: Retention, description: How long., type: text, categories: [messaging]}
"""
FOILS = """\
needs:
  queue: Hold messages until a consumer pulls them.
  pubsub: Push one message to every subscriber.
  functions: Run short code on events.
  servers: Virtual servers you manage.
  streaming: Read a stream of records.
foils:
  - {id: vms, name: Amazon Virtual Machines, category: compute, does: [servers], description: Servers you patch.,
     source: "https://docs.aws.amazon.com/ec2/", checked: 2026-12-02}
  - {id: stream, name: Amazon Streamer, category: messaging, does: [streaming], description: Streams of records.,
     source: "https://docs.aws.amazon.com/kinesis/", checked: 2026-12-02}
"""
SOURCE = "https://docs.aws.amazon.com/ec2/"


ALIASES = {"alpha": "[queue, worker queue]", "beta": "[topic]"}  # signature terms a stem must not use


def note(service_id: str, name: str, category: str, does: str, scenarios: str = "", questions: str = "") -> str:
    return (f"---\nname: {name}\nshort_name: {name}\ncategory: {category}\n"
            f"summary: {name} is a synthetic service for tests.\naliases: {ALIASES.get(service_id, '[]')}\n"
            f"scenarios:{scenarios or ' []'}\ndoes: [{does}]\n"
            f"facts:\n  use_when:\n    value: \"When a test needs {service_id}\"\n    source: {SOURCE}\n"
            f"    checked: 2026-12-02\n{questions}---\n\n# {name}\n\nText.\n")


def scenario(situation: str, use: str, needs: str, why: str, trap: str = "", distractors: dict | None = None) -> str:
    reasons = DISTRACTORS.get(use, {}) if distractors is None else distractors
    return (f"\n  - situation: {json.dumps(situation)}\n    use: [{use}]\n    needs: [{needs}]\n"
            f"    why: {json.dumps(why)}\n" + (f"    trap: {json.dumps(trap)}\n" if trap else "") +
            ("    distractors:\n" + "".join(f"      {c}: {json.dumps(r)}\n" for c, r in reasons.items())
             if reasons else "") + "    facts: [use_when]")


# Why each wrong choice is wrong in the synthetic scenarios, by key (every GOOD scenario of a key shares them).
DISTRACTORS = {
    "alpha": {"beta": "Beta pushes each order to subscribers at once and keeps none for a worker to take later.",
              "stream": "The Streamer keeps records for many readers; a worker cannot take one order and delete it.",
              "gamma": "Gamma runs code when invoked; it does not hold orders until a worker is ready."},
    "beta": {"stream": "Streamer readers pull records themselves; nothing is pushed to phones or subscribers.",
             "gamma": "Gamma runs code; it does not deliver a copy of each message to many receivers.",
             "alpha": "Alpha holds each message for one consumer that polls; it does not copy it to many receivers."},
    "gamma": {"vms": "Virtual Machines are servers the company would patch and pay for while they wait for uploads.",
              "alpha": "Alpha holds messages about uploads, but it runs no code for them.",
              "beta": "Beta announces an upload to subscribers, but it runs no code for it."},
    "streamer": {"alpha": "Alpha gives each record to one reader, which deletes it; nobody can re-read it.",
                 "beta": "Beta pushes each message once and keeps none to re-read.",
                 "gamma": "Gamma runs code; it keeps no records for readers."},
}


GOOD = {
    "alpha": ("Amazon Alpha", "messaging", "queue", [
        ("A company wants orders held until a worker pulls and deletes each one.", "alpha", "queue",
         "A queue keeps every order until a worker receives it and deletes it, at the worker's pace."),
        ("A company wants each message pushed at once to every subscriber.", "beta", "pubsub",
         "A topic pushes a copy of each message to every subscriber without polling.",
         "Alpha only holds messages for one consumer that polls for them.")]),
    "beta": ("Amazon Beta", "messaging", "pubsub", [
        ("A company wants a copy of each alert pushed to many phones.", "beta", "pubsub",
         "A topic delivers every published alert to all subscribed phones immediately.")]),
    "gamma": ("AWS Gamma", "compute", "functions", [
        ("A company wants short code run for every uploaded file, paying only while it runs.", "gamma", "functions",
         "Functions start on each upload event and stop when done, billed only while running.")]),
}


def write_site(root: Path, notes: dict) -> Path:
    docs = root / "docs"
    (docs / "_data").mkdir(parents=True)
    (docs / "services").mkdir()
    (docs / "_data/catalog.yml").write_text(CATALOG, encoding="utf-8")
    (docs / "_data/foils.yml").write_text(FOILS, encoding="utf-8")
    for service_id, (name, category, does, items, *extra) in notes.items():
        text = note(service_id, name, category, does, "".join(scenario(*item) for item in items), *extra)
        (docs / "services" / f"{service_id}.md").write_text(text, encoding="utf-8")
    return docs


def problems_of(tmp_path: Path, notes: dict) -> dict[str, list[str]]:
    registry = load_registry(write_site(tmp_path, notes))
    return bank_problems(build_bank(registry), registry)


def test_the_synthetic_site_keeps_every_rule(tmp_path):
    problems = problems_of(tmp_path, GOOD)
    assert problems == {rule: [] for rule in RULES}
    bank = build_bank(load_registry(tmp_path / "docs"))
    assert {q.kind for q in bank.questions} >= {"scenario"}
    avoid = next(q for q in bank.questions if q.right_answer == "Amazon Beta" and q.service_id == "alpha")
    assert "Amazon Alpha" in avoid.choices  # an avoid-when scenario offers its own service as the trap


def planted(**changes) -> dict:
    notes = {key: (name, category, does, list(items)) for key, (name, category, does, items) in GOOD.items()}
    for key, value in changes.items():
        notes[key] = value
    return notes


PLANTED = {
    "stem names no choice": planted(gamma=("AWS Gamma", "compute", "functions", [
        ("A company wants AWS Gamma to run short code for every uploaded file.", "gamma", "functions",
         "Functions start on each upload event and stop when done, billed only while running.")])),
    "one key per stem": planted(beta=("Amazon Beta", "messaging", "pubsub", [
        ("A company wants orders held until a worker pulls and deletes each one.", "beta", "pubsub",
         "A topic pushes a copy of each message to every subscriber without polling.")])),
    "no wrong choice fits": planted(alpha=("Amazon Alpha", "messaging", "queue", [
        ("A company wants orders held in a queue until a worker takes them.", "beta", "queue",
         "Buffered orders wait for a worker that pulls them when it has capacity.",
         "A trap that is in fact right: Alpha does hold orders.", {})])),
    "explanations explain": planted(gamma=("AWS Gamma", "compute", "functions", [
        ("A company wants short code run for every uploaded file with no servers.", "gamma", "functions",
         "AWS Gamma is the answer.")])),
    # no distractors declared: the generator fills with same-category services and their generic lines
    "notes fit the question": planted(gamma=("AWS Gamma", "compute", "functions", [
        ("A company wants short code run for every uploaded file with no servers.", "gamma", "functions",
         "Functions start on each upload event and stop when done, billed only while running.", "", {})])),
    "stem gives no key away": planted(alpha=("Amazon Alpha", "messaging", "queue", [
        ("A company wants orders held in a queue until a worker pulls and deletes each one.", "alpha", "queue",
         "Each order waits until a worker receives it and deletes it, at the worker's pace.")])),
    "stem argues for no option": planted(alpha=("Amazon Alpha", "messaging", "queue", [
        ("A company only needs orders held until a worker pulls and deletes each one; there are no further steps.",
         "alpha", "queue", "Each order waits until a worker receives it and deletes it, at the worker's pace.")])),
    # "no servers" rules out the Virtual Machines by itself: their note says they are servers
    "stem rules out no choice by one word": planted(gamma=("AWS Gamma", "compute", "functions", [
        ("A company wants short code run for every uploaded file with no servers to manage.", "gamma", "functions",
         "Functions start on each upload event and stop when done, billed only while running.")])),
    # a hand-written item whose wrong choices have no notes: nothing to contrast, so the explanation is the note
    "notes differ from the explanation": planted(alpha=(*GOOD["alpha"], textwrap.dedent(f"""\
        questions:
          - question: Which option keeps each order until a worker deletes it?
            answer: Holding it in a queue
            wrong: [Pushing it to subscribers, Streaming it to readers, Running code on it]
            explanation: A queue keeps each order until the worker that received it deletes it.
            source: {SOURCE}
            checked: 2026-12-02
        """))),
    "no near duplicates": planted(alpha=("Amazon Alpha", "messaging", "queue", [
        ("A company wants orders held until a worker pulls and deletes each one.", "alpha", "queue",
         "Each order waits until a worker receives it and deletes it, at the worker's pace."),
        ("A company wants each order held until a worker pulls and then deletes it.", "alpha", "queue",
         "Each order waits until a worker receives it and deletes it, at the worker's pace.")])),
    # three stems keyed AWS Gamma, and no other, say "paying only while it runs": the phrase gives the key away
    "no stock phrase per key": planted(gamma=("AWS Gamma", "compute", "functions", [
        *GOOD["gamma"][3],
        ("A company wants a nightly report built by a small script, paying only while it runs.", "gamma",
         "functions", "Functions start on each upload event and stop when done, billed only while running."),
        ("A company wants a welcome message sent to each new member by a few lines of logic, paying only while "
         "it runs.", "gamma", "functions",
         "Functions start on each upload event and stop when done, billed only while running.")])),
}


@pytest.mark.parametrize("rule", PLANTED)
def test_a_planted_bad_note_breaks_its_rule(tmp_path, rule):
    problems = problems_of(tmp_path, PLANTED[rule])
    assert problems[rule], problems
    assert all(".md [" in line for line in problems[rule])  # each names the note and the item


def test_a_stock_phrase_is_reported_once_without_the_ask_and_only_for_one_key(tmp_path):
    """The planted phrase is one line naming its three stems' note and the key, not one line per 4 words, and
    not run on into the ask every stem ends with; the same phrase used with another key too is no cue."""
    problems = problems_of(tmp_path, PLANTED["no stock phrase per key"])["no stock phrase per key"]
    assert len(problems) == 1, problems
    assert "“paying only while it runs”" in problems[0] and "'AWS Gamma'" in problems[0]
    assert problems[0].count("services/gamma.md [") == 3 and "different words" in problems[0]
    shared = {**PLANTED["no stock phrase per key"], "beta": ("Amazon Beta", "messaging", "pubsub", [
        *GOOD["beta"][3],
        ("A company wants each sale announced to many phones at once, paying only while it runs.", "beta",
         "pubsub", "A topic delivers every published announcement to all subscribed phones immediately.")])}
    assert not problems_of(tmp_path / "shared", shared)["no stock phrase per key"]


def test_two_choices_with_one_meaning_break_their_rule(tmp_path):
    """A hand-written item offering one service under two names (full and short)."""
    written = textwrap.indent(textwrap.dedent(f"""\
        questions:
          - question: Which service holds messages until a consumer deletes them?
            answer: Amazon Alpha
            wrong: [Amazon Beta, Beta, AWS Gamma]
            wrong_notes: [Beta pushes., Beta pushes., Gamma runs code.]
            explanation: Alpha keeps each message until the consumer that received it deletes it.
            source: {SOURCE}
            checked: 2026-12-02
        """), "")
    notes = {**GOOD, "alpha": (*GOOD["alpha"], written)}
    problems = problems_of(tmp_path, notes)
    assert any("'Amazon Beta' and 'Beta'" in line for line in problems["choices differ"]), problems


def test_a_scenario_naming_an_unknown_service_or_need_is_a_file_line_error(tmp_path):
    notes = planted(gamma=("AWS Gamma", "compute", "functions", [
        ("A company wants short code run for every uploaded file with no servers.", "delta", "telepathy",
         "Functions start on each upload event and stop when done, billed only while running.")]))
    with pytest.raises(NotesError) as error:
        load_registry(write_site(tmp_path, notes))
    text = str(error.value)
    assert "docs/services/gamma.md:" in text.replace("\\", "/")
    assert "scenarios.0.use: unknown service 'delta'" in text and "unknown need 'telepathy'" in text


def test_a_catalog_role_naming_no_attribute_is_refused(tmp_path):
    docs = write_site(tmp_path, GOOD)
    catalog = docs / "_data/catalog.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("scenario: use_when", "scenario: when_to_use"),
                       encoding="utf-8")
    line = catalog.read_text(encoding="utf-8").splitlines().index("  scenario: when_to_use") + 1
    with pytest.raises(NotesError) as error:
        load_registry(docs)
    assert f"catalog.yml:{line}: roles.scenario: role 'scenario'" in str(error.value).replace("\\", "/")


def test_a_foil_that_becomes_a_note_is_offered_once(tmp_path):
    """A new note for a service the foils already list (same name) replaces the foil among the choices."""
    notes = {**GOOD, "streamer": ("Amazon Streamer", "messaging", "streaming", [
        ("A company wants several readers to re-read the same records of a stream.", "streamer", "streaming",
         "A stream keeps records so each reader reads and re-reads them at its own position.")])}
    registry = load_registry(write_site(tmp_path, notes))
    bank = build_bank(registry)
    assert bank_problems(bank, registry) == {rule: [] for rule in RULES}
    for question in bank.questions:
        assert "stream" not in question.choice_ids  # the foil's id: the note "streamer" stands for it


def test_a_pool_that_holds_one_key_too_often_breaks_the_balance_rule(tmp_path):
    """The blueprint keeps the real pool balanced; a pool that skips it (every synthetic item drawn) is flagged."""
    registry = load_registry(write_site(tmp_path, GOOD))
    bank = build_bank(registry)
    skewed = StudyBank([dataclasses.replace(q, in_practice_exam=q.kind in POOL_KINDS) for q in bank.questions], [])
    assert RULES["keys balanced"](skewed, registry)
    assert not RULES["keys balanced"](bank, registry)


def test_declared_distractors_come_first_with_their_reasons_and_the_key_note_says_why(tmp_path):
    registry = load_registry(write_site(tmp_path, GOOD))
    for question in build_bank(registry).questions:
        service = registry.services[question.service_id]
        situation = next(s for s in service.scenarios if question.stem.startswith(s.situation.rstrip(".")))
        reasons = {**situation.distractors, **({service.id: situation.trap} if situation.trap else {})}
        for index, choice in enumerate(question.choice_ids):
            if index in question.answers:
                assert question.choice_notes[index] == f"Right. {situation.why}"
            else:
                assert choice in reasons and question.choice_notes[index] == f"Wrong. {reasons[choice]}"


def test_every_wrong_choice_in_the_real_pool_has_a_note_written_for_its_question():
    """The share the closing note reports: every wrong choice of a pool item has a scenario-specific note."""
    generic = {describe(REGISTRY, choice) for choice in [*REGISTRY.services, *REGISTRY.foils]}
    wrong = [(q, i) for q in BANK.practice_pool for i in range(len(q.choices)) if i not in q.answers]
    assert wrong
    assert not [q.choice_notes[i] for q, i in wrong if any(g in q.choice_notes[i] for g in generic)]


def test_a_distractor_that_is_unknown_is_the_key_or_also_fits_is_a_file_line_error(tmp_path):
    notes = planted(gamma=("AWS Gamma", "compute", "functions", [
        ("A company wants short code run for every uploaded file and a server to log in to.", "gamma",
         "functions, servers", "Functions start on each upload event and stop when done, billed only while running.",
         "", {"delta": "Delta is not a service.", "vms": "Servers to patch.", "gamma": "Gamma is the key."})]))
    with pytest.raises(NotesError) as error:
        load_registry(write_site(tmp_path, notes))
    text = str(error.value).replace("\\", "/")
    assert "docs/services/gamma.md:" in text and "scenarios.0.distractors: unknown service 'delta'" in text
    assert "scenarios.0.distractors.vms: 'vms' meets ['servers']" in text
    assert "scenarios.0.distractors.gamma: 'gamma' is in 'use'" in text


def test_choose_two_keys_sharing_one_note_break_their_rule(tmp_path):
    """A hand-written Choose TWO item whose two right answers carry the same note."""
    written = textwrap.dedent(f"""\
        questions:
          - question: Which TWO hold a message until a consumer deletes it? (Choose TWO.)
            answer: Amazon Alpha
            also: A dead-letter queue
            wrong: [Amazon Beta, AWS Gamma, Amazon Streamer]
            wrong_notes: [Beta pushes each message at once., Gamma runs code., The Streamer keeps records to re-read.]
            right_notes: [It keeps each message until deleted., It keeps each message until deleted.]
            explanation: Both keep each message until the consumer that received it deletes it.
            source: {SOURCE}
            checked: 2026-12-02
        """)
    problems = problems_of(tmp_path, {**GOOD, "alpha": (*GOOD["alpha"], written)})
    assert any("share one note" in line for line in problems["notes differ from the explanation"]), problems


def test_every_key_has_its_own_note_and_the_explanation_names_the_closest_wrong_choice():
    """Over the real bank: a Choose TWO item's keys each have their own note; a scenario's explanation says
    why the key fits and then why its first declared distractor does not."""
    multi = [q for q in BANK.questions if len(q.answers) == 2]
    assert multi
    for question in multi:
        first, second = (question.choice_notes[i] for i in question.answers)
        assert first != second, question
    for question in BANK.questions:
        if question.kind in ("scenario", "multi") and question.needs:
            closest = next(question.choices[i] for i in range(len(question.choices)) if i not in question.answers)
            assert f"Why not {closest}:" in question.explanation or question.explanation.count("Why not ") == 1


def test_a_choose_two_scenario_without_a_reason_per_key_is_a_file_line_error(tmp_path):
    notes = planted(alpha=("Amazon Alpha", "messaging", "queue", [
        ("A company wants each order held for a worker and short code run for it.", "alpha, gamma", "queue, functions",
         "Alpha holds the orders and Gamma runs the code.")]))
    with pytest.raises(NotesError) as error:
        load_registry(write_site(tmp_path, notes))
    assert "alpha.md:" in str(error.value) and "why_each" in str(error.value)


def test_a_beyond_scenario_stays_out_of_the_practice_pool(tmp_path):
    """`exam_level: beyond` on a scenario (one associate-level feature) keeps its item a quiz item only."""
    docs = write_site(tmp_path, GOOD)
    path = docs / "services/gamma.md"
    path.write_text(path.read_text(encoding="utf-8").replace("    facts: [use_when]",
                                                             "    facts: [use_when]\n    exam_level: beyond"))
    bank = build_bank(load_registry(docs))
    gamma = [q for q in bank.questions if q.service_id == "gamma" and q.kind == "scenario"]
    assert gamma and all(q.exam_level == "beyond" and not q.in_practice_exam for q in gamma)
    assert not [q for q in bank.practice_pool if q.service_id == "gamma"]
    cards = [card for card in bank.cards if card.reverse and card.service_id == "gamma"]
    assert cards and all(card.exam_level == "beyond" and not card.must_know for card in cards)
    beyond = [q for q in BANK.questions if q.kind in ("scenario", "multi") and q.exam_level == "beyond"]
    assert all(q not in BANK.practice_pool for q in beyond)


@pytest.mark.parametrize("stem, found", [
    ("A company wants a REST backend.", "REST"),
    ("A company wants a serverless database.", "serverless"),
    ("A company wants code run without servers.", "without servers"),
    ("A company wants records kept with no database servers.", "no database servers"),
    ("A company wants containers run without managing servers.", "without managing servers"),
    ("A company wants a database with no servers to manage.", "no servers"),
    ("A company needs to log in to its virtual servers.", None),  # the need itself, not a give-away
    ("A company wants its restaurant menu online.", None),
])
def test_the_give_away_words_are_found_as_words(stem, found):
    match = GIVEAWAYS.search(stem)
    assert (match.group(0) if match else None) == found


def test_every_key_rests_on_a_fact_of_its_own(tmp_path):
    """A scenario in one note keyed to another service (alpha's note, key beta) cites the key's own fact, added by
    the generator; an item that lost it breaks the rule, naming the key."""
    registry = load_registry(write_site(tmp_path, GOOD))
    bank = build_bank(registry)
    other = next(q for q in bank.questions if q.right_answer == "Amazon Beta" and q.service_id == "alpha")
    assert "beta:use_when" in other.facts and "alpha:use_when" in other.facts
    stripped = dataclasses.replace(other, facts=tuple(fact for fact in other.facts if not fact.startswith("beta")))
    broken = StudyBank([stripped if q is other else q for q in bank.questions], bank.cards)
    problems = bank_problems(broken, registry)["every key rests on a fact"]
    assert len(problems) == 1 and "no fact of beta" in problems[0] and "services/alpha.md [" in problems[0], problems


def test_a_key_far_longer_than_its_wrong_choices_breaks_its_rule(tmp_path):
    """A test-wise student picks the longest choice: a written key that stands out by length is flagged."""
    written = textwrap.indent(textwrap.dedent(f"""\
        questions:
          - question: Which service keeps each message for one consumer that polls for it?
            answer: Amazon Alpha, which holds every message until the consumer that received it deletes it
            wrong: [Amazon Beta, AWS Gamma, Amazon Streamer]
            wrong_notes: [Beta pushes each message to every subscriber., Gamma runs code., The Streamer keeps records.]
            explanation: Alpha keeps each message until the consumer that received it deletes it.
            source: {SOURCE}
            checked: 2026-12-02
        """), "")
    problems = problems_of(tmp_path, {**GOOD, "alpha": (*GOOD["alpha"], written)})["no longest-answer cue"]
    assert any("far longer than every wrong choice" in line and "services/alpha.md [" in line for line in problems), \
        problems
