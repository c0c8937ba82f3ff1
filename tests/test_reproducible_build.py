"""Builds are reproducible, and a build that must fail stops before it writes anything."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import yaml
from conftest import ROOT, fixture_project, run_build, run_cli

from serverless_notes.paths import OFFLINE_ZIP

EPOCH = "1764201600"  # 2025-11-27 00:00 UTC


def digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_same_sources_and_source_date_epoch_give_a_byte_identical_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    sites = []
    for name in ("first", "second"):
        project = fixture_project(tmp_path / name)  # reproducibility is the code's: the small site shows it
        build = run_build(project)
        assert build.returncode == 0, build.output
        sites.append(digests(build.site))
    assert sites[0].keys() == sites[1].keys()
    assert [path for path in sites[0] if sites[0][path] != sites[1][path]] == []
    with zipfile.ZipFile(tmp_path / "first/site" / OFFLINE_ZIP) as archive:
        entries = archive.infolist()
    assert {entry.date_time for entry in entries} == {(2025, 11, 27, 0, 0, 0)}
    assert {entry.external_attr >> 16 for entry in entries} == {0o100644}


def test_a_symlink_out_of_docs_fails_the_build_before_anything_is_written(small_project):
    (small_project / "docs/environment.md").symlink_to("/proc/self/environ")
    build = run_build(small_project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert "docs/environment.md:1: is a symlink to a file outside docs/" in build.output
    assert not build.site.exists() or not any(build.site.iterdir())


def test_a_source_date_epoch_that_is_not_a_number_stops_the_build_and_the_export_with_its_value(small_project,
                                                                                               monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    message = "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got 'yesterday'"
    build = run_build(small_project)
    assert build.returncode == 1 and message in build.output and "Traceback" not in build.output
    export = run_cli(small_project, "export-docs", "--out", "build/zensical")
    assert export.returncode == 2 and f"error: {message}" in export.stderr and "Traceback" not in export.stderr


def test_a_hand_made_file_at_the_offline_zip_path_fails_the_build(small_project):
    (small_project / "docs" / OFFLINE_ZIP).parent.mkdir(parents=True)
    (small_project / "docs" / OFFLINE_ZIP).write_bytes(b"PK")
    build = run_build(small_project)
    assert build.returncode == 1
    assert f"docs/{OFFLINE_ZIP}:1: is where the build writes the offline zip; remove that file" in build.output


def workflow_steps():
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            yield from ((path.name, step) for step in job.get("steps", []))


def test_workflows_keep_no_token_in_the_checkout_and_publish_only_a_built_site():
    steps = list(workflow_steps())
    checkouts = [step for _, step in steps if step.get("uses", "").startswith("actions/checkout")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)
    for workflow, step in steps:
        if step.get("uses", "").startswith(("actions/upload-artifact", "actions/upload-pages-artifact")):
            condition = str(step.get("if", ""))
            assert "always()" not in condition, (workflow, step)
            assert not condition or "steps.build.outcome == 'success'" in condition, (workflow, step)
    builds = [step for _, step in steps if "mkdocs build" in step.get("run", "")]
    assert builds and all("SOURCE_DATE_EPOCH" in step["run"] for step in builds)


def test_a_symlink_out_of_the_theme_folder_fails_the_build(small_project):
    (small_project / "overrides/assets/token.txt").symlink_to(small_project / "mkdocs.yml")
    build = run_build(small_project)
    assert build.returncode == 1 and "Traceback" not in build.output
    assert "overrides/assets/token.txt:1: is a symlink to a file outside overrides/" in build.output
    assert not (build.site / "assets/token.txt").exists()
