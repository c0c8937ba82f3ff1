"""The offline zip: every file of the built site but the hosted-only ones, or no archive at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from serverless_notes.offline_zip import HOSTED_ONLY, ZIP_FOLDER, entry_time, write_archive


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name, text in {"index.html": "<h1>Home</h1>", "services/sqs.html": "<h1>SQS</h1>",
                       "assets/app.css": "body {}", "downloads/serverless-study-notes.zip": "",
                       **{path: "hosted only" for path in HOSTED_ONLY}}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def archived(zip_path: Path) -> dict[str, str]:
    with zipfile.ZipFile(zip_path) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def leftovers(site: Path) -> list[Path]:
    return list(site.parent.glob(".*.part"))


def test_archive_holds_every_file_but_itself_and_the_hosted_only_ones(site):
    zip_path = site / "downloads/serverless-study-notes.zip"
    write_archive(site, zip_path)
    assert archived(zip_path) == {f"{ZIP_FOLDER}/assets/app.css": "body {}",
                                  f"{ZIP_FOLDER}/index.html": "<h1>Home</h1>",
                                  f"{ZIP_FOLDER}/services/sqs.html": "<h1>SQS</h1>"}
    assert leftovers(site) == []


def test_a_symbolic_link_in_the_site_is_an_error_and_leaves_the_placeholder(site, tmp_path):
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    (site / "services/secret.html").symlink_to(tmp_path / "secret.html")
    zip_path = site / "downloads/serverless-study-notes.zip"
    with pytest.raises(ValueError, match="'services/secret.html' is a symbolic link"):
        write_archive(site, zip_path)
    assert zip_path.read_bytes() == b""  # the build's placeholder, untouched
    assert leftovers(site) == []


def test_entry_times_come_from_source_date_epoch_and_a_bad_one_is_named(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764201600")
    assert entry_time() == (2025, 11, 27, 0, 0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert entry_time() == (1980, 1, 1, 0, 0, 0)  # the zip format's first day
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="must be a whole number of seconds since 1970, got 'yesterday'"):
        entry_time()
