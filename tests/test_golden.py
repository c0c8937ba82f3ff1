"""Golden files: Markdown in, HTML out, exactly (as pymdown-extensions tests its extensions).

Each folder under tests/golden/ holds `input.md` and `expected.html`, converted on the small fixture
site (tests/fixtures/small) by the pipeline its name says. After an intended change of the markup,
regenerate the expected files and review their diff:

    SN_UPDATE_GOLDENS=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURE_DOCS

from serverless_notes import paths
from serverless_notes.concept_links import ConceptIndex
from serverless_notes.loader import load_concepts, load_registry
from serverless_notes.markdown_ext import CompareExtension
from serverless_notes.note_page import NoteParts, concept_links
from serverless_notes.render import Renderer
from serverless_notes.urls import relative_link

GOLDEN = Path(__file__).parent / "golden"
REGISTRY = load_registry(FIXTURE_DOCS)
CONCEPTS = ConceptIndex(load_concepts(FIXTURE_DOCS, REGISTRY))
EXTENSIONS = ["attr_list", "md_in_html", "tables"]
NOTE = paths.note("alpha")


def compare_block(text: str) -> str:
    """A hand-written page's ```compare blocks, through the Markdown extension."""
    return markdown.markdown(text, extensions=[*EXTENSIONS, CompareExtension(registry=REGISTRY, page="guide.md")])


def fact_box(text: str) -> str:
    """A note's body composed with its box and sources (note_page), as the export writes it."""
    renderer = Renderer(REGISTRY, relative_link(NOTE))
    return markdown.markdown(NoteParts.of(REGISTRY.services["alpha"], renderer).into_markdown(text),
                             extensions=EXTENSIONS)


def concept_link(text: str) -> str:
    """A note's first use of each concept, linked to the glossary's source (the engine converts it)."""
    return markdown.markdown(text, extensions=[*EXTENSIONS, concept_links(CONCEPTS, NOTE)])


PIPELINES = {"compare_block": compare_block, "fact_box": fact_box, "concept_links": concept_link}


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_golden(name):
    folder = GOLDEN / name
    html = PIPELINES[name]((folder / "input.md").read_text(encoding="utf-8")) + "\n"
    expected = folder / "expected.html"
    if os.environ.get("SN_UPDATE_GOLDENS"):
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")


def test_every_golden_folder_has_a_pipeline():
    assert {folder.name for folder in GOLDEN.iterdir() if folder.is_dir()} == set(PIPELINES)
