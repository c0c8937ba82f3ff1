"""MkDocs event glue: one `SiteBuild` per build, with one `PageRecord` per page it works on.

The plan of the site (pages.load_site: generated pages, downloads, navigation, problems) and the
composition of a note (note_page) are the core's; these events only materialise them for MkDocs.

- on_startup: the command (`build`, `gh-deploy` or `serve`); only `build` and `gh-deploy` write
  the offline zip, and only `serve` keeps going when the notes are broken.
- on_config: a fresh SiteBuild (`mkdocs serve` keeps this module loaded between builds) and
  fresh templates.
- on_files: load the site plan (which validates the notes and finds hand-written files at generated
  paths), add its pages, downloads and the offline zip, take its navigation, read the last-changed
  dates from git, and mention stale facts; then keep what lives until the build ends out of the
  garbage collector's scans (gc.freeze; on_post_build or on_build_error undo it). Every note is given
  to MkDocs as its validated body, so it is rendered in every build, `--dirty` ones included: any page
  may show any note's facts, and the print view shows them all.
- on_env: give the theme's templates the names of the generated pages (`notes_paths`), and leave no
  whitespace where a template line holds only a tag.
- on_page_markdown: render every ```compare block into a placeholder, and a note's parts (note_page).
- on_page_content: fill in the tables search reads (a comparison page's table is marked
  `data-search-exclude`: its facts are search results of their own).
- on_page_context, after Material's search: fill in the tables search skips and put a note's box under
  its title (parsing every box for search, only to skip it, cost about 5% of the build at 1,000 notes;
  a category's table, as much again), add one search entry per fact; assemble the print view (every
  page is converted before the first is templated).
- on_post_build: the offline zip and the service worker's file list, once every other file is written.

In `serve`, broken notes do not fail the build (MkDocs 1.6 would then hang every request):
the site is built from the last good notes, with the problems in a banner on every page.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import git_dates, paths, render, service_worker
from ..compare import FENCE_NAME, expand_compare_blocks
from ..concept_links import ConceptIndex, ConceptLinkExtension
from ..file_safety import shadowed_theme_files
from ..loader import unsafe_files
from ..note_page import NoteParts, concept_href, print_view
from ..offline_zip import placeholder, source_date_epoch, write_archive
from ..pages import HIDES_DOWNLOAD, HIDES_PAGE, PRINT_NOTES_MARKER, RESERVED, SERVICE_CARDS_MARKER, Site, load_site
from ..problems import NotesError, Problem
from ..registry import Registry, Service
from ..render import HtmlPlaceholders, Renderer, anchor_ids, problems_banner
from ..safe_files import read_sources
from ..staleness import STALE_AFTER_MONTHS, stale_facts
from ..urls import relative_link
from . import build_outputs

log = logging.getLogger("mkdocs.hooks.serverless_notes")


def _preview_logger() -> logging.Logger:
    """Errors of the live preview: outside MkDocs' namespace, where `strict` would count them and fail
    the build, which MkDocs 1.6 `serve` answers by hanging every request. Formatted like MkDocs' own."""
    logger = logging.getLogger("serverless_notes.preview")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


preview_log = _preview_logger()

TEMPLATES_DIR = Path(render.__file__).parent / "templates"


@dataclass
class Session:
    """What outlives one build: the command, and in `serve` the last plan whose notes validated."""

    command: str = "build"  # in-process builds that skip on_startup behave like `mkdocs build`
    last_good: tuple[Site, ConceptIndex] | None = None

    @property
    def live_preview(self) -> bool:
        return self.command == "serve"


@dataclass
class PageRecord:
    """One page's work in one build: what it needs, and what it produced."""

    source: str  # its Markdown source as read in on_files (a note's whole file), for line numbers
    path: Path  # the file problems point at
    service: Service | None = None  # the note's service
    blocks: HtmlPlaceholders = field(default_factory=HtmlPlaceholders)  # its rendered tables and HTML
    parts: NoteParts | None = None  # a note's box and sources, placed after search has indexed the page
    content: str | None = None  # its HTML with its tables, for the print view
    problems: list[Problem] = field(default_factory=list)  # live preview: why a block is not rendered


@dataclass
class SiteBuild:
    site: Site  # the plan: generated pages, downloads, navigation
    records: dict[str, PageRecord]  # src_uri -> record, for every page with work to do
    concepts: ConceptIndex  # the glossary's concepts, linked from a note's first use of each
    problems: list[Problem] = field(default_factory=list)  # live preview: the notes' problems
    last_changed: dict[str, date] = field(default_factory=dict)  # src_uri -> day of its last commit

    @property
    def registry(self) -> Registry:
        return self.site.registry


