"""Files -> validated registry. The only module that reads notes and the catalog from disk."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pymdownx.snippets import SnippetPreprocessor

from .model import (
    FIELD_HELP,
    ROLES,
    Catalog,
    ComparisonPage,
    ComparisonPages,
    Concept,
    Concepts,
    FoilCatalog,
    NoteSchema,
    is_slug,
    meaning_problems,
    present_facts,
)
from .paths import ABBREVIATIONS_PATH, CATALOG_PATH, COMPARISONS_PATH, CONCEPTS_PATH, FOILS_PATH, SERVICES_DIR
from .problems import NotesError, Problem, escape_control
from .registry import Registry, Service, Variant
from .yaml_source import Loc, YamlDocument, parse_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
H1 = re.compile(r"^# \S", re.MULTILINE)
NOTE_EXTENSION = ".md"
MAX_FILE_BYTES = 256 * 1024  # a note is a page of text; a bigger file is a mistake (or an attack on the build)


def load_registry(docs_dir: Path, note_texts: dict[str, str] | None = None) -> Registry:
    """Load and validate the catalog and every note under `docs_dir/services/`.

    `note_texts` (service id -> file text) lets a caller that has already read the notes
    pass them in, so no file is read twice. All problems are collected, then raised together.
    """
    docs_dir = Path(docs_dir)
    catalog = load_catalog(docs_dir / CATALOG_PATH)
    schema = NoteSchema(catalog)
    if note_texts is None:
        note_texts = read_sources(docs_dir)
    services, problems = [], []
    for service_id, text in sorted(note_texts.items()):
        path = docs_dir / SERVICES_DIR / f"{service_id}.md"
        try:
            services.append(parse_note(service_id, text, path, schema))
        except NotesError as error:
            problems.extend(error.problems)
    if problems:
        raise NotesError(sorted(problems, key=lambda p: (str(p.path), p.line)))
    foils = load_foils(docs_dir / FOILS_PATH, catalog)
    registry = Registry(catalog, services, foils.foils, foils.needs)
    problems = scenario_problems(registry)
    if problems:
        raise NotesError(sorted(problems, key=lambda p: (str(p.path), p.line)))
    return registry


def load_foils(path: Path, catalog: Catalog) -> FoilCatalog:
    """docs/_data/foils.yml: the needs a scenario can ask for, and the services the exam uses as foils."""
    if not path.is_file():
        return FoilCatalog.model_construct(needs={}, foils=[])  # a site without foils: scenarios name notes only
    document = parse_yaml(read_text(path), path)
    try:
        foils = FoilCatalog.model_validate(document.data)
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="foil")) from None
    problems, seen = [], set()
    for index, foil in enumerate(foils.foils):
        if foil.id in seen:
            problems.append(Problem(path, document.line_of(("foils", index, "id")), f"foils.{index}.id",
                                    f"duplicate foil id '{foil.id}'; merge the two entries"))
        seen.add(foil.id)
        if foil.category not in catalog.categories:
            problems.append(Problem(path, document.line_of(("foils", index, "category")), f"foils.{index}.category",
                                    f"unknown category '{foil.category}'; use one of {', '.join(catalog.categories)}"))
        unknown = [need for need in foil.does if need not in foils.needs]
        if unknown:
            problems.append(Problem(path, document.line_of(("foils", index, "does")), f"foils.{index}.does",
                                    f"unknown need {', '.join(map(repr, unknown))}; declare it under 'needs:' first"))
    if problems:
        raise NotesError(problems)
    return foils


def scenario_problems(registry: Registry) -> list[Problem]:
    """What a note's scenarios and questions name must exist: services or foils, needs, the note's facts."""
    problems = []
    choices = set(registry.services) | set(registry.foils)
    for service in registry.services.values():
        def problem(loc: tuple, message: str, service: Service = service) -> None:
            line = next((service.lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in service.lines), 1)
            problems.append(Problem(service.path, line, ".".join(map(str, loc)), message))

        for index, need in enumerate(service.does):
            if need not in registry.needs:
                problem(("does", index), f"unknown need '{need}'; use one declared in docs/_data/foils.yml "
                        f"({', '.join(registry.needs)})")
        for index, scenario in enumerate(service.scenarios):
            unknown = [choice for choice in scenario.use if choice not in choices]
            if unknown:
                problem(("scenarios", index, "use"), f"unknown service {', '.join(map(repr, unknown))}; use a note id "
                        "or a foil id from docs/_data/foils.yml")
            unknown = [choice for choice in scenario.distractors if choice not in choices]
            if unknown:
                problem(("scenarios", index, "distractors"), f"unknown service {', '.join(map(repr, unknown))}; "
                        "use a note id or a foil id from docs/_data/foils.yml")
            for choice in scenario.distractors:
                if choice in scenario.use:
                    problem(("scenarios", index, "distractors", choice), f"'{choice}' is in 'use': a key cannot "
                            "also be a wrong choice")
                elif choice in choices and registry.choice_does(choice) & set(scenario.needs):
                    problem(("scenarios", index, "distractors", choice), f"'{choice}' meets "
                            f"{sorted(registry.choice_does(choice) & set(scenario.needs))}, which the situation "
                            "asks for, so it would also be right; pick another distractor or fix 'needs'")
            for need in scenario.needs:
                if need not in registry.needs:
                    problem(("scenarios", index, "needs"), f"unknown need '{need}'; declare it in docs/_data/foils.yml")
            for ref in scenario.facts:
                if registry.fact_ref(service, ref) is None:
                    problem(("scenarios", index, "facts"), f"the note has no fact '{ref}'; name one of its facts as "
                            "'key' or 'variant.key'")
        for index, written in enumerate(service.questions):
            for ref in written.facts:
                if registry.fact_ref(service, ref) is None:
                    problem(("questions", index, "facts"), f"the note has no fact '{ref}'")
    return problems


def load_catalog(path: Path) -> Catalog:
    if not path.is_file():
        raise NotesError([Problem(path, 1, "", "catalog file not found; it declares the categories and attributes")])
    document = parse_yaml(read_text(path), path)
    try:
        catalog = Catalog.model_validate(document.data)
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="catalog")) from None
    unknown = [Problem(path, document.line_of(("attributes", key, "categories", index)), f"attributes.{key}.categories",
                       f"unknown category '{category}'; use 'all' or one of {', '.join(catalog.categories)}")
               for key, attribute in catalog.attributes.items() for index, category in enumerate(attribute.categories)
               if category != "all" and category not in catalog.categories]
    unknown += [Problem(path, document.line_of(("roles", role)), f"roles.{role}",
                        f"role '{role}' ({ROLES[role]}) names '{key}', which is not a declared attribute; "
                        f"use one of {', '.join(catalog.attributes)}")
                for role, key in catalog.roles.items() if key not in catalog.attributes]
    if unknown:
        raise NotesError(unknown)
    return catalog


RESERVED_SLUGS = {"index": "the list of all comparisons"}
RESERVED_IDS = {"all-notes": "the generated print view", "index": "the section index"}


def parse_note(service_id: str, text: str, path: Path, schema: NoteSchema) -> Service:
    if service_id in RESERVED_IDS:
        raise NotesError([Problem(path, 1, "", f"'{service_id}.md' is reserved for {RESERVED_IDS[service_id]}; "
                                  "rename the note after the service")])
    if not is_slug(service_id):
        raise NotesError([Problem(path, 1, "", f"file name '{service_id}.md' is not a valid service id; use lowercase "
                                  "letters, digits and hyphens, e.g. 'step-functions.md'")])
    if len(text) > MAX_FILE_BYTES:
        raise NotesError([Problem(path, 1, "", f"is larger than {MAX_FILE_BYTES // 1024} KiB; split it or shorten it")])
    match = FRONT_MATTER.match(text)
    if not match:
        raise NotesError([Problem(path, 1, "", "no YAML front matter; a note starts with a line '---', its facts, "
                                  "and a closing '---' (see CONTRIBUTING.md)")])
    document = parse_yaml(match.group(1) or "", path, first_line=2, what="front matter YAML")
    if not isinstance(document.data, dict):
        raise NotesError([Problem(path, 2, "", "front matter must be a mapping of fields (name, short_name, ...)")])
    body_first_line = text.count("\n", 0, match.end()) + 1
    body = text[match.end():]
    problems = check_body(body, path, body_first_line)
    try:
        note = schema.note_model.model_validate(document.data)
    except ValidationError as error:
        problems = problems_from(error, document, path, context="note") + problems
    else:
        problems = [Problem(path, document.line_of(loc), ".".join(loc), message)
                    for loc, message in meaning_problems(note, schema.catalog)] + problems
    if problems:
        raise NotesError(problems)
    return Service(
        id=service_id, name=note.name, short_name=note.short_name, category=note.category, summary=note.summary,
        aliases=list(note.aliases), facts=present_facts(note.facts),
        variants={vid: Variant(vid, v.name, v.summary, present_facts(v.facts)) for vid, v in note.variants.items()},
        path=path, body=body, lines=document.lines, exam_scope=note.exam_scope,
        questions=list(note.questions), scenarios=list(note.scenarios), does=list(note.does),
    )


def check_body(body: str, path: Path, first_line: int) -> list[Problem]:
    problems = []
    if not H1.search(body):
        problems.append(Problem(path, first_line, "body", "no '# Title' heading; start the note with '# <short_name>'"))
    for number, line in enumerate(body.splitlines(), start=first_line):
        if "TODO" in line:
            problems.append(Problem(path, number, "body", "still contains the placeholder 'TODO'; write the text"))
    return problems


def problems_from(error: ValidationError, document: YamlDocument, path: Path, context: str,
                  prefix: str = "") -> list[Problem]:
    """The one translator of pydantic's errors: one Problem per error, with its line and its field.

    `prefix` names the mapping the document sits in (e.g. "compare" for a compare block's keys).
    """
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        field = ".".join(str(part) for part in (*([prefix] if prefix else []), *loc))
        problems.append(Problem(path, document.line_of(loc), field, _message(detail, loc, document, context)))
    return problems


def _message(detail: dict[str, Any], loc: Loc, document: YamlDocument, context: str) -> str:
    kind, name = detail["type"], str(loc[-1]) if loc else ""
    given = detail.get("input")
    if kind == "missing":
        hint = FIELD_HELP.get(name, "")
        return f"required field is missing; add '{name}:'" + (f" with {hint}" if hint else "")
    if kind == "extra_forbidden":
        return _unknown_key_message(loc, context)
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"unknown {name} '{given}'; use one of {expected}"
    if kind in ("string_type", "bool_type", "bool_parsing", "float_type", "float_parsing"):
        expected = {"string_type": "text", "bool_type": "true or false",
                    "bool_parsing": "true or false"}.get(kind, "a number")
        return f"expected {expected}, got {type(given).__name__} {given!r}; " + (
            "quote the value" if expected == "text" else f"write {expected}")
    if kind.startswith("date") or kind == "datetime_type":
        return f"'{given}' is not a valid date; write the day you checked the source as YYYY-MM-DD (e.g. 2026-11-27)"
    if kind == "string_pattern_mismatch":
        return f"'{given}' is not a valid id; use lowercase letters, digits and hyphens"
    if kind == "string_too_short":
        return "is empty; write a value"
    if kind in ("too_short",):
        return "is empty; add at least one entry"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping of fields, got {type(given).__name__}; indent its fields under '{name}:'"
    if kind == "list_type":
        return f"expected a list, e.g. [a, b], got {type(given).__name__}"
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    return detail["msg"]


def _unknown_key_message(loc: Loc, context: str) -> str:
    name = loc[-1]
    if len(loc) >= 2 and loc[-2] == "facts":
        return (f"unknown attribute '{name}'; use a key declared in docs/_data/catalog.yml "
                "(or declare the new attribute there first)")
    return f"unknown field '{name}'; check its spelling and indentation (see CONTRIBUTING.md for the {context} format)"


# --- the other data files ------------------------------------------------------------------

CONTROL_OR_MARKUP = re.compile(r"[<>{}\x00-\x08\x0b-\x1f\x7f]")
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<meaning>.+?)\s*$")


def load_comparison_pages(docs_dir: Path, registry: Registry) -> list[ComparisonPage]:
    path = Path(docs_dir) / COMPARISONS_PATH
    if not path.is_file():
        return []
    document = parse_yaml(read_text(path), path)
    try:
        pages = ComparisonPages.validate_python(document.data or [])
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="comparison page")) from None
    problems = []
    first_use: dict[str, int] = {}
    for index, page in enumerate(pages):
        slug_line = document.line_of((index, "slug"))
        if page.slug in RESERVED_SLUGS:
            problems.append(Problem(path, slug_line, f"[{index}].slug", f"'{page.slug}' is reserved for "
                                    f"{RESERVED_SLUGS[page.slug]}; choose another slug"))
        elif page.slug in first_use:
            problems.append(Problem(path, slug_line, f"[{index}].slug", f"'{page.slug}' is already the slug of the "
                                    f"page on line {first_use[page.slug]}; each page needs its own slug"))
        first_use.setdefault(page.slug, slug_line)
        unknown = registry.unknown_items(page.items)
        if unknown:
            problems.append(Problem(path, document.line_of((index, "items")), f"[{index}].items", unknown))
        unknown = registry.unknown_attributes(page.rows or [])
        if unknown:
            problems.append(Problem(path, document.line_of((index, "rows")), f"[{index}].rows", unknown))
        if page.slug in registry.categories:
            problems.append(Problem(path, document.line_of((index, "slug")), f"[{index}].slug",
                                    f"'{page.slug}' is taken by the generated page of that category; choose another"))
    if problems:
        raise NotesError(problems)
    return pages


def load_abbreviations(docs_dir: Path) -> dict[str, str]:
    """Term -> meaning, from the snippet file that pymdownx.abbr also reads."""
    path = Path(docs_dir) / ABBREVIATIONS_PATH
    if not path.is_file():
        return {}
    terms, problems = {}, []
    text = read_text(path)
    # The file is appended to every page as Markdown: outside its leading comment, only definitions.
    comment_end = text.find("-->") + len("-->") if text.startswith("<!--") else 0
    first_line = text.count("\n", 0, comment_end) + 1
    for number, line in enumerate(text[comment_end:].split("\n"), start=first_line):
        content = line[len("-->"):] if number == first_line and comment_end else line
        if not content.strip():
            continue
        match = ABBREVIATION.match(content)
        if not match or CONTROL_OR_MARKUP.search(content):
            problems.append(Problem(path, number, "", "expected one abbreviation per line as '*[ABBR]: Meaning', "
                                    "in plain text (no '<', '>', '{', '}' or control characters)"))
        else:
            terms[match["term"]] = match["meaning"]
    if problems:
        raise NotesError(problems)
    return dict(sorted(terms.items(), key=lambda item: item[0].lower()))


def load_concepts(docs_dir: Path, registry: Registry) -> list[Concept]:
    """The glossary's concepts, each with a sourced definition, in alphabetical order."""
    path = Path(docs_dir) / CONCEPTS_PATH
    if not path.is_file():
        return []
    document = parse_yaml(path.read_text(encoding="utf-8"), path)
    try:
        concepts = Concepts.validate_python(document.data or [])
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="concept")) from None
    problems, seen = [], {}
    for index, concept in enumerate(concepts):
        if concept.id in seen:
            problems.append(Problem(path, document.line_of((index, "id")), f"[{index}].id",
                                    f"duplicate concept id '{concept.id}' (first at entry {seen[concept.id]}); "
                                    "merge the two entries"))
        seen.setdefault(concept.id, index)
        unknown = [service for service in concept.services if service not in registry.services]
        if unknown:
            problems.append(Problem(path, document.line_of((index, "services")), f"[{index}].services",
                                    f"unknown service {', '.join(map(repr, unknown))}; "
                                    f"known ids: {', '.join(registry.services)}"))
    if problems:
        raise NotesError(problems)
    return sorted(concepts, key=lambda concept: concept.term.lower())


