"""Every page URL, computed here and nowhere else.

Two kinds of link, and the rule for which to use (docs/contributing.md repeats it):

- In Markdown (a Markdown link, raw HTML marked `markdown`, a link the build inserts into a note's
  Markdown tree), link to the target's *source*: `source_link(from_doc, to_doc)` (templates:
  `md_link()`) gives a relative `.md` path. The engine converts it to the built URL, and
  `mkdocs build --strict` fails on a link to a page or anchor that does not exist.
- In HTML the build renders itself (tables, boxes, cards), Markdown never sees the link: use
  `relative_link(from_doc)` (templates: `link()`), which gives the built URL.

Pages are built as files (`page.html`) unless `directory_urls` (`page/index.html`); paths are relative
to docs/ as MkDocs names source files.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable

# link(doc_path, anchor) -> URL relative to the page being rendered
LinkFunction = Callable[[str, str], str]


def page_url(doc_path: str, directory_urls: bool = False) -> str:
    """The page's URL relative to the site root ("" for the home page with directory URLs)."""
    stem = doc_path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/" if posixpath.dirname(stem) else ""
    return stem + "/"


def built_file(doc_path: str, directory_urls: bool = False) -> str:
    """The page's file in the built site, relative to its root (for links to assets next to it)."""
    url = page_url(doc_path, directory_urls)
    return url + "index.html" if url.endswith("/") or url == "" else url


def built_html(doc_path: str) -> str:
    """The page's file in the built site (Material's offline plugin builds pages as files, not folders)."""
    return built_file(doc_path, directory_urls=False)


def relative_link(from_doc: str, directory_urls: bool = False) -> LinkFunction:
    """Links between built pages, for HTML, from the page built from `from_doc`."""
    start = posixpath.dirname(page_url(from_doc, directory_urls)) or "."

    @functools.cache  # tables and boxes link to the same few pages many times
    def url(doc_path: str) -> str:
        target = page_url(doc_path, directory_urls)
        relative = posixpath.relpath(target or ".", start)
        if target.endswith("/") and relative != ".":
            relative += "/"
        return "./" if relative == "." else relative

    def link(doc_path: str, anchor: str = "") -> str:
        return f"{url(doc_path)}#{anchor}" if anchor else url(doc_path)

    return link


def file_link(from_doc: str, site_path: str, directory_urls: bool = False) -> str:
    """A file that is not a page (a script, a data file), relative to the page built from `from_doc`."""
    return posixpath.relpath(site_path, posixpath.dirname(built_file(from_doc, directory_urls)) or ".")


def source_link(from_doc: str, to_doc: str, anchor: str = "") -> str:
    """A link for Markdown: the target's source path relative to the page's, which the engine converts."""
    target = posixpath.relpath(to_doc, posixpath.dirname(from_doc) or ".")
    return f"{target}#{anchor}" if anchor else target
