"""The service worker of the hosted site: sw.js at the site's root, written once every page is built.

It precaches this build's pages, search index and study assets (see service_worker.js), and is
named after the build: a version hashed from every file's name, size and CRC-32, so a rebuild of
the same commit gives the same bytes and a new deployment makes browsers install the new worker.
The offline zip has just computed the CRC-32 of nearly every file (`checksums`): reading and hashing
the whole site again cost 0.07-0.1 s at 1,000 notes.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

SERVICE_WORKER = "sw.js"
SOURCE = Path(__file__).with_name("service_worker.js")
# Not precached: archives to download (the offline zip, the Anki deck), the copy of the search index
# that only pages opened from disk read, files for crawlers, and the worker itself.
SKIPPED_SUFFIXES = (".zip", ".apkg", ".csv", ".gz", ".map")
SKIPPED_FILES = {SERVICE_WORKER, "search/search_index.js", "sitemap.xml"}


def precached(site_dir: Path) -> list[str]:
    """The site's files a reader needs offline, as paths from the site root, sorted."""
    files = []
    for path in site_dir.rglob("*"):
        relative = PurePosixPath(path.relative_to(site_dir).as_posix())
        if path.is_file() and str(relative) not in SKIPPED_FILES and not relative.name.endswith(SKIPPED_SUFFIXES):
            files.append(str(relative))
    return sorted(files)


def write(site_dir: Path, checksums: Mapping[str, tuple[int, int]] | None = None) -> Path:
    """Write sw.js for the built site in `site_dir`; returns its path. `checksums`: (CRC-32, size) of files
    already read (path from the site root -> value); the others are read here."""
    files = precached(site_dir)
    digest = hashlib.sha256()
    for name in files:
        crc, size = (checksums or {}).get(name) or _checksum((site_dir / name).read_bytes())
        digest.update(f"{name}\0{crc:08x}\0{size}\0".encode())
    header = f"const PRECACHE = {json.dumps({'version': digest.hexdigest()[:16], 'files': files})};\n"
    target = site_dir / SERVICE_WORKER
    target.write_text(header + SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _checksum(content: bytes) -> tuple[int, int]:
    return zlib.crc32(content), len(content)
