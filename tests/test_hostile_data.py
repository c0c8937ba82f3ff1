"""Broken and hostile data, checked where it is cheapest: the loader on strings, `validate` on a copy.

Every case must end in the project's own error, `file:line: field: message`, never another
exception; a value echoed in a message never carries a control character.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from serverless_notes.compare import CompareBlock, parse_compare_block
from serverless_notes.loader import MAX_FILE_BYTES, load_comparison_pages, load_registry, parse_note, read_sources
from serverless_notes.model import MAX_ITEMS, Catalog, NoteSchema
from serverless_notes.problems import NotesError
from serverless_notes.yaml_source import parse_yaml

NOTE_PATH = Path("docs/services/demo.md")

CATALOG = Catalog.model_validate({
    "categories": {"compute": {"label": "Compute", "description": "Run code."},
                   "data": {"label": "Data", "description": "Keep data."}},
    "attributes": {
        "max_memory": {"label": "Memory", "description": "Most memory.", "type": "number", "unit": "MB",
                       "categories": ["compute"]},
        "caching": {"label": "Caching", "description": "Caches.", "type": "boolean", "categories": ["all"]},
        "consistency": {"label": "Consistency", "description": "Reads.", "categories": ["data"]},
    },
})
SCHEMA = NoteSchema(CATALOG)
SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/limits.html"


def note(facts: str = "", extra: str = "", name: str = "Demo") -> str:
    facts = facts or f"  caching:\n    value: true\n    source: {SOURCE}\n    checked: 2026-01-02\n"
    return (f"---\nname: {name}\nshort_name: {name}\ncategory: compute\nsummary: A demo service.\n"
            f"facts:\n{facts}{extra}---\n\n# Demo\n\nText.\n")


def fact(key: str, value: str, source: str = SOURCE) -> str:
    return f"  {key}:\n    value: {value}\n    source: {source}\n    checked: 2026-01-02\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(NotesError) as caught:
        parse_note("demo", text, NOTE_PATH, SCHEMA)
    lines = str(caught.value).splitlines()
    for line in lines:
        assert line.startswith(f"{NOTE_PATH.as_posix()}:"), line
        assert line.isprintable(), line
    return lines


def test_the_demo_note_is_valid():
    assert parse_note("demo", note(), NOTE_PATH, SCHEMA).facts["caching"].value is True


# --- YAML that PyYAML itself rejects or mis-builds ------------------------------------------

YAML_CASES = {
    "control character": ("a: x\x07y\n", 1, "not allowed"),
    "escape sequence": ("a: 1\nb: \x1b[31mred\n", 2, "not allowed"),
    "bad !!int": ("a: 1\nb: !!int twelve\n", 2, "cannot read"),
    "bad !!int underscore": ("b: !!int _\n", 1, "cannot read"),
    "bad !!int base": ("b: !!int 0x\n", 1, "cannot read"),
    "bad !!float": ("a: 1\nb:\n  - !!float nope\n", 3, "cannot read"),
    "bad !!timestamp": ("b: !!timestamp yesterday\n", 1, "cannot read"),
    "bad !!bool": ("b: !!bool maybe\n", 1, "cannot read"),
    "complex key": ("a: 1\n? [x, y]\n: 2\n", 2, "key must be plain text"),
    "mapping key": ("{a: 1}: 2\n", 1, "key must be plain text"),
    "self alias": ("a: &a [*a]\n", 1, "aliases"),
    "alias": ("a: &x foo\nb: *x\n", 2, "aliases"),
    "merge key": ("a: &x {c: 1}\nb:\n  <<: *x\n", 3, "not supported"),
    "python tag": ("a: !!python/object:os.system x\n", 1, "syntax error"),
    "duplicate key": ("a: 1\na: 2\n", 2, "duplicate key"),
    "tab": ("a:\n\tb: 1\n", 2, "syntax error"),
}


@pytest.mark.parametrize("text, line, words", YAML_CASES.values(), ids=YAML_CASES)
def test_yaml_problems_are_errors_at_their_line(text, line, words):
    with pytest.raises(NotesError) as caught:
        parse_yaml(text, Path("x.yml"), first_line=1)
    message = str(caught.value)
    assert message.startswith(f"x.yml:{line}: "), message
    assert words in message
    assert message.isprintable()


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
    started = time.perf_counter()
    with pytest.raises(NotesError, match="aliases"):
        parse_yaml(bomb, Path("x.yml"))
    assert time.perf_counter() - started < 1


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(NotesError):
        parse_yaml("a: " + "[" * 50_000 + "]" * 50_000 + "\n", Path("x.yml"))


def test_yaml_problems_in_a_note_point_at_the_note_line():
    lines = problems_of(note(extra="aliases: !!int x\n"))
    assert lines[0].startswith(f"{NOTE_PATH.as_posix()}:11: aliases: cannot read x as int")


# --- what the data means ----------------------------------------------------------------------

BAD_SOURCES = [
    "https://evil.example\\@docs.aws.amazon.com/x",
    "https://evil.example@docs.aws.amazon.com/x",
    "https://user:pw@docs.aws.amazon.com/x",
    "https://docs.aws.amazon.com:8443/x",
    "https://docs.aws.amazon.com.evil.example/x",
    "https://docs.aws.amazon.com\\.evil.example/x",
    "http://docs.aws.amazon.com/x",
    "javascript://docs.aws.amazon.com/%0aalert(1)",
    "https://DOCS.aws.amazon.com/x",
    "https://docs.aws.amazon.com./x",
    "//docs.aws.amazon.com/x",
    "'https://docs.aws.amazon.com/x y'",
]


@pytest.mark.parametrize("source", BAD_SOURCES)
def test_a_source_must_be_exactly_an_aws_documentation_host(source):
    lines = problems_of(note(fact("caching", "true", source)))
    assert any("caching.source: not an https URL on an AWS documentation domain" in line for line in lines)


@pytest.mark.parametrize("value", ["true", "false", ".nan", ".inf", "-.inf", "1e400", "'12'", "[1]"])
def test_a_number_is_finite_and_not_a_boolean(value):
    lines = problems_of(note(fact("max_memory", value)))
    assert any("facts.max_memory.value: " in line for line in lines), lines


@pytest.mark.parametrize("value", ["1", "0", "'yes'", "1.5"])
def test_a_boolean_is_true_or_false(value):
    assert any("facts.caching.value: " in line for line in problems_of(note(fact("caching", value))))


def test_an_attribute_of_another_category_is_an_error():
    lines = problems_of(note(fact("consistency", "Strong")))
    assert any(":7: facts.consistency: attribute 'consistency' is not used by the category 'compute'" in line
               for line in lines), lines


def test_an_attribute_is_given_at_one_level_only():
    variant_fact = fact("caching", "false").replace("  ", "      ", 1).replace("\n    ", "\n        ")
    text = note(extra="variants:\n  big:\n    name: Big\n    facts:\n" + variant_fact)
    lines = problems_of(text)
    assert any("variants.big.facts.caching: 'caching' is also given for the whole service" in line for line in lines)


@pytest.mark.parametrize("field", ["name", "short_name", "summary"])
@pytest.mark.parametrize("value", ['"two\\nlines"', '"tab\\there"', '"bell\\a"', '"n\\x85el"', '"ls\\u2028x"'])
def test_titles_and_summaries_are_one_line(field, value):
    text = note().replace(f"\n{field}: ", f"\n{field}: {value}\nold_{field}: ", 1)
    text = "\n".join(line for line in text.split("\n") if not line.startswith(f"old_{field}:"))
    lines = problems_of(text)
    assert any(f": {field}: must be one line" in line for line in lines), lines


def test_a_value_echoed_in_an_error_cannot_forge_an_annotation_or_move_the_cursor():
    lines = problems_of(note(fact("caching", '"x\\n::error file=README.md,line=1::forged\\u001b[2J"')))
    assert len(lines) == 1 and "::error" in lines[0] and "\\n::error" in lines[0] and "\\x1b[2J" in lines[0]


def test_a_note_over_the_size_limit_is_refused():
    lines = problems_of(note() + "x" * MAX_FILE_BYTES)
    assert lines == [f"{NOTE_PATH.as_posix()}:1: is larger than {MAX_FILE_BYTES // 1024} KiB; split it or shorten it"]


# --- compare blocks -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "docs")


def test_a_compare_block_takes_at_most_max_items_ids(registry):
    ids = list(registry.items) * (MAX_ITEMS // len(registry.items) + 2)
    block = CompareBlock(0, 2, "", f"services: [{', '.join(ids[:MAX_ITEMS + 1])}]")
    with pytest.raises(NotesError, match=f"p.md:2: compare.services: lists {MAX_ITEMS + 1} ids; compare at most"):
        parse_compare_block(block, registry, Path("p.md"), 1)
    assert len(parse_compare_block(block, registry, Path("p.md"), 1, max_items=None).items) == MAX_ITEMS + 1


# --- the other data files, through `validate` on a copy of the project -------------------------

def validate_fails(project: Path, *expected: str) -> str:
    result = run_cli(project, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith("docs/") and line.isprintable(), line
    for words in expected:
        assert words in result.stderr, result.stderr
    return result.stderr


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_slug(project: Path) -> str:
    registry = load_registry(project / "docs")
    return load_comparison_pages(project / "docs", registry)[0].slug


@pytest.mark.parametrize("slug, words", [("index", "'index' is reserved"), ("<first>", "is already the slug"),
                                         ("<category>", "taken by the generated page of that category")])
def test_comparison_slugs_are_unique_and_not_reserved(project, slug, words):
    comparisons = project / "docs/_data/comparisons.yml"
    registry = load_registry(project / "docs")
    slug = {"<first>": first_slug(project), "<category>": next(iter(registry.categories))}.get(slug, slug)
    items = ", ".join(list(registry.services)[:2])
    comparisons.write_text(comparisons.read_text(encoding="utf-8") + (
        f"- slug: {slug}\n  title: Another\n  intro: Another page.\n  items: [{items}]\n"), encoding="utf-8")
    validate_fails(project, "docs/_data/comparisons.yml:", words)


def test_a_multi_line_intro_is_refused(project):
    comparisons = project / "docs/_data/comparisons.yml"
    replace_in(comparisons, "  intro: >-", "  intro: |-")
    validate_fails(project, "intro: must be one line")


def test_an_abbreviation_file_holds_only_abbreviations(project):
    path = project / "docs/_data/abbreviations.md"
    path.write_text(path.read_text(encoding="utf-8") + "<script>alert(1)</script>\n*[X]: <b>bold</b>\n",
                    encoding="utf-8")
    stderr = validate_fails(project, "expected one abbreviation per line")
    assert stderr.count("abbreviations.md:") == 2


def test_validate_checks_compare_blocks_in_every_page(project):
    (project / "docs/extra.md").write_text("# Extra\n\n```compare\nservices: [nope]\n```\n", encoding="utf-8")
    validate_fails(project, "docs/extra.md:4: compare.services: unknown service or variant 'nope'")


def test_a_hand_made_file_at_the_offline_zip_path_is_an_error(project):
    from serverless_notes.paths import OFFLINE_ZIP
    (project / "docs" / OFFLINE_ZIP).parent.mkdir(parents=True)
    (project / "docs" / OFFLINE_ZIP).write_bytes(b"PK")
    validate_fails(project, f"docs/{OFFLINE_ZIP}:1: is where the build writes the offline zip")


# --- files: encodings, extensions, symlinks ------------------------------------------------------

def services(project: Path) -> Path:
    return project / "docs/services"


FILE_CASES = {
    "non-UTF-8 byte": (lambda d: (d / "sqs.md").write_bytes((d / "sqs.md").read_bytes()
                                                            .replace(b"Amazon SQS", b"Amazon \xff", 1)),
                       "sqs.md:3: byte 0xff is not UTF-8 text"),
    "latin-1 note": (lambda d: (d / "sqs.md").write_bytes((d / "sqs.md").read_bytes() + "café\n".encode("latin-1")),
                     "is not UTF-8 text"),
    ".markdown note": (lambda d: (d / "kinesis.markdown").write_text("# K\n", encoding="utf-8"),
                       "kinesis.markdown:1: only '.md' files are notes"),
    "text file": (lambda d: (d / "notes.txt").write_text("x", encoding="utf-8"), "notes.txt:1: only '.md'"),
    "dangling symlink": (lambda d: (d / "gone.md").symlink_to(d / "missing.md"),
                         "gone.md:1: is a symlink to a file that"),
    "directory": (lambda d: (d / "more.md").mkdir(), "more.md:1: is a folder"),
    "directory symlink": (lambda d: (d / "linked.md").symlink_to(d),
                          "linked.md:1: is a symlink to a folder that holds it"),
    "symlink out of docs": (lambda d: (d / "env.md").symlink_to("/proc/self/environ"),
                            "env.md:1: is a symlink to a file outside docs/"),
    "oversized note": (lambda d: (d / "sqs.md").write_text((d / "sqs.md").read_text(encoding="utf-8")
                                                             + "x" * MAX_FILE_BYTES, encoding="utf-8"),
                       f"sqs.md:1: is larger than {MAX_FILE_BYTES // 1024} KiB"),
}


@pytest.mark.parametrize("make, words", FILE_CASES.values(), ids=FILE_CASES)
def test_file_problems_are_errors_in_validate(project, make, words):
    make(services(project))
    validate_fails(project, words)


def test_a_symlink_anywhere_in_docs_that_leaves_it_is_refused(project):
    (project / "docs/secret.md").symlink_to("/proc/self/environ")
    (project / "docs/_data/token").symlink_to(project / "mkdocs.yml")
    with pytest.raises(NotesError) as caught:
        read_sources(project / "docs")
    assert len(caught.value.problems) == 2


SNIPPET_CASES = {
    "missing": '--8<-- "nowhere.md"',
    "repository file": '--8<-- "mkdocs.yml"',
    "git config": '--8<-- ".git/config"',
    "parent folder": '--8<-- "../../mkdocs.yml"',
    "absolute": '--8<-- "/etc/passwd"',
    "line range": '--8<-- "../contributing.md:1:3"',
    "block": '--8<--\nabbreviations.md\n/proc/self/environ\n--8<--',
}


@pytest.mark.parametrize("snippet", SNIPPET_CASES.values(), ids=SNIPPET_CASES)
def test_snippets_include_only_files_of_the_data_folder(project, snippet):
    replace_in(project / "docs/services/sqs.md", "\n---\n\n# ", f"\n---\n\n{snippet}\n\n# ")  # the body's title
    validate_fails(project, "docs/services/sqs.md:", "snippets include only files from that folder")


def test_a_snippet_of_a_data_file_is_allowed(project):
    replace_in(project / "docs/services/sqs.md", "\n---\n\n# ", '\n---\n\n--8<-- "abbreviations.md"\n\n# ')
    assert run_cli(project, "validate").returncode == 0


def test_github_annotations_escape_data():
    from serverless_notes.cli import _command_value
    assert _command_value("a\n::error::x%") == "a%0A::error::x%25"
    assert _command_value("docs/a,b:c.md", is_property=True) == "docs/a%2Cb%3Ac.md"


def test_an_attribute_names_only_declared_categories(project):
    replace_in(project / "docs/_data/catalog.yml", "categories: [messaging]", "categories: [messaging, mesaging]")
    validate_fails(project, "docs/_data/catalog.yml:", "categories: unknown category 'mesaging'; use 'all' or one of")
