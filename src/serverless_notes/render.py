"""Rendering through Jinja2 templates. All values from data are escaped by autoescaping."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .compare import ComparisonTable, service_sources
from .registry import Registry, Service, fact_anchor

# link(doc_path, anchor) -> URL relative to the page being rendered
LinkFunction = Callable[[str, str], str]


def relative_link(from_doc: str, directory_urls: bool = False) -> LinkFunction:
    """Links between built pages, from the page built from `from_doc` (paths relative to docs/)."""

    def url_of(doc_path: str) -> str:
        stem = doc_path[: -len(".md")]
        if not directory_urls:
            return stem + ".html"
        if posixpath.basename(stem) == "index":
            return posixpath.dirname(stem) + "/" if posixpath.dirname(stem) else ""
        return stem + "/"

    start = posixpath.dirname(url_of(from_doc)) or "."

    @functools.cache  # tables and boxes link to the same few pages many times
    def page_url(doc_path: str) -> str:
        target = url_of(doc_path)
        url = posixpath.relpath(target or ".", start)
        if target.endswith("/") and url != ".":
            url += "/"
        return "./" if url == "." else url

    def link(doc_path: str, anchor: str = "") -> str:
        return f"{page_url(doc_path)}#{anchor}" if anchor else page_url(doc_path)

    return link


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("serverless_notes", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "md"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package; no need to stat them on every render
    )
    environment.globals["fact_anchor"] = fact_anchor
    return environment


ENVIRONMENT = _environment()  # templates only: no editable data is cached here


def as_markdown_block(text: str, indent: str = "") -> str:
    """One Markdown block (a placeholder or raw HTML): blank lines around, indented like its fence."""
    lines = [line for line in str(text).splitlines() if line.strip()]
    return "\n" + "\n".join(indent + line for line in lines) + "\n"


ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


def anchor_ids(html: str) -> set[str]:
    """The ids in markup rendered by our own templates (always double-quoted)."""
    return set(ID_ATTRIBUTE.findall(html))


class HtmlPlaceholders:
    """Carries rendered HTML through Markdown conversion untouched.

    Markdown re-parses raw HTML blocks (slow for big tables, and a risk to their markup);
    instead each block becomes a one-word paragraph, swapped for its HTML afterwards.
    """

    def __init__(self, prefix: str = "snblock"):
        self.prefix = prefix
        self.blocks: dict[str, str] = {}

    def add(self, html: str, indent: str = "") -> str:
        token = f"{self.prefix}{len(self.blocks):06d}x"
        self.blocks[token] = html
        return as_markdown_block(token, indent)

    def anchor_ids(self) -> set[str]:
        """The ids the blocks define, for engines that check links to anchors."""
        return {anchor for block in self.blocks.values() for anchor in anchor_ids(block)}

    def fill(self, html: str) -> str:
        """Swap each placeholder (converted or hidden) for its block."""
        if not self.blocks:
            return html
        return self._pattern().sub(lambda match: self.blocks[match.group(1) or match.group(2)], html)

    def hide(self, html: str) -> str:
        """Turn converted placeholders into HTML comments, for a later `fill`.

        Until then the page carries no trace of the blocks' text, e.g. for a search indexer.
        """
        if not self.blocks:
            return html
        return self._pattern().sub(lambda match: f"<!--{match.group(1) or match.group(2)}-->", html)

    def _pattern(self) -> re.Pattern:
        token = rf"{re.escape(self.prefix)}\d{{6}}x"
        return re.compile(rf"<p>({token})</p>|<!--({token})-->")


class Renderer:
    def __init__(self, registry: Registry, link: LinkFunction):
        self.registry = registry
        self.link = link

    def _render(self, template: str, **context) -> str:
        return ENVIRONMENT.get_template(template).render(registry=self.registry, link=self.link, **context)

    def comparison_table(self, table: ComparisonTable) -> str:
        return self._render("comparison_table.html", table=table)

    def fact_box(self, service: Service) -> str:
        return self._render("fact_box.html", service=service)

    def note_sources(self, service: Service) -> str:
        """The AWS pages behind a note's facts, listed once, for the end of the note."""
        return self._render("note_sources.html", sources=service_sources(service, self.registry))

    def service_cards(self, has_practice: bool) -> str:
        """The home page's cards: every service with its category, then comparisons (and practice)."""
        return self._render("service_cards.html", has_practice=has_practice)

    def page(self, template: str, **context) -> str:
        """A whole generated Markdown page."""
        return self._render(template, renderer=self, **context)
