"""Input from any editor and any pull request: line endings, look-alikes, duplicates, file names,
data files that could carry script, and what a build may cost.

Each test names the finding of issue 22 it closes; each fails without its fix. Synthetic notes on
strings where that is enough, a copy of the project (`project`) where a file must be read, and a
small synthetic site (`mini_site`) for real builds.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, build_in_process, run_cli
from test_hostile_data import NOTE_PATH, SCHEMA, SOURCE, fact, note, problems_of, replace_in, validate_fails

from serverless_notes.loader import load_registry, parse_note
from serverless_notes.model import MAX_ID_LENGTH
from serverless_notes.problems import NotesError
from serverless_notes.yaml_source import parse_yaml

# --- notes saved on Windows (item 1) ------------------------------------------------------------

EDITORS = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "no final newline": lambda text: text.rstrip("\n"),
    "bom crlf no final newline": lambda text: "\ufeff" + text.rstrip("\n").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("save", EDITORS.values(), ids=EDITORS)
def test_a_note_reads_the_same_from_any_editor(save):
    expected = parse_note("demo", note(), NOTE_PATH, SCHEMA)
    service = parse_note("demo", save(note()), NOTE_PATH, SCHEMA)
    assert (service.name, service.facts, service.body.rstrip("\n")) == (expected.name, expected.facts,
                                                                          expected.body.rstrip("\n"))


@pytest.mark.parametrize("save", EDITORS.values(), ids=EDITORS)
def test_errors_in_a_note_from_any_editor_name_the_right_line(save):
    lines = problems_of(save(note(extra="aliases: !!int x\n")))
    assert lines[0].startswith(f"{NOTE_PATH.as_posix()}:11: aliases: cannot read x as int"), lines
    lines = problems_of(save(note(extra="aliases: 5\n").replace("\nText.", "\nStill TODO.")))
    assert lines[0].startswith(f"{NOTE_PATH.as_posix()}:11: aliases: expected a list"), lines
    assert any(line.startswith(f"{NOTE_PATH.as_posix()}:16: body: still contains the placeholder") for line in lines)


def windows_notes(project: Path) -> list[str]:
    """Three notes of the project saved as three editors would: CRLF, BOM, no final newline."""
    notes = sorted((project / "docs/services").glob("*.md"))[:3]
    for path, save in zip(notes, EDITORS.values(), strict=False):
        path.write_bytes(save(path.read_text(encoding="utf-8")).encode("utf-8"))
    return [path.name for path in notes]


def test_notes_from_any_editor_validate_and_build(project):
    windows_notes(project)
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stderr
    build = build_in_process(project)
    assert build.returncode == 0, build.output


def test_an_error_in_a_crlf_file_names_its_line_in_validate(project):
    path = sorted((project / "docs/services").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("\nsummary:")].count("\n") + 2
    text = re.sub(r"\nsummary:.*", "\nsummary: [not, text]", text, count=1)
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    validate_fails(project, f"docs/services/{path.name}:{line}: summary: expected text")


# --- one service, one note (item 2) ---------------------------------------------------------------

def copy_note(project: Path, change=lambda text: text) -> tuple[str, str]:
    """A copy of the first note as another file, changed by `change`: (original, copy) file names."""
    original = sorted((project / "docs/services").glob("*.md"))[0]
    copy = original.with_name(f"{original.stem}-copy.md")
    copy.write_text(change(original.read_text(encoding="utf-8")), encoding="utf-8")
    return original.name, copy.name


def field_line(text: str, field: str) -> int:
    return text[:text.index(f"\n{field}:")].count("\n") + 2


def rename(text: str, field: str, new: str) -> str:
    return re.sub(rf"\n{field}:.*", f"\n{field}: {new}", text, count=1)


DUPLICATES = {
    # A plain copy: the name is the first to clash.
    "copy": (lambda t: t, "name"),
    # Only the short name is the same.
    "short name": (lambda t: rename(rename(t, "name", "Another Service"), "aliases", "[other]"), "short_name"),
    # The same name in other case and fullwidth letters, with the short name changed.
    "look-alike name": (lambda t: rename(rename(t, "short_name", "Other"), "name",
                                         re.search(r"\nname: (.*)", t)[1].upper().replace("A", "\uff21")), "name"),
}


@pytest.mark.parametrize("change, field", DUPLICATES.values(), ids=DUPLICATES)
def test_two_notes_for_one_service_are_refused_naming_both(project, change, field):
    original, copy = copy_note(project, change)
    copy_text = (project / "docs/services" / copy).read_text(encoding="utf-8")
    stderr = validate_fails(project, f"docs/services/{copy}:{field_line(copy_text, field)}: {field}: ",
                            "already names another service: ")
    # The first note's field and line (its name and short name may be the same text).
    assert re.search(rf"at docs/services/{re.escape(original)}:\d+;", stderr), stderr
    build = build_in_process(project) if field == "name" else None
    if build is not None:
        assert build.returncode == 1 and f"docs/services/{original}:" in build.output, build.output


def test_a_note_whose_id_differs_only_in_case_is_refused(project):
    original = sorted((project / "docs/services").glob("*.md"))[0]
    upper = original.with_name(original.stem.upper() + ".md")
    upper.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    if len(list((project / "docs/services").glob("*.md"))) == len(list((ROOT / "docs/services").glob("*.md"))):
        pytest.skip("a case-insensitive file system: the two names are one file")
    validate_fails(project, f"docs/services/{upper.name}:1: file name '{upper.name}' is not a valid service id")


def test_an_alias_of_one_note_may_not_be_another_notes_short_name(project):
    registry = load_registry(project / "docs")
    first, second = sorted(registry.services.values(), key=lambda s: s.id)[:2]
    path = project / "docs/services" / f"{second.id}.md"
    text = path.read_text(encoding="utf-8")
    alias_list = re.search(r"\naliases: \[", text)
    assert alias_list, "the test adds to an inline alias list"
    path.write_text(text.replace("\naliases: [", f"\naliases: [\"{first.short_name.lower()}\", ", 1),
                    encoding="utf-8")
    validate_fails(project, f"docs/services/{second.id}.md:{field_line(text, 'aliases')}: aliases[0]: ",
                   f"at docs/services/{first.id}.md:")


# --- look-alikes and YAML 1.1 surprises -----------------------------------------------------------

INVISIBLE = {"zero-width space": "\u200b", "right-to-left override": "\u202e", "word joiner": "\u2060",
             "hangul filler": "\u3164", "byte order mark": "\ufeff"}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE)
def test_invisible_characters_are_refused_in_names_values_and_urls(char):
    cases = {
        "name": note(name=f"De{char}mo"),
        "summary": note().replace("A demo service.", f"A T{char}ODO service."),
        "facts.caching.source": note(fact("caching", "true", source=SOURCE.replace("limits", f"lim{char}its"))),
        "aliases.0": note(extra=f"aliases: [que{char}ue]\n"),
    }
    for field, text in cases.items():
        lines = problems_of(text)
        assert any(f": {field}: " in line and "invisible character" in line and "U+" in line
                   for line in lines), (field, lines)


def test_a_hidden_placeholder_in_the_body_is_still_a_placeholder():
    lines = problems_of(note().replace("\nText.", "\nStill T\u200bODO."))
    assert any("still contains the placeholder 'TODO'" in line for line in lines), lines
    assert any("U+200B (ZERO WIDTH SPACE)" in line for line in lines), lines


def test_a_bidi_override_in_the_body_is_refused():
    lines = problems_of(note().replace("\nText.", "\nText \u202eevil."))
    assert any(":15: body: contains the invisible character(s) U+202E" in line for line in lines), lines


def test_base_60_numbers_are_read_as_text():
    assert parse_yaml("a: 190:20:30\nb: 1:30.5\nc: 12\n", Path("x.yml")).data == {"a": "190:20:30", "b": "1:30.5",
                                                                                   "c": 12}
    lines = problems_of(note(fact("max_memory", "190:20:30")))
    assert any("'190:20:30' is read as text, not as a number" in line for line in lines), lines


def test_binary_and_other_non_text_tags_are_refused():
    for tag in ("!!binary PHNjcmlwdD4=", "!!set {a: null}", "!!omap [a: 1]"):
        lines = problems_of(note().replace("summary: A demo service.", f"summary: {tag}"))
        assert any(":5: summary: the tag '!!" in line and "is not supported" in line for line in lines), lines


def test_an_id_longer_than_a_file_name_allows_is_refused():
    with pytest.raises(NotesError, match=f"a service id has at most {MAX_ID_LENGTH}"):
        parse_note("a" * 251, note(), Path("docs/services") / ("a" * 251 + ".md"), SCHEMA)
    lines = problems_of(note(extra=f"variants:\n  {'v' * 251}:\n    name: V\n"))
    assert any("variants" in line for line in lines), lines


def test_a_251_character_id_fails_validate_not_the_build(project):
    (project / "docs/services" / ("a" * 251 + ".md")).write_text(note(), encoding="utf-8")
    validate_fails(project, f"a service id has at most {MAX_ID_LENGTH}")
    build = build_in_process(project)
    assert build.returncode == 1 and "Traceback" not in build.output and "at most" in build.output, build.output


@pytest.mark.parametrize("category", ["index", "all"])
def test_reserved_category_ids_are_refused(project, category):
    replace_in(project / "docs/_data/catalog.yml", "\ncategories:\n", f"\ncategories:\n  {category}:\n"
               "    label: Reserved\n    description: A category with a reserved id.\n")
    validate_fails(project, "docs/_data/catalog.yml:", f"categories.{category}: '{category}' is reserved")


@pytest.mark.parametrize("field", ["short_name", "category label", "comparison title"])
def test_names_shown_in_the_navigation_carry_no_markup(project, field):
    payload = "<img src=x onerror=alert(1)>"
    if field == "short_name":
        path = sorted((project / "docs/services").glob("*.md"))[0]
        path.write_text(re.sub(r"\nshort_name: (.*)", rf"\nshort_name: '\1 {payload}'",
                               path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    elif field == "category label":
        path = project / "docs/_data/catalog.yml"
        path.write_text(re.sub(r"\n    label: (.*)", rf"\n    label: '\1 {payload}'",
                               path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    else:
        path = project / "docs/_data/comparisons.yml"
        path.write_text(re.sub(r"\n  title: (.*)", rf"\n  title: '\1 {payload}'",
                               path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    validate_fails(project, "is shown in the navigation, where '<' and '>' could become markup")


def test_a_non_utf8_byte_in_concepts_is_an_error_at_its_line(project):
    path = project / "docs/_data/concepts.yml"
    data = path.read_bytes()
    line = data[:data.index(b"definition:")].count(b"\n") + 1
    path.write_bytes(data.replace(b"definition:", b"definition: \xff", 1))
    validate_fails(project, f"docs/_data/concepts.yml:{line}: byte 0xff is not UTF-8 text")


def escaped_twice(text: str) -> str:
    return html.escape(html.escape(text))


# --- data is text where it lands: abbreviations and concept tooltips (item 5) ----------------------

def markup_once_decoded(title: str) -> bool:
    """Whether a `title` (as the browser decoded it) makes an element when a tooltip inserts it as HTML."""
    from bs4 import BeautifulSoup
    return BeautifulSoup(title, "html.parser").find() is not None


ABBREVIATION_FILES = {
    "comment closed with --!>": "<!-- x --!><img src=x onerror=alert(1)><!-- y -->\n*[SQS]: Simple Queue Service\n",
    "markup after -->": "<!-- x --><b>\n*[SQS]: Simple Queue Service\n",
    "three characters after -->, which the check skipped": "<!-- x -->abc\n*[SQS]: Simple Queue Service\n",
    "comment opened as <!-->": "<!-->\n<img src=x onerror=alert(1)>\n<!-- -->\n*[SQS]: Simple Queue Service\n",
    "entities in a meaning": "<!-- x -->\n*[SQS]: &lt;img src=x onerror=alert(1)&gt;\n",
    "invisible character": "*[SQS]: Simple\u200b Queue Service\n",
}


@pytest.mark.parametrize("text", ABBREVIATION_FILES.values(), ids=ABBREVIATION_FILES)
def test_the_abbreviations_file_cannot_carry_markup(project, text):
    (project / "docs/_data/abbreviations.md").write_text(text, encoding="utf-8")
    validate_fails(project, "docs/_data/abbreviations.md:")


def test_a_plain_abbreviations_file_with_its_comment_is_read(tmp_path):
    from serverless_notes.loader import load_abbreviations
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/abbreviations.md").write_text("<!-- About\n  this file -->  \n*[SQS]: Queue\n",
                                                     encoding="utf-8")
    assert load_abbreviations(tmp_path) == {"SQS": "Queue"}


def concept(index: int, definition: str = "A definition.") -> dict:
    return {"id": f"c{index}", "term": f"term{index}", "definition": definition, "source": SOURCE,
            "checked": "2026-01-02"}


def test_a_concept_definition_stays_text_in_its_tooltip():
    import markdown
    from bs4 import BeautifulSoup

    from serverless_notes.concept_links import ConceptIndex, ConceptLinkExtension
    from serverless_notes.model import Concepts
    definition = "<img src=x onerror=alert(1)> &lt;b&gt;bold&lt;/b&gt; &amp; \"q\""
    links = ConceptLinkExtension()
    links.set_page(ConceptIndex(Concepts.validate_python([concept(0, definition)])))
    link = BeautifulSoup(markdown.markdown("See term0.", extensions=[links]), "html.parser").find("a")
    assert not markup_once_decoded(link["title"]), link["title"]
    # What the tooltip shows is the definition as written.
    assert BeautifulSoup(link["title"], "html.parser").get_text() == definition


def test_a_thousand_concepts_in_one_paragraph_are_linked_without_recursion():
    import markdown

    from serverless_notes.concept_links import ConceptIndex, ConceptLinkExtension
    from serverless_notes.model import Concept
    count = 1_000  # above the cap on concepts.yml: the linker itself must not depend on it
    links = ConceptLinkExtension()
    links.set_page(ConceptIndex([Concept.model_validate(concept(i)) for i in range(count)]))
    text = " ".join(f"term{i} and" for i in range(count)) + " term0 again."
    converted = markdown.markdown(text, extensions=[links])
    assert converted.count('class="sn-concept"') == count
    assert converted.endswith(" term0 again.</p>") and "term999</a> and" in converted


# --- tracebacks: file names, links, placeholders (item 7) -----------------------------------------

def assert_refused_everywhere(project: Path, *words: str, export: bool = True) -> None:
    """`validate`, the MkDocs build and the export each fail with the project's error, no traceback."""
    validate_fails(project, *words)
    build = build_in_process(project)
    assert build.returncode == 1, build.output
    assert "Traceback" not in build.output and all(w in build.output for w in words), build.output
    if export:
        result = run_cli(project, "export-docs", "--out", str(project.parent / "export"))
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert all(w in result.stderr for w in words), result.stderr


