"""Caps on what multiplies, so one pull request cannot make a build that exhausts a CI runner.

Each file is already at most 256 KiB, but a small file can ask for a lot: a variant is a table
column and a batch of questions, a compare block is a table, a concept is a pattern tried on
every paragraph, an abbreviation is a tooltip on every page, and every note page carries its
category's navigation. With these caps, a build's cost grows linearly with the notes (measured by
tests/test_untrusted_input.py::test_build_cost_grows_linearly_with_the_notes). Each cap is far above
what the notes use; raise one here, with a measurement, if real notes need more.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .problems import Problem

MAX_NOTES = 1_000  # DESIGN.md measured 1,000 notes in 20 categories: 11 s, 55 MB
MAX_NOTES_PER_CATEGORY = 100  # every page of a category lists the category's notes in its navigation
MAX_CATEGORIES = 50
MAX_ATTRIBUTES = 100  # rows of a comparison table, fields of a fact box
MAX_VARIANTS = 20  # per note: columns of its category's table, like the services of one compare block
MAX_ALIASES = 50  # per note
MAX_QUESTIONS = 50  # hand-written questions per note
MAX_SCENARIOS = 50  # exam scenarios per note (each becomes a question and a reverse flashcard)
MAX_FORMER_VALUES = 20  # `previously` entries per fact
MAX_COMPARE_BLOCKS = 20  # per page: each block is a table of up to 20 items
MAX_COMPARISON_PAGES = 100  # declared in comparisons.yml
MAX_CONCEPTS = 500  # each is a phrase matched in every note paragraph
MAX_CONCEPT_PHRASES = 10  # `also` per concept
# Appended to every page, where Python-Markdown reads one definition per pass over the rest of the
# block: the cost per page grows with the square of the count (500 took 60 s on 68 pages, 100 about 3 s).
MAX_ABBREVIATIONS = 100

HOW_TO = "split the content, or raise the cap in src/serverless_notes/limits.py with a measurement of the build"


def too_many(path: Path, line: int, field: str, count: int, cap: int, what: str) -> list[Problem]:
    """A problem if `count` is over `cap` (what: "compare blocks in one page")."""
    if count <= cap:
        return []
    return [Problem(path, line, field, f"has {count:,} {what}; at most {cap:,} are allowed ({HOW_TO})")]


def note_counts(services: list, catalog_path: Path) -> list[Problem]:
    """All notes, and the notes of each category (`services`: registry.Service objects)."""
    problems = too_many(catalog_path, 1, "", len(services), MAX_NOTES, "notes in docs/services/")
    per_category = Counter(service.category for service in services)
    for category, count in sorted(per_category.items()):
        if count > MAX_NOTES_PER_CATEGORY:
            problems += too_many(catalog_path, 1, f"categories.{category}", count, MAX_NOTES_PER_CATEGORY,
                                 "notes in this category (every one of its pages lists them all)")
    return problems
