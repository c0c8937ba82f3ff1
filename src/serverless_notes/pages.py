"""The site plan: every page generated from the registry (overview, comparisons, glossary, what changed,
the print view, and the study pages), the downloads, the navigation and the problems, built once.

Each page is Markdown (a path relative to docs/ -> `Page`). A comparison page's table, and the large
raw-HTML parts of every page, are rendered here, once, and travel through Markdown as placeholders
(`Page.blocks`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import paths, study_pages
from .changes import changes
from .compare import ComparisonTable
from .loader import load_abbreviations, load_comparison_pages, load_concepts, load_registry
from .model import ComparisonPage, Concept
from .problems import NotesError, Problem
from .registry import Registry
from .render import HtmlPlaceholders, Page, Renderer
from .urls import relative_link

SERVICE_CARDS_MARKER = "<!-- service cards -->"  # in a hand-written page: replaced by a card per service
PRINT_NOTES_MARKER = "snprintnotes"  # a paragraph the build replaces with every note's HTML


@dataclass(frozen=True)
class ComparisonPageSpec:
    path: str
    title: str
    intro: str
    table: ComparisonTable
    source: str  # the data file, relative to docs/, that declares the page
    # Every fact in a table is already a search result of its own, so search skips the table rather than
    # index it twice (a category's table also grows with the notes); the page's result then shows its intro.
    searchable_table: bool = False


def comparison_specs(registry: Registry, declared: list[ComparisonPage]) -> list[ComparisonPageSpec]:
    """The declared comparison pages, then one page per category with all its services."""
    specs = [ComparisonPageSpec(paths.comparison(page.slug), page.title, page.intro,
                                ComparisonTable.build(registry, page.items, page.rows, page.title),
                                paths.COMPARISONS_PATH.as_posix())
             for page in declared]
    for category_id, category in registry.categories.items():
        services = registry.services_in(category_id)
        if not services:
            continue
        items = [s.id for s in services]
        if len(services) == 1 and services[0].variants:  # one service: its kinds are what differ
            items = [f"{services[0].id}.{variant}" for variant in services[0].variants]
        # A row compares: it shows when at least two items give the attribute (a fact only one service
        # has, such as SQS's visibility timeout, is in that note's box, not a row of empty cells).
        needed = min(2, len(items))
        rows = [key for key, attribute in registry.attributes.items() if attribute.applies_to(category_id)
                and sum(key in registry.item(i).facts for i in items) >= needed]
        title = f"{category.label}: all services"
        specs.append(ComparisonPageSpec(
            paths.comparison(category_id), title,
            f"{category.description} Every service in this category, side by side.",
            ComparisonTable.build(registry, items, rows, title), paths.CATALOG_PATH.as_posix(),
            searchable_table=False))
    return specs


# Paths the build writes that are neither pages nor downloads of the plan (MkDocs writes the zip).
RESERVED = {paths.OFFLINE_ZIP: "is where the build writes the offline zip; remove that file"}
HIDES_PAGE = "would hide a generated page of the same name; rename or remove it"
HIDES_DOWNLOAD = "would hide a generated download of the same name; rename or remove it"


@dataclass(frozen=True)
class Site:
    """The whole plan of the site, built once by `load_site`: every generated page and download, the
    navigation, and every problem. `validate`, `export-docs` and the MkDocs hooks all read this."""

    registry: Registry
    concepts: list[Concept]
    pages: dict[str, Page]  # path relative to docs/ -> the generated page (study pages included)
    downloads: dict[str, bytes]  # path relative to docs/ -> the file (decks, question data)
    practice_nav: dict | None  # the Practice section of the navigation (None: no questions)
    study_summary: str = ""  # one line on the question bank, for the build log
    problems: list[Problem] = field(default_factory=list)  # hand-written files at generated paths

    @property
    def has_practice(self) -> bool:
        return paths.PRACTICE_INDEX in self.pages

    def navigation(self, static_nav: list | None) -> list:
        comparisons = {path: page.nav_title for path, page in self.pages.items()
                       if page.nav_title and path.startswith(paths.COMPARISONS_DIR + "/")}
        return navigation(static_nav, self.registry, comparisons, self.practice_nav)

    def check(self) -> None:
        """Raise the plan's problems, for the front doors that stop on them."""
        if self.problems:
            raise NotesError(self.problems)