def test_a_symlink_loop_is_an_error_everywhere(project):
    (project / "docs/loop-a.md").symlink_to("loop-b.md")
    (project / "docs/loop-b.md").symlink_to("loop-a.md")
    assert_refused_everywhere(project, "docs/loop-a.md:1: is a symlink loop")


def test_a_folder_link_to_its_own_parent_is_an_error(project):
    (project / "docs/services/again").symlink_to("..")
    validate_fails(project, "docs/services/again:1: is a symlink to a folder that holds it")


@pytest.mark.parametrize("name, words", [
    (b"caf\xe9.md", "the file name is not UTF-8 text"),
    (b"x.md\n::error file=mkdocs.yml::forged", "U+000A"),
    (b"page\x1b[31m.md", "U+001B"),
    (b"sqs\xe2\x80\xae.md", "U+202E"),
])
def test_a_file_name_that_is_not_printable_text_is_refused(project, name, words):
    docs = os.fsencode(project / "docs")
    with open(docs + b"/" + name, "w", encoding="utf-8") as file:
        file.write("# Page\n")
    assert_refused_everywhere(project, words)
    result = run_cli(project, "validate")
    assert all(line.isprintable() and not line.startswith("::") for line in result.stderr.splitlines())


def test_a_file_in_docs_cannot_replace_a_theme_file(project):
    from serverless_notes.paths import STUDY_SCRIPT
    (project / "docs" / STUDY_SCRIPT).parent.mkdir(parents=True)
    (project / "docs" / STUDY_SCRIPT).write_text("alert(1)", encoding="utf-8")
    validate_fails(project, f"docs/{STUDY_SCRIPT}:1: would replace the theme's file {STUDY_SCRIPT} (from overrides/)")
    build = build_in_process(project)
    assert build.returncode == 1 and f"docs/{STUDY_SCRIPT}:1: would replace the theme's file" in build.output, \
        build.output
    result = run_cli(project, "export-docs", "--out", str(project.parent / "export"))
    assert result.returncode == 1 and "would replace the theme's file" in result.stderr, result.stderr


