"""Study mode: the question bank and flashcards follow the facts, hand-written questions are validated,
and the built practice pages, Anki deck and CSV carry the same data (real builds of temp copies)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, real_registry, run_build, run_cli

from serverless_notes import study_pages
from serverless_notes.anki import anki_deck, cards_csv
from serverless_notes.loader import load_registry
from serverless_notes.problems import NotesError
from serverless_notes.study import Flashcard, _normal, _same_text, build_bank, stable_id

REGISTRY = real_registry()
BANK = build_bank(REGISTRY)


def page_data(html_path: Path) -> list[dict]:
    """The JSON a practice page carries for its script, parsed as the browser would read it."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.select_one("script.sn-study-data").string)


def service_data(js_path: Path) -> list[dict]:
    """The questions of one service's data file: `snStudyService("id",[...]);`."""
    text = js_path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1: text.rindex(")")])


def soup_of(html_path: Path) -> BeautifulSoup:
    return BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")


def built_page(site: Path, doc_path: str) -> Path:
    return site / study_pages.link_target(doc_path, directory_urls=False)


# --- the bank, on the real notes ------------------------------------------------------------------

def test_no_question_has_two_choices_with_the_same_text():
    for question in BANK.questions:
        texts = [_normal(choice) for choice in question.choices]
        assert len(set(texts)) == len(texts), question
        assert question.answers and all(0 <= index < len(question.choices) for index in question.answers)
        assert len(question.answers) == (2 if question.kind == "multi" else 1), question


def test_fact_questions_have_the_fact_as_right_answer_and_its_former_values_among_the_wrong():
    checked = 0
    for service in REGISTRY.services.values():
        for variant, key, fact in service.own_facts():
            item_id = f"{service.id}.{variant.id}" if variant else service.id
            question = next((q for q in BANK.questions if q.id == stable_id("fact", item_id, key)), None)
            if question is None:
                continue
            attribute = REGISTRY.attributes[key]
            assert question.right_answer == attribute.format(fact)
            assert question.source == fact.source
            # Former values are wrong choices, unless one reads as the same claim as today's value
            # (an unfair choice); then the explanation still names it.
            former = {attribute.format_value(old.value) for old in fact.previously}
            fair = {value for value in former if not _same_text(value, question.right_answer)}
            assert fair <= set(question.choices)
            assert all(value in question.explanation for value in former)
            checked += 1
    assert checked, "no fact question matched a fact: the loop above checked nothing"


def test_every_question_and_card_has_a_unique_stable_id_and_links_to_its_note():
    ids = [q.id for q in BANK.questions]
    assert len(ids) == len(set(ids))
    assert [q.id for q in build_bank(load_registry(ROOT / "docs")).questions] == ids  # same notes, same bank
    assert len({card.id for card in BANK.cards}) == len(BANK.cards)
    for question in BANK.questions:
        assert question.note_path == REGISTRY.services[question.service_id].doc_path
        assert question.source.startswith("https://") or question.kind == "keywords"


def test_the_bank_covers_every_service_and_has_cards_for_every_stated_fact():
    asked = {q.service_id for q in BANK.questions}  # a new note is asked once it has scenarios
    assert asked <= set(REGISTRY.services)
    assert {service.id for service in REGISTRY.services.values() if service.scenarios} <= asked
    stated = [fact for service in REGISTRY.services.values() for _, _, fact in service.own_facts()
              if fact.has_value]  # not stated, or not applicable: nothing to learn
    assert len([card for card in BANK.cards if not card.reverse]) == len(stated)
    one_answer = [s for service in REGISTRY.services.values() for s in service.scenarios if len(s.use) == 1]
    assert len([card for card in BANK.cards if card.reverse]) == len(one_answer)


def test_service_choices_are_services_never_a_variant_label():
    """Choices in one item are homogeneous: service names (of notes or foils), not sub-product labels."""
    names = {REGISTRY.choice_name(choice) for choice in [*REGISTRY.services, *REGISTRY.foils]}
    variant_names = {variant.name for service in REGISTRY.services.values() for variant in service.variants.values()}
    checked = 0
    for question in BANK.questions:
        if question.needs:  # generated from a scenario
            assert set(question.choices) <= names and not set(question.choices) & (variant_names - names), question
            checked += 1
    assert checked


# --- hand-written questions ---------------------------------------------------------------------

WRITTEN = """questions:
  - question: Which service keeps a message until a consumer deletes it?
    answer: Amazon SQS
    wrong: [Amazon SNS, Amazon EventBridge, AWS Lambda]
    explanation: SQS stores messages until a consumer receives and deletes them, up to the retention period.
    source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html
    checked: 2026-11-27
"""


