"""MkDocs adapter: registered with `hooks:` in mkdocs.yml. Event glue only; the work is in the core.

- on_config: reset per-build state (`mkdocs serve` keeps this module loaded between builds).
- on_files: read and validate the notes, add the generated pages and the offline zip, build the
  navigation, read the last-changed dates from git, and mention stale facts.
- on_page_read_source: give MkDocs each note's body, already read and validated (no file is read
  or parsed twice).
- on_page_markdown: render every ```compare block into a placeholder paragraph, and the
  "at a glance" box of a service note.
- on_page_content: swap the placeholders for their tables (before Material's search indexes the
  page, so tables are searchable), except a category's table of all its services (see
  pages.ComparisonPageSpec.searchable_table).
- on_page_context, after search: put the box under the note's title and the list of its sources at
  its end; add one search entry per fact (a better result than the box's markup parsed by Material,
  and far cheaper); put the category tables in their pages; assemble the print view.
- on_post_page: tell the offline zip (written by a child process) that a page is finished.
- on_post_build: wait for the offline zip. on_build_error: stop it.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from serverless_notes import build_outputs, git_dates, pages
from serverless_notes.compare import FENCE_NAME, expand_compare_blocks
from serverless_notes.loader import SERVICES_DIR, load_abbreviations, load_comparison_pages, load_registry
from serverless_notes.offline_zip import OfflineZip, OfflineZipError
from serverless_notes.problems import NotesError
from serverless_notes.registry import Registry, Service
from serverless_notes.render import HtmlPlaceholders, Renderer, anchor_ids, relative_link
from serverless_notes.staleness import STALE_AFTER_MONTHS, stale_facts

log = logging.getLogger("mkdocs.hooks.serverless_notes")


class _Build:
    """What one build knows; replaced in on_config, since `mkdocs serve` reuses this module."""

    def __init__(self) -> None:
        self.registry: Registry | None = None
        self.note_sources: dict[str, str] = {}  # note src_uri -> its text, read once in on_files
        self.placeholders: dict[str, HtmlPlaceholders] = {}  # page src_uri -> its rendered tables
        self.tables_after_search: set[str] = set()  # src_uris of pages whose tables search skips
        self.fact_boxes: dict[str, str] = {}  # note src_uri -> its box
        self.source_lists: dict[str, str] = {}  # note src_uri -> the list of its sources, for its end
        self.note_contents: dict[str, str] = {}  # note src_uri -> its HTML, for the print view
        self.offline_zip: OfflineZip | None = None
        self.last_changed: dict[str, date] = {}  # src_uri -> day of its last commit


build = _Build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    if build.offline_zip is not None:  # a previous build of `mkdocs serve` stopped half-way
        build.offline_zip.cancel()
    build = _Build()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs_dir = Path(config.docs_dir)
    build.note_sources = {file.src_uri: file.content_string for file in files.documentation_pages()
                          if Path(file.src_uri).parent == SERVICES_DIR}
    try:
        registry = load_registry(docs_dir, {Path(src).stem: text for src, text in build.note_sources.items()})
        declared = load_comparison_pages(docs_dir, registry)
        site = pages.generate_pages(registry, declared, load_abbreviations(docs_dir), config.use_directory_urls)
    except NotesError as error:
        raise PluginError(f"The notes have {len(error.problems)} problem(s):\n{error}") from None
    build.registry = registry
    build.last_changed = git_dates.last_changed(docs_dir)
    stale = stale_facts(registry, STALE_AFTER_MONTHS, date.today())
    if stale:  # a notice, not a warning: --strict must not fail a build because time passed
        log.info(f"{len(stale)} fact(s) were checked more than {STALE_AFTER_MONTHS} months ago; "
                 "list them with: serverless-notes stale")
    for path, markdown in site.pages.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page of the same name; rename or remove it")
        generated = File.generated(config, path, content=markdown)
        generated.edit_uri = site.edit_source(path)  # "edit this page" opens the data it comes from
        files.append(generated)
    # A placeholder, so links to the zip validate; on_post_build writes the real archive over it.
    files.append(File.generated(config, pages.OFFLINE_ZIP, content=b""))
    build.tables_after_search = {spec.path for spec in site.comparisons if not spec.searchable_table}
    config.nav = build_outputs.navigation(config.nav, registry, site.comparisons)
    site_dir = Path(config.site_dir)
    build.offline_zip = OfflineZip(site_dir, site_dir / pages.OFFLINE_ZIP)
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A note's body as read and validated in on_files (None for other pages: MkDocs reads them).

    Its front matter stays out: MkDocs would parse the YAML a second time, and silently keep
    whatever it could; on_page_markdown gives the page its metadata from the validated note.
    The leading blank line tells MkDocs there is no metadata block at all (a first line such as
    "Note: ..." would otherwise be taken for MultiMarkdown metadata).
    """
    service = _service_of(page, build.registry) if build.registry is not None else None
    return "\n" + service.body if service is not None else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    registry = build.registry
    assert registry is not None, "on_files runs before on_page_markdown"
    renderer = Renderer(registry, relative_link(page.file.src_uri, config.use_directory_urls))
    blocks = build.placeholders[page.file.src_uri] = HtmlPlaceholders()
    if FENCE_NAME in markdown:  # most pages have no block: skip re-reading the source for line numbers
        # MkDocs passes the page without its front matter: count the lines it removed.
        source = build.note_sources.get(page.file.src_uri) or page.file.content_string
        first_line = source.count("\n") - markdown.count("\n") + 1
        path = Path(page.file.abs_src_path or Path(config.docs_dir) / page.file.src_uri)
        try:
            markdown = expand_compare_blocks(markdown, registry, lambda table, indent: blocks.add(
                renderer.comparison_table(table), indent), path, first_line=first_line)
        except NotesError as error:
            raise PluginError(f"Bad compare block in {page.file.src_uri}:\n{error}") from None
    if pages.SERVICE_CARDS_MARKER in markdown:
        has_practice = files.get_file_from_path(pages.PRACTICE_INDEX) is not None
        markdown = markdown.replace(pages.SERVICE_CARDS_MARKER, blocks.add(renderer.service_cards(has_practice)))
    changed = build.last_changed.get(page.file.src_uri)
    if changed is not None:
        page.meta["revision_date"] = f"Last updated {changed.day} {changed:%B %Y}"  # shown by Material
    service = _service_of(page, registry)
    if service is not None:
        page.meta.setdefault("description", service.summary)
        build.fact_boxes[page.file.src_uri] = renderer.fact_box(service)
        build.source_lists[page.file.src_uri] = renderer.note_sources(service)
        # Without its tags plugin Material shows no tags on the page, but search still weighs them:
        # the aliases ("queue", "pub/sub", ...) make a search for them land on this note.
        page.meta["tags"] = build_outputs.search_tags(service)
        page.meta.setdefault("search", {"boost": build_outputs.SERVICE_SEARCH_BOOST})
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in build.tables_after_search:  # filled in on_page_context, after indexing
        blocks = build.placeholders[page.file.src_uri]
        html = blocks.hide(html)
    else:
        blocks = build.placeholders.pop(page.file.src_uri)
        html = blocks.fill(html)
    box = build.fact_boxes.get(page.file.src_uri)
    if box is not None:
        build.note_contents[page.file.src_uri] = html
    if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against this set
        page.present_anchor_ids |= blocks.anchor_ids() | (anchor_ids(box) if box else set())
    return html


