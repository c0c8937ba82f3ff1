"""`serverless-notes verify-sources` against saved pages served on 127.0.0.1 (no network)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from serverless_notes.loader import load_registry
from serverless_notes.verify_sources import Fetcher, page_text, quoted_facts

GUIDE = "https://docs.aws.amazon.com/queue/latest/dg/quotas.html"
FAQ = "https://aws.amazon.com/queue/faqs/"
GONE = "https://docs.aws.amazon.com/queue/latest/dg/gone.html"
MOVED = "https://docs.aws.amazon.com/queue/latest/dg/moved.html"
PAGES = {
    "docs.aws.amazon.com/queue/latest/dg/quotas.html":
        "<html><head><title>x</title><script>var quote = 'Not text';</script></head><body><main>"
        "<p>The maximum message size is\n  <b>1&nbsp;MiB</b> (1,048,576 bytes).</p>"
        "<table><tr><td>Retention</td><td>14 days</td></tr></table></main></body></html>",
    "aws.amazon.com/queue/faqs/": "<html><body><p>You don\u2019t manage servers.</p></body></html>",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    flaky_answers = [503]  # the first request for flaky.html fails once, as a busy server's would

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/flaky.html") and self.flaky_answers:
            self.send_error(self.flaky_answers.pop())
            return
        if self.path.endswith("/moved.html"):  # the page now lives on another host
            self.send_response(301)
            self.send_header("Location", "https://example.com/queue/quotas.html")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def mirror(tmp_path):
    """Saved pages under tmp/mirror/HOST/PATH, served over HTTP on 127.0.0.1."""
    root = tmp_path / "mirror"
    for relative, html in PAGES.items():
        path = root / (relative + "index.html" if relative.endswith("/") else relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def project(tmp_path: Path, facts: str) -> Path:
    """A synthetic project: the real catalog is not needed, one category and two text attributes are."""
    docs = tmp_path / "project" / "docs"
    (docs / "services").mkdir(parents=True)
    (docs / "_data").mkdir()
    (docs / "_data" / "catalog.yml").write_text(
        "categories:\n  queues: {label: Queues, description: Hold messages.}\nattributes:\n"
        "  size: {label: Size, description: Largest., categories: [queues]}\n"
        "  retention: {label: Retention, description: Kept for., categories: [queues]}\n"
        "  managed: {label: Managed, description: Who runs it., categories: [queues]}\n", encoding="utf-8")
    (docs / "services" / "queue.md").write_text(
        "---\nname: Example Queue\nshort_name: Queue\ncategory: queues\nsummary: A test queue.\nfacts:\n"
        + facts + "---\n\n# Queue\n\nText.\n", encoding="utf-8")
    return docs.parent


def fact(key: str, url: str, quote: str) -> str:
    return f"  {key}:\n    value: x\n    source: {url}\n    checked: 2026-12-02\n    quote: \"{quote}\"\n"


FACTS = (fact("size", GUIDE, "The maximum message size is 1 MiB (1,048,576 bytes).")  # quote on line 11
         + fact("retention", GUIDE, "Retention 14 days")  # line 16
         + fact("managed", FAQ, "You don't manage servers."))  # line 21


def verify(root: Path, mirror_url: str, tmp_path: Path):
    return run_cli(root, "verify-sources", "--mirror", mirror_url, "--interval", "0",
                   "--cache", str(tmp_path / "cache"))


def test_all_quotes_found_exits_0(tmp_path, mirror):
    root = project(tmp_path, FACTS)
    result = verify(root, mirror[1], tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "3 quote(s): all found."


def test_a_quote_gone_from_its_page_names_the_fact_and_url(tmp_path, mirror):
    root = project(tmp_path, FACTS)
    saved = mirror[0] / "docs.aws.amazon.com/queue/latest/dg/quotas.html"
    saved.write_text(saved.read_text(encoding="utf-8").replace("14 days", "4 days"), encoding="utf-8")
    result = verify(root, mirror[1], tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"docs/services/queue.md:16: facts.retention: quote no longer on {GUIDE}",
        "3 quote(s): 1 no longer found, 0 not checked."]


@pytest.mark.parametrize("url, why", [(GONE, "HTTP 404"), (MOVED, "redirected to another host (example.com)")])
def test_unreadable_pages_are_reported_not_passed(tmp_path, mirror, url, why):
    root = project(tmp_path, FACTS.replace(FAQ, url))
    result = verify(root, mirror[1], tmp_path)
    assert result.returncode == 1
    assert f"docs/services/queue.md:21: facts.managed: could not read {url} ({why}); quote not checked" \
        in result.stdout.splitlines()
    assert f"  {url}: {why}" in result.stdout.splitlines()


def test_a_cached_page_is_not_fetched_again(tmp_path, mirror):
    root = project(tmp_path, FACTS)
    assert verify(root, mirror[1], tmp_path).returncode == 0
    shutil.rmtree(mirror[0])  # every page gone from the server: only the cache can answer
    assert verify(root, mirror[1], tmp_path).returncode == 0
    assert run_cli(root, "verify-sources", "--mirror", mirror[1], "--interval", "0", "--no-cache").returncode == 1


def test_one_request_per_host_per_interval_and_a_retry_after_a_server_error(mirror):
    root, url = mirror
    page = root / "docs.aws.amazon.com/queue/latest/dg/flaky.html"
    page.write_text("<p>Back again.</p>", encoding="utf-8")
    fetcher = Fetcher(mirror=url, interval=0.2)
    started = time.monotonic()
    assert fetcher.text(GUIDE).startswith("The maximum message size")
    assert fetcher.text("https://docs.aws.amazon.com/queue/latest/dg/flaky.html") == "Back again."
    assert time.monotonic() - started >= 0.2 * 2  # a wait before the second request, a pause before its retry


def test_page_text_skips_scripts_and_separates_cells():
    text = page_text(PAGES["docs.aws.amazon.com/queue/latest/dg/quotas.html"])
    assert "Not text" not in text
    assert "Retention 14 days" in text and "is 1 MiB (1,048,576 bytes)." in text


def test_every_real_quote_names_its_line():
    """Each quote of the real notes points at its own `quote:` line."""
    registry = load_registry(ROOT / "docs")
    for quoted in quoted_facts(registry):
        line = (ROOT / quoted.path).read_text(encoding="utf-8").splitlines()[quoted.line - 1]
        assert line.strip().startswith("quote:"), quoted


def test_the_weekly_workflow_runs_the_check_with_least_privilege():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/verify-sources.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}  # nothing by default; the one job asks for what it needs
    assert [job["permissions"] for job in workflow["jobs"].values()] == [{"contents": "read", "issues": "write"}]
    assert "schedule" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("serverless-notes verify-sources" in run for run in steps)
    assert any("gh issue edit" in run and "gh issue create" in run for run in steps)  # one issue, kept up to date
    contributing = (ROOT / "docs/contributing.md").read_text(encoding="utf-8")
    assert "### When a fact drifts" in contributing and "serverless-notes verify-sources" in contributing
