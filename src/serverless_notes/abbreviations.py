"""Each abbreviation explained once per page, at its first use in running text (a Python-Markdown extension).

Python-Markdown's `abbr` marks every use: a comparison page carried 51 tooltips for nine abbreviations
("SQS" 25 times), each one a dotted underline to read past and a tooltip Material's script mounts on
load, which cost the page most of its blocking time on a phone. Style guides explain an abbreviation
at its first use; so does this. Where no underline shows (headings, links, summaries, table headers,
terms) a tooltip cannot be found, so those uses are never the marked one.

Listed in mkdocs.yml's `markdown_extensions`, so every engine runs it: `- serverless_notes.abbreviations`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

UNMARKED_IN = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "summary", "caption", "th", "dt"}


class FirstUseAbbreviations(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After `abbr` has marked every use (7), before the table of contents reads the headings (5).
        md.treeprocessors.register(FirstUseTreeprocessor(md), "serverless_notes_abbreviations", 6)


class FirstUseTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        explained: set[str] = set()
        # In document order, iteratively: a page of a thousand nested elements must not hit the recursion limit.
        stack: list[tuple[etree.Element, etree.Element | None, bool]] = [(root, None, False)]
        while stack:
            element, parent, unmarked = stack.pop()
            if element.tag == "abbr" and parent is not None:
                if unmarked or element.text in explained:
                    _unwrap(parent, element)
                else:
                    explained.add(element.text)
                continue
            unmarked = unmarked or element.tag in UNMARKED_IN
            stack.extend((child, element, unmarked) for child in reversed(list(element)))


def _unwrap(parent: etree.Element, abbr: etree.Element) -> None:
    """Replace `abbr` by its text: joined to the previous sibling's tail, or to the parent's text."""
    text = (abbr.text or "") + (abbr.tail or "")
    position = list(parent).index(abbr)
    if position:
        previous = parent[position - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(abbr)


def makeExtension(**kwargs) -> FirstUseAbbreviations:
    return FirstUseAbbreviations(**kwargs)
