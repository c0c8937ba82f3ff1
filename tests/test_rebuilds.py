"""Rebuilds: several builds in one process, `--dirty` after a note edit, and `mkdocs serve` live.

On the small fixture site (the rebuilds are tested, not the notes); the edited note and fact are picked
from the notes themselves, so these tests follow the data.
"""

from __future__ import annotations

import gc
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import build_in_process

from serverless_notes.loader import load_registry
from serverless_notes.paths import comparison, note
from serverless_notes.registry import Registry, Service


@dataclass
class FactEdit:
    """One fact's value, written once in its note, which its category's comparison page shows."""

    service: Service
    old: str
    path: Path

    def apply(self, new: str) -> None:
        text = self.path.read_text(encoding="utf-8")
        self.path.write_text(text.replace(self.old, new, 1), encoding="utf-8")
        self.old = new

    @property
    def category_page(self) -> str:
        return html_path(comparison(self.service.category))


def html_path(doc_path: str) -> str:
    return doc_path[: -len(".md")] + ".html"


def a_fact_to_edit(project: Path) -> FactEdit:
    registry: Registry = load_registry(project / "docs")
    for service in registry.services.values():
        text = service.path.read_text(encoding="utf-8")
        for _, _, fact in service.own_facts():
            value = fact.value
            if isinstance(value, str) and len(value) > 12 and text.count(value) == 1 and "'" not in value:
                return FactEdit(service, value, service.path)
    pytest.fail("no note has a text fact written once; these tests need one")


def test_two_builds_in_one_process_the_second_dirty_after_a_note_edit(small_project):
    project = small_project  # what is tested is the rebuild, not the notes
    first = build_in_process(project)
    assert first.returncode == 0, first.output
    edit = a_fact_to_edit(project)
    edit.apply("Edited between two builds")
    time.sleep(0.01)  # MkDocs compares modification times

    second = build_in_process(project, dirty=True, strict=False)
    assert second.returncode == 0, second.output
    site = second.site
    assert "Edited between two builds" in (site / html_path(edit.service.doc_path)).read_text(encoding="utf-8")
    assert "Edited between two builds" in (site / edit.category_page).read_text(encoding="utf-8")
    print_view = (site / "services/all-notes.html").read_text(encoding="utf-8")
    assert "Edited between two builds" in print_view
    # Every note is still in the print view, with its box.
    assert print_view.count('class="sn-print-note"') == len(list((project / "docs/services").glob("*.md")))


# --- mkdocs serve -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    """The page, or "" if the server does not answer within seconds (MkDocs 1.6 hangs after a failed build)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return ""


def wait_for(url: str, condition, what: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = get(url)
        if page and condition(page):
            return page
        time.sleep(0.3)
    pytest.fail(f"{what}: not seen at {url} within {seconds} s")


@pytest.fixture
def served(small_project):
    project = small_project  # what is tested is serve's rebuilds, not the notes
    port = free_port()
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    base = f"http://127.0.0.1:{port}{urlsplit(config['site_url']).path}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(base, lambda page: "<html" in page, "the first build", seconds=120)
        yield base
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
        print(output)  # shown when the test fails


def test_a_build_gives_back_what_it_kept_from_the_garbage_collector(small_project):
    """on_files freezes what lives until the build ends (gc.freeze); a build that ends, or fails after that,
    unfreezes it, so `serve` frees one build's objects before the next."""
    assert gc.get_freeze_count() == 0
    assert build_in_process(small_project).returncode == 0
    assert gc.get_freeze_count() == 0
    home = small_project / "docs/index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n```compare\nservices: [no-such-service]\n```\n",
                    encoding="utf-8")
    failed = build_in_process(small_project)
    assert failed.returncode != 0 and "no-such-service" in failed.output, failed.output
    assert gc.get_freeze_count() == 0


def test_serve_shows_edits_and_problems_and_recovers(small_project, served):
    project = small_project
    edit = a_fact_to_edit(project)
    page_url = served + edit.category_page
    assert edit.old in wait_for(page_url, lambda page: True, "the category page")

    edit.apply("Edited while serving")
    wait_for(page_url, lambda page: "Edited while serving" in page, "the edited fact")

    note_path = edit.path
    good = note_path.read_text(encoding="utf-8")
    broken = re.sub(r"^summary:.*$", "summary: [not, text]", good, count=1, flags=re.MULTILINE)
    assert broken != good
    note_path.write_text(broken, encoding="utf-8")
    shown = wait_for(page_url, lambda page: "sn-build-problems" in page, "the problem banner")
    assert f"docs/{note(edit.service.id)}:" in shown and "summary: expected text" in shown
    assert "Edited while serving" in shown  # the last good build's facts, still served

    note_path.write_text(good.replace("Edited while serving", "Fixed while serving"), encoding="utf-8")
    fixed = wait_for(page_url, lambda page: "Fixed while serving" in page, "the fixed note")
    assert "sn-build-problems" not in fixed
