"""The offline copy: the whole built site in one zip, to unzip anywhere and open index.html from disk.

The build writes it at the end, once every file it holds is on disk (only sw.js, which it leaves out,
comes after: named from the checksums the zip computes), in the build's own process.
It once streamed pages to a child process while MkDocs built, to hide the compression's time. On
two cores the two processes slowed each other: the child used twice the CPU it needs alone (1.1 s
instead of 0.5 s at a thousand notes), and whole builds took 13% more CPU and 10% more wall time
than they do now.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

ZIP_FOLDER = "serverless-study-notes"  # the one top folder of the archive
ALREADY_COMPRESSED = (".gz", ".png", ".jpg", ".zip", ".woff2", ".apkg")  # .apkg: a zip (Anki deck)
# From disk Material reads the index from search/search_index.js; the .json copy serves hosted pages only.
HOSTED_ONLY = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "sw.js", "manifest.webmanifest"}
FILE_MODE = 0o644  # every entry the same, whatever the build machine's umask
EARLIEST_ZIP_TIME = 315532800  # 1980-01-01, the first time a zip entry can hold


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the time reproducible builds stamp instead of the clock (None when unset)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not given:
        return None
    try:
        seconds = int(given)
        time.gmtime(seconds)  # a date the system can hold
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {given!r}") from None
    return seconds


def entry_time() -> tuple[int, int, int, int, int, int]:
    """Entry times from SOURCE_DATE_EPOCH; without it, the zip format's first day.

    Not the clock: two builds of one commit must give the same bytes.
    """
    return time.gmtime(max(source_date_epoch() or EARLIEST_ZIP_TIME, EARLIEST_ZIP_TIME))[:6]


def placeholder() -> bytes:
    """What the zip's URL serves until the build writes the archive, and all along in `mkdocs serve`
    (which writes none): a valid zip whose one file says how to get the real one, not 0 bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(f"{ZIP_FOLDER}/README.txt"),
                         "This is the live preview (mkdocs serve), which does not build the offline copy.\n"
                         "Run `mkdocs build` and open site/downloads/, or download it from the hosted site.\n")
    return buffer.getvalue()


def write_archive(site_dir: Path, zip_path: Path) -> dict[str, tuple[int, int]]:
    """Zip every file of `site_dir` but the archive itself and the hosted-only files into `zip_path`, dated
    by `entry_time()`; returns each archived file's (CRC-32, size), by its path from the site root.

    Written beside the site and moved into place, so a failure leaves the build's placeholder, never half
    an archive. A symbolic link is refused: the build writes none, and one could point outside the site."""
    site_dir, zip_path = Path(site_dir), Path(zip_path)
    date_time = entry_time()
    partial_path = site_dir.parent / f".{site_dir.name}-{zip_path.name}.part"  # the site holds a placeholder
    try:
        # Level 1 deflate: nearly the size of the default level in a fraction of the time.
        with zipfile.ZipFile(partial_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for path in sorted(site_dir.rglob("*")):  # sorted: two builds of one commit give the same bytes
                site_path = path.relative_to(site_dir).as_posix()
                if path.is_symlink():
                    raise ValueError(f"{site_path!r} is a symbolic link; only the site's own files go into the zip")
                if path.is_file() and path != zip_path and site_path not in HOSTED_ONLY:
                    _add(archive, path, site_path, date_time)
            checksums = {entry.filename[len(ZIP_FOLDER) + 1:]: (entry.CRC, entry.file_size)
                         for entry in archive.infolist()}
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial_path, zip_path)
    finally:
        partial_path.unlink(missing_ok=True)
    return checksums


def _add(archive: zipfile.ZipFile, path: Path, site_path: str, date_time: tuple[int, ...]) -> None:
    entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{site_path}", date_time=date_time)
    entry.external_attr = (0o100000 | FILE_MODE) << 16  # a regular file, rw-r--r--
    entry.create_system = 3  # Unix, whichever system built it
    entry.compress_type = zipfile.ZIP_STORED if site_path.endswith(ALREADY_COMPRESSED) else zipfile.ZIP_DEFLATED
    archive.writestr(entry, path.read_bytes(), compresslevel=1)