def test_a_placeholder_token_in_the_data_stays_text(project):
    """An intro that spells a table's placeholder crashed the build (KeyError) or repeated the table."""
    from bs4 import BeautifulSoup
    path = project / "docs/_data/comparisons.yml"
    text = path.read_text(encoding="utf-8")
    for token in ("snblock000000x", "snblock000001x"):
        text = re.sub(r"\n  intro: >-\n(?:    .*\n)+", f"\n  intro: {token}\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    build = build_in_process(project)
    assert build.returncode == 0, build.output
    pages = {token: [page for page in (build.site / "compare").glob("*.html") if token in page.read_text("utf-8")]
             for token in ("snblock000000x", "snblock000001x")}
    for token, found in pages.items():
        assert len(found) == 1, (token, found)
        assert len(BeautifulSoup(found[0].read_text("utf-8"), "html.parser").select("div.sn-compare")) == 1
    result = run_cli(project, "export-docs", "--out", str(project.parent / "export"))
    assert result.returncode == 0, result.stderr


# --- SVG diagrams are drawings, not scripts (item 5) ------------------------------------------------

SVG_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "event handler": '<rect width="1" height="1" onload="alert(1)"/>',
    "foreignObject": "<foreignObject><div>x</div></foreignObject>",
    "animated href": '<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>',
    "set href": '<set attributeName="xlink:href" to="javascript:alert(1)"/>',
    "javascript link": '<a href="javascript:alert(1)"><text>x</text></a>',
    "data image": '<image href="data:image/svg+xml;base64,PHN2Zz4="/>',
    "use of another file": '<use href="other.svg#x"/>',
    "external marker": '<path d="M0 0" marker-end="url(https://example.com/x.svg#a)"/>',
    "style element": "<style>@import url(https://example.com/x.css)</style>",
    "style attribute": '<rect style="fill:url(javascript:alert(1))"/>',
    "comment": "<!-- x --!><img src=x onerror=alert(1)><!-- -->",
    "entity": '<!DOCTYPE svg [<!ENTITY x "y">]>',
    "iframe": '<iframe src="https://example.com"></iframe>',
}


