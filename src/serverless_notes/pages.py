"""Pages generated from the registry: overview, comparisons, glossary and the print view.

Each is Markdown (a path relative to docs/ -> text). Comparison pages carry ```compare
blocks, which the build expands like any author-written block.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .compare import ComparisonTable
from .loader import ABBREVIATIONS_PATH, CATALOG_PATH, COMPARISONS_PATH
from .model import ComparisonPage
from .registry import Registry, Service
from .render import Renderer, relative_link

OVERVIEW = "overview.md"
GLOSSARY = "glossary.md"
PRINT_VIEW = "services/all-notes.md"  # beside the notes, so their relative links still work
COMPARISONS_INDEX = "compare/index.md"
OFFLINE_ZIP = "downloads/serverless-study-notes.zip"
COMPARISONS_SOURCE = COMPARISONS_PATH.as_posix()
CATALOG_SOURCE = CATALOG_PATH.as_posix()
ABBREVIATIONS_SOURCE = ABBREVIATIONS_PATH.as_posix()
SERVICE_CARDS_MARKER = "<!-- service cards -->"  # in a hand-written page: replaced by a card per service
PRACTICE_INDEX = "practice/index.md"
PRINT_NOTES_MARKER = "snprintnotes"  # a paragraph the build replaces with every note's HTML


@dataclass(frozen=True)
class ComparisonPageSpec:
    path: str
    title: str
    intro: str
    table: ComparisonTable
    source: str  # the data file, relative to docs/, that declares the page
    # A category's table holds every fact of the category and grows with the notes; each of those
    # facts is already a search result of its own, so search skips it rather than index it twice.
    searchable_table: bool = True


def comparison_specs(registry: Registry, declared: list[ComparisonPage]) -> list[ComparisonPageSpec]:
    """The declared comparison pages, then one page per category with all its services."""
    specs = [ComparisonPageSpec(f"compare/{page.slug}.md", page.title, page.intro,
                                ComparisonTable.build(registry, page.items, page.rows), COMPARISONS_SOURCE)
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
        specs.append(ComparisonPageSpec(
            f"compare/{category_id}.md", f"{category.label}: all services",
            f"{category.description} Every service in this category, side by side.",
            ComparisonTable.build(registry, items, rows), CATALOG_SOURCE, searchable_table=False))
    return specs


@dataclass(frozen=True)
class GeneratedPages:
    pages: dict[str, str]  # path relative to docs/ -> Markdown
    comparisons: list[ComparisonPageSpec]

    def edit_source(self, path: str) -> str | None:
        """The file (relative to docs/) a contributor edits to change a generated page."""
        if path == GLOSSARY:
            return ABBREVIATIONS_SOURCE
        return next((spec.source for spec in self.comparisons if spec.path == path), None)


def generate_pages(registry: Registry, declared: list[ComparisonPage], abbreviations: dict[str, str],
                   directory_urls: bool = False) -> GeneratedPages:
    specs = comparison_specs(registry, declared)
    pages = {
        OVERVIEW: _renderer(registry, OVERVIEW, directory_urls).page("overview.md", comparisons=specs),
        GLOSSARY: _renderer(registry, GLOSSARY, directory_urls).page("glossary.md", abbreviations=abbreviations),
        COMPARISONS_INDEX: _renderer(registry, COMPARISONS_INDEX, directory_urls).page("comparisons_index.md",
                                                                                       comparisons=specs),
    }
    pages[PRINT_VIEW] = _renderer(registry, PRINT_VIEW, directory_urls).page("print.md", marker=PRINT_NOTES_MARKER)
    for spec in specs:
        pages[spec.path] = _renderer(registry, spec.path, directory_urls).page("comparison_page.md", spec=spec)
    return GeneratedPages(pages, specs)


def _renderer(registry: Registry, page_path: str, directory_urls: bool) -> Renderer:
    return Renderer(registry, relative_link(page_path, directory_urls))


def print_notes(registry: Registry) -> list[Service]:
    return [service for category in registry.categories for service in registry.services_in(category)]


def with_fact_box(content: str, box: str, sources: str = "") -> str:
    """A note's HTML with its 'at a glance' box right after the title (or first, if it has none),
    and the list of its sources at the end."""
    title_end = content.find("</h1>")
    cut = title_end + len("</h1>") if title_end >= 0 else 0
    return f"{content[:cut]}\n{box}\n{content[cut:]}\n{sources}"


def print_view_html(notes: list[tuple[Service, str]]) -> str:
    """Every note's rendered page content, in category order, each starting a printed sheet."""
    return "\n".join(f'<section class="sn-print-note" aria-label="{html.escape(service.short_name)}">\n'
                     f"{content}\n</section>" for service, content in notes)