def add_questions(project: Path, service: str, block: str) -> int:
    """Add a `questions:` block to a note's front matter; returns the line number of its `questions:` line.

    A note that already has hand-written questions gets the block's items first in its own list (so they
    are `questions.0...`), since a second `questions:` key would be a duplicate."""
    path = project / "docs/services" / f"{service}.md"
    text = path.read_text(encoding="utf-8")
    if (found := re.search(r"^questions:\n", text, re.MULTILINE)) is not None:
        path.write_text(text[:found.end()] + block.split("\n", 1)[1] + text[found.end():], encoding="utf-8")
        return text[:found.start()].count("\n") + 1
    end = text.index("\n---", 3) + 1
    path.write_text(text[:end] + block + text[end:], encoding="utf-8")
    return text[:end].count("\n") + 1


def test_a_hand_written_question_joins_its_service_quiz(project):
    before = {q.id for q in build_bank(load_registry(project / "docs")).questions}
    add_questions(project, "sqs", WRITTEN)
    bank = build_bank(load_registry(project / "docs"))
    written = [q for q in bank.questions if q.id not in before]
    assert len(written) == 1 and written[0].service_id == "sqs" and written[0].kind == "written"
    assert written[0].choice_notes[written[0].choices.index("Amazon SNS")].startswith("Wrong. Amazon SNS: ")
    assert written[0].right_answer == "Amazon SQS"
    assert sorted(written[0].choices) == sorted(["Amazon SQS", "Amazon SNS", "Amazon EventBridge", "AWS Lambda"])


BAD_QUESTIONS = {
    "source not on AWS": ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html",
                          "https://example.com/sqs", "source", "questions.0.source: not an https URL on an AWS "
                          "documentation domain"),
    "no wrong choices": ("[Amazon SNS, Amazon EventBridge, AWS Lambda]", "[]", "wrong",
                         "questions.0.wrong: is empty; add at least one entry"),
    "answer among the wrong": ("[Amazon SNS, Amazon EventBridge, AWS Lambda]", "[Amazon SNS, amazon sqs]", "wrong",
                               "questions.0: the choice 'amazon sqs' appears twice"),
    "missing explanation": ("    explanation: SQS stores", "    explanaton: SQS stores", "explanaton",
                            "questions.0.explanaton: unknown field"),
}


