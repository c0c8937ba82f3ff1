"""Files -> validated registry. The only module that reads notes and the catalog from disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import FIELD_HELP, Catalog, ComparisonPage, ComparisonPages, NoteSchema, is_slug, present_facts
from .problems import NotesError, Problem
from .registry import Registry, Service, Variant
from .yaml_source import Loc, YamlDocument, parse_yaml

CATALOG_PATH = Path("_data/catalog.yml")  # relative to docs_dir
SERVICES_DIR = Path("services")  # relative to docs_dir
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
H1 = re.compile(r"^# \S", re.MULTILINE)


def load_registry(docs_dir: Path, note_texts: dict[str, str] | None = None) -> Registry:
    """Load and validate the catalog and every note under `docs_dir/services/`.

    `note_texts` (service id -> file text) lets a caller that has already read the notes
    pass them in, so no file is read twice. All problems are collected, then raised together.
    """
    docs_dir = Path(docs_dir)
    catalog = load_catalog(docs_dir / CATALOG_PATH)
    schema = NoteSchema(catalog)
    if note_texts is None:
        note_texts = {path.stem: path.read_text(encoding="utf-8")
                      for path in sorted((docs_dir / SERVICES_DIR).glob("*.md"))}
    services, problems = [], []
    for service_id, text in sorted(note_texts.items()):
        path = docs_dir / SERVICES_DIR / f"{service_id}.md"
        try:
            services.append(parse_note(service_id, text, path, schema))
        except NotesError as error:
            problems.extend(error.problems)
    if problems:
        raise NotesError(sorted(problems, key=lambda p: (str(p.path), p.line)))
    return Registry(catalog, services)


def load_catalog(path: Path) -> Catalog:
    if not path.is_file():
        raise NotesError([Problem(path, 1, "", "catalog file not found; it declares the categories and attributes")])
    document = parse_yaml(path.read_text(encoding="utf-8"), path)
    try:
        return Catalog.model_validate(document.data)
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="catalog")) from None


RESERVED_IDS = {"all-notes": "the generated print view", "index": "the section index"}


def parse_note(service_id: str, text: str, path: Path, schema: NoteSchema) -> Service:
    if service_id in RESERVED_IDS:
        raise NotesError([Problem(path, 1, "", f"'{service_id}.md' is reserved for {RESERVED_IDS[service_id]}; "
                                  "rename the note after the service")])
    if not is_slug(service_id):
        raise NotesError([Problem(path, 1, "", f"file name '{service_id}.md' is not a valid service id; use lowercase "
                                  "letters, digits and hyphens, e.g. 'step-functions.md'")])
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
    if problems:
        raise NotesError(problems)
    return Service(
        id=service_id, name=note.name, short_name=note.short_name, category=note.category, summary=note.summary,
        aliases=list(note.aliases), facts=present_facts(note.facts),
        variants={vid: Variant(vid, v.name, v.summary, present_facts(v.facts)) for vid, v in note.variants.items()},
        path=path, body=body, lines=document.lines, exam_scope=note.exam_scope,
        questions=list(note.questions),
    )


def check_body(body: str, path: Path, first_line: int) -> list[Problem]:
    problems = []
    if not H1.search(body):
        problems.append(Problem(path, first_line, "body", "no '# Title' heading; start the note with '# <short_name>'"))
    for number, line in enumerate(body.splitlines(), start=first_line):
        if "TODO" in line:
            problems.append(Problem(path, number, "body", "still contains the placeholder 'TODO'; write the text"))
    return problems


def problems_from(error: ValidationError, document: YamlDocument, path: Path, context: str) -> list[Problem]:
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        field = ".".join(str(part) for part in loc)
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

COMPARISONS_PATH = Path("_data/comparisons.yml")
ABBREVIATIONS_PATH = Path("_data/abbreviations.md")
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<meaning>.+?)\s*$")


def load_comparison_pages(docs_dir: Path, registry: Registry) -> list[ComparisonPage]:
    path = Path(docs_dir) / COMPARISONS_PATH
    if not path.is_file():
        return []
    document = parse_yaml(path.read_text(encoding="utf-8"), path)
    try:
        pages = ComparisonPages.validate_python(document.data or [])
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="comparison page")) from None
    problems = []
    for index, page in enumerate(pages):
        unknown = [item for item in page.items if item not in registry.items]
        if unknown:
            problems.append(Problem(path, document.line_of((index, "items")), f"[{index}].items",
                                    f"unknown service or variant {', '.join(map(repr, unknown))}; "
                                    f"known ids: {', '.join(registry.items)}"))
        unknown_rows = [key for key in page.rows or [] if key not in registry.attributes]
        if unknown_rows:
            problems.append(Problem(path, document.line_of((index, "rows")), f"[{index}].rows",
                                    f"unknown attribute {', '.join(map(repr, unknown_rows))}; "
                                    "use keys declared in docs/_data/catalog.yml"))
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
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line)
        if match:
            terms[match["term"]] = match["meaning"]
    return dict(sorted(terms.items(), key=lambda item: item[0].lower()))