# --- reading files ---------------------------------------------------------------------------

def read_sources(docs_dir: Path, theme_dir: Path | None = None) -> dict[str, str]:
    """Every note's text by service id, after checking the whole docs tree for unsafe files.

    Call before anything reads a page: a symlink out of docs/ (say to /proc/self/environ or a
    token) must stop the build before its target reaches site/. In docs/services/ only `.md`
    files are notes; anything else there is an error, not a page built on the side. The theme's
    folder (`theme_dir`, MkDocs' custom_dir) is checked for symlinks too: MkDocs copies its files.
    """
    docs_dir = Path(docs_dir)
    problems = unsafe_links(docs_dir) + (unsafe_links(Path(theme_dir)) if theme_dir else [])
    if problems:  # nothing else is read while a link points out of docs/
        raise NotesError(problems)
    notes: dict[str, str] = {}
    services = docs_dir / SERVICES_DIR
    for path in sorted(services.iterdir()) if services.is_dir() else []:
        if path.name.startswith("."):
            continue  # editor and OS files; MkDocs ignores them too
        if path.is_symlink() and not path.exists():
            problems.append(Problem(path, 1, "", "is a symlink to a file that does not exist; remove it"))
        elif path.is_dir():
            problems.append(Problem(path, 1, "", f"is a folder; a note is one file {SERVICES_DIR.as_posix()}/<id>.md"))
        elif path.suffix != NOTE_EXTENSION:
            problems.append(Problem(path, 1, "", f"only '{NOTE_EXTENSION}' files are notes; rename it to "
                                    f"'{path.stem}{NOTE_EXTENSION}' or move it out of {SERVICES_DIR.as_posix()}/"))
        elif not any(problem.path == path for problem in problems):
            try:
                notes[path.stem] = read_text(path)
            except NotesError as error:
                problems.extend(error.problems)
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if relative.parts[0].startswith(("_", ".")) or not path.is_file():
            continue
        try:
            text = notes[path.stem] if relative.parent == SERVICES_DIR else read_text(path)
        except NotesError as error:
            problems.extend(error.problems)
            continue
        except KeyError:  # a note with a problem, reported above
            continue
        problems.extend(snippet_problems(path, text, docs_dir / SNIPPETS_DIR))
    if problems:
        raise NotesError(problems)
    return notes


