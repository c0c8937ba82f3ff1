"""The offline zip's child process: a whole archive when the build is done, nothing when it is not."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from serverless_notes.offline_zip import ZIP_FOLDER, OfflineZip, OfflineZipError, write_archive


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name, text in {"index.html": "<h1>Home</h1>", "services/sqs.html": "<h1>SQS</h1>",
                       "assets/app.css": "body {}", "downloads/serverless-study-notes.zip": ""}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def archived(zip_path: Path) -> dict[str, str]:
    with zipfile.ZipFile(zip_path) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def leftovers(site: Path) -> list[Path]:
    return list(site.parent.glob(".*.part"))


def test_archive_holds_the_pages_sent_and_every_other_file(site):
    zip_path = site / "downloads/serverless-study-notes.zip"
    assert write_archive(site, zip_path, io.StringIO("services/sqs.html\nindex.html\n\n"))
    assert archived(zip_path) == {f"{ZIP_FOLDER}/services/sqs.html": "<h1>SQS</h1>",
                                  f"{ZIP_FOLDER}/index.html": "<h1>Home</h1>",
                                  f"{ZIP_FOLDER}/assets/app.css": "body {}"}
    assert leftovers(site) == []


def test_a_build_that_stops_early_leaves_no_archive(site):
    zip_path = site / "downloads/serverless-study-notes.zip"
    assert not write_archive(site, zip_path, io.StringIO("index.html\n"))  # no empty line: not done
    assert zip_path.read_bytes() == b""  # the build's placeholder, untouched
    assert leftovers(site) == []


def test_child_process_writes_the_archive_while_pages_are_finished(site):
    zip_path = site / "downloads/serverless-study-notes.zip"
    offline_zip = OfflineZip(site, zip_path)
    offline_zip.page_finished("index.html")
    offline_zip.page_finished("services/sqs.html")
    offline_zip.finish()
    assert sorted(archived(zip_path)) == [f"{ZIP_FOLDER}/assets/app.css", f"{ZIP_FOLDER}/index.html",
                                          f"{ZIP_FOLDER}/services/sqs.html"]


def test_a_page_missing_from_disk_is_an_error_not_a_smaller_zip(site):
    offline_zip = OfflineZip(site, site / "downloads/serverless-study-notes.zip")
    offline_zip.page_finished("services/missing.html")
    offline_zip.page_finished("index.html")
    with pytest.raises(OfflineZipError, match="services/missing.html"):
        offline_zip.finish()
    assert leftovers(site) == []


def test_cancel_ends_the_child_without_an_archive(site):
    zip_path = site / "downloads/serverless-study-notes.zip"
    offline_zip = OfflineZip(site, zip_path)
    offline_zip.page_finished("index.html")
    offline_zip.cancel()
    assert offline_zip.process.poll() is not None
    assert zip_path.read_bytes() == b""
    assert leftovers(site) == []