@pytest.mark.parametrize("case", BAD_QUESTIONS, ids=str)
def test_a_bad_hand_written_question_is_reported_with_file_line_and_field(project, case):
    old, new, needle, message = BAD_QUESTIONS[case]
    first = add_questions(project, "sqs", WRITTEN.replace(old, new))
    lines = (project / "docs/services/sqs.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if n >= first and needle in text)
    if case == "answer among the wrong":
        line = first + 1  # a problem of the whole question is reported at its first line
    result = run_cli(project, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(problem.startswith(f"docs/services/sqs.md:{line}: {message}")
               for problem in result.stderr.splitlines()), result.stderr


def test_the_strict_build_fails_on_a_bad_hand_written_question_with_file_and_line(project):
    first = add_questions(project, "sqs", WRITTEN.replace("checked: 2026-11-27", "checked: 2026-02-30"))
    build = run_build(project)
    assert build.returncode == 1 and "Traceback" not in build.output
    assert f"docs/services/sqs.md:{first + 6}: questions.0.checked: '2026-02-30' is not a valid date" in build.output
    with pytest.raises(NotesError):
        load_registry(project / "docs")


# --- the built site -------------------------------------------------------------------------------

def test_practice_pages_are_built_in_their_own_nav_section_and_kept_out_of_search(built_site):
    site = study_pages.generate_study(REGISTRY)
    for doc_path in site.pages:
        assert built_page(built_site, doc_path).is_file(), doc_path
    for path in site.downloads:
        assert (built_site / path).is_file(), path
    quizzed = [service for service in REGISTRY.services.values() if BANK.questions_for(service_id=service.id)]
    assert quizzed
    for service in REGISTRY.services.values():  # each asked service's questions, in its own data file
        own = [q.id for q in BANK.questions_for(service_id=service.id)]
        path = built_site / study_pages.service_questions(service.category, service.id)
        assert [q["id"] for q in service_data(path)] == own if own else not path.exists()
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(a.get_text(strip=True) == "Practice" for a in home.select("nav.md-nav--primary label, nav a"))
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    searchable = {doc["location"].split("#")[0] for doc in index["docs"]}
    quizzes = [path for path in site.pages if path.startswith("practice/quiz/") or path == study_pages.PRACTICE_EXAM]
    assert quizzes and not {study_pages.link_target(path, False) for path in quizzes} & searchable
    # The exam's bank script holds the practice exam's pool (at most the cap), not the page; each question's
    # explanation links resolve to built pages.
    exam = built_page(built_site, study_pages.PRACTICE_EXAM)
    assert soup_of(exam).select_one("script.sn-study-data") is None
    def script_data(path):  # `window.name = {...};`
        text = (built_site / path).read_text(encoding="utf-8")
        return json.loads(text[text.index("{"): text.rindex("}") + 1])
    data = script_data(study_pages.EXAM_BANK)["questions"]
    why = script_data(study_pages.EXAM_WHY)
    pool = BANK.practice_pool
    assert len(data) == min(len(pool), study_pages.POOL_CAP) and {q["id"] for q in data} == set(why)
    for question in [why[q["id"]] for q in data[:20]]:
        target = (exam.parent / question["n"].split("#")[0]).resolve()
        assert target.is_file(), question["n"]


def test_the_flashcard_pages_link_to_the_downloads_that_exist(built_site):
    """Raw HTML links, which MkDocs does not check (they once pointed at `...flashcards.a.html`)."""
    site = study_pages.generate_study(REGISTRY)
    pages = [path for path in site.pages if path.startswith("practice/flashcards/")]
    assert pages
    for doc_path in pages:
        page = built_page(built_site, doc_path)
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = {a["href"] for a in html.find_all("a", download=True)}
        assert links, doc_path
        assert {(page.parent / href).resolve() for href in links} == {(built_site / path).resolve() for path in
                                                                       (study_pages.ANKI_DECK, study_pages.CARDS_CSV)}


def test_the_downloads_hold_every_card_and_are_in_the_offline_zip(built_site):
    deck = built_site / study_pages.ANKI_DECK
    with zipfile.ZipFile(deck) as apkg:
        collection = next(name for name in apkg.namelist() if name in ("collection.anki21", "collection.anki2"))
        database = deck.parent / "collection.sqlite"
        database.write_bytes(apkg.read(collection))
    try:
        with sqlite3.connect(database) as connection:
            notes = connection.execute("select count(*) from notes").fetchone()[0]
            guids = {row[0] for row in connection.execute("select guid from notes")}
    finally:
        database.unlink()
    assert notes == len(BANK.cards) == len(guids)
    text = (built_site / study_pages.CARDS_CSV).read_text(encoding="utf-8")
    columns = next(line for line in text.splitlines() if line.startswith("#columns:"))[len("#columns:"):].split(",")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), fieldnames=columns))
    assert [row["id"] for row in rows] == [card.id for card in BANK.cards]
    with zipfile.ZipFile(built_site / "downloads/serverless-study-notes.zip") as offline:
        names = set(offline.namelist())
    for path in (study_pages.ANKI_DECK, study_pages.CARDS_CSV, "assets/javascripts/study.js",
                 study_pages.link_target(study_pages.PRACTICE_EXAM, False)):
        assert f"serverless-study-notes/{path}" in names


def fact_questions_with_their_facts():
    for service in REGISTRY.services.values():
        for variant, key, fact in service.own_facts():
            item_id = f"{service.id}.{variant.id}" if variant else service.id
            question = next((q for q in BANK.questions if q.id == stable_id("fact", item_id, key)), None)
            if question is not None:
                yield question, service, REGISTRY.attributes[key].format(fact)


def test_changing_a_fact_changes_its_question_its_flashcard_and_the_anki_deck(project):
    """Any fact with a question will do; the new value also carries markup that must stay text."""
    question, service, old = next((q, s, old) for q, s, old in fact_questions_with_their_facts()
                                  if s.path.read_text(encoding="utf-8").count(f'value: "{old}"') == 1)
    new = "Changed value </script><script>alert(1)</script> & more"
    path = project / "docs/services" / f"{service.id}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(f'value: "{old}"', f"value: {json.dumps(new)}"),
                    encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.output
    quiz = build.site / study_pages.service_questions(service.category, service.id)
    asked = next(q for q in service_data(quiz) if q["id"] == question.id)
    assert [asked["c"][i] for i in asked["a"]] == [new]
    assert old not in asked["c"]
    cards = page_data(build.site / study_pages.link_target(study_pages.flashcards(service.category), False))
    assert sum(card["b"] == new for card in cards) == 1
    category_page = build.site / study_pages.link_target(study_pages.category_quiz(service.category), False)
    assert "<script>alert(1)</script>" not in category_page.read_text(encoding="utf-8")
    with zipfile.ZipFile(build.site / study_pages.ANKI_DECK) as apkg:
        collection = next(name for name in apkg.namelist() if name.startswith("collection.anki2"))
        database = project / "collection.sqlite"
        database.write_bytes(apkg.read(collection))
    with sqlite3.connect(database) as connection:
        backs = [row[0].split("\x1f")[2] for row in connection.execute("select flds from notes")]
    assert "Changed value &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in backs


