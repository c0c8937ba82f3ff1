"""What only the MkDocs build adds: per-fact search entries and search tags.

The navigation is the core's (`pages.Site.navigation`), and so are the box, the sources and the print
view (`note_page`): every engine gets the same ones."""

from __future__ import annotations

import html
import re

from ..registry import Registry, Service, fact_anchor
from ..search_terms import quantity_phrases

SERVICE_SEARCH_BOOST = 2  # a note is the best answer to most searches; comparison pages come next
# Material ranks a page's own entry 2.5 times its sections' (search worker: score * (1 + g^2), g = 1 + the
# share of terms found for a page, that share alone for a section); a fact that matches a search by its
# tags must outrank its note to be shown, not folded under "more on this page".
FACT_SEARCH_BOOST = 2.5 * SERVICE_SEARCH_BOOST


def search_tags(service: Service) -> list[str]:
    """A note's names and aliases as Material search tags, which it weighs far above text.

    Material shows tags (like titles and text) in results as HTML, so they are escaped here.
    """
    return [html.escape(term) for term in service.search_terms]


def fact_search_entries(service: Service, registry: Registry, page_url: str) -> list[dict]:
    """One search result per fact, e.g. "Amazon SQS: Maximum message size" -> that fact on the SQS page.

    Entries in Material's search index format; `page_url` is the note's URL from the site root.
    Material's index otherwise holds a page's tables and boxes as one blob of text.
    A fact's tags, which Material weighs far above text, are what it states in the words a search
    uses: what it is ("Maximum message size"), its quantities under every unit spelling ("1 MiB",
    "1 MB", "1048576 bytes"), and those of the note's keywords it is about ("visibility timeout").
    So the fact that states "14 days" ranks first for "14 days", and above its own note, where
    Material would fold it under "more on this page".
    """
    entries = []
    for variant, key, fact in service.own_facts():
        attribute = registry.attributes[key]
        owner = variant.name if variant else service.short_name
        trap = f"Exam trap: {fact.exam_trap}" if fact.exam_trap else ""
        value = attribute.format(fact)
        text = " ".join(part for part in (value, fact.note or "", trap) if part)
        about = f"{attribute.label} {value}".lower()
        tags = [attribute.label, *quantity_phrases(value)] + [
            term for term in service.search_terms if _mentions(about, term.lower())]
        # Material shows an entry's title and text as HTML: escape data, as the templates do.
        entries.append({"location": f"{page_url}#{fact_anchor(key, variant.id if variant else None)}",
                        "title": html.escape(f"{owner}: {attribute.label}"), "text": html.escape(text),
                        "tags": [html.escape(tag) for tag in dict.fromkeys(tags)], "boost": FACT_SEARCH_BOOST})
    return entries


def _mentions(text: str, phrase: str) -> bool:
    """`phrase` in `text` as whole words. The substring test first: most keywords are not in a fact at all,
    and each note's keywords are its own, so their patterns would be compiled anew for every note."""
    return phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