SNIPPETS_DIR = Path("_data")  # the only folder pymdownx.snippets reads (its base_path in mkdocs.yml)
SNIPPET_LINE = SnippetPreprocessor.RE_ALL_SNIPPETS  # pymdownx's own syntax, so both agree on what a snippet is
SNIPPET_FILE = SnippetPreprocessor.RE_SNIPPET_FILE  # strips ":1:3" line ranges and ":section" names


def snippet_problems(path: Path, text: str, snippets_dir: Path) -> list[Problem]:
    """Each `--8<-- "file"` must name a file in docs/_data (a missing one crashes the Markdown conversion)."""
    problems, in_block = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        marker = SNIPPET_LINE.match(line)
        if in_block:
            if marker and marker["block_marker"]:
                in_block = False
                continue
            name = line.strip()
            if not name or name.startswith(";"):
                continue
        elif marker and not marker["escape"]:
            if marker["block_marker"]:
                in_block = True
                continue
            name = marker["snippet"][1:-1]
        else:
            continue
        file_name = SNIPPET_FILE.match(name).group(1) or name
        target = (snippets_dir / file_name).resolve()
        if not target.is_relative_to(snippets_dir.resolve()) or not target.is_file():
            problems.append(Problem(path, number, "", f"snippet '{escape_control(file_name)}' is not a file in "
                                    f"docs/{SNIPPETS_DIR.as_posix()}/; snippets include only files from that folder"))
    return problems


def unsafe_links(top: Path) -> list[Problem]:
    """Symlinks under `top` (docs/, the theme's folder) that point outside it: MkDocs would copy
    their target (an environment, a token in .git/config) into the site."""
    problems = []
    root = top.resolve()
    for folder, dirs, files in os.walk(top):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(Problem(path, 1, "", f"is a symlink to a file outside {top.name}/; "
                                        f"copy the content into {top.name}/ instead"))
    return problems


def read_text(path: Path) -> str:
    """A data file's text: a regular UTF-8 file under the size limit, else a NotesError at the bad line."""
    try:
        if not path.is_file():
            raise NotesError([Problem(path, 1, "", "is not a regular file (a folder or a broken symlink?); "
                                      "replace it with a text file")])
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotesError([Problem(path, 1, "", f"is larger than {MAX_FILE_BYTES // 1024} KiB; "
                                      "split it or shorten it")])
        data = path.read_bytes()
    except OSError as error:
        raise NotesError([Problem(path, 1, "", f"cannot be read ({escape_control(error.strerror)})")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NotesError([Problem(path, line, "", f"byte 0x{data[error.start]:02x} is not UTF-8 text; "
                                  "save the file as UTF-8")]) from None
