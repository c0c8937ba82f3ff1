"""The same notes built with Zensical, by the command line the README shows.

Skipped (with the reason) where Zensical is not installed; under CI=true that is a failure.
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, once_per_run

from serverless_notes import paths
from serverless_notes.compare import ComparisonTable
from serverless_notes.concept_links import ConceptIndex
from serverless_notes.loader import load_comparison_pages, load_concepts, load_registry
from serverless_notes.markdown_ext import CompareExtension, registry_for
from serverless_notes.registry import fact_anchor

BIN = Path(sys.executable).parent  # this environment's commands: serverless-notes, zensical


@pytest.fixture(scope="module")
def zensical() -> Path:
    command = BIN / "zensical"
    if not command.exists():
        message = (f"Zensical is not installed in {BIN.parent} "
                   "(pip install --require-hashes -r requirements/test.txt installs it)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return command


def readme_zensical_commands() -> list[str]:
    """The README's Zensical command line, after the steps that make and fill the environment (if on that line)."""
    line = next(line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if "zensical build" in line and "export-docs" in line)
    steps = [step.strip() for step in line.split("&&")]
    build_steps = steps[max((i + 1 for i, step in enumerate(steps) if step.startswith("pip install")), default=0):]
    assert [shlex.split(step)[0] for step in build_steps] == ["serverless-notes", "zensical"]
    return build_steps


