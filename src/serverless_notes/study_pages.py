"""The study pages and downloads, as Markdown and bytes for any engine (no MkDocs imports).

Its page paths are named in paths.py with every other generated page. The practice exam loads its pool from a
data script (practice/exam-bank.js, which also loads from file://, unlike fetched JSON), so its HTML stays light;
category quiz and flashcard pages carry theirs as JSON in a <script type="application/json"> element (escaped so no
text can close it). study.js reads both and renders every text as text. Every study page but two short indexes
is kept out of search (their text repeats the notes' facts, aliases and traps, which search finds on the notes), so
they never crowd the notes out of the results; the Practice and Flashcards indexes are searchable at a low boost.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps

from . import urls
from .anki import anki_deck, cards_csv
from .paths import (  # re-exported: study_pages.PRACTICE_INDEX and the rest name the study pages
    ANKI_DECK,
    CARDS_CSV,
    EXAM_BANK,
    EXAM_TRAPS,
    EXAM_WHY,
    FLASHCARDS_INDEX,
    FSRS_SCRIPT,
    PRACTICE_EXAM,
    PRACTICE_INDEX,
    QUESTION_BANK,
    QUESTION_BANK_SCHEMA,
    STUDY_SCRIPT,
    WHICH_SERVICE,
    category_quiz,
    flashcards,
    service_questions,
    service_quiz_anchor,
)
from .registry import Registry
from .render import Page, Renderer
from .study import (
    Flashcard,
    Question,
    StudyBank,
    bank_json,
    build_bank,
    cues_by_item,
    exam_traps,
    sample,
    which_service_cues,
)
from .urls import relative_link

BANK_SCHEMA_FILE = Path(__file__).parent / "schemas" / "question-bank.schema.json"
EXAM_QUESTIONS = 20  # questions in one practice exam, drawn afresh from the pool on each visit
POOL_CAP = 400  # questions a drawing page carries at most: page weight stays bounded at any number of notes


def question_data(question: Question, link) -> dict:
    """A question as study.js reads it (short keys: the exam's bank carries hundreds)."""
    return {"id": question.id, "q": question.stem, "c": list(question.choices), "a": list(question.answers),
            "e": question.explanation, "cn": list(question.choice_notes), "k": question.category,
            "f": list(question.facts), "n": link(question.note_path, question.note_anchor),
            "nl": question.note_label, "s": question.source}


def card_data(card: Flashcard, link) -> dict:
    return {"id": card.id, "f": card.front, "b": card.back, "d": card.details,
            "n": link(card.note_path, card.note_anchor), "s": card.source, "m": card.must_know,
            "r": card.reverse, "lv": card.exam_level}


def quotas(questions: list[Question], draw: int) -> dict[str, int]:
    """Questions per category in one draw, in proportion to the pool (largest remainders round up)."""
    counts: dict[str, int] = {}
    for question in questions:
        counts[question.category] = counts.get(question.category, 0) + 1
    total = sum(counts.values()) or 1
    share = {category: draw * count / total for category, count in counts.items()}
    result = {category: int(value) for category, value in share.items()}
    for category in sorted(share, key=lambda c: result[c] - share[c])[: draw - sum(result.values())]:
        result[category] += 1
    return result


def exam_pool(bank: StudyBank) -> list[Question]:
    """The practice exam's questions: those the bank puts in it (exam-level items), evenly sampled to the cap."""
    return sample(bank.practice_pool, POOL_CAP)


@dataclass(frozen=True)
class StudySite:
    pages: dict[str, Page]  # path relative to docs/ -> the page
    downloads: dict[str, bytes]  # path relative to docs/ -> file content (decks, per-service question data)
    nav_section: dict  # the "Practice" section of the navigation (pages.navigation places it)
    bank: StudyBank


def _script_json(data) -> str:
    """JSON safe inside <script>: '<', '>', '&' and quotes are escaped, so '</script>' in data stays text."""
    return htmlsafe_json_dumps(data, dumps=functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":")))


class _Pages:
    def __init__(self, registry: Registry, directory_urls: bool):
        self.registry = registry
        self.directory_urls = directory_urls
        self.pages: dict[str, Page] = {}

    def add(self, path: str, template: str, **context) -> None:
        link = relative_link(path, self.directory_urls)

        def link_file(site_path: str) -> str:  # a file that is not a page: a script, a data file
            return urls.file_link(path, site_path, self.directory_urls)
        data = None  # what the page's script reads
        if "pool" in context and not context.get("bank_script"):
            data = {"questions": [question_data(question, link) for question in context["pool"]],
                    "quotas": quotas(context["pool"], context["draw"]),
                    "labels": {cid: c.label for cid, c in self.registry.categories.items()}}
        elif "cards" in context:
            data = [card_data(card, link) for card in context["cards"]]
        self.pages[path] = Renderer(self.registry, link, path).page(
            template, page_key=path[: -len(".md")], script=link_file(STUDY_SCRIPT), link_file=link_file,
            fsrs_script=link_file(FSRS_SCRIPT),
            data_json=_script_json(data) if data else "",
            paths=PATHS, **context)


def link_target(doc_path: str, directory_urls: bool) -> str:
    """The built file of a page, relative to the site root (for links to assets)."""
    return urls.built_file(doc_path, directory_urls)


