"""Links the first use of each glossary concept in a page to its entry (a Python-Markdown extension).

Engine-agnostic: the caller says, per page, which concepts to link and where their entries are
(`set_page`), so the same extension serves MkDocs (through the hooks) and plain Python-Markdown.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .model import Concept

# Text inside these stays as written: links, code, headings, abbreviations and our own fact boxes.
WORD = re.compile(r"\w+")
SKIPPED_TAGS = {"a", "code", "pre", "kbd", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "summary"}


class ConceptIndex:
    """Every phrase that names a concept, matched as a whole word, longest first."""

    def __init__(self, concepts: list[Concept]):
        self.by_phrase = {phrase.lower(): concept for concept in concepts for phrase in (concept.term, *concept.also)}
        alternatives = "|".join(re.escape(phrase) for phrase in sorted(self.by_phrase, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE) if alternatives else None
        # The first word of every phrase: a text holding none of them holds no phrase, and a set lookup per word
        # is far cheaper than the pattern's hundred alternatives tried at every position (0.3 s at 1,000 notes).
        self.first_words = {WORD.match(phrase)[0] if WORD.match(phrase) else "" for phrase in self.by_phrase}

    def may_occur_in(self, text: str) -> bool:
        return "" in self.first_words or not self.first_words.isdisjoint(WORD.findall(text.lower()))


class ConceptLinkExtension(Extension):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.index: ConceptIndex | None = None
        self.href: Callable[[Concept], str] = lambda concept: f"#concept-{concept.id}"

    def set_page(self, index: ConceptIndex | None, href: Callable[[Concept], str] | None = None) -> None:
        """Concepts to link in the page converted next (None: none), and the URL of a concept's entry."""
        self.index = index
        if href is not None:
            self.href = href

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline parsing (20), so links and code spans are elements that can be skipped.
        md.treeprocessors.register(ConceptLinkTreeprocessor(md, self), "serverless_notes_concepts", 15)


class ConceptLinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: ConceptLinkExtension):
        super().__init__(md)
        self.extension = extension
        self.linked: set[str] = set()

    def run(self, root: etree.Element) -> None:
        index = self.extension.index
        if index is None or index.pattern is None:
            return
        self.linked = set()
        self._visit(root, index)

    def _visit(self, element: etree.Element, index: ConceptIndex) -> None:
        if element.tag in SKIPPED_TAGS:
            return
        element.text = self._link_first(element, element.text, 0, index)
        for child in list(element):
            self._visit(child, index)
            child.tail = self._link_first(element, child.tail, list(element).index(child) + 1, index)

    def _link_first(self, parent: etree.Element, text: str | None, position: int, index: ConceptIndex) -> str | None:
        """Wraps each concept's first use in `text` in a link, inserted into `parent` from `position`.

        A loop, not a recursion: a paragraph naming a thousand concepts must not hit the recursion limit."""
        if not text or not index.may_occur_in(text):
            return text
        head, last, start = None, None, 0
        for match in index.pattern.finditer(text):
            concept = index.by_phrase[match.group(1).lower()]
            if concept.id in self.linked:
                continue
            self.linked.add(concept.id)
            # Material's tooltips insert a title as HTML, once the browser has decoded the attribute. Python-
            # Markdown's serializer keeps entities as they are, so the title is escaped twice here: decoded
            # once, it is still escaped text, and a definition stays text in the tooltip.
            link = etree.Element("a", {"href": self.extension.href(concept), "class": "sn-concept",
                                       "title": html.escape(html.escape(concept.definition, quote=False),
                                                            quote=False)})
            link.text = match.group(1)
            if last is None:
                head = text[start:match.start()]
            else:
                last.tail = text[start:match.start()]
            parent.insert(position, link)
            position, last, start = position + 1, link, match.end()
        if last is None:
            return text
        last.tail = text[start:] or None
        return head
