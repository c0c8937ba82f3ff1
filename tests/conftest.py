"""Shared fixtures: real sites built into temp folders, and a real Chromium.

Nothing here mocks MkDocs: tests copy the project, change what they need, and run the same
`mkdocs build` a contributor runs (`run_build`, from a shell; `build_in_process`, faster, the same
steps as the command). `run_cli` runs `serverless-notes` in this process.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jinja2
import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ["mkdocs.yml", "docs", "overrides", "src", "scripts", "CONTRIBUTING.md"]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]



class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept for the whole test process and keyed by what compiling depends on (the
    environment's settings, the template's name and source), not by its file: every test builds a copy of the
    project in a folder of its own, so with Jinja's default each build compiled the theme's and our templates
    again, half the time of a small in-process build. The same source gives the same code, so the build is the same.
    (Jinja's documented hook, Environment(bytecode_cache=...), installed below for every Environment.)"""

    def __init__(self):
        self.code = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def _key(self, bucket: jinja2.bccache.Bucket) -> tuple:
        env = bucket.environment
        autoescape = env.autoescape(bucket.key) if callable(env.autoescape) else env.autoescape
        syntax = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                  env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                  env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                  env.keep_trailing_newline)
        return (type(env), syntax, tuple(sorted(env.extensions)), tuple(sorted(env.filters)), tuple(sorted(env.tests)),
                autoescape, env.optimized, env.is_async, env.finalize is not None, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        bucket.code = self.code.get(self._key(bucket))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[self._key(bucket)] = bucket.code


def _with_compiled_templates(init):
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if self.bytecode_cache is None:
            self.bytecode_cache = COMPILED_TEMPLATES
    return __init__


COMPILED_TEMPLATES = CompiledTemplates()
jinja2.Environment.__init__ = _with_compiled_templates(jinja2.Environment.__init__)

@dataclass
class Build:
    returncode: int
    output: str  # stdout and stderr together, as a contributor sees them
    site: Path



@dataclass(frozen=True)
class NoteParser:
    """Synthetic note text parsed against one test catalog's schema, in memory (no files, no build)."""

    schema: object  # a serverless_notes.model.NoteSchema

    def parse(self, text: str, service_id: str = "example"):
        from serverless_notes.loader import parse_note
        return parse_note(service_id, text, Path(f"docs/services/{service_id}.md"), self.schema)

    def problems(self, text: str) -> list[str]:
        """The problems the note is refused with, as the contributor reads them."""
        from serverless_notes.problems import NotesError
        with pytest.raises(NotesError) as error:
            self.parse(text)
        return [str(problem) for problem in error.value.problems]


@functools.cache
def real_registry():
    """The real notes' registry, loaded once per process (test modules read it at import; tests only read it)."""
    from serverless_notes.loader import load_registry
    return load_registry(ROOT / "docs")


def copy_project(destination: Path) -> Path:
    """A copy of the site sources (not the built site, not git) to change freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "small" / "docs"  # three synthetic services, two categories


def fixture_project(destination: Path) -> Path:
    """The project's config, theme and code around the small fixture site: tests that need a site, but
    not the real notes, stay green whatever the notes say (and build in a fraction of the time)."""
    copy_project(destination)
    shutil.rmtree(destination / "docs")
    shutil.copytree(FIXTURE_DOCS, destination / "docs")
    config = destination / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("\nnav:\n")
    end = text.index("\n\n", start + 1)
    config.write_text(text[:start] + "\nnav:\n  - Home: index.md" + text[end:], encoding="utf-8")
    return destination


def run_build(project: Path, *extra: str) -> Build:
    """`mkdocs build --strict` in `project`, exactly as from a shell."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    return Build(result.returncode, result.stdout + result.stderr, project / "site")


def build_in_process(project: Path, *, dirty: bool = False, strict: bool = True) -> Build:
    """`mkdocs build` in this process: what the command does (load_config, on_startup, build), faster.

    `strict=False` for `--dirty`: MkDocs itself warns about every dirty build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import Abort, MkDocsException

    if not dirty:
        # A fresh `mkdocs build` has no plugin state. MkDocs keeps plugins with on_startup in one cache per
        # process (for serve's rebuilds): without this, Material's search plugin would merge the index of the
        # last --dirty build in this process (another test's project) into this build's search index.
        MkDocsConfig.plugins.plugin_cache.clear()

    records: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: records.append(f"{record.levelname} - {record.getMessage()}")
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # as the `mkdocs` command does: its info lines are part of its output
    returncode = 0
    try:
        with contextlib.chdir(project):  # pymdownx.snippets reads base_path from the working directory
            config = load_config("mkdocs.yml", strict=strict)
            config.plugins.on_startup(command="build", dirty=dirty)
            try:
                build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
    except (Abort, MkDocsException) as error:
        records.append(f"ERROR - {error}")
        returncode = 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Build(returncode, "\n".join(records), project / "site")


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`serverless-notes ARGS` in `project`, run in this process: exit code, stdout and stderr as from a shell."""
    from serverless_notes import cli

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            returncode = cli.main(list(args))
        except SystemExit as exit:  # argparse's usage errors
            returncode = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(["serverless-notes", *args], returncode, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    return fixture_project(tmp_path / "project")


T = TypeVar("T")


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` once per test run, even with several xdist workers (`pytest -n`): the first worker to
    ask makes it in a folder they all share while the others wait, then they all get its result.
    For what tests only read (a built site); `make` returns something picklable (paths, a Build)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / f"once-{name}"
    result = folder.with_suffix(".pickle")
    with FileLock(folder.with_suffix(".lock")):
        if result.exists():
            return pickle.loads(result.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)  # a worker before this one failed half-way
        folder.mkdir()
        value = make(folder)
        result.write_bytes(pickle.dumps(value))
        return value


def _real_build(folder: Path) -> Build:
    build = build_in_process(copy_project(folder / "project"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real project's strict build, once per test run (in-process, shared by xdist workers: tests only read it)."""
    return once_per_run(tmp_path_factory, "real-build", _real_build)


@pytest.fixture(scope="session")
def built_site(real_build: Build) -> Path:
    return real_build.site


# --- browser ------------------------------------------------------------------------------

def pytest_collection_modifyitems(items):
    """A test that drives Chromium is a browser test, marked or not: `pytest -m "not browser"` runs without it."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (f"Chromium not found at {CHROMIUM}: install Debian's chromium "
                   "(sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serious_accessibility_violations(page) -> list[tuple[str, list]]:
    """axe-core's serious and critical violations on `page`, each rule with its first nodes. Every rule runs in
    both schemes: colour contrast, the slowest, is the one that differs between them."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
            if v["impact"] in ("serious", "critical")]


LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class RequestLog:
    """Aborts and records every request that would leave this machine."""

    def __init__(self):
        self.external: list[str] = []

    def handle(self, route):
        url = route.request.url
        host = url.split("/")[2] if "://" in url else ""
        if url.startswith(LOCAL_SCHEMES) or host.split(":")[0] in LOCAL_HOSTS or host.startswith("[::1]"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture
def offline_page(browser):
    """A page whose non-local requests are aborted and counted (`page.requests.external`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = RequestLog()
    context.route("**/*", page.requests.handle)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


def open_search(page, base_url: str | None = None) -> None:
    """Opens Material's search box (on the site's home page at `base_url`, or on the page already open)."""
    if base_url is not None:
        page.goto(base_url + "index.html")
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box.click()


def search_results(page, base_url: str, query: str) -> list[str]:
    """Searches the open box for `query`; the results' links, relative to the site root.

    Material searches on each keyup, for the box's value: the box is emptied first (no results shown), then the
    whole query is entered and one key released, so the results shown next are this query's, not a part of it.
    """
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")
    meta.filter(has_text="matching").wait_for(state="detached", timeout=15_000)
    box.fill(query)
    box.press("End")
    meta.filter(has_text="matching").wait_for(timeout=15_000)
    links = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link",
                                      "links => links.map(link => link.href)")
    return [link.removeprefix(base_url).split("?")[0].split("#")[0] for link in links]


def search(page, base_url: str, query: str) -> list[str]:
    """Types a query into the search box of the site's home page at `base_url`; the results, as search_results."""
    open_search(page, base_url)
    return search_results(page, base_url, query)


@pytest.fixture(scope="session")
def search_page(browser):
    """`search_page(base_url)`: a page with the search box open on that site's home page, kept for the whole run
    and shared by the tests that only search (opening the page and loading its search index again for each query
    was most of their time; each search empties the box first). Its requests leaving the machine are aborted and
    counted (`page.requests.external`), its script errors kept (`page.js_errors`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = RequestLog()
    context.route("**/*", requests.handle)
    pages = {}

    def open_at(base_url: str):
        if base_url not in pages:
            page = context.new_page()
            page.requests, page.js_errors = requests, []
            page.on("pageerror", lambda error: page.js_errors.append(str(error)))
            open_search(page, base_url)
            pages[base_url] = page
        return pages[base_url]

    yield open_at
    context.close()


@contextlib.contextmanager
def served_over_http(site: Path):
    """`site` served over HTTP on localhost, as GitHub Pages would serve it; yields its base URL."""
    import threading

    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def hosted_site(built_site: Path):
    """The built site served over HTTP on localhost, as GitHub Pages would serve it."""
    with served_over_http(built_site) as base:
        yield base


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(__import__("http.server").server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a connection mid-response (a test's page closing) is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
