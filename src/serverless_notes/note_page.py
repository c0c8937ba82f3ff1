"""A note page, composed once for every engine.

A note is its Markdown body plus parts the build adds: the "at a glance" box after its title, the
list of the AWS pages its facts cite at its end, and a link from its first use of each glossary
concept to the glossary. The parts are rendered once here and placed either into HTML (MkDocs,
after search has indexed the page, so search need not parse the box) or into Markdown (the export,
for engines without our hooks). The print view is every composed note, in category order.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Extension

from . import paths
from .concept_links import ConceptIndex, ConceptLinkExtension
from .loader import H1
from .model import Concept
from .registry import Registry, Service
from .render import Renderer, as_markdown_block
from .urls import source_link

TITLE_END = "</h1>"


@dataclass(frozen=True)
class NoteParts:
    box: str  # the "at a glance" box (HTML)
    sources: str  # the list of the note's sources (HTML)

    @classmethod
    def of(cls, service: Service, renderer: Renderer) -> NoteParts:
        return cls(renderer.fact_box(service), renderer.note_sources(service))

    def into_html(self, content: str) -> str:
        """The note's HTML with the box right after its title (first, if it has none), the sources last."""
        end = content.find(TITLE_END)
        return self._place(content, end + len(TITLE_END) if end >= 0 else 0, lambda part: f"\n{part}\n")

    def into_markdown(self, body: str) -> str:
        """The same, in the note's Markdown: the parts as raw HTML blocks, which Markdown leaves as they are."""
        title = H1.search(body)
        cut = (body.find("\n", title.start()) + 1 or len(body)) if title else 0
        return self._place(body, cut, lambda part: "\n" + as_markdown_block(part) + "\n")

    def _place(self, text: str, cut: int, block: Callable[[str], str]) -> str:
        return text[:cut] + block(self.box) + text[cut:].strip("\n") + block(self.sources)


def print_notes(registry: Registry) -> list[Service]:
    """The notes in the print view's order: by category, as the navigation lists them."""
    return [service for category in registry.categories for service in registry.services_in(category)]


def print_view(registry: Registry, composed: Callable[[Service], str | None], markdown: bool = False) -> str:
    """Every composed note (`composed`: its HTML, or with `markdown` its Markdown; None leaves it out), each
    in a section that starts a printed sheet. The print view sits beside the notes, so their links still work."""
    attribute, gap = (" markdown", "\n\n") if markdown else ("", "\n")  # md_in_html renders a Markdown section
    sections = []
    for service in print_notes(registry):
        content = composed(service)
        if content is not None:
            sections.append(f'<section class="sn-print-note" aria-label="{html.escape(service.short_name)}"'
                            f"{attribute}>{gap}{content}{gap}</section>")
    return (gap if markdown else "\n").join(sections)


def concept_links(concepts: ConceptIndex | None, page: str) -> Extension:
    """The Markdown extension that links a note's first use of each concept to its glossary entry.

    The link is to the glossary's source (urls.py): the engine converts it and checks it exists.
    """
    extension = ConceptLinkExtension()
    extension.set_page(concepts if paths.is_note(page) else None, concept_href(page))
    return extension


def concept_href(page: str) -> Callable[[Concept], str]:
    return lambda concept: source_link(page, paths.GLOSSARY, f"concept-{concept.id}")
