"""Measure what a first view of the key pages costs: `python scripts/measure_pages.py`.

Serves a built site (built into a temp folder unless --site is given) from a local HTTP server,
opens each page once in a fresh headless Chromium (empty cache) at 375 x 812, waits until the
network is quiet, and adds up the bytes of every response twice: as transferred (gzip-compressed,
as GitHub Pages and most hosts send text; gzip at level 9 with no timestamp, so the figures are the
same on every run) and as stored on disk (uncompressed). --lighthouse also runs Lighthouse
(mobile preset) on the same pages: it needs `npm install lighthouse` (point --lighthouse-bin at its
`node_modules/.bin/lighthouse`) and CHROME_PATH, for example /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["index.html", "services/sqs.html", "compare/sqs-vs-sns-vs-mq.html", "practice/exam.html"]
BUDGET_KIB = 250
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, compressing text with gzip when the browser accepts it, like a real host."""

    def log_message(self, format, *args):  # one line per request would drown the table
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if self.server.plain or not (path.suffix in COMPRESSED and path.is_file()
                                     and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, plain: bool = False) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.plain = plain  # True: no compression, like a bare static file server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_view_bytes(browser, base: str, path: str) -> list[tuple[str, int, int]]:
    """(path, bytes transferred, bytes uncompressed) of every response of one first view (empty cache)."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base + path, wait_until="networkidle")
    sizes = []
    for response in responses:
        transferred = response.request.sizes()["responseBodySize"] + response.request.sizes()["responseHeadersSize"]
        try:
            stored = len(response.body())
        except Exception:  # redirects and aborted requests have no body
            stored = 0
        sizes.append((response.url.removeprefix(base), transferred, stored))
    context.close()
    return sizes


def lighthouse(binary: str, url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [binary, url, "--output=json", "--quiet", "--only-categories=performance,accessibility,best-practices,seo",
             f"--chrome-flags=--headless --no-sandbox --disable-gpu --user-data-dir={profile}"],
            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {name: category["score"] for name, category in report["categories"].items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build one into a temp folder)")
    parser.add_argument("--detail", action="store_true", help="list every response")
    parser.add_argument("--plain", action="store_true", help="serve without compression (the worst case)")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (mobile) on each page")
    parser.add_argument("--lighthouse-bin", default=os.environ.get("LIGHTHOUSE", "lighthouse"))
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="runs per page; the median is printed (scores move with the machine's load)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=ROOT,
                           check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        server, base = serve(site, args.plain)
        over_budget = False
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                print(f"{'first view of':40} {'transferred':>12} {'uncompressed':>13}")
                for path in PAGES:
                    sizes = first_view_bytes(browser, base, path)
                    transferred = sum(size for _, size, _ in sizes)
                    stored = sum(size for _, _, size in sizes)
                    # The stricter figure: what a host without compression sends.
                    over_budget |= stored > BUDGET_KIB * 1024
                    print(f"{path:40} {transferred / 1024:8.1f} KiB {stored / 1024:9.1f} KiB"
                          f"  ({len(sizes)} responses)")
                    if args.detail:
                        for name, sent, size in sorted(sizes, key=lambda item: -item[2]):
                            print(f"    {sent / 1024:8.1f} KiB {size / 1024:9.1f} KiB  {name}")
                browser.close()
            if args.lighthouse:
                os.environ.setdefault("CHROME_PATH", args.chromium)
                for path in PAGES:
                    runs = [lighthouse(args.lighthouse_bin, base + path) for _ in range(args.lighthouse_runs)]
                    print(f"{path:40} lighthouse, median of {len(runs)}: " + "  ".join(
                        f"{name} {statistics.median(run[name] for run in runs):.2f}" for name in runs[0]))
        finally:
            server.shutdown()
    print(f"budget {BUDGET_KIB} KiB per first view, uncompressed: {'EXCEEDED' if over_budget else 'met'}")
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