def run_readme_command(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    return subprocess.run(" && ".join(readme_zensical_commands()), shell=True, cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def site_of(project: Path) -> Path:
    out = shlex.split(next(step for step in readme_zensical_commands() if "export-docs" in step))
    return project / out[out.index("--out") + 1] / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def zensical_site(zensical, tmp_path_factory) -> tuple[Path, Path]:
    """The real notes, plus a compare block in the SQS note (expanded by our extension while Zensical renders);
    built once per run (tests only read it)."""
    return once_per_run(tmp_path_factory, "zensical-site", _zensical_site)


def _zensical_site(folder: Path) -> tuple[Path, Path]:
    project = copy_project(folder / "project")
    note = project / "docs" / paths.note("sqs")
    note.write_text(note.read_text(encoding="utf-8") + "\n## Side by side\n\n```compare\nservices: [sqs, sns]\n```\n",
                    encoding="utf-8")
    result = run_readme_command(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site_of(project)


def table_rows(table) -> dict[str, list[str]]:
    return {row.th.get_text(" ", strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in table.tbody.find_all("tr")}


def test_zensical_builds_the_comparison_tables_from_the_facts(zensical_site):
    project, site = zensical_site
    registry = load_registry(project / "docs")
    page = next(page for page in load_comparison_pages(project / "docs", registry)
                if page.items == ["sqs", "sns", "mq"])
    expected = ComparisonTable.build(registry, page.items, page.rows, page.title)
    html = soup(site / paths.built_html(paths.comparison(page.slug)))
    tables = html.find("div", class_="sn-compare").find_all("table", class_="sn-compare__table")
    rows = {}
    for table in tables:  # the exam's rows, then those beyond it, folded
        headers = [th.get_text(strip=True) for th in table.thead.find_all("th")[1:]]
        assert headers == [item.name for item in expected.items]
        rows |= table_rows(table)
    assert list(rows) == [row.attribute.label for row in expected.open_rows + expected.folded_rows]
    for row in expected.rows:
        for cell_text, entries in zip(rows[row.attribute.label], row.cells, strict=True):
            for entry in entries:
                assert row.attribute.format(entry.fact) in cell_text, (row.key, cell_text)


def test_a_note_has_its_facts_box_and_its_compare_block_links_from_its_own_page(zensical_site):
    project, site = zensical_site
    registry = load_registry(project / "docs")
    service = registry.services["sqs"]
    html = soup(site / paths.built_html(service.doc_path))
    box = html.find("aside", class_="sn-glance")
    assert box is not None and box.find_previous("h1") is not None  # under the title
    ids = {element["id"] for element in box.find_all(id=True)}
    for variant, key, _ in service.own_facts():
        assert fact_anchor(key, variant.id if variant else None) in ids
    assert html.find(class_="sn-note-sources").find_all("a")
    # Its first use of each glossary concept links to the glossary, as in the MkDocs build.
    concepts = ConceptIndex(load_concepts(project / "docs", registry))
    used = {concepts.by_phrase[match.lower()].id for match in concepts.pattern.findall(service.body)}
    linked = {a["href"] for a in html.select("a.sn-concept")}
    # (a subset: a use inside a heading, a link or code stays unlinked)
    assert linked <= {f"../{paths.built_html(paths.GLOSSARY)}#concept-{concept}" for concept in used}
    assert bool(linked) == bool(used)
    # The block in the note: its links are relative to services/, which the extension learned from Zensical.
    block = html.find("h2", id="side-by-side").find_next("table")
    headers = [a["href"] for a in block.thead.find_all("a")]
    from_note = [posixpath.relpath(paths.built_html(registry.item(i).doc_path), "services") for i in ("sqs", "sns")]
    assert headers == from_note  # e.g. "sns.html"; from the `page` option's default it would be "services/sns.html"


def test_every_internal_link_resolves(zensical_site):
    _, site = zensical_site
    pages = sorted(page for page in site.rglob("*.html") if page.name != "404.html")  # 404: absolute URLs
    assert len(pages) > 10
    missing = set()
    for page in pages:
        html = soup(page)
        for element in html.find_all(href=True) + html.find_all(src=True):
            url = element.get("href") or element.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("#") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.add((page.relative_to(site).as_posix(), url))
    # Only the MkDocs build writes the offline zip (from the finished site); the README says so.
    assert {url for _, url in missing if not url.endswith(paths.OFFLINE_ZIP)} == set(), sorted(missing)


def bad_block(project: Path) -> tuple[Path, int]:
    note = project / "docs" / paths.note("sns")
    text = note.read_text(encoding="utf-8") + "\n```compare\nservices: [sqs, no-such-service]\n```\n"
    note.write_text(text, encoding="utf-8")
    return note, text.count("\n") - 1  # the services line


def test_a_bad_compare_block_fails_with_its_file_and_line(zensical, tmp_path):
    project = copy_project(tmp_path / "project")
    note, line = bad_block(project)
    result = run_readme_command(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/{paths.note('sns')}:{line}: compare.services: unknown service or variant 'no-such-service'" in output
    assert "Traceback" not in output
    assert not site_of(project).exists()


def test_a_bad_block_met_while_zensical_renders_fails_cleanly(zensical, small_project):
    """A page changed after the export: our extension, not the export, finds the block.
    The small fixture site: what is tested is the extension, not the notes."""
    project = small_project
    assert run_readme_command(project).returncode == 0
    out = site_of(project).parent
    page = out / "docs" / "guide.md"
    service = next(iter(load_registry(project / "docs").services))
    page.write_text(f"# Guide\n\nSome text.\n\n```compare\nservices: [{service}]\nrows: [no_such_row]\n```\n",
                    encoding="utf-8")
    result = subprocess.run([str(zensical), "build", "-f", str(out / "zensical.yml")], cwd=project,
                            capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(rf"{re.escape(str(page.relative_to(project)))}:7: compare\.rows: .*no_such_row", output), output
    assert "Traceback" not in output


def test_the_extension_reads_the_notes_once_per_build_and_again_when_one_changes(tmp_path):
    """Zensical makes a new extension for every page: the registry must outlive them, but not an edit."""
    docs = shutil.copytree(ROOT / "docs", tmp_path / "docs")
    text = "# Page\n\n```compare\nservices: [sqs, sns]\n```\n"
    first = markdown.markdown(text, extensions=[CompareExtension(docs_dir=str(docs), page="guides/queues.md")])
    assert 'href="../services/sns.html"' in first  # the `page` option, where no engine says which page it is
    registry = registry_for(docs)
    assert registry_for(docs) is registry
    note = docs / paths.note("sqs")
    stat = note.stat()
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert registry_for(docs) is not registry
    # Within one engine build (one config object) the files are checked once, not before every page.
    build, registry = object(), registry_for(docs)
    assert registry_for(docs, build) is registry
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert registry_for(docs, build) is registry
    assert registry_for(docs, object()) is not registry  # the next build sees the change