class NotesHooks:
    """The MkDocs events, with their state on this object (MkDocs calls the bound methods below).

    `mkdocs serve` keeps the hooks module loaded between builds: `session` outlives a build, `build`
    is made afresh in on_files.
    """

    def __init__(self):
        self.session = Session()
        self.build: SiteBuild | None = None
        self.concept_links = ConceptLinkExtension()  # one Markdown extension; on_page_markdown sets the page

    def on_startup(self, command: str, dirty: bool) -> None:
        self.session = Session(command)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:  # read by the Anki deck and the offline zip: a bad value stops the build before any work
            source_date_epoch()
        except ValueError as error:
            raise PluginError(str(error)) from None
        self.build = None
        render.reload_templates()
        config.markdown_extensions.append(self.concept_links)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Before MkDocs lists docs/: a file name that is not UTF-8 crashes that listing, and a newline in
        one would reach its log (and CI annotations) as a line of its own."""
        problems = unsafe_files(Path(config.docs_dir), config.theme.custom_dir)
        if problems:
            raise PluginError(f"The docs folder has {len(problems)} problem(s):\n" + "\n".join(map(str, problems)))

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(TEMPLATES_DIR))  # template edits show in the preview too
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        session = self.session
        try:
            # Before MkDocs reads any page, in `serve` too: a symlink out of docs/ would copy its target
            # (an environment, a token) into the site, and a stray file in services/ would be built unchecked.
            texts = read_sources(docs_dir, config.theme.custom_dir)
        except NotesError as error:
            raise PluginError(f"The docs folder has {len(error.problems)} problem(s):\n{error}") from None
        shadowed = shadowed_theme_files(docs_dir, [Path(folder) for folder in config.theme.dirs])
        if shadowed:
            raise PluginError("\n".join(map(str, shadowed)))
        notes = {file.src_uri: file for file in files.documentation_pages() if paths.is_note(file.src_uri)}
        note_texts = {src_uri: texts[Path(src_uri).stem] for src_uri in notes}
        problems: list[Problem] = []
        try:
            site = load_site(docs_dir, texts, config.use_directory_urls)
            site.check()  # a hand-written file where a generated one goes: the same message as `validate`
            session.last_good = site, ConceptIndex(site.concepts)
        except NotesError as error:
            if not (session.live_preview and session.last_good) or error.problems[0].message in COLLISIONS:
                raise PluginError(f"The notes have {len(error.problems)} problem(s):\n{error}") from None
            _report_in_preview(error.problems)
            problems = error.problems
        site, concept_index = session.last_good
        registry = site.registry
        build = self.build = SiteBuild(site, {}, concept_index, problems, git_dates.last_changed(docs_dir))
        stale = stale_facts(registry, STALE_AFTER_MONTHS, date.today())
        if stale:  # a notice, not a warning: --strict must not fail a build because time passed
            log.info(f"{len(stale)} fact(s) were checked more than {STALE_AFTER_MONTHS} months ago; "
                     "list them with: serverless-notes stale")

        for src_uri, file in notes.items():
            service = registry.services.get(Path(src_uri).stem)
            if service is None:  # live preview: a new note that does not validate yet
                continue
            build.records[src_uri] = PageRecord(note_texts[src_uri], service.path, service)
            # MkDocs gets the body only: it would parse the front matter again, and silently keep whatever
            # it could. The leading blank line says there is no metadata block (a first line "Note: ..."
            # would be taken for one). Content set here also counts as modified for `--dirty`.
            file.content_string = "\n" + service.body
        for file in files.documentation_pages():
            if file.src_uri in notes:
                continue
            text = file.content_string
            # Its tables or service cards show the notes' data: render it in every build, `--dirty` too.
            if FENCE_NAME in text or SERVICE_CARDS_MARKER in text:
                build.records[file.src_uri] = PageRecord(text, Path(file.abs_src_path or docs_dir / file.src_uri))
                file.content_string = text

        for path, page in site.pages.items():
            generated_file = File.generated(config, path, content=page.markdown)
            generated_file.edit_uri = page.edit_source  # "edit this page" opens the data it comes from
            files.append(generated_file)
            if page.blocks.blocks:
                build.records[path] = PageRecord(page.markdown, docs_dir / path, blocks=page.blocks)
        for path, content in site.downloads.items():
            files.append(File.generated(config, path, content=content))
        # A placeholder, so links to the zip validate; on_post_build writes the real archive over it.
        files.append(File.generated(config, paths.OFFLINE_ZIP, content=placeholder()))
        log.info(site.study_summary)
        config.nav = site.navigation(config.nav)
        # What is alive now (the notes, the plan, MkDocs' files and config) lives until the build ends: the
        # cyclic garbage collector need not scan it again at every full collection (2% of a build at 1,000
        # notes). on_post_build and on_build_error give it back, so `serve` frees one build's before the next.
        gc.freeze()
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.globals["notes_paths"] = paths  # the theme's templates name generated pages as ours do
        # A line holding only a `{% ... %}` tag leaves nothing in the page. Material's nested navigation
        # macros otherwise indent their empty lines: a third of every page was whitespace, written to
        # disk, zipped, parsed by every browser. Only whitespace between tags goes (a test compares each
        # page built with and without it); a page's own content is a value, which this does not touch.
        env.trim_blocks = env.lstrip_blocks = True
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        assert build is not None, "on_files runs before on_page_markdown"
        record = build.records.get(page.file.src_uri)
        # A note links its first use of each concept to the glossary (note_page says how); other pages none.
        is_note = record is not None and record.service is not None
        self.concept_links.set_page(build.concepts if is_note else None, concept_href(page.file.src_uri))
        changed = build.last_changed.get(page.file.src_uri)
        if changed is not None:
            page.meta["revision_date"] = f"Last updated {changed.day} {changed:%B %Y}"  # shown by Material
        if record is None:
            return markdown
        renderer = Renderer(build.registry, relative_link(page.file.src_uri, config.use_directory_urls))
        if SERVICE_CARDS_MARKER in markdown:
            markdown = markdown.replace(SERVICE_CARDS_MARKER,
                                        record.blocks.add(renderer.service_cards(build.site.has_practice)))
        if FENCE_NAME in markdown:
            # MkDocs passes the page without its front matter: count the lines it removed.
            first_line = record.source.count("\n") - markdown.count("\n") + 1
            try:
                markdown = expand_compare_blocks(markdown, build.registry, lambda table, indent: record.blocks.add(
                    renderer.comparison_table(table), indent), record.path, first_line=first_line)
            except NotesError as error:
                if not self.session.live_preview:
                    raise PluginError(f"Bad compare block in {page.file.src_uri}:\n{error}") from None
                _report_in_preview(error.problems)
                record.problems = error.problems  # the blocks stay code blocks, and the banner says why
        service = record.service
        if service is not None:
            page.meta.setdefault("description", service.summary)
            record.parts = NoteParts.of(service, renderer)
            # Without its tags plugin Material shows no tags on the page, but search still weighs them:
            # the aliases ("queue", "pub/sub", ...) make a search for them land on this note.
            page.meta["tags"] = build_outputs.search_tags(service)
            page.meta.setdefault("search", {"boost": build_outputs.SERVICE_SEARCH_BOOST})
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        assert build is not None
        record = build.records.get(page.file.src_uri)
        if record is not None:
            html = record.content = record.blocks.fill_for_search(html)  # the rest after indexing
            if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against this set
                box = record.parts.box if record.parts else ""
                page.present_anchor_ids |= record.blocks.anchor_ids() | anchor_ids(box)
        problems = build.problems + (record.problems if record else [])
        return problems_banner(problems) + html if problems else html

    @event_priority(-100)  # after Material's search has indexed the page, so it need not parse the box
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        build = self.build
        assert build is not None
        record = build.records.get(page.file.src_uri)
        if record is not None:
            page.content = record.blocks.fill_after_search(page.content or "")  # the blocks search skips
        if record is not None and record.parts is not None:
            page.content = record.parts.into_html(page.content)
            search_entries = _search_index_entries(config)
            if search_entries is not None:
                search_entries.extend(build_outputs.fact_search_entries(record.service, build.registry, page.url))
        elif page.file.src_uri == paths.PRINT_VIEW:
            def composed(service: Service) -> str | None:
                record = build.records.get(service.doc_path)
                if record is None or record.parts is None:
                    return None
                return record.parts.into_html(record.blocks.fill_after_search(record.content or ""))
            page.content = (page.content or "").replace(f"<p>{PRINT_NOTES_MARKER}</p>",
                                                        print_view(build.registry, composed))
        return context

    @event_priority(-150)  # after Material's search (writes the index) and offline (inlines it) plugins
    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.session.live_preview:
            return
        site_dir = Path(config.site_dir)
        try:  # the downloadable offline copy, once every file it holds is on disk (offline_zip says why)
            checksums = write_archive(site_dir, site_dir / paths.OFFLINE_ZIP)
        except (OSError, ValueError) as error:
            raise PluginError(f"Could not write the offline zip {paths.OFFLINE_ZIP}: {error}") from None
        # Hosted readers' offline copy, named after the files the zip has just read (sw.js is not in the zip).
        service_worker.write(site_dir, checksums)

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()


COLLISIONS = {HIDES_PAGE, HIDES_DOWNLOAD, *RESERVED.values()}  # problems the preview cannot work around

hooks = NotesHooks()  # the one instance; MkDocs finds its events by these names
on_startup = hooks.on_startup
on_config = hooks.on_config
on_pre_build = hooks.on_pre_build
on_serve = hooks.on_serve
on_files = hooks.on_files
on_env = hooks.on_env
on_page_markdown = hooks.on_page_markdown
on_page_content = hooks.on_page_content
on_page_context = hooks.on_page_context
on_post_build = hooks.on_post_build
on_build_error = hooks.on_build_error


def _report_in_preview(problems: list[Problem]) -> None:
    """In `serve`, problems are errors in the terminal and a banner on the pages, not a failed build."""
    preview_log.error(f"{len(problems)} problem(s); the preview shows the last good notes until they are fixed:\n"
              + "\n".join(map(str, problems)))


def _search_index_entries(config: MkDocsConfig) -> list | None:
    """The entries of Material's search index, which it writes after the last page (None: no search)."""
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return None
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if not isinstance(entries, list):
        raise PluginError("Material's search plugin keeps no `search_index.entries` list any more, so facts "
                          "cannot be added to search; adapt _search_index_entries in mkdocs_adapter/hooks.py")
    return entries
