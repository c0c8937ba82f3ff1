"""Rendering through Jinja2 templates. All values from data are escaped by autoescaping."""

from __future__ import annotations

import re
import secrets
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import paths
from .compare import ComparisonTable, service_sources
from .deciding import deciding_differences
from .registry import Registry, Service, fact_anchor
from .source_titles import source_title
from .urls import LinkFunction, relative_link, source_link  # noqa: F401  (re-exported: links live in urls.py)


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("serverless_notes", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "md"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # no stat per render; a build starts with `reload_templates()` instead
    )
    # `tojson` writes front-matter strings. As JSON escapes, an emoji is a surrogate pair ("\ud83d\ude80"),
    # which YAML parsers stricter than PyYAML (Zensical's) refuse: keep characters as they are.
    environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    environment.globals["fact_anchor"] = fact_anchor
    environment.filters["md_text"] = markdown_text
    environment.filters["tooltip"] = tooltip_text
    environment.filters["source_title"] = source_title
    environment.globals["deciding_differences"] = deciding_differences
    environment.globals["paths"] = paths
    return environment


class FactCells:
    """Each fact's value as HTML (the `fact_value` macro of _macros.html), rendered once per registry and
    wording: a note's box, its summary and every table that shows the fact reuse it (at 1,000 notes, 14,000
    cells were 5,000 distinct ones). A cell links only to the fact's AWS page, so it reads the same on every page."""

    def __init__(self):
        # (fact, attribute, context) by identity: the facts and attributes are kept here too, so their
        # ids cannot be reused by other objects while their cells are cached.
        self.cells: dict[tuple[int, int, str], tuple[object, object, Markup]] = {}

    def __call__(self, fact, attribute, context: str) -> Markup:
        key = (id(fact), id(attribute), context)
        if key not in self.cells:
            macro = ENVIRONMENT.get_template("_macros.html").module.fact_value
            self.cells[key] = (fact, attribute, macro(fact, attribute, context))
        return self.cells[key][2]


_FACT_CELLS: weakref.WeakKeyDictionary[Registry, FactCells] = weakref.WeakKeyDictionary()  # gone with the registry


def fact_cells(registry: Registry) -> FactCells:
    if registry not in _FACT_CELLS:
        _FACT_CELLS[registry] = FactCells()
    return _FACT_CELLS[registry]


def tooltip_text(value: object) -> Markup:
    """Text for a `title` attribute. Material's `content.tooltips` copies a title into its tooltip
    as HTML (innerHTML), so the attribute must hold escaped text: "<" is "&lt;" once the
    attribute is read, and autoescaping then escapes the attribute itself."""
    return escape(str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


# Python-Markdown's escapable characters (with `tables`' "|"), less "<" and ">", which HTML escaping covers.
MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: object) -> Markup:
    """Data as inert text in a generated Markdown page, which Markdown parses again.

    HTML escaping alone is not enough there: `[x](javascript:...)` would become a link and
    `{ onmouseover=... }` an attribute. Backslash-escaping every character Markdown gives a
    meaning leaves the text as it was written, with no link, emphasis or attribute list.
    """
    return Markup(escape(MARKDOWN_SYNTAX.sub(r"\\\1", str(value))))


ENVIRONMENT = _environment()  # templates only: no editable data is cached here


def reload_templates() -> None:
    """Forget compiled templates, so a long-lived process (`mkdocs serve`) sees edited ones."""
    ENVIRONMENT.cache.clear()
    _FACT_CELLS.clear()  # rendered by the old templates


def as_markdown_block(text: str, indent: str = "") -> str:
    """One Markdown block (a placeholder or raw HTML): blank lines around, indented like its fence."""
    lines = [line for line in str(text).splitlines() if line.strip()]
    return "\n" + "\n".join(indent + line for line in lines) + "\n"


