"""The site as a plain docs folder and config that any Python-Markdown engine builds (e.g. Zensical).

Engines other than MkDocs run Markdown extensions but not our hooks, so what the hooks add is
written into the files here, from the same site plan (pages.load_site) and note composition
(note_page): each note with its "at a glance" box and its sources, the hand-written pages with
their service cards, every generated page (tables in place), the study pages and their downloads,
and a config whose navigation lists them all.
```compare blocks stay as written: `serverless_notes.markdown_ext`, named in the config, expands
them while the engine renders each page, from the notes as written (a copy, so the tables and the
boxes come from the same notes). Nothing is written into the source docs folder.

    out/zensical.yml   the config: mkdocs.yml without `hooks:`, with the navigation and our extension
    out/docs/          the pages to build
    out/notes/         the docs folder as written: the extension's registry and the snippets' _data/
    out/overrides/     the theme overrides
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .file_safety import shadowed_theme_files
from .note_page import NoteParts, print_view
from .pages import PRINT_NOTES_MARKER, SERVICE_CARDS_MARKER, Site
from .problems import NotesError
from .render import Renderer, as_markdown_block
from .safe_files import read_text, unsafe_files
from .urls import relative_link

CONFIG_NAME = "zensical.yml"  # MkDocs' format, which Zensical reads (a .toml name would mean its own format)
DIRECTORY_URLS = False  # pages as page.html, as in the MkDocs build: the site also works opened from disk
EXTENSION = "serverless_notes.markdown_ext"
SNIPPETS = "pymdownx.snippets"


@dataclass(frozen=True)
class Export:
    config: Path
    pages: int
    files: int


def export_docs(site: Site, docs_dir: Path, config_path: Path, out: Path) -> Export:
    """Write `out/` from a site plan the caller has checked (`load_site` with directory_urls=False).
    `out/docs` and `out/overrides` are replaced; the engine's cache is kept."""
    registry = site.registry
    docs_dir, out = Path(docs_dir), Path(out).resolve()
    config = _read_config(config_path)
    export_dir, notes_dir = out / "docs", out / "notes"
    theme_dir = config.get("theme", {}).get("custom_dir")
    if theme_dir:  # MkDocs would copy it too: no symlink out of it (load_registry has checked docs/)
        problems = unsafe_files(Path(config_path).parent / theme_dir)
        problems += shadowed_theme_files(docs_dir, [Path(config_path).parent / theme_dir])
        if problems:
            raise NotesError(problems)
    for folder in (export_dir, notes_dir, out / "overrides"):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(docs_dir, notes_dir)
    shutil.copytree(docs_dir, export_dir, ignore=lambda folder, names: {"_data"} if Path(folder) == docs_dir else ())
    if theme_dir:
        shutil.copytree(Path(config_path).parent / theme_dir, out / "overrides")
        config["theme"]["custom_dir"] = "overrides"

    # Service cards in the hand-written pages, before the notes are written: a note's front matter
    # (its summary, as `description`) may name the marker too, and must stay as it is.
    for path in sorted(export_dir.rglob("*.md")):
        doc_path = path.relative_to(export_dir).as_posix()
        text = read_text(path)
        if SERVICE_CARDS_MARKER in text and not paths.is_note(doc_path):
            cards = Renderer(registry, relative_link(doc_path, DIRECTORY_URLS)).service_cards(site.has_practice)
            _write(path, text.replace(SERVICE_CARDS_MARKER, as_markdown_block(cards)))
    note_pages = {}
    for service in registry.services.values():
        renderer = Renderer(registry, relative_link(service.doc_path, DIRECTORY_URLS))
        note_pages[service.doc_path] = NoteParts.of(service, renderer).into_markdown(service.body)
        # Its facts stay in out/notes; the page keeps what the theme reads (the description meta tag).
        front_matter = yaml.safe_dump({"description": service.summary}, allow_unicode=True, width=1000)
        _write(export_dir / service.doc_path, f"---\n{front_matter}---\n\n{note_pages[service.doc_path]}")
    for path, page in site.pages.items():
        markdown = page.blocks.inline(page.markdown)
        if path == paths.PRINT_VIEW:
            notes = print_view(registry, lambda service: note_pages.get(service.doc_path), markdown=True)
            markdown = markdown.replace(PRINT_NOTES_MARKER, notes)
        _write(export_dir / path, markdown)
    for path, content in site.downloads.items():
        (export_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (export_dir / path).write_bytes(content)

    # Zensical's classic look is Material's, which overrides/ and our styles were written for.
    config.setdefault("theme", {}).setdefault("variant", "classic")
    config["nav"] = site.navigation(config.get("nav"))
    config.update(docs_dir="docs", site_dir="site", use_directory_urls=DIRECTORY_URLS)
    config["markdown_extensions"] = _markdown_extensions(config.get("markdown_extensions", []), notes_dir,
                                                         Path(config_path).parent, docs_dir)
    config_file = out / CONFIG_NAME
    config_file.write_text("# Written by `serverless-notes export-docs`; edit mkdocs.yml and export again.\n"
                           + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    files = [path for path in export_dir.rglob("*") if path.is_file()]
    return Export(config_file, sum(path.suffix == ".md" for path in files), len(files))


def _read_config(config_path: Path) -> dict:
    """mkdocs.yml without what only MkDocs runs (hooks). Python tags (`!!python/name:`) are not supported."""
    config = yaml.safe_load(read_text(Path(config_path))) or {}
    config.pop("hooks", None)
    return config


def _markdown_extensions(extensions: list, notes_dir: Path, config_dir: Path, docs_dir: Path) -> list:
    """The configured extensions, with snippet folders made absolute and moved into the export's copy of
    the notes (engines resolve them from their working directory), and ours appended, reading that copy."""

    def exported(base: str) -> str:
        folder = (config_dir / base).resolve()
        if folder.is_relative_to(docs_dir.resolve()):
            return str(notes_dir / folder.relative_to(docs_dir.resolve()))
        return str(folder)

    result = []
    for entry in extensions:
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        if name == SNIPPETS and options:
            options = {**options, "base_path": [exported(base) for base in _as_list(options.get("base_path", []))]}
        if name != EXTENSION:
            result.append({name: options} if options is not None else name)
    result.append({EXTENSION: {"docs_dir": str(notes_dir), "directory_urls": DIRECTORY_URLS, "concept_links": True}})
    return result


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

