"""Python-Markdown adapter: expands ```compare blocks in any Markdown run through the extension.

MkDocs builds use the hooks module instead; this extension serves engines that run
Python-Markdown extensions but not MkDocs hooks (Zensical, through `serverless-notes export-docs`),
and plain `markdown.markdown(text, extensions=[...])`.

    markdown.markdown(text, extensions=[CompareExtension(docs_dir="docs", page="services/sqs.md")])

The page being converted comes from the engine when it says (Zensical's rendering context),
else from the `page` option. Zensical makes a new extension for every page, so the registry is
kept by one `NotesCache` per process, per docs folder, and read again only when a note or the
catalog changes. A note's concept links are note_page's, as in the MkDocs build.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from . import paths
from .compare import FENCE_NAME, expand_compare_blocks
from .concept_links import ConceptIndex
from .loader import FRONT_MATTER, load_concepts, load_registry
from .note_page import concept_links
from .paths import CATALOG_PATH, CONCEPTS_PATH, SERVICES_DIR
from .problems import NotesError
from .registry import Registry
from .render import Renderer, as_markdown_block
from .safe_files import read_text
from .urls import relative_link


@dataclass(frozen=True)
class NotesData:
    registry: Registry
    concepts: ConceptIndex  # the glossary's concepts, linked from a note's first use of each


@dataclass
class _Loaded:
    fingerprint: tuple  # what the files looked like when read
    data: NotesData
    build: object = None  # the engine's config of the build that last used it: one check per build


def _fingerprint(docs_dir: Path) -> tuple:
    """The notes, the catalog and the concepts by name, modification time and size: a change reloads them."""
    files = [docs_dir / CATALOG_PATH, docs_dir / CONCEPTS_PATH, *sorted((docs_dir / SERVICES_DIR).glob("*.md"))]
    stats = [(path.name, path.stat()) for path in files if path.exists()]
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


class NotesCache:
    """What was read from each docs folder. Zensical makes a new extension for every page, so this
    outlives one page (one instance per process, `NOTES`), and reads again only when a file changes."""

    def __init__(self):
        self.loaded: dict[Path, _Loaded] = {}

    def get(self, docs_dir: Path, build: object = None) -> NotesData:
        """The docs folder's registry and concepts, loaded once and again only when their files change.

        `build` (the engine's config object, new for every build) limits the check to once per build:
        checking 1,000 notes before each of 1,000 pages took 13 s.
        """
        docs_dir = Path(docs_dir).resolve()
        loaded = self.loaded.get(docs_dir)
        if loaded is not None and build is not None and loaded.build is build:
            return loaded.data
        fingerprint = _fingerprint(docs_dir)
        if loaded is None or loaded.fingerprint != fingerprint:
            registry = load_registry(docs_dir)
            concepts = ConceptIndex(load_concepts(docs_dir, registry))
            loaded = self.loaded[docs_dir] = _Loaded(fingerprint, NotesData(registry, concepts))
        loaded.build = build
        return loaded.data


NOTES = NotesCache()


def notes_data(docs_dir: Path, build: object = None) -> NotesData:
    return NOTES.get(docs_dir, build)


def registry_for(docs_dir: Path, build: object = None) -> Registry:
    return notes_data(docs_dir, build).registry


@dataclass(frozen=True)
class EnginePage:
    path: str  # relative to the docs folder
    file: Path  # the file the engine is rendering, for line numbers in problems
    directory_urls: bool
    build: object  # the engine's config, one object per build


def engine_page(md: Markdown) -> EnginePage | None:
    """The page Zensical is rendering, from the context it gives every Markdown instance (None elsewhere)."""
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:
        return None
    context = ContextPreprocessor.from_markdown(md)
    if context is None:
        return None
    config = context.config
    docs_dir = Path(config.get("root_dir") or ".") / config.get("docs_dir", "docs")
    return EnginePage(context.page.path, docs_dir / context.page.path, bool(config.get("use_directory_urls", True)),
                      config)


class CompareExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "docs_dir": ["docs", "Folder holding services/ and _data/catalog.yml"],
            # Not None: Python-Markdown turns options whose default is None into booleans.
            "registry": ["", "An already loaded Registry (skips reading docs_dir)"],
            "page": ["index.md", "Path of the page being converted, relative to docs_dir (for links), "
                                 "when the engine does not say"],
            "directory_urls": [False, "Whether pages are built as page/index.html, when the engine does not say"],
            "concept_links": [False, "Link a note's first use of each glossary concept (needs the engine to say "
                                     "which page it renders)"],
        }
        super().__init__(**kwargs)

    def registry(self, build: object = None) -> Registry:
        return self.getConfig("registry") or registry_for(Path(self.getConfig("docs_dir")), build)

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalisation (30), before pymdownx.superfences and fenced_code (25).
        md.preprocessors.register(ComparePreprocessor(md, self), "serverless_notes_compare", 28)
        engine = engine_page(md)  # Zensical registers its context first, and makes one Markdown per page
        if self.getConfig("concept_links") and engine is not None and paths.is_note(engine.path):
            try:
                concepts = notes_data(Path(self.getConfig("docs_dir")), engine.build).concepts
            except NotesError as error:
                fail_engine_build(error)
            concept_links(concepts, engine.path).extendMarkdown(md)  # as in the MkDocs build


class ComparePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: CompareExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if FENCE_NAME not in text:
            return lines  # most pages: no registry needed
        engine = engine_page(self.md)
        page = engine.path if engine else self.extension.getConfig("page")
        directory_urls = engine.directory_urls if engine else self.extension.getConfig("directory_urls")
        path = engine.file if engine else Path(self.extension.getConfig("docs_dir")) / page
        try:
            registry = self.extension.registry(engine.build if engine else None)
            renderer = Renderer(registry, relative_link(page, directory_urls))

            def stash_table(table, indent: str) -> str:  # Python-Markdown's own way to carry raw HTML
                return as_markdown_block(self.md.htmlStash.store(renderer.comparison_table(table)), indent)

            return expand_compare_blocks(text, registry, stash_table, path, _first_line(path, lines)).split("\n")
        except NotesError as error:
            if engine is None:
                raise
            fail_engine_build(error)


def _first_line(path: Path, lines: list[str]) -> int:
    """The file line of `lines[0]`: engines hand over the page without its front matter (Zensical also
    drops the blank lines after it), so line numbers are counted from the file on disk."""
    try:
        text = read_text(path)
    except NotesError:
        return 1
    match = FRONT_MATTER.match(text)
    body_start = text.count("\n", 0, match.end()) if match else 0
    body = text.split("\n")[body_start:]
    skipped = next((i for i, line in enumerate(body) if line.strip()), 0)
    given = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return body_start + skipped - given + 1


def fail_engine_build(error: NotesError) -> NoReturn:
    """End the engine's build with the problems, as a contributor reads them, and exit status 1.

    The one place this package ends its host process. Zensical 0.0.73 prints a traceback for any
    exception an extension raises (ClickException and SystemExit included: re-checked on 2026-12-02,
    `raise SystemExit(1)` here gives "RuntimeError: Python error: SystemExit: 1" and a traceback) and
    has no documented way to fail a build cleanly. Remove this once Zensical reports an extension's
    error without a traceback: raise the NotesError instead.
    """
    print(f"The notes have {len(error.problems)} problem(s):\n{error}", file=sys.stderr)
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(1)


def makeExtension(**kwargs) -> CompareExtension:
    return CompareExtension(**kwargs)