PATHS = {"index": PRACTICE_INDEX, "exam": PRACTICE_EXAM, "exam_bank": EXAM_BANK, "exam_why": EXAM_WHY,
         "flashcards": FLASHCARDS_INDEX, "which_service": WHICH_SERVICE, "traps": EXAM_TRAPS,
         "anki": ANKI_DECK, "csv": CARDS_CSV,
         "category_quiz": category_quiz, "service_anchor": service_quiz_anchor, "service_data": service_questions,
         "category_cards": flashcards}


def generate_study(registry: Registry, directory_urls: bool = False) -> StudySite:
    bank = build_bank(registry)
    out = _Pages(registry, directory_urls)
    categories = [(cid, category, registry.services_in(cid)) for cid, category in registry.categories.items()
                  if bank.questions_for(category=cid) or bank.cards_for(cid)]
    pool = exam_pool(bank)
    out.add(PRACTICE_INDEX, "practice_index.md", bank=bank, categories=categories, exam_pool=len(pool),
            exam_draw=EXAM_QUESTIONS)
    out.add(PRACTICE_EXAM, "practice_quiz.md", title="Practice exam", kind="exam", draw=EXAM_QUESTIONS, services=[],
            pool=pool, bank_size=len(pool), bank_script=True,
            intro="Exam-style questions drawn by category; none repeats until you have seen them all, "
                  "and those you miss come back sooner.")
    nav_quizzes = []
    nav_cards = [FLASHCARDS_INDEX]
    downloads: dict[str, bytes] = {
        ANKI_DECK: anki_deck(bank.cards), CARDS_CSV: cards_csv(bank.cards).encode("utf-8"),
        **exam_bank_scripts(registry, pool, directory_urls),
        QUESTION_BANK: json.dumps(bank_json(bank), ensure_ascii=False, indent=1).encode("utf-8"),
        QUESTION_BANK_SCHEMA: BANK_SCHEMA_FILE.read_bytes()}
    for category_id, category, services in categories:
        questions = bank.questions_for(category=category_id)
        if questions:
            quizzed = []
            for service in services:
                own = bank.questions_for(service_id=service.id)
                if own:
                    quizzed.append((service, len(own)))
                    # links in the data resolve against the page that loads it, the category's quiz
                    link = relative_link(category_quiz(category_id), directory_urls)
                    data = json.dumps([question_data(q, link) for q in own], ensure_ascii=False, separators=(",", ":"))
                    downloads[service_questions(category_id, service.id)] = (
                        f"snStudyService({json.dumps(service.id)},{data});\n".encode())
            drawn = [q for q in questions if q.exam_level == "clf"] or questions  # the exam's level first
            out.add(category_quiz(category_id), "practice_quiz.md", title=f"Quiz: {category.label}", kind="category",
                    draw=EXAM_QUESTIONS, pool=sample(drawn, POOL_CAP), bank_size=len(drawn),
                    intro=f"Questions on every {category.label.lower()} service.", services=quizzed,
                    category_id=category_id)
            nav_quizzes.append({html.escape(category.label): category_quiz(category_id)})
        cards = bank.cards_for(category_id)
        if cards:
            out.add(flashcards(category_id), "flashcards.md", title=f"Flashcards: {category.label}", cards=cards)
            nav_cards.append({html.escape(category.label): flashcards(category_id)})
    out.add(FLASHCARDS_INDEX, "flashcards_index.md", bank=bank, categories=categories)
    out.add(WHICH_SERVICE, "which_service.md", guide=which_service_cues(registry), by_item=cues_by_item)
    out.add(EXAM_TRAPS, "exam_traps.md", traps=exam_traps(registry))
    nav = {"Practice": [PRACTICE_INDEX, {"Practice exam": PRACTICE_EXAM}, {"Flashcards": nav_cards},
                        {"Which service?": WHICH_SERVICE}, {"Exam traps": EXAM_TRAPS},
                        {"Quizzes by category": nav_quizzes}]}
    return StudySite(out.pages, downloads, nav, bank)


WHY_KEYS = ("e", "cn", "n", "nl", "s")  # what only a settled answer shows: half the bank's weight


def exam_bank_scripts(registry: Registry, pool: list[Question], directory_urls: bool) -> dict[str, bytes]:
    """The practice exam's pool as two scripts the exam page loads (links resolve against that page).

    The first view needs only what draws and asks the questions (EXAM_BANK); the explanations, choice notes and
    links (EXAM_WHY) load once the first answer is settled, so the page's first view stays light as the bank grows.
    """
    link = relative_link(PRACTICE_EXAM, directory_urls)
    items = [question_data(question, link) for question in pool]
    data = {"questions": [{k: v for k, v in item.items() if k not in WHY_KEYS} for item in items],
            "quotas": quotas(pool, min(EXAM_QUESTIONS, len(pool))),
            "labels": {cid: category.label for cid, category in registry.categories.items()}}
    why = {item["id"]: {k: item[k] for k in WHY_KEYS} for item in items}
    # Assignments, not calls: study.js reads them whichever script runs first.
    return {EXAM_BANK: f"window.snStudyExamBank = {_script_json(data)};\n".encode(),
            EXAM_WHY: f"window.snStudyExamWhy = {_script_json(why)};\n".encode()}
