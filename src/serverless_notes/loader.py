"""Files -> validated registry: the catalog, the notes and the other data files, loaded and checked.

Files are read through safe_files.py; pydantic's errors become problems in schema_errors.py."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from .duplicates import duplicate_services
from .limits import MAX_ABBREVIATIONS, note_counts, too_many
from .model import (
    MAX_ID_LENGTH,
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
    needs_quote,
    present_facts,
)
from .paths import ABBREVIATIONS_PATH, CATALOG_PATH, COMPARISONS_PATH, CONCEPTS_PATH, FOILS_PATH, SERVICES_DIR
from .problems import NotesError, Problem
from .registry import Registry, Service, Variant
from .safe_files import (  # noqa: F401  (re-exported: callers read files through the loader)
    MAX_FILE_BYTES,
    NOTE_EXTENSION,
    SNIPPETS_DIR,
    read_sources,
    read_text,
    snippet_problems,
    unsafe_files,
    unsafe_links,
)
from .schema_errors import problems_from
from .text_safety import BIDI_CONTROLS, describe, invisible_characters, normalise_newlines
from .yaml_source import parse_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
H1 = re.compile(r"^# \S", re.MULTILINE)


def load_registry(docs_dir: Path, note_texts: dict[str, str] | None = None) -> Registry:
    """Load and validate the catalog and every note under `docs_dir/services/`.

    `note_texts` (service id -> file text) lets a caller that has already read the notes
    pass them in, so no file is read twice. All problems are collected, then raised together.
    """
    docs_dir = Path(docs_dir)
    catalog = load_catalog(docs_dir / CATALOG_PATH)
    schema = NoteSchema.of(catalog)
    if note_texts is None:
        note_texts = read_sources(docs_dir)
    services, problems = [], []
    for service_id, text in sorted(note_texts.items()):
        path = docs_dir / SERVICES_DIR / f"{service_id}.md"
        try:
            services.append(parse_note(service_id, text, path, schema))
        except NotesError as error:
            problems.extend(error.problems)
    problems += duplicate_services(services) + note_counts(services, docs_dir / CATALOG_PATH)
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
    unknown += [Problem(path, document.line_of(("categories", category)), f"categories.{category}",
                        f"'{category}' is reserved for {RESERVED_CATEGORIES[category]}; choose another category id")
                for category in catalog.categories if category in RESERVED_CATEGORIES]
    unknown += [Problem(path, document.line_of(("roles", role)), f"roles.{role}",
                        f"role '{role}' ({ROLES[role]}) names '{key}', which is not a declared attribute; "
                        f"use one of {', '.join(catalog.attributes)}")
                for role, key in catalog.roles.items() if key not in catalog.attributes]
    if unknown:
        raise NotesError(unknown)
    return catalog


RESERVED_SLUGS = {"index": "the list of all comparisons"}
# A category's pages are compare/<id>.md and practice/quiz/<id>.md; 'all' in an attribute means every category.
RESERVED_CATEGORIES = {**RESERVED_SLUGS, "all": "attributes that apply to every category"}
RESERVED_IDS = {"all-notes": "the generated print view", "index": "the section index"}


def parse_note(service_id: str, text: str, path: Path, schema: NoteSchema) -> Service:
    if service_id in RESERVED_IDS:
        raise NotesError([Problem(path, 1, "", f"'{service_id}.md' is reserved for {RESERVED_IDS[service_id]}; "
                                  "rename the note after the service")])
    if not is_slug(service_id):
        raise NotesError([Problem(path, 1, "", f"file name '{service_id}.md' is not a valid service id; use lowercase "
                                  "letters, digits and hyphens, e.g. 'step-functions.md'")])
    if len(service_id) > MAX_ID_LENGTH:
        raise NotesError([Problem(path, 1, "", f"file name is {len(service_id)} characters long; a service id has at "
                                  f"most {MAX_ID_LENGTH}, e.g. 'step-functions.md'")])
    if len(text) > MAX_FILE_BYTES:
        raise NotesError([Problem(path, 1, "", f"is larger than {MAX_FILE_BYTES // 1024} KiB; split it or shorten it")])
    text = normalise_newlines(text.removeprefix("\ufeff"))
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


def quote_problems(registry: Registry) -> list[Problem]:
    """Facts that state a number, limit, price or date without `quote:` (the source's own words).

    Checked by `validate` (and CI), not by the build: a note without quotes still renders for its author.
    """
    problems = []
    for service in registry.services.values():
        for variant, key, fact in service.own_facts():
            if fact.quote is None and needs_quote(fact, registry.attributes[key]):
                loc = service.fact_loc(variant, key)
                problems.append(Problem(service.path, service.lines.get((*loc, "checked"), 1), ".".join(loc),
                                        "states a number, limit, price or date but has no 'quote:'; on the line "
                                        "after 'checked:', copy the words of the source page that state it"))
    return problems


def must_know_problems(registry: Registry) -> list[Problem]:
    """`must_know: true` only on facts the CLF-C02 exam asks (attribute `exam_level: clf`), not on quotas.

    Checked by `validate` (and CI), like quotes: must-know is a study promise, so a beyond fact must not claim it.
    """
    problems = []
    for service in registry.services.values():
        for variant, key, fact in service.own_facts():
            attribute = registry.attributes[key]
            if fact.must_know and attribute.exam_level != "clf":
                loc = service.fact_loc(variant, key)
                line = service.lines.get((*loc, "must_know"), service.lines.get(loc, 1))
                problems.append(Problem(service.path, line, ".".join((*loc, "must_know")),
                                        f"'{key}' has exam_level: {attribute.exam_level} in the catalog "
                                        f"({CATALOG_PATH}): the CLF-C02 exam does not ask it; delete 'must_know: "
                                        "true' (or set the attribute's exam_level to clf if the exam guide covers it)"))
    return problems


def scope_problems(registry: Registry) -> list[Problem]:
    """Every note says where the official exam guide lists its service (`exam_scope:`).

    Checked by `validate` (and CI), like quotes: the practice exam keeps out services the guide does not list,
    and a note that says nothing would be taken as listed.
    """
    return [Problem(service.path, service.lines.get(("name",), 1), "exam_scope",
                    "no 'exam_scope:'; say where the official exam guide lists the service, e.g. exam_scope: "
                    "{in_scope: true, value: On the CLF-C02 in-scope services list, source: <the guide's "
                    "in-scope services page>, checked: YYYY-MM-DD} (in_scope: false if the guide does not list it)")
            for service in registry.services.values() if service.exam_scope is None]


def check_body(body: str, path: Path, first_line: int) -> list[Problem]:
    problems = []
    if not H1.search(body):
        problems.append(Problem(path, first_line, "body", "no '# Title' heading; start the note with '# <short_name>'"))
    for number, line in enumerate(body.split("\n"), start=first_line):
        hidden = invisible_characters(line, allow="\t")
        visible = "".join(char for char in line if char not in hidden) if hidden else line
        if "TODO" in visible:
            problems.append(Problem(path, number, "body", "still contains the placeholder 'TODO'; write the text"))
        if BIDI_CONTROLS.intersection(hidden) or any(char in "\u200b\u2060\ufeff" for char in hidden):
            problems.append(Problem(path, number, "body", f"contains the invisible character(s) {describe(hidden)}, "
                                    "which hide or reorder text; delete them"))
    return problems


# --- the other data files ------------------------------------------------------------------

# '&' too: a meaning is a `title`, which the browser decodes before Material's tooltip inserts it as HTML.
CONTROL_OR_MARKUP = re.compile(r"[<>&{}\x00-\x08\x0b-\x1f\x7f]")
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
    # Browsers also end a comment at '--!>', and nothing may follow '-->' on its line.
    comment_end = 0
    if text.startswith("<!--"):
        close = text.find("-->", len("<!--"))
        inner = text[len("<!--"):close] if close >= 0 else text
        if close < 0 or "--!>" in inner or "<!--" in inner or inner.startswith((">", "->")):
            raise NotesError([Problem(path, 1, "", "the leading comment must end with '-->' and hold no '--!>', "
                                      "'<!--' or '>' at its start (browsers end a comment there); rewrite it")])
        comment_end = close + len("-->")
    first_line = text.count("\n", 0, comment_end) + 1
    for number, content in enumerate(text[comment_end:].split("\n"), start=first_line):
        if not content.strip():
            continue
        match = ABBREVIATION.match(content)
        if number == first_line and comment_end:
            problems.append(Problem(path, number, "", "nothing may follow '-->' on its line; start the "
                                    "abbreviations on the next line"))
        elif not match or CONTROL_OR_MARKUP.search(content) or invisible_characters(content):
            problems.append(Problem(path, number, "", "expected one abbreviation per line as '*[ABBR]: Meaning', "
                                    "in plain text (no '<', '>', '&', '{', '}', control or invisible characters)"))
        else:
            terms[match["term"]] = match["meaning"]
    problems += too_many(path, 1, "", len(terms), MAX_ABBREVIATIONS, "abbreviations")
    if problems:
        raise NotesError(problems)
    return dict(sorted(terms.items(), key=lambda item: item[0].lower()))


def load_concepts(docs_dir: Path, registry: Registry) -> list[Concept]:
    """The glossary's concepts, each with a sourced definition, in alphabetical order."""
    path = Path(docs_dir) / CONCEPTS_PATH
    if not path.is_file():
        return []
    document = parse_yaml(read_text(path), path)
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