@pytest.mark.parametrize("payload", SVG_PAYLOADS.values(), ids=SVG_PAYLOADS)
def test_a_diagram_that_is_not_only_a_drawing_is_refused(project, payload):
    diagram = sorted((project / "docs/_data/diagrams").glob("*.svg"))[0]
    text = diagram.read_text(encoding="utf-8")
    line = text[:text.index("</svg>")].count("\n") + 1
    diagram.write_text(text.replace("</svg>", f"{payload}</svg>", 1), encoding="utf-8")
    validate_fails(project, f"docs/_data/diagrams/{diagram.name}:{line}: ", "is not allowed in a diagram")


def test_an_svg_anywhere_in_docs_is_checked_in_the_build(project):
    (project / "docs/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                                           encoding="utf-8")
    build = build_in_process(project)
    assert build.returncode == 1 and "docs/logo.svg:1: the attribute 'onload' on <svg>" in build.output, \
        build.output


def test_the_project_diagrams_are_drawings():
    from serverless_notes.loader import read_text
    from serverless_notes.svg_safety import unsafe_diagrams
    root = Path(__file__).resolve().parents[1] / "docs"
    assert list(root.rglob("*.svg")), "the check needs at least one diagram to read"
    assert unsafe_diagrams(root, read_text) == []


# --- bounded builds: caps on what multiplies (item 6) ----------------------------------------------

from serverless_notes import limits  # noqa: E402


def variant(index: int) -> str:
    return f"  v{index}:\n    name: Variant {index}\n"


def question(index: int) -> str:
    return (f"  - question: Which one is number {index}?\n    answer: This one\n    wrong: [That one]\n"
            f"    explanation: Because.\n    source: {SOURCE}\n    checked: 2026-01-02\n")


CAPPED_LISTS = {
    "variants": (limits.MAX_VARIANTS, lambda n: "variants:\n" + "".join(variant(i) for i in range(n))),
    "aliases": (limits.MAX_ALIASES, lambda n: f"aliases: [{', '.join(f'a{i}' for i in range(n))}]\n"),
    "questions": (limits.MAX_QUESTIONS, lambda n: "questions:\n" + "".join(question(i) for i in range(n))),
}


@pytest.mark.parametrize("field, cap, make", [(k, *v) for k, v in CAPPED_LISTS.items()], ids=CAPPED_LISTS)
def test_lists_that_multiply_a_note_are_capped(field, cap, make):
    assert parse_note("demo", note(extra=make(cap)), NOTE_PATH, SCHEMA)
    lines = problems_of(note(extra=make(cap + 1)))
    assert any(f": {field}: has {cap + 1} entries; at most {cap} are allowed" in line for line in lines), lines


def test_compare_blocks_per_page_are_capped(project):
    registry = load_registry(project / "docs")
    items = ", ".join(list(registry.services)[:2])
    block = f"```compare\nservices: [{items}]\n```\n\n"
    path = project / "docs/extra.md"
    path.write_text("# Extra\n\n" + block * limits.MAX_COMPARE_BLOCKS, encoding="utf-8")
    assert run_cli(project, "validate").returncode == 0
    path.write_text("# Extra\n\n" + block * (limits.MAX_COMPARE_BLOCKS + 1), encoding="utf-8")
    line = 3 + 4 * limits.MAX_COMPARE_BLOCKS
    validate_fails(project, f"docs/extra.md:{line}: compare: has {limits.MAX_COMPARE_BLOCKS + 1} compare blocks "
                   f"in one page; at most {limits.MAX_COMPARE_BLOCKS}")


def test_concepts_and_their_phrases_are_capped(project):
    import yaml
    path = project / "docs/_data/concepts.yml"
    entries = [{**concept(i), "checked": "2026-01-02"} for i in range(limits.MAX_CONCEPTS + 1)]
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    validate_fails(project, f"has {limits.MAX_CONCEPTS + 1} entries; at most {limits.MAX_CONCEPTS} are allowed")
    entries = [{**concept(0), "also": [f"p{i}" for i in range(limits.MAX_CONCEPT_PHRASES + 1)]}]
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    validate_fails(project, f"0.also: has {limits.MAX_CONCEPT_PHRASES + 1} entries")


def test_abbreviations_are_capped(project):
    path = project / "docs/_data/abbreviations.md"
    path.write_text("".join(f"*[A{i}]: Meaning {i}\n" for i in range(limits.MAX_ABBREVIATIONS + 1)),
                    encoding="utf-8")
    validate_fails(project, f"docs/_data/abbreviations.md:1: has {limits.MAX_ABBREVIATIONS + 1} abbreviations")


def tiny_note(number: int, category: str) -> str:
    return (f"---\nname: Service {number}\nshort_name: S{number}\ncategory: {category}\nsummary: Number {number}.\n"
            f"facts: {{}}\n---\n\n# S{number}\n")


def test_notes_per_category_and_in_all_are_capped():
    from serverless_notes.loader import load_catalog
    root = Path(__file__).resolve().parents[1] / "docs"
    categories = list(load_catalog(root / "_data/catalog.yml").categories)
    one_category = {f"s{i}": tiny_note(i, categories[0]) for i in range(limits.MAX_NOTES_PER_CATEGORY + 1)}
    with pytest.raises(NotesError, match=f"categories.{categories[0]}: has {limits.MAX_NOTES_PER_CATEGORY + 1} "
                                         "notes in this category"):
        load_registry(root, one_category)
    spread = {f"s{i}": tiny_note(i, categories[i % len(categories)]) for i in range(limits.MAX_NOTES + 1)}
    with pytest.raises(NotesError, match=f"has {limits.MAX_NOTES + 1:,} notes in docs/services/"):
        load_registry(root, spread)


def test_the_catalog_is_capped():
    from serverless_notes.model import Catalog
    categories = {f"c{i}": {"label": f"C{i}", "description": "D."} for i in range(limits.MAX_CATEGORIES + 1)}
    attributes = {"a": {"label": "A", "description": "D.", "categories": ["all"]}}
    with pytest.raises(Exception, match=f"at most {limits.MAX_CATEGORIES}"):
        Catalog.model_validate({"categories": categories, "attributes": attributes})


def synthetic_project(directory: Path, notes: int) -> Path:
    """The benchmark's synthetic project (scripts/benchmark.py): `notes` notes, one compare block per five."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("benchmark", Path(__file__).resolve().parents[1]
                                                  / "scripts/benchmark.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    return benchmark.make_project(directory, notes, max(1, notes // 5))


def test_build_cost_grows_linearly_with_the_notes(tmp_path):
    """1x, 2x and 4x the notes: the build takes well under 6x the time at 4x (quadratic growth would be 16x).

    In this process, after a warm-up build (imports, compiled templates). scripts/measure_limits.py measures
    time and peak memory at the largest input each cap in limits.py allows.
    """
    import time
    times = {}
    for run, notes in enumerate((10, 10, 20, 40)):  # the first is the warm-up
        project = synthetic_project(tmp_path / f"run{run}", notes)
        started = time.perf_counter()
        build = build_in_process(project, strict=False)
        times[notes] = time.perf_counter() - started
        assert build.returncode == 0, build.output
    assert times[20] < 3 * times[10], times
    assert times[40] < 6 * times[10], times


# --- the Zensical build (item 7) -----------------------------------------------------------------------

def test_emoji_and_the_cards_marker_in_data_build_with_zensical(small_project):
    """An emoji in a comparison title and a category label (JSON surrogate escapes in front matter), and
    `<!-- service cards -->` in a summary (cards written into a note's front matter), crashed Zensical.
    The small fixture site: what is tested is how the code writes data, not the notes."""
    project = small_project
    import subprocess
    import sys
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        pytest.skip("Zensical is not installed in this environment")
    path = project / "docs/_data/catalog.yml"
    path.write_text(re.sub(r"\n    label: (.*)", r"\n    label: \1 🚀", path.read_text("utf-8"), count=1), "utf-8")
    path = project / "docs/_data/comparisons.yml"
    path.write_text(re.sub(r"\n  title: (.*)", r"\n  title: 🚀 \1", path.read_text("utf-8"), count=1), "utf-8")
    note_path = sorted((project / "docs/services").glob("*.md"))[0]
    note_path.write_text(re.sub(r"\nsummary: (.*)", r"\nsummary: '<!-- service cards --> \1'",
                                note_path.read_text("utf-8"), count=1), "utf-8")
    result = run_cli(project, "export-docs", "--out", "build/zensical")
    assert result.returncode == 0, result.stderr
    built = subprocess.run([str(zensical), "build", "--clean", "-f", "build/zensical/zensical.yml"], cwd=project,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0 and "Traceback" not in built.stdout + built.stderr, built.stdout + built.stderr
    site = project / "build/zensical/site"
    assert any("🚀" in page.read_text("utf-8") for page in (site / "compare").glob("*.html"))
    note_html = (site / "services" / note_path.with_suffix(".html").name).read_text("utf-8")
    assert "&lt;!-- service cards --&gt;" in note_html and "sn-cards" not in note_html


def test_hovering_a_concept_link_shows_its_definition_as_text(small_project, offline_page):
    """In a real browser: Material's tooltip inserts the decoded title as HTML; no element may come of it.
    The small fixture site: what is tested is how a definition reaches the tooltip, not the notes."""
    project = small_project
    path = project / "docs/_data/concepts.yml"
    payload = "<img src=x onerror=window.__hit=1>"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n  definition: (?:>-\n(?:    .*\n)+|.*\n)", f"\n  definition: '{payload} is a payload.'\n", text,
                  count=1)
    path.write_text(text, encoding="utf-8")
    build = build_in_process(project)
    assert build.returncode == 0, build.output
    concept_id = re.search(r"^- id: (\S+)", text, re.M)[1]  # the entry whose definition was changed
    page_path = next(page for page in sorted((build.site / "services").glob("*.html"))
                     if f'class="sn-concept" href="../glossary.html#concept-{concept_id}"' in page.read_text("utf-8"))
    offline_page.goto(page_path.as_uri())
    link = offline_page.locator(f'a.sn-concept[href$="#concept-{concept_id}"]').first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = offline_page.locator(".md-tooltip2, .md-tooltip, [role=tooltip]")
    tooltip.filter(has_text="is a payload").first.wait_for()  # the tooltip is made; markup would come with it
    assert tooltip.count() > 0 and payload in " ".join(tooltip.all_inner_texts()), tooltip.all_inner_texts()
    assert offline_page.evaluate("window.__hit") is None
    assert offline_page.locator('img[src="x"]').count() == 0
