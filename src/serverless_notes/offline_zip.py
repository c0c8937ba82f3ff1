"""The offline copy: the whole built site in one zip, to unzip anywhere and open index.html from disk.

A child process writes the archive while MkDocs builds the pages. Compressing the site of a
thousand notes takes about a second of CPU; on a thread of the build's own process it slowed the
build by more than that, because every hand-over made the build wait for the GIL. The build
sends the child the path of each page it has written, one per line; an empty line says the build
is done, and the child adds every other file of the site (theme assets, search index, ...) and
moves the archive into place. If the build stops before that, the child leaves no archive.

Child: `python -m serverless_notes.offline_zip SITE_DIR ZIP_PATH`, reading paths on stdin.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ZIP_FOLDER = "serverless-study-notes"  # the one top folder of the archive
ALREADY_COMPRESSED = (".gz", ".png", ".jpg", ".zip", ".woff2", ".apkg")  # .apkg: a zip (Anki deck)
# From disk Material reads the index from search/search_index.js; the .json copy serves hosted pages only.
HOSTED_ONLY = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "sw.js", "manifest.webmanifest"}
FILE_MODE = 0o644  # every entry the same, whatever the build machine's umask
EARLIEST_ZIP_TIME = 315532800  # 1980-01-01, the first time a zip entry can hold


def entry_time() -> tuple[int, int, int, int, int, int]:
    """Entry times from SOURCE_DATE_EPOCH (reproducible builds); without it, the zip format's first day.

    Not the clock: two builds of one commit must give the same bytes.
    """
    seconds = max(int(os.environ.get("SOURCE_DATE_EPOCH", EARLIEST_ZIP_TIME)), EARLIEST_ZIP_TIME)
    return time.gmtime(seconds)[:6]


class OfflineZipError(Exception):
    pass


def placeholder() -> bytes:
    """What the zip's URL serves until the build writes the archive, and all along in `mkdocs serve`
    (which writes none): a valid zip whose one file says how to get the real one, not 0 bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(f"{ZIP_FOLDER}/README.txt"),
                         "This is the live preview (mkdocs serve), which does not build the offline copy.\n"
                         "Run `mkdocs build` and open site/downloads/, or download it from the hosted site.\n")
    return buffer.getvalue()


class OfflineZip:
    """The build's side: starts the child and tells it which pages are on disk."""

    def __init__(self, site_dir: Path, zip_path: Path):
        self.process = subprocess.Popen([sys.executable, "-m", __name__, str(site_dir), str(zip_path)],
                                        stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.being_written: str | None = None  # the page finished last, which MkDocs is writing now

    def page_finished(self, site_path: str) -> None:
        """A page's HTML is final (MkDocs writes it next); the page before it is on disk by now."""
        if self.being_written is not None:
            self._send(self.being_written)
        self.being_written = site_path

    def finish(self) -> None:
        """Wait for the archive: the last page, every other file, and the move into place."""
        if self.being_written is not None:
            self._send(self.being_written)
        _, errors = self.process.communicate("\n")
        if self.process.returncode != 0:
            raise OfflineZipError(errors.strip() or f"the zip process stopped with status {self.process.returncode}")

    def cancel(self) -> None:
        """The build stopped: the child sees its input end without "done" and removes its partial archive."""
        if self.process.poll() is None:
            self.process.communicate()

    def _send(self, site_path: str) -> None:
        assert self.process.stdin is not None
        if "\n" in site_path or "\r" in site_path:  # paths travel one per line
            raise OfflineZipError(f"a page path holds a line break: {site_path!r}")
        self.process.stdin.write(site_path + "\n")
        self.process.stdin.flush()  # so the child works while the build goes on


def write_archive(site_dir: Path, zip_path: Path, page_paths: io.TextIOBase,
                  date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0)) -> bool:
    """Zip `site_dir` into `zip_path` (False, and no archive, if `page_paths` ends before an empty line)."""
    partial_path = site_dir.parent / f".{site_dir.name}-{zip_path.name}.part"  # the site holds a placeholder
    added: set[str] = set()
    try:
        # Level 1 deflate: nearly the size of the default level in a fraction of the time.
        with zipfile.ZipFile(partial_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for line in page_paths:
                if not line.strip():
                    break
                _add(archive, site_dir, line.rstrip("\n"), added, date_time)
            else:
                return False
            for path in sorted(site_dir.rglob("*")):
                site_path = path.relative_to(site_dir).as_posix()
                if path.is_file() and path != zip_path and site_path not in added | HOSTED_ONLY:
                    _add(archive, site_dir, site_path, added, date_time)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial_path, zip_path)
        return True
    finally:
        partial_path.unlink(missing_ok=True)


def _add(archive: zipfile.ZipFile, site_dir: Path, site_path: str, added: set[str], date_time: tuple[int, ...]) -> None:
    if not (site_dir / site_path).resolve().is_relative_to(site_dir.resolve()):
        raise ValueError(f"{site_path!r} is outside the site; only the site's own files go into the zip")
    entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{site_path}", date_time=date_time)
    entry.external_attr = (0o100000 | FILE_MODE) << 16  # a regular file, rw-r--r--
    entry.create_system = 3  # Unix, whichever system built it
    entry.compress_type = zipfile.ZIP_STORED if site_path.endswith(ALREADY_COMPRESSED) else zipfile.ZIP_DEFLATED
    archive.writestr(entry, (site_dir / site_path).read_bytes(), compresslevel=1)
    added.add(site_path)


def main(argv: list[str]) -> int:
    try:
        date_time = entry_time()
    except (ValueError, OverflowError, OSError):
        print(f"SOURCE_DATE_EPOCH must be a number of seconds, got {os.environ.get('SOURCE_DATE_EPOCH')!r}",
              file=sys.stderr)
        return 1
    site_dir, zip_path = Path(argv[0]), Path(argv[1])
    page_paths = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    try:
        write_archive(site_dir, zip_path, page_paths, date_time)
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