def load_site(docs_dir: Path, note_texts: dict[str, str] | None = None, directory_urls: bool = False) -> Site:
    """Every data file read and validated, then every page generated from them: the one sequence that
    the MkDocs build, `validate` and the export share (`note_texts`: notes a caller has already read).
    Data problems raise NotesError; files in the way of generated ones are `Site.problems`."""
    docs_dir = Path(docs_dir)
    registry = load_registry(docs_dir, note_texts)
    concepts = load_concepts(docs_dir, registry)
    generated = generate_pages(registry, load_comparison_pages(docs_dir, registry), load_abbreviations(docs_dir),
                               directory_urls, concepts)
    study = study_pages.generate_study(registry, directory_urls)
    generated.update(study.pages)
    practice = study.nav_section if paths.PRACTICE_INDEX in study.pages else None
    return Site(registry, concepts, generated, dict(study.downloads), practice, study.bank.summary(),
                collisions(docs_dir, generated, study.downloads))


def collisions(docs_dir: Path, pages: dict[str, Page], downloads: dict[str, bytes]) -> list[Problem]:
    """Hand-written files where the build writes its own: one message for every front door."""
    wanted = {**{path: HIDES_PAGE for path in pages}, **{path: HIDES_DOWNLOAD for path in downloads}, **RESERVED}
    return [Problem(docs_dir / path, 1, "", message) for path, message in sorted(wanted.items())
            if (docs_dir / path).exists() or (docs_dir / path).is_symlink()]


def generate_pages(registry: Registry, declared: list[ComparisonPage], abbreviations: dict[str, str],
                   directory_urls: bool = False, concepts: list[Concept] = ()) -> dict[str, Page]:
    specs = comparison_specs(registry, declared)

    def renderer(path: str) -> Renderer:
        return Renderer(registry, relative_link(path, directory_urls), path)

    pages = {
        paths.OVERVIEW: renderer(paths.OVERVIEW).page("overview.md", comparisons=specs),
        paths.GLOSSARY: replace(renderer(paths.GLOSSARY).page(
            "glossary.md", abbreviations=abbreviations, concepts=concepts), edit_source=paths.CONCEPTS_PATH.as_posix()),
        paths.WHAT_CHANGED: renderer(paths.WHAT_CHANGED).page("what_changed.md", changes=changes(registry)),
        paths.COMPARISONS_INDEX: renderer(paths.COMPARISONS_INDEX).page("comparisons_index.md", comparisons=specs),
        paths.PRINT_VIEW: renderer(paths.PRINT_VIEW).page("print.md", marker=PRINT_NOTES_MARKER),
    }
    for spec in specs:
        page_renderer, blocks = renderer(spec.path), HtmlPlaceholders()
        table = blocks.add(page_renderer.comparison_table(spec.table, spec.searchable_table),
                           searchable=spec.searchable_table)
        pages[spec.path] = replace(page_renderer.page("comparison_page.md", blocks, spec=spec, table=table),
                                   edit_source=spec.source, nav_title=spec.title)
    return pages



def navigation(static_nav: list | None, registry: Registry, comparisons: dict[str, str],
               practice: dict | None = None) -> list:
    """The hand-written navigation with the generated sections after its first entry (the home page).

    `comparisons` maps each comparison page to its title; `practice` is the study section. Services
    are grouped by category, so with `navigation.prune` a page only carries its own section's links,
    however many notes there are.
    """
    static = list(static_nav or [{"Home": "index.md"}])
    generated: list = [{"Overview": paths.OVERVIEW}]
    for category_id, category in registry.categories.items():
        services = registry.services_in(category_id)
        if services:
            # MkDocs themes print nav titles as HTML, so names from data are escaped here.
            generated.append({html.escape(category.label): [{html.escape(s.short_name): s.doc_path} for s in services]})
    generated.append({"Comparisons": [{"All comparisons": paths.COMPARISONS_INDEX},
                                      *({html.escape(title): path} for path, title in comparisons.items())]})
    generated.append({"What changed": paths.WHAT_CHANGED})
    if practice:
        generated.append(practice)
    generated += [{"Glossary": paths.GLOSSARY}, {"All notes (print view)": paths.PRINT_VIEW}]
    return static[:1] + generated + static[1:]
