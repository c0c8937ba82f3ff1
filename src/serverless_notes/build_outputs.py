"""What the build adds around the pages: navigation, per-fact search entries, the offline zip."""

from __future__ import annotations

import html
import json
import os
import queue
import threading
import zipfile
from pathlib import Path

from .pages import COMPARISONS_INDEX, GLOSSARY, OVERVIEW, PRINT_VIEW, ComparisonPageSpec
from .registry import Registry, Service, fact_anchor
from .render import relative_link

ZIP_FOLDER = "serverless-study-notes"
SERVICE_SEARCH_BOOST = 2  # a note is the best answer to most searches; comparison pages come next


def navigation(static_nav: list | None, registry: Registry, comparisons: list[ComparisonPageSpec]) -> list:
    """The hand-written navigation with the generated sections after its first entry (the home page).

    Services are grouped by category, so with `navigation.prune` a page only carries its own
    section's links, however many notes there are.
    """
    static = list(static_nav or [{"Home": "index.md"}])
    generated: list = [{"Overview": OVERVIEW}]
    for category_id, category in registry.categories.items():
        services = registry.services_in(category_id)
        if services:
            # MkDocs themes print nav titles as HTML, so names from data are escaped here.
            generated.append({html.escape(category.label): [{html.escape(s.short_name): s.doc_path} for s in services]})
    generated.append({"Comparisons": [{"All comparisons": COMPARISONS_INDEX},
                                      *({html.escape(spec.title): spec.path} for spec in comparisons)]})
    generated += [{"Glossary": GLOSSARY}, {"All notes (print view)": PRINT_VIEW}]
    return static[:1] + generated + static[1:]


def search_tags(service: Service) -> list[str]:
    """A note's names and aliases as Material search tags, which it weighs far above text.

    Material shows tags (like titles and text) in results as HTML, so they are escaped here.
    """
    return [html.escape(term) for term in service.search_terms]


def add_fact_search_entries(site_dir: Path, registry: Registry, directory_urls: bool) -> None:
    """One search result per fact, e.g. "Amazon SQS: Maximum message size" -> that fact on the SQS page.

    Material's index otherwise holds a page's tables and boxes as one blob of text.
    """
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    link_from_site_root = relative_link("index.md", directory_urls)
    for service in registry.services.values():
        tags = search_tags(service)  # the note's own tags and boost, so its facts compete with its sections
        for variant, key, fact in service.own_facts():
            attribute = registry.attributes[key]
            owner = variant.name if variant else service.short_name
            trap = f"Exam trap: {fact.exam_trap}" if fact.exam_trap else ""
            text = " ".join(part for part in (attribute.format(fact), fact.note or "", trap) if part)
            # Material shows an entry's title and text as HTML: escape data, as the templates do.
            index["docs"].append({
                "location": link_from_site_root(service.doc_path, fact_anchor(key, variant.id if variant else None)),
                "title": html.escape(f"{owner}: {attribute.label}"), "text": html.escape(text),
                "tags": tags, "boost": SERVICE_SEARCH_BOOST})
    serialized = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_path.write_text(serialized, encoding="utf-8")
    inline_index = index_path.with_suffix(".js")
    if inline_index.is_file():  # Material's offline plugin inlines the index for file:// pages
        inline_index.write_text(f"var __index = {serialized}", encoding="utf-8")


class OfflineZip:
    """The whole built site in one folder, to unzip anywhere and open index.html from disk.

    Pages are compressed on a worker thread as the build produces them (zlib releases the GIL,
    so this runs on a second core while the next page renders); `finish` adds every other
    file of the site (theme assets, search index, ...) and closes the archive.
    """

    def __init__(self, site_dir: Path, zip_path: Path):
        self.site_dir, self.zip_path = site_dir, zip_path
        # Written beside the site, then moved in: the build copies a placeholder to zip_path meanwhile.
        self.partial_path = site_dir.parent / f".{site_dir.name}-{zip_path.name}.part"
        self.added: set[str] = set()
        self.queue: queue.Queue = queue.Queue(maxsize=64)
        # Level 1 deflate: nearly the size of the default level in a fraction of the time.
        self.archive = zipfile.ZipFile(self.partial_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.worker = threading.Thread(target=self._write_queued, name="offline-zip", daemon=True)
        self.worker.start()

    def add_page(self, site_path: str, html: str) -> None:
        self.added.add(site_path)
        self.queue.put((site_path, html.encode("utf-8")))

    def finish(self) -> None:
        for path in sorted(self.site_dir.rglob("*")):
            site_path = path.relative_to(self.site_dir).as_posix()
            if path.is_file() and path != self.zip_path and site_path not in self.added:
                self.queue.put((site_path, path.read_bytes()))
        self.queue.put(None)
        self.worker.join()
        self.archive.close()
        self.zip_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.partial_path, self.zip_path)

    def _write_queued(self) -> None:
        while (item := self.queue.get()) is not None:
            site_path, data = item
            stored = site_path.endswith((".gz", ".png", ".jpg", ".zip", ".woff2"))  # already compressed
            self.archive.writestr(f"{ZIP_FOLDER}/{site_path}", data,
                                  compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
