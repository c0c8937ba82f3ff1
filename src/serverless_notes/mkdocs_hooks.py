"""MkDocs adapter: registered with `hooks:` in mkdocs.yml. Event glue only; the work is in the core.

- on_config: reset per-build state (`mkdocs serve` keeps this module loaded between builds).
- on_files: validate the notes, add the generated pages and the offline zip, build the navigation.
- on_page_markdown: put the "at a glance" box on service pages; expand ```compare blocks.
  This runs at the Markdown stage so Material's search indexes the tables.
- on_post_build: add one search entry per fact; write the offline zip.
"""

from __future__ import annotations

import logging
from pathlib import Path
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from serverless_notes import build_outputs, pages
from serverless_notes.compare import expand_compare_blocks
from serverless_notes.loader import SERVICES_DIR, load_abbreviations, load_comparison_pages, load_registry
from serverless_notes.problems import NotesError
from serverless_notes.registry import Registry
from serverless_notes.render import Renderer, relative_link

log = logging.getLogger("mkdocs.hooks.serverless_notes")


class _Build:
    registry: Registry | None = None


build = _Build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build.registry = None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs_dir = Path(config.docs_dir)
    note_texts = {Path(file.src_uri).stem: file.content_string for file in files.documentation_pages()
                  if Path(file.src_uri).parent == SERVICES_DIR}
    try:
        registry = load_registry(docs_dir, note_texts)
        declared = load_comparison_pages(docs_dir, registry)
        site = pages.generate_pages(registry, declared, load_abbreviations(docs_dir), config.use_directory_urls)
    except NotesError as error:
        raise PluginError(f"The notes have {len(error.problems)} problem(s):\n{error}") from None
    build.registry = registry
    for path, markdown in site.pages.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page of the same name; rename or remove it")
        files.append(File.generated(config, path, content=markdown))
    # A placeholder, so links to the zip validate; on_post_build writes the real archive over it.
    files.append(File.generated(config, pages.OFFLINE_ZIP, content=b""))
    config.nav = build_outputs.navigation(config.nav, registry, site.comparisons)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    registry = build.registry
    assert registry is not None, "on_files runs before on_page_markdown"
    renderer = Renderer(registry, relative_link(page.file.src_uri, config.use_directory_urls))
    service = registry.services.get(Path(page.file.src_uri).stem) if Path(page.file.src_uri).parent == SERVICES_DIR else None
    # MkDocs passes the page without its front matter: count the lines it removed.
    first_line = page.file.content_string.count("\n") - markdown.count("\n") + 1
    path = Path(page.file.abs_src_path or Path(config.docs_dir) / page.file.src_uri)
    try:
        markdown = expand_compare_blocks(markdown, registry, renderer.comparison_table, path, first_line=first_line)
    except NotesError as error:
        raise PluginError(f"Bad compare block in {page.file.src_uri}:\n{error}") from None
    if service is not None:
        markdown = pages.with_fact_box(markdown, service, renderer)
        # Without its tags plugin Material shows no tags on the page, but search still weighs them:
        # the aliases ("queue", "pub/sub", ...) make a search for them land on this note.
        page.meta["tags"] = build_outputs.search_tags(service)
        page.meta.setdefault("search", {"boost": build_outputs.SERVICE_SEARCH_BOOST})
    return markdown


@event_priority(-150)  # after Material's search (writes the index) and offline (inlines it) plugins
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    registry = build.registry
    if registry is not None:
        build_outputs.add_fact_search_entries(site_dir, registry, config.use_directory_urls)
    build_outputs.write_offline_zip(site_dir, site_dir / pages.OFFLINE_ZIP)
