"""What only the MkDocs build adds: per-fact search entries and search tags.

The navigation is the core's (`pages.Site.navigation`), and so are the box, the sources and the print
view (`note_page`): every engine gets the same ones."""

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