SEARCH_EXCLUDE = "data-search-exclude"  # Material's search skips an element marked so
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
        # A random part, so text in the data cannot name a block ("snblock000000x" as an intro would
        # repeat the table). Tokens never reach the output, which stays reproducible.
        self.prefix = f"{prefix}{secrets.token_hex(4)}k"
        self.blocks: dict[str, str] = {}
        self.unsearchable: set[str] = set()

    def add(self, html: str, indent: str = "", searchable: bool = True) -> str:
        """`searchable=False`: a block search skips (marked `data-search-exclude`), see `fill_for_search`."""
        token = f"{self.prefix}{len(self.blocks):06d}x"
        self.blocks[token] = html
        if not searchable:
            self.unsearchable.add(token)
        return as_markdown_block(token, indent)

    def anchor_ids(self) -> set[str]:
        """The ids the blocks define, for engines that check links to anchors."""
        return {anchor for block in self.blocks.values() for anchor in anchor_ids(block)}

    def inline(self, markdown: str) -> str:
        """Put each block in the Markdown itself, as a raw HTML block (for engines without our hooks)."""
        if not self.blocks:
            return markdown
        return re.sub(rf"^([ \t]*)({re.escape(self.prefix)}\d{{6}}x)[ \t]*$",
                      lambda match: as_markdown_block(self.blocks[match.group(2)], match.group(1)).strip("\n")
                      if match.group(2) in self.blocks else match.group(0),
                      markdown, flags=re.MULTILINE)

    def fill(self, html: str) -> str:
        """Swap each converted placeholder for its block."""
        return self._swap(html, lambda token: self.blocks[token])

    def fill_for_search(self, html: str) -> str:
        """The page as search reads it: the searchable blocks in, each other one still a placeholder that search
        skips. `fill` puts those in after indexing: search would only have parsed them to skip them (a
        category's table grows with its notes)."""
        return self._swap(html, lambda token: (f"<p {SEARCH_EXCLUDE}>{token}</p>" if token in self.unsearchable
                                               else self.blocks[token]))

    def fill_after_search(self, html: str) -> str:
        """The blocks `fill_for_search` left out (none on most pages: nothing to scan for)."""
        return self.fill(html) if self.unsearchable else html

    def _swap(self, html: str, block: Callable[[str], str]) -> str:
        if not self.blocks:
            return html
        # A token that is not one of ours was written in the data: it stays text.
        return re.sub(rf"<p(?: {SEARCH_EXCLUDE})?>({re.escape(self.prefix)}\d{{6}}x)</p>",
                      lambda match: block(match.group(1)) if match.group(1) in self.blocks else match.group(0), html)


@dataclass(frozen=True)
class Page:
    """One page the build generates, as every engine gets it: the adapters only materialise it."""

    path: str  # relative to docs/
    markdown: str  # its source; search settings (`search: exclude/boost`) are in its front matter
    blocks: HtmlPlaceholders = field(default_factory=HtmlPlaceholders)  # rendered HTML its Markdown names
    edit_source: str | None = None  # the data file (relative to docs/) a contributor edits to change it
    nav_title: str | None = None  # its title in a generated navigation section that lists pages by title


class Renderer:
    """Renders templates for one page: `link` gives built URLs (for HTML), `md_link` source paths (for
    Markdown links, which the engine converts and checks); urls.py says which to use where."""

    def __init__(self, registry: Registry, link: LinkFunction, page: str | None = None):
        self.registry = registry
        self.link = link
        self.page_path = page  # the page rendered, relative to docs/ (needed by md_link)

    def md_link(self, doc_path: str, anchor: str = "") -> str:
        if self.page_path is None:
            raise ValueError("md_link needs the page: Renderer(registry, link, page=...)")
        return source_link(self.page_path, doc_path, anchor)

    def _render(self, template: str, **context) -> str:
        return ENVIRONMENT.get_template(template).render(registry=self.registry, link=self.link,
                                                         md_link=self.md_link, fact_value=fact_cells(self.registry),
                                                         **context)

    def comparison_table(self, table: ComparisonTable, searchable: bool = True) -> str:
        """`searchable=False` marks the table `data-search-exclude`, which Material's search skips."""
        return self._render("comparison_table.html", table=table, searchable=searchable)

    def fact_box(self, service: Service) -> str:
        return self._render("fact_box.html", service=service)

    def note_sources(self, service: Service) -> str:
        """The AWS pages behind a note's facts, listed once, for the end of the note."""
        return self._render("note_sources.html", sources=service_sources(service, self.registry))

    def service_cards(self, has_practice: bool) -> str:
        """The home page's cards: every service with its category, then comparisons (and practice)."""
        return self._render("service_cards.html", has_practice=has_practice)

    def page(self, template: str, blocks: HtmlPlaceholders | None = None, **context) -> Page:
        """A whole generated Markdown page, with its blocks (`blocks`: those the caller has added, a table).

        Raw HTML the template wraps in `{% call html_block() %}` travels in the page's blocks as a placeholder:
        Markdown would parse it only to leave it as it is (at 1,000 notes, converting every generated page took
        0.63 s with it, 0.43 s without). Only plain raw HTML goes there: HTML marked `markdown` must stay in the
        Markdown, which converts it and checks its links."""
        if self.page_path is None:
            raise ValueError("page needs the page: Renderer(registry, link, page=...)")
        blocks = blocks if blocks is not None else HtmlPlaceholders()

        def html_block(caller: Callable[[], str]) -> Markup:
            return Markup(blocks.add(caller()))

        markdown = self._render(template, renderer=self, html_block=html_block, **context)
        return Page(self.page_path, markdown, blocks)


def problems_banner(problems: list) -> str:
    """The problems that stop a build, as a banner for the pages of a live preview."""
    return ENVIRONMENT.get_template("build_problems.html").render(problems=[str(p) for p in problems])