def test_a_former_value_becomes_a_wrong_choice_and_is_explained(project):
    """The stale figure students meet in old material is the best trap; any fact with a question will do."""
    question, service, old = next(fact_questions_with_their_facts())
    path = project / "docs/services" / f"{service.id}.md"
    text = path.read_text(encoding="utf-8")
    value_line = next(line for line in text.splitlines() if line.strip().startswith("value:")
                      and old in line and text.count(line) == 1)
    indent = value_line[: len(value_line) - len(value_line.lstrip())]
    former = ("\n" + indent + "previously:\n" + indent + "  - value: \"An outdated figure\"\n" + indent +
              "    until: 2025-08-04\n" + indent + "    source: https://aws.amazon.com/about-aws/whats-new/\n" +
              indent + "    checked: 2026-11-27")
    path.write_text(text.replace(value_line, value_line + former), encoding="utf-8")
    bank = build_bank(load_registry(project / "docs"))
    changed = next(q for q in bank.questions if q.id == question.id)
    assert changed.right_answer == old
    assert "An outdated figure" in changed.choices
    assert "until 2025-08-04" in changed.explanation
    card = next(c for c in bank.cards if c.front == question.note_label)
    assert "Until 2025-08-04: An outdated figure." in card.details


# --- the Anki deck and the CSV ---------------------------------------------------------------------

def planted_card(**fields) -> Flashcard:
    values = {"id": "c0ffee000001", "service_id": "sqs", "category": "messaging", "front": "Lambda's limit",
              "back": '=HYPERLINK("https://example.com","click")', "details": "@SUM(1) and <b>bold</b> & more",
              "note_path": "services/sqs.md", "note_anchor": "", "source": "https://aws.amazon.com/sqs/",
              "checked": "2026-12-02", "must_know": True, "exam_level": "clf",
              "tags": ("sqs", "messaging", "exam-clf", "must-know")}
    return Flashcard(**{**values, **fields})


def test_the_csv_imports_into_anki_as_is_and_no_cell_runs_as_a_formula():
    text = cards_csv([planted_card(), planted_card(id="c0ffee000002", back="-1 + 2", front="+cmd|' /C calc'!A0")])
    lines = text.splitlines()
    headers = [line for line in lines if line.startswith("#")]
    assert headers[:2] == ["#separator:comma", "#html:false"] and lines[: len(headers)] == headers
    columns = next(line for line in headers if line.startswith("#columns:"))[len("#columns:"):].split(",")
    tags_column = int(next(line for line in headers if line.startswith("#tags column:")).split(":")[1])
    rows = list(csv.reader(io.StringIO("\n".join(lines[len(headers):]))))
    assert all(len(row) == len(columns) for row in rows) and len(rows) == 2
    for row in rows:  # no cell a spreadsheet would evaluate
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert rows[0][columns.index("back")] == "'" + planted_card().back  # kept, as text
    assert rows[0][tags_column - 1].split() == list(planted_card().tags)


def test_the_deck_has_card_css_tags_and_escapes_only_what_html_needs(tmp_path):
    cards = [planted_card(), *BANK.cards[:5]]
    apkg = tmp_path / "deck.apkg"
    apkg.write_bytes(anki_deck(cards))
    with zipfile.ZipFile(apkg) as archive:
        collection = next(name for name in archive.namelist() if name.startswith("collection.anki2"))
        database = tmp_path / "collection.sqlite"
        database.write_bytes(archive.read(collection))
    with sqlite3.connect(database) as connection:
        models = json.loads(connection.execute("select models from col").fetchone()[0])
        notes = connection.execute("select flds, tags from notes").fetchall()
    css = next(iter(models.values()))["css"]
    assert ".card" in css and ".nightMode" in css  # light and dark
    fields = {row[0].split("\x1f")[0]: row for row in notes}
    planted, tags = fields["c0ffee000001"]
    assert "&#39;" not in "".join(row[0] for row in notes)
    assert "Lambda's limit" in planted and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in planted
    assert set(tags.split()) == {"sqs", "messaging", "exam-clf", "must-know"}
    for card in BANK.cards[:5]:
        assert set(fields[card.id][1].split()) == set(card.tags)


def test_the_deck_leaves_nothing_in_the_temp_folder_and_dates_its_entries_from_source_date_epoch(tmp_path,
                                                                                                 monkeypatch):
    """genanki's own writer left its SQLite file in the system's temp folder at every build."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    deck = anki_deck(BANK.cards[:3])
    assert list(tmp_path.iterdir()) == []
    assert deck == anki_deck(BANK.cards[:3])
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        assert [(entry.filename, entry.date_time[:3]) for entry in archive.infolist()] == [
            ("collection.anki2", (2023, 11, 14)), ("media", (2023, 11, 14))]
