"""What the MkDocs build adds around the pages: per-fact search entries, the box and the print view.

The navigation is the core's (`pages.navigation`): every engine gets the same one."""

from __future__ import annotations

import html

from ..registry import Registry, Service, fact_anchor

SERVICE_SEARCH_BOOST = 2  # a note is the best answer to most searches; comparison pages come next


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
