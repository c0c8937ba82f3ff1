"""Every generated page and data file, by name: the one place their paths are spelled.

Pages are paths relative to docs/ (as MkDocs names source files); data files are relative to
the docs folder too. Templates get these names as `paths` (e.g. `link(paths.GLOSSARY)`).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .urls import built_html  # noqa: F401  (re-exported: page URLs live in urls.py)

# Data files a contributor edits.
SERVICES_DIR = Path("services")  # one note per service: services/<id>.md
CATALOG_PATH = Path("_data/catalog.yml")  # categories and attributes
COMPARISONS_PATH = Path("_data/comparisons.yml")  # the declared comparison pages
ABBREVIATIONS_PATH = Path("_data/abbreviations.md")  # also read by pymdownx.snippets
CONCEPTS_PATH = Path("_data/concepts.yml")  # the glossary's concepts, linked from the notes
FOILS_PATH = Path("_data/foils.yml")  # services the exam offers as wrong choices, and the needs scenarios ask for

# Pages the build generates.
OVERVIEW = "overview.md"
GLOSSARY = "glossary.md"
WHAT_CHANGED = "what-changed.md"
PRINT_VIEW = "services/all-notes.md"  # beside the notes, so their relative links still work
COMPARISONS_DIR = "compare"
COMPARISONS_INDEX = f"{COMPARISONS_DIR}/index.md"
OFFLINE_ZIP = "downloads/serverless-study-notes.zip"

# Study mode: practice pages, flashcards and their downloads.
PRACTICE_INDEX = "practice/index.md"
PRACTICE_EXAM = "practice/exam.md"
FLASHCARDS_INDEX = "practice/flashcards/index.md"
WHICH_SERVICE = "practice/which-service.md"
EXAM_TRAPS = "practice/exam-traps.md"
ANKI_DECK = "downloads/serverless-study-notes-flashcards.apkg"
CARDS_CSV = "downloads/serverless-study-notes-flashcards.csv"
QUESTION_BANK = "downloads/question-bank.json"  # the whole bank, for other tools and reviewers
QUESTION_BANK_SCHEMA = "downloads/question-bank.schema.json"  # its JSON Schema, shipped beside it
EXAM_BANK = "practice/exam-bank.js"  # the practice exam's pool, as a script (loads from file://, unlike JSON)
EXAM_WHY = "practice/exam-why.js"  # its explanations and links, loaded once the first answer is settled
STUDY_SCRIPT = "assets/javascripts/study.js"  # from overrides/, copied to the site root by the theme
FSRS_SCRIPT = "assets/javascripts/vendor/ts-fsrs.umd.js"  # the flashcards' scheduler, vendored (MIT)


def note(service_id: str) -> str:
    return f"{SERVICES_DIR.as_posix()}/{service_id}.md"


def comparison(slug: str) -> str:
    """A comparison page: a declared one by its slug, or a category's page by the category id."""
    return f"{COMPARISONS_DIR}/{slug}.md"


def is_note(doc_path: str) -> bool:
    return posixpath.dirname(doc_path) == SERVICES_DIR.as_posix()


def category_quiz(category: str) -> str:
    return f"practice/quiz/{category}.md"


def service_quiz_anchor(service_id: str) -> str:
    """A service's quiz is its category's page with this fragment: one page per service would double the build."""
    return f"service-{service_id}"


def service_questions(category: str, service_id: str) -> str:
    """The data file (a script) with every question on one service, loaded by its category's quiz page."""
    return f"practice/quiz/{category}/{service_id}.js"


def flashcards(category: str) -> str:
    return f"practice/flashcards/{category}.md"
