"""The site plan (pages.load_site) and its three front doors: `validate`, `export-docs` and the MkDocs build.

They read the same plan, so a hand-written file where the build writes its own fails each of them with
the same `file:line` message. Tests run on the small fixture site (tests/fixtures/small).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, build_in_process, run_cli

from serverless_notes import paths
from serverless_notes.note_page import NoteParts, print_view
from serverless_notes.pages import HIDES_DOWNLOAD, HIDES_PAGE, RESERVED, load_site
from serverless_notes.urls import built_file, relative_link, source_link

SITE = load_site(FIXTURE_DOCS)
# A study page, a page generated from the data, and a download: each kind of path the plan owns.
TAKEN = [paths.PRACTICE_EXAM, paths.GLOSSARY, paths.comparison("alpha-vs-beta")]


def test_the_plan_holds_every_generated_page_download_and_nav_entry():
    registry = SITE.registry
    assert {paths.OVERVIEW, paths.GLOSSARY, paths.PRINT_VIEW, paths.PRACTICE_INDEX} <= set(SITE.pages)
    assert {paths.comparison(category) for category in registry.categories} <= set(SITE.pages)
    assert all(page.path == path for path, page in SITE.pages.items())
    assert paths.ANKI_DECK in SITE.downloads and not SITE.problems
    nav = SITE.navigation([{"Home": "index.md"}, {"About": "about.md"}])
    titles = [next(iter(entry)) for entry in nav]
    # The Practice section is placed by the plan (before the glossary), whatever the labels say.
    assert titles.index("Practice") == titles.index("Glossary") - 1
    assert titles[0] == "Home" and titles[-1] == "About"


def test_without_questions_there_is_no_practice_section():
    bare = type(SITE)(SITE.registry, SITE.concepts, {}, {}, None)
    titles = [next(iter(entry)) for entry in bare.navigation(None)]
    assert "Practice" not in titles and "Glossary" in titles


def collision_lines(path: str) -> list[str]:
    message = HIDES_DOWNLOAD if path in SITE.downloads else RESERVED.get(path, HIDES_PAGE)
    return [f"docs/{path}:1: {message}"]


@pytest.fixture(params=TAKEN + [paths.ANKI_DECK, paths.OFFLINE_ZIP])
def taken(request, small_project: Path) -> tuple[Path, str]:
    """The fixture project with a hand-written file at a path the build writes."""
    target = small_project / "docs" / request.param
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Written by hand\n", encoding="utf-8")
    return small_project, request.param


def test_validate_refuses_a_file_at_a_generated_path(taken):
    project, path = taken
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert collision_lines(path)[0] in result.stderr.splitlines()


def test_export_refuses_a_file_at_a_generated_path(taken):
    project, path = taken
    result = run_cli(project, "export-docs", "--out", "build/zensical")
    assert result.returncode == 1
    assert collision_lines(path)[0] in result.stderr.splitlines()
    assert not (project / "build" / "zensical").exists()  # nothing overwritten, nothing half-written


def test_the_build_refuses_a_file_at_a_generated_path(taken):
    project, path = taken
    build = build_in_process(project)
    assert build.returncode == 1
    assert collision_lines(path)[0] in build.output.splitlines()
    assert "Traceback" not in build.output


def test_the_fixture_site_is_valid_notes(small_project):
    """Tests that call `validate` can stand on the fixture site: it keeps every rule real notes keep."""
    result = run_cli(small_project, "validate")
    assert result.returncode == 0 and "OK: 3 notes" in result.stdout, result.stdout + result.stderr


def test_the_fixture_site_builds_with_every_planned_page(small_project):
    build = build_in_process(small_project)
    assert build.returncode == 0, build.output
    for path in [*SITE.pages, paths.note("alpha")]:
        assert (build.site / paths.built_html(path)).is_file(), path
    for path in SITE.downloads:
        assert (build.site / path).is_file(), path


# --- one URL module, one note composition ------------------------------------------------------

@pytest.mark.parametrize("directory_urls, expected", [(False, "../glossary.html#x"), (True, "../../glossary/#x")])
def test_built_urls_for_html_and_source_paths_for_markdown(directory_urls, expected):
    assert relative_link("services/alpha.md", directory_urls)(paths.GLOSSARY, "x") == expected
    assert source_link("services/alpha.md", paths.GLOSSARY, "x") == "../glossary.md#x"  # any engine converts it
    assert built_file("practice/index.md", directory_urls) == "practice/index.html"
    assert built_file("services/alpha.md", directory_urls) == ("services/alpha/index.html" if directory_urls
                                                                 else "services/alpha.html")


def test_a_note_is_composed_the_same_way_into_html_and_into_markdown():
    parts = NoteParts("<aside>box</aside>", "<ol>sources</ol>")
    assert parts.into_html("<h1>T</h1>\n<p>x</p>\n") == "<h1>T</h1>\n<aside>box</aside>\n<p>x</p>\n<ol>sources</ol>\n"
    assert parts.into_html("<p>x</p>") == "\n<aside>box</aside>\n<p>x</p>\n<ol>sources</ol>\n"  # no title: box first
    markdown = parts.into_markdown("# T\nx\n")
    assert markdown.index("# T") < markdown.index("<aside>box</aside>") < markdown.index("x") < markdown.index("<ol>")
    assert "\n\n<aside>box</aside>\n\n" in markdown  # a raw HTML block of its own, whatever follows the title


def test_the_print_view_holds_every_composed_note_in_category_order():
    order = [service.id for category in SITE.registry.categories for service in SITE.registry.services_in(category)]
    html = print_view(SITE.registry, lambda service: f"<p>{service.id}</p>")
    assert [html.index(f"<p>{service_id}</p>") for service_id in order] == sorted(
        html.index(f"<p>{service_id}</p>") for service_id in order)
    assert html.count('class="sn-print-note"') == len(order)
    assert 'markdown>' in print_view(SITE.registry, lambda service: "x", markdown=True)