@event_priority(-100)  # after Material's search plugin has indexed the page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    src_uri = page.file.src_uri
    if src_uri in build.fact_boxes:
        page.content = pages.with_fact_box(page.content or "", build.fact_boxes[src_uri], build.source_lists[src_uri])
        search_entries = _search_index_entries(config)
        if search_entries is not None:
            service = _service_of(page, build.registry)
            search_entries.extend(build_outputs.fact_search_entries(service, build.registry, page.url))
    elif src_uri in build.tables_after_search:
        page.content = build.placeholders.pop(src_uri).fill(page.content or "")
    elif src_uri == pages.PRINT_VIEW:
        page.content = (page.content or "").replace(f"<p>{pages.PRINT_NOTES_MARKER}</p>",
                                                    pages.print_view_html(_rendered_notes()))
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if build.offline_zip is not None:
        build.offline_zip.page_finished(page.file.dest_uri)
    return output


@event_priority(-150)  # after Material's search (writes the index) and offline (inlines it) plugins
def on_post_build(config: MkDocsConfig) -> None:
    if build.offline_zip is not None:
        try:
            build.offline_zip.finish()
        except OfflineZipError as error:
            raise PluginError(f"Could not write the offline zip {pages.OFFLINE_ZIP}: {error}") from None
        build.offline_zip = None


def on_build_error(error: Exception) -> None:
    if build.offline_zip is not None:
        build.offline_zip.cancel()
        build.offline_zip = None


def _service_of(page: Page, registry: Registry) -> Service | None:
    source = Path(page.file.src_uri)
    return registry.services.get(source.stem) if source.parent == SERVICES_DIR else None


def _search_index_entries(config: MkDocsConfig) -> list | None:
    """The entries of Material's search index, which it writes after the last page (None: no search)."""
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return None
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if not isinstance(entries, list):
        raise PluginError("Material's search plugin keeps no `search_index.entries` list any more, so facts "
                          "cannot be added to search; adapt _search_index_entries in mkdocs_hooks.py")
    return entries


def _rendered_notes() -> list[tuple[Service, str]]:
    """Each note's HTML with its box. All pages are converted before any is templated."""
    assert build.registry is not None
    return [(service, pages.with_fact_box(build.note_contents[service.doc_path], build.fact_boxes[service.doc_path],
                                          build.source_lists[service.doc_path]))
            for service in pages.print_notes(build.registry)]
