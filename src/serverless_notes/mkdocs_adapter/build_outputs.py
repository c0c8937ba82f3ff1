"""What the build adds around the pages: the navigation, per-fact search entries, the box and the print view."""

from __future__ import annotations

import html

from ..paths import COMPARISONS_INDEX, GLOSSARY, OVERVIEW, PRINT_VIEW, WHAT_CHANGED
from ..registry import Registry, Service, fact_anchor

SERVICE_SEARCH_BOOST = 2  # a note is the best answer to most searches; comparison pages come next


def navigation(static_nav: list | None, registry: Registry, comparisons: dict[str, str]) -> list:
    """The hand-written navigation with the generated sections after its first entry (the home page).

    `comparisons` maps each comparison page to its title. Services are grouped by category, so
    with `navigation.prune` a page only carries its own section's links, however many notes there are.
    """
    static = list(static_nav or [{"Home": "index.md"}])
    generated: list = [{"Overview": OVERVIEW}]
    for category_id, category in registry.categories.items():
        services = registry.services_in(category_id)
        if services:
            # MkDocs themes print nav titles as HTML, so names from data are escaped here.
            generated.append({html.escape(category.label): [{html.escape(s.short_name): s.doc_path} for s in services]})
    generated.append({"Comparisons": [{"All comparisons": COMPARISONS_INDEX},
                                      *({html.escape(title): path} for path, title in comparisons.items())]})
    generated += [{"What changed": WHAT_CHANGED}, {"Glossary": GLOSSARY}, {"All notes (print view)": PRINT_VIEW}]
    return static[:1] + generated + static[1:]


def search_tags(service: Service) -> list[str]:
    """A note's names and aliases as Material search tags, which it weighs far above text.

    Material shows tags (like titles and text) in results as HTML, so they are escaped here.
    """
    return [html.escape(term) for term in service.search_terms]


def fact_search_entries(service: Service, registry: Registry, page_url: str) -> list[dict]:
    """One search result per fact, e.g. "Amazon SQS: Maximum message size" -> that fact on the SQS page.

    Entries in Material's search index format; `page_url` is the note's URL from the site root.
    Material's index otherwise holds a page's tables and boxes as one blob of text.
    """
    tags = search_tags(service)  # the note's own tags and boost, so its facts compete with its sections
    entries = []
    for variant, key, fact in service.own_facts():
        attribute = registry.attributes[key]
        owner = variant.name if variant else service.short_name
        trap = f"Exam trap: {fact.exam_trap}" if fact.exam_trap else ""
        text = " ".join(part for part in (attribute.format(fact), fact.note or "", trap) if part)
        # Material shows an entry's title and text as HTML: escape data, as the templates do.
        entries.append({"location": f"{page_url}#{fact_anchor(key, variant.id if variant else None)}",
                        "title": html.escape(f"{owner}: {attribute.label}"), "text": html.escape(text),
                        "tags": tags, "boost": SERVICE_SEARCH_BOOST})
    return entries



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
