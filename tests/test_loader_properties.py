"""Property-based tests: any text gives a result or the project's own NotesError, never another exception.

Settings are modest so the suite stays fast: 200 examples per property, no deadline (the
first examples pay for imports and the catalog).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, real_registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serverless_notes.compare import expand_compare_blocks, find_compare_blocks
from serverless_notes.loader import load_catalog, parse_note
from serverless_notes.model import NoteSchema
from serverless_notes.problems import NotesError
from serverless_notes.yaml_source import parse_yaml

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOTES = sorted((ROOT / "docs/services").glob("*.md"))
SCHEMA = NoteSchema(load_catalog(ROOT / "docs/_data/catalog.yml"))
REGISTRY = real_registry()
PATH = Path("docs/services/demo.md")

# Pieces that mean something to YAML, Markdown or the compare block parser, to splice into real text.
TOKENS = [":", ": ", "- ", "&a ", "*a", "&a [*a]", "!!int ", "!!float ", "!!timestamp ", "!!binary ", "!!python/name:x",
          "<<: ", "? ", "\t", "\n", "\r\n", "'", '"', "{", "}", "[", "]", "|", ">-", "#", "---", "...", "%YAML 1.1\n",
          "\ufeff", "\x07", "\x1b[2J", "\u2028", "\x85", "\xa0", ".nan", ".inf", "1e400", "true", "null", "~", "0x",
          "2026-13-45", "```compare\n", "```\n", "~~~", "services: [", "rows: [", "sqs", "sqs.fifo", "TODO", "\\",
          "<script>", "{ onclick=x }", "[x](javascript:alert(1))", " " * 5, "\x00", "\udcff"]


def outcome_of(call) -> None:
    """Run `call`; only a result or NotesError is allowed (every problem on a printable line)."""
    try:
        call()
    except NotesError as error:
        for line in str(error).splitlines():
            assert line.isprintable(), line
            assert ":" in line


@PROPERTY_SETTINGS
@given(st.text())
def test_parse_yaml_on_any_text(text):
    outcome_of(lambda: parse_yaml(text, PATH, first_line=2))


@PROPERTY_SETTINGS
@given(st.text())
def test_parse_note_on_any_text(text):
    outcome_of(lambda: parse_note("demo", text, PATH, SCHEMA))


@st.composite
def mutated_note(draw) -> str:
    """A real note with a few tokens inserted, and a few characters deleted, at random places."""
    text = draw(st.sampled_from(NOTES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:position] + draw(st.sampled_from(TOKENS) | st.text(max_size=5)) + text[position:]
        else:
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
    return text


@PROPERTY_SETTINGS
@given(mutated_note())
def test_parse_note_on_mutated_real_notes(text):
    outcome_of(lambda: parse_note("demo", text, PATH, SCHEMA))


@st.composite
def compare_text(draw) -> str:
    fence = draw(st.sampled_from(["```", "~~~", "````", "  ```", "\t```"]))
    body = draw(st.lists(st.sampled_from(TOKENS) | st.sampled_from(list(REGISTRY.items)) | st.text(max_size=8),
                         max_size=12))
    before = draw(st.text(max_size=20))
    return f"{before}\n{fence}compare\n{''.join(body)}\n{draw(st.sampled_from([fence, '', '```']))}\n"


@PROPERTY_SETTINGS
@given(st.one_of(compare_text(), st.text()))
def test_compare_blocks_on_any_text(text):
    find_compare_blocks(text.split("\n"))
    outcome_of(lambda: expand_compare_blocks(text, REGISTRY, lambda table, indent: "table", PATH))


@pytest.mark.parametrize("note", NOTES, ids=lambda path: path.stem)
def test_the_real_notes_parse(note):
    parse_note(note.stem, note.read_text(encoding="utf-8"), note, SCHEMA)
