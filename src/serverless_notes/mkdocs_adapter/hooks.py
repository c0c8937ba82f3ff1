"""MkDocs event glue: one `SiteBuild` per build, with one `PageRecord` per page it works on.

- on_startup: the command (`build`, `gh-deploy` or `serve`); only `build` and `gh-deploy` write
  the offline zip, and only `serve` keeps going when the notes are broken.
- on_config: a fresh SiteBuild (`mkdocs serve` keeps this module loaded between builds) and
  fresh templates.
- on_files: read and validate the notes, add the generated pages and the offline zip, build the
  navigation, read the last-changed dates from git, and mention stale facts. Every note is given
  to MkDocs as its validated body, so it is rendered in every build, `--dirty` ones included:
  any page may show any note's facts, and the print view shows them all.
- on_env: give the theme's templates the names of the generated pages (`notes_paths`).
- on_page_markdown: render every ```compare block into a placeholder, and a note's box.
- on_page_content: fill in the tables (a category's table is marked `data-search-exclude`: its
  facts are search results of their own).
- on_page_context, after Material's search: put a note's box under its title (parsing every box
  for search, only to skip it, cost about 5% of the build at 1,000 notes) and add one search
  entry per fact; assemble the print view (every page is converted before the first is templated).
- on_post_page / on_post_build: the offline zip, written by a child process.

In `serve`, broken notes do not fail the build (MkDocs 1.6 would then hang every request):
the site is built from the last good notes, with the problems in a banner on every page.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import git_dates, paths, render, service_worker, study_pages
from ..compare import FENCE_NAME, expand_compare_blocks
from ..concept_links import ConceptIndex, ConceptLinkExtension
from ..loader import read_sources
from ..offline_zip import OfflineZip, OfflineZipError, placeholder
from ..pages import PRINT_NOTES_MARKER, SERVICE_CARDS_MARKER, GeneratedPage, load_site, navigation, print_notes
from ..problems import NotesError, Problem
from ..registry import Registry, Service
from ..render import HtmlPlaceholders, Renderer, anchor_ids, problems_banner, relative_link
from ..staleness import STALE_AFTER_MONTHS, stale_facts
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
    """What outlives one build: the command, and in `serve` the last notes that validated."""

    command: str = "build"  # in-process builds that skip on_startup behave like `mkdocs build`
    last_good: tuple[Registry, dict[str, GeneratedPage], ConceptIndex] | None = None

    @property
    def live_preview(self) -> bool:
        return self.command == "serve"


@dataclass
class PageRecord:
    """One page's work in one build: what it needs, and what it produced."""

    source: str  # its Markdown source as read in on_files (a note's whole file), for line numbers
    path: Path  # the file problems point at
    service: Service | None = None  # the note's service
    tables: HtmlPlaceholders = field(default_factory=HtmlPlaceholders)  # its rendered tables
    box: str | None = None  # a note's "at a glance" box
    sources: str = ""  # a note's list of the AWS pages its facts cite, for its end
    content: str | None = None  # its HTML with its tables, for the print view
    problems: list[Problem] = field(default_factory=list)  # live preview: why a block is not rendered


@dataclass
class SiteBuild:
    registry: Registry
    records: dict[str, PageRecord]  # src_uri -> record, for every page with work to do
    concepts: ConceptIndex  # the glossary's concepts, linked from a note's first use of each
    problems: list[Problem] = field(default_factory=list)  # live preview: the notes' problems
    last_changed: dict[str, date] = field(default_factory=dict)  # src_uri -> day of its last commit
    offline_zip: OfflineZip | None = None


session = Session()
build: SiteBuild | None = None
concept_links = ConceptLinkExtension()  # one Markdown extension; on_page_markdown tells it the page


