"""Pages generated from the registry: overview, comparisons, glossary and the print view, and the navigation.

Each is Markdown (a path relative to docs/ -> text). A comparison page's table is rendered
here, once, and travels through Markdown as a placeholder (`GeneratedPage.tables`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .changes import changes
from .compare import ComparisonTable
from .loader import load_abbreviations, load_comparison_pages, load_concepts, load_registry
from .model import ComparisonPage, Concept
from .registry import Registry, Service
from .render import HtmlPlaceholders, Renderer, relative_link

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
        rows = [key for key, attribute in registry.attributes.items()
                if attribute.applies_to(category_id) and any(key in registry.item(i).facts for i in items)]
        title = f"{category.label}: all services"
        specs.append(ComparisonPageSpec(
            paths.comparison(category_id), title,
            f"{category.description} Every service in this category, side by side.",
            ComparisonTable.build(registry, items, rows, title), paths.CATALOG_PATH.as_posix(),
            searchable_table=False))
    return specs


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    tables: HtmlPlaceholders = field(default_factory=HtmlPlaceholders)  # rendered tables its Markdown names
    edit_source: str | None = None  # the data file (relative to docs/) a contributor edits to change it
    comparison_title: str | None = None  # the title of a comparison page, for the navigation


@dataclass(frozen=True)
class Site:
    registry: Registry
    concepts: list[Concept]
    pages: dict[str, GeneratedPage]  # path relative to docs/ -> the generated page


def load_site(docs_dir: Path, note_texts: dict[str, str] | None = None, directory_urls: bool = False) -> Site:
    """Every data file read and validated, then the pages generated from them: the one sequence that
    the MkDocs build, `validate` and the export share (`note_texts`: notes a caller has already read)."""
    registry = load_registry(docs_dir, note_texts)
    concepts = load_concepts(docs_dir, registry)
    generated = generate_pages(registry, load_comparison_pages(docs_dir, registry), load_abbreviations(docs_dir),
                               directory_urls, concepts)
    return Site(registry, concepts, generated)


def generate_pages(registry: Registry, declared: list[ComparisonPage], abbreviations: dict[str, str],
                   directory_urls: bool = False, concepts: list[Concept] = ()) -> dict[str, GeneratedPage]:
    specs = comparison_specs(registry, declared)

    def renderer(path: str) -> Renderer:
        return Renderer(registry, relative_link(path, directory_urls))

    pages = {
        paths.OVERVIEW: GeneratedPage(renderer(paths.OVERVIEW).page("overview.md", comparisons=specs)),
        paths.GLOSSARY: GeneratedPage(renderer(paths.GLOSSARY).page("glossary.md", abbreviations=abbreviations,
                                                                    concepts=concepts),
                                      edit_source=paths.CONCEPTS_PATH.as_posix()),
        paths.WHAT_CHANGED: GeneratedPage(renderer(paths.WHAT_CHANGED).page("what_changed.md",
                                                                            changes=changes(registry))),
        paths.COMPARISONS_INDEX: GeneratedPage(renderer(paths.COMPARISONS_INDEX).page("comparisons_index.md",
                                                                                      comparisons=specs)),
        paths.PRINT_VIEW: GeneratedPage(renderer(paths.PRINT_VIEW).page("print.md", marker=PRINT_NOTES_MARKER)),
    }
    for spec in specs:
        page_renderer, tables = renderer(spec.path), HtmlPlaceholders()
        table = tables.add(page_renderer.comparison_table(spec.table, spec.searchable_table))
        pages[spec.path] = GeneratedPage(page_renderer.page("comparison_page.md", spec=spec, table=table),
                                         tables, spec.source, spec.title)
    return pages


def print_notes(registry: Registry) -> list[Service]:
    return [service for category in registry.categories for service in registry.services_in(category)]


def navigation(static_nav: list | None, registry: Registry, comparisons: dict[str, str]) -> list:
    """The hand-written navigation with the generated sections after its first entry (the home page).

    `comparisons` maps each comparison page to its title. Services are grouped by category, so
    with `navigation.prune` a page only carries its own section's links, however many notes there are.
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
    generated += [{"What changed": paths.WHAT_CHANGED}, {"Glossary": paths.GLOSSARY},
                  {"All notes (print view)": paths.PRINT_VIEW}]
    return static[:1] + generated + static[1:]
