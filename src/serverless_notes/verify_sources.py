"""`serverless-notes verify-sources`: is each fact's quote still on its AWS page?

A fact's `quote:` holds the words of its source page that state it. This module fetches each
page once (politely: one request per host per second, a timeout, retries, an on-disk cache),
extracts its text with the standard library's HTML parser, and looks for every quote, with
whitespace (and typographic quotes) ignored. `--mirror URL` reads https://HOST/PATH from
URL/HOST/PATH instead: a saved copy of the pages, or a local server in tests.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .problems import display_path
from .registry import Registry

USER_AGENT = "serverless-study-notes verify-sources (checks quoted AWS documentation; one request per second)"
TIMEOUT_SECONDS = 30
RETRIES = 2  # after the first try, for timeouts, connection errors, 429 and 5xx answers
INTERVAL_SECONDS = 1.0  # between two requests to the same host
CACHE_HOURS = 20  # a page read in the last run of the day is not fetched again
MAX_PAGE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class QuotedFact:
    path: str
    line: int  # of the `quote:` line
    field: str  # e.g. "variants.fifo.facts.throughput"
    url: str
    quote: str


def quoted_facts(registry: Registry) -> list[QuotedFact]:
    found = []
    for service in registry.services.values():
        for variant, key, fact in service.own_facts():
            if fact.quote:
                loc = service.fact_loc(variant, key)
                found.append(QuotedFact(display_path(service.path), service.lines.get((*loc, "quote"), 1),
                                        ".".join(loc), str(fact.source), fact.quote))
    return sorted(found, key=lambda fact: (fact.path, fact.line))


# --- text of a page ------------------------------------------------------------------------

SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
# Tags that separate words: "<td>10</td><td>MiB</td>" is "10 MiB", not "10MiB".
BLOCK_TAGS = {"p", "div", "br", "li", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
              "section", "article", "ul", "ol", "pre", "blockquote", "caption", "hr", "main", "header", "footer"}
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                            "\u2014": "-", "\u00ad": None, "\u200b": None})


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The words a reader sees on an HTML page, normalised for comparison."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return normalise("".join(parser.parts))


def normalise(text: str) -> str:
    """Whitespace (line breaks, non-breaking spaces) collapsed, typographic quotes and dashes made plain."""
    return " ".join(text.translate(TYPOGRAPHY).split())


# --- fetching --------------------------------------------------------------------------------

class Unreadable(Exception):
    """A page that could not be read: its text cannot confirm any quote."""


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects within the page's host only: a page moved to another host is not the cited page."""

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = self.fetcher.original_host(req.full_url), self.fetcher.original_host(newurl)
        if old != new:
            raise Unreadable(f"redirected to another host ({new or newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    mirror: str | None = None
    cache_dir: Path | None = None
    interval: float = INTERVAL_SECONDS
    timeout: float = TIMEOUT_SECONDS
    retries: int = RETRIES
    last_request: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(_SameHostRedirects(self))

    def location(self, url: str) -> str:
        """Where `url` is read from: itself, or its copy under the mirror."""
        if not self.mirror:
            return url
        parts = urlsplit(url)
        return f"{self.mirror.rstrip('/')}/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    def original_host(self, url: str) -> str:
        """The AWS host a (possibly mirrored) URL stands for."""
        if self.mirror and url.startswith(self.mirror.rstrip("/") + "/"):
            return url[len(self.mirror.rstrip("/")) + 1:].split("/", 1)[0]
        return urlsplit(url).netloc

    def text(self, url: str) -> str:
        """The page's normalised text; raises Unreadable."""
        cached = self._cached(url)
        if cached is not None:
            return cached
        text = page_text(self._fetch(self.location(url)))
        self._store(url, text)
        return text

    def _fetch(self, location: str) -> str:
        host = urlsplit(location).netloc
        for attempt in range(self.retries + 1):
            wait = self.last_request.get(host, 0) + self.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.last_request[host] = time.monotonic()
            request = urllib.request.Request(location, headers={"User-Agent": USER_AGENT})
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    body = response.read(MAX_PAGE_BYTES + 1)
                    charset = response.headers.get_content_charset() or "utf-8"
                if len(body) > MAX_PAGE_BYTES:
                    raise Unreadable(f"larger than {MAX_PAGE_BYTES // 2**20} MiB")
                return body.decode(charset, errors="replace")
            except urllib.error.HTTPError as error:
                if error.code != 429 and error.code < 500 or attempt == self.retries:
                    raise Unreadable(f"HTTP {error.code}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    raise Unreadable(f"no answer ({getattr(error, 'reason', error)})") from None
            time.sleep(min(2 ** attempt, 30) * self.interval)
        raise AssertionError("unreachable")

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{self.location(url)}".encode()).hexdigest()
        return self.cache_dir / f"{key}.json"

    def _cached(self, url: str) -> str | None:
        path = self._cache_file(url)
        try:
            entry = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None
        if entry and time.time() - entry.get("fetched", 0) < CACHE_HOURS * 3600 and entry.get("url") == url:
            return entry["text"]
        return None

    def _store(self, url: str, text: str) -> None:
        path = self._cache_file(url)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"url": url, "fetched": time.time(), "text": text}), encoding="utf-8")


# --- the check -----------------------------------------------------------------------------

@dataclass
class Report:
    checked: int = 0
    missing: list[QuotedFact] = field(default_factory=list)
    unreadable: dict[str, tuple[str, list[QuotedFact]]] = field(default_factory=dict)  # url -> (why, facts)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unreadable

    def lines(self) -> list[str]:
        out = [f"{fact.path}:{fact.line}: {fact.field}: quote no longer on {fact.url}" for fact in self.missing]
        for url, (why, facts) in self.unreadable.items():
            out += [f"{fact.path}:{fact.line}: {fact.field}: could not read {url} ({why}); quote not checked"
                    for fact in facts]
        if self.unreadable:
            out.append(f"Could not read {len(self.unreadable)} page(s):")
            out += [f"  {url}: {why}" for url, (why, _) in self.unreadable.items()]
        pages = "all found" if self.ok else (f"{len(self.missing)} no longer found, "
                                             f"{sum(len(f) for _, f in self.unreadable.values())} not checked")
        out.append(f"{self.checked} quote(s): {pages}.")
        return out


def verify(facts: Iterable[QuotedFact], fetcher: Fetcher) -> Report:
    """Fetches each page once, in order, and looks for each of its quotes."""
    by_url: dict[str, list[QuotedFact]] = {}
    for fact in facts:
        by_url.setdefault(fact.url, []).append(fact)
    report = Report()
    for url, quoted in by_url.items():
        report.checked += len(quoted)
        try:
            text = fetcher.text(url)
        except Unreadable as error:
            report.unreadable[url] = (str(error), quoted)
            continue
        report.missing += [fact for fact in quoted if normalise(fact.quote) not in text]
    report.missing.sort(key=lambda fact: (fact.path, fact.line))
    return report