def on_startup(command: str, dirty: bool) -> None:
    global session
    session = Session(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    if build is not None and build.offline_zip is not None:  # a previous build stopped half-way
        build.offline_zip.cancel()
    build = None
    render.reload_templates()
    config.markdown_extensions.append(concept_links)
    return config


def on_serve(server, config: MkDocsConfig, builder):
    server.watch(str(TEMPLATES_DIR))  # template edits show in the preview too
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global build
    docs_dir = Path(config.docs_dir)
    try:
        # Before MkDocs reads any page, in `serve` too: a symlink out of docs/ would copy its target
        # (an environment, a token) into the site, and a stray file in services/ would be built unchecked.
        texts = read_sources(docs_dir, config.theme.custom_dir)
    except NotesError as error:
        raise PluginError(f"The docs folder has {len(error.problems)} problem(s):\n{error}") from None
    notes = {file.src_uri: file for file in files.documentation_pages() if paths.is_note(file.src_uri)}
    note_texts = {src_uri: texts[Path(src_uri).stem] for src_uri in notes}
    problems: list[Problem] = []
    try:
        site = load_site(docs_dir, texts, config.use_directory_urls)
        session.last_good = site.registry, site.pages, ConceptIndex(site.concepts)
    except NotesError as error:
        if not (session.live_preview and session.last_good):
            raise PluginError(f"The notes have {len(error.problems)} problem(s):\n{error}") from None
        _report_in_preview(error.problems)
        problems = error.problems
    registry, generated, concept_index = session.last_good
    build = SiteBuild(registry, {}, concept_index, problems, git_dates.last_changed(docs_dir))
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

    for path, page in generated.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page of the same name; rename or remove it")
        generated_file = File.generated(config, path, content=page.markdown)
        generated_file.edit_uri = page.edit_source  # "edit this page" opens the data it comes from
        files.append(generated_file)
        build.records[path] = PageRecord(page.markdown, docs_dir / path, tables=page.tables)
    if files.get_file_from_path(paths.OFFLINE_ZIP) is not None:
        raise PluginError(f"docs/{paths.OFFLINE_ZIP} is where the build writes the offline zip; remove that file")
    # A placeholder, so links to the zip validate; on_post_build writes the real archive over it.
    files.append(File.generated(config, paths.OFFLINE_ZIP, content=placeholder()))
    # Study mode: practice pages, flashcards and their downloads (Anki deck, CSV), and their nav section.
    study = study_pages.generate_study(registry, config.use_directory_urls)
    for path, content in {**study.pages, **study.downloads}.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated study page of the same name; rename or remove it")
        files.append(File.generated(config, path, content=content))
    log.info(study.bank.summary())
    comparisons = {path: page.comparison_title for path, page in generated.items() if page.comparison_title}
    config.nav = study.with_nav(navigation(config.nav, registry, comparisons))
    if not session.live_preview:
        site_dir = Path(config.site_dir)
        build.offline_zip = OfflineZip(site_dir, site_dir / paths.OFFLINE_ZIP)
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    env.globals["notes_paths"] = paths  # the theme's templates name generated pages as ours do
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None, "on_files runs before on_page_markdown"
    record = build.records.get(page.file.src_uri)
    # A note links its first use of each concept to the glossary (written as a link to the glossary's
    # source, so MkDocs checks and converts it); other pages link none.
    glossary = posixpath.relpath(paths.GLOSSARY, posixpath.dirname(page.file.src_uri) or ".")
    concept_links.set_page(build.concepts if record is not None and record.service is not None else None,
                           lambda concept: f"{glossary}#concept-{concept.id}")
    changed = build.last_changed.get(page.file.src_uri)
    if changed is not None:
        page.meta["revision_date"] = f"Last updated {changed.day} {changed:%B %Y}"  # shown by Material
    if record is None:
        return markdown
    renderer = Renderer(build.registry, relative_link(page.file.src_uri, config.use_directory_urls))
    if SERVICE_CARDS_MARKER in markdown:
        has_practice = files.get_file_from_path(paths.PRACTICE_INDEX) is not None
        markdown = markdown.replace(SERVICE_CARDS_MARKER, record.tables.add(renderer.service_cards(has_practice)))
    if FENCE_NAME in markdown:
        # MkDocs passes the page without its front matter: count the lines it removed.
        first_line = record.source.count("\n") - markdown.count("\n") + 1
        try:
            markdown = expand_compare_blocks(markdown, build.registry, lambda table, indent: record.tables.add(
                renderer.comparison_table(table), indent), record.path, first_line=first_line)
        except NotesError as error:
            if not session.live_preview:
                raise PluginError(f"Bad compare block in {page.file.src_uri}:\n{error}") from None
            _report_in_preview(error.problems)
            record.problems = error.problems  # the blocks stay code blocks, and the banner says why
    service = record.service
    if service is not None:
        page.meta.setdefault("description", service.summary)
        record.box = renderer.fact_box(service)
        record.sources = renderer.note_sources(service)
        # Without its tags plugin Material shows no tags on the page, but search still weighs them:
        # the aliases ("queue", "pub/sub", ...) make a search for them land on this note.
        page.meta["tags"] = build_outputs.search_tags(service)
        page.meta.setdefault("search", {"boost": build_outputs.SERVICE_SEARCH_BOOST})
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None
    record = build.records.get(page.file.src_uri)
    if record is not None:
        html = record.content = record.tables.fill(html)
        if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against this set
            page.present_anchor_ids |= record.tables.anchor_ids() | anchor_ids(record.box or "")
    problems = build.problems + (record.problems if record else [])
    return problems_banner(problems) + html if problems else html


@event_priority(-100)  # after Material's search has indexed the page, so it need not parse the box
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    assert build is not None
    record = build.records.get(page.file.src_uri)
    if record is not None and record.box is not None:
        page.content = build_outputs.with_fact_box(page.content or "", record.box, record.sources)
        search_entries = _search_index_entries(config)
        if search_entries is not None:
            search_entries.extend(build_outputs.fact_search_entries(record.service, build.registry, page.url))
    elif page.file.src_uri == paths.PRINT_VIEW:
        records = [(service, build.records.get(service.doc_path)) for service in print_notes(build.registry)]
        notes = [(service, build_outputs.with_fact_box(record.content or "", record.box or "", record.sources))
                 for service, record in records if record is not None]
        page.content = (page.content or "").replace(f"<p>{PRINT_NOTES_MARKER}</p>",
                                                    build_outputs.print_view_html(notes))
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if build is not None and build.offline_zip is not None:
        build.offline_zip.page_finished(page.file.dest_uri)
    return output


@event_priority(-150)  # after Material's search (writes the index) and offline (inlines it) plugins
def on_post_build(config: MkDocsConfig) -> None:
    if not session.live_preview:  # hosted readers' offline copy (its files' list is final now)
        service_worker.write(Path(config.site_dir))
    if build is not None and build.offline_zip is not None:
        offline_zip, build.offline_zip = build.offline_zip, None
        try:
            offline_zip.finish()
        except OfflineZipError as error:
            raise PluginError(f"Could not write the offline zip {paths.OFFLINE_ZIP}: {error}") from None


def on_build_error(error: Exception) -> None:
    if build is not None and build.offline_zip is not None:
        build.offline_zip.cancel()
        build.offline_zip = None


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
