"""The real project builds strictly, into one output that works hosted and from disk."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_in_process, copy_project

from serverless_notes import paths
from serverless_notes.loader import FRONT_MATTER, load_abbreviations, load_registry
from serverless_notes.offline_zip import HOSTED_ONLY

CDN_HOSTS = re.compile(r"https?://(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
                       r"fonts\.gstatic\.com)")


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_strict_build_has_no_warnings(real_build):
    build = real_build  # the session's build: a second build of the same sources would say the same
    assert build.returncode == 0, build.output
    assert "INFO" in build.output  # its log was captured, so the checks below can fail
    assert "WARNING" not in build.output
    assert "ERROR" not in build.output


def test_pages_link_as_files_so_the_same_site_works_from_disk(built_site):
    soup = html(built_site, "services/sqs.html")
    hrefs = [a["href"] for a in soup.select("nav.md-nav a.md-nav__link[href]")]
    assert "sns.html" in hrefs and "../overview.html" in hrefs
    assert not [href for href in hrefs if href.endswith("/") and not href.startswith("http")]


def test_no_page_or_asset_of_ours_refers_to_a_cdn_or_google_fonts(built_site):
    # Material's own bundle names a CDN for mermaid, used only by pages with diagrams; the browser
    # tests prove no page here makes such a request.
    ours = [*built_site.rglob("*.html"), *(built_site / path.relative_to(ROOT / "overrides")
                                           for path in (ROOT / "overrides/assets").rglob("*.*"))]
    assert len(ours) > 20
    offenders = [str(path.relative_to(built_site)) for path in ours
                 if CDN_HOSTS.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_offline_search_shim_is_ours_and_local(built_site):
    scripts = [s.get("src") for s in html(built_site, "index.html").find_all("script") if s.get("src")]
    assert "assets/javascripts/iframe-worker-shim.js" in scripts
    assert (built_site / "assets/javascripts/iframe-worker-shim.js").is_file()
    assert (built_site / "search/search_index.js").read_text(encoding="utf-8").startswith("var __index = ")


def test_theme_has_light_dark_toggle_and_edit_links(built_site):
    soup = html(built_site, "services/sqs.html")
    schemes = {tag.get("data-md-color-scheme") for tag in soup.select("input[data-md-color-scheme]")}
    assert {"default", "slate"} <= schemes
    edit = soup.select_one("a.md-content__button[href*='/edit/main/docs/services/sqs.md']")
    assert edit is not None


def test_navigation_is_grouped_by_category(built_site):
    registry = load_registry(ROOT / "docs")
    service = next(iter(registry.services.values()))
    soup = html(built_site, f"services/{service.id}.html")
    top = soup.select("nav.md-nav--primary > ul > li")
    titles = [item.get_text(" ", strip=True).split("  ")[0] for item in top]
    categories = [category.label for key, category in registry.categories.items() if registry.services_in(key)]
    for category in categories:
        assert any(title.startswith(category) for title in titles), titles
    # The page's own category is open with its services; the others are pruned to one link.
    active = soup.select_one("nav.md-nav--primary > ul > li.md-nav__item--active")
    assert [a.get_text(strip=True) for a in active.select(":scope > nav > ul > li > a.md-nav__link")] == [
        s.short_name for s in registry.services_in(service.category)]
    assert len(soup.select("nav.md-nav--primary > ul > li.md-nav__item--pruned")) >= len(categories) - 1


SYNTHETIC_NOTES = 12  # an unpruned navigation grows the other page by 2.4% (1% allowed); 10 gave 2.0%


def test_each_abbreviation_is_explained_once_per_page_at_a_use_in_the_text(built_site):
    """abbr marks every use; serverless_notes.abbreviations keeps the first in running text (each marked
    use is a tooltip Material mounts on load). Never in headings, links or terms, where no underline shows."""
    defined = load_abbreviations(ROOT / "docs")
    marked_pages = 0
    for page in sorted(built_site.rglob("*.html")):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is None or page == built_site / paths.PRINT_VIEW.replace(".md", ".html"):  # notes one after another
            continue
        marked = [abbr.get_text() for abbr in article.select("abbr")]
        assert len(marked) == len(set(marked)), (page, sorted(marked))
        assert not article.select(":is(h1, h2, h3, h4, h5, h6, a, summary, caption, th, dt) abbr"), page
        assert set(marked) <= set(defined), page
        marked_pages += bool(marked)
        if page.parent.name != "services":
            continue
        for paragraph in article.select(":scope > p"):  # a note's prose: a term in its text is marked on the page
            text = "".join(part for part in paragraph.find_all(string=True) if not part.find_parent(["a", "code"]))
            for term in defined:
                if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
                    assert term in marked, (page, term, text[:80])
    assert marked_pages, "no page marks an abbreviation: the check above checked nothing"


def test_page_size_does_not_grow_with_notes_in_other_sections(tmp_path, built_site):
    """navigation.prune: a page carries its own section's links, not every note's."""
    registry = load_registry(ROOT / "docs")
    model = next(iter(registry.services.values()))  # copied again and again, so its category grows
    grown_category = model.category  # copies stay in it: a note may only give its own category's attributes
    other = next(s for s in registry.services.values() if s.category != grown_category)
    grown = registry.services_in(grown_category)[0]
    project = copy_project(tmp_path / "large")
    template = model.path.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(template)
    for number in range(SYNTHETIC_NOTES):
        # Each copy another service (one service, one note): its own name, short name and aliases.
        data = {**yaml.safe_load(front.group(1)), "name": f"Synthetic Service {number:04d}",
                "short_name": f"Synthetic {number:04d}", "aliases": [f"synthetic alias {number}"]}
        text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + template[front.end():]
        (project / "docs/services" / f"synthetic-{number:04d}.md").write_text(text, encoding="utf-8")
    large = build_in_process(project)
    assert large.returncode == 0, large.output
    # Material's template still loops over pruned items (lines of whitespace, before on_env trimmed
    # its blocks); compare the markup itself.
    page = f"services/{other.id}.html"
    before, after = _markup_size(built_site / page), _markup_size(large.site / page)
    assert after < before * 1.01, (before, after)
    # ...while the category that did grow really carries its new links, so the check can fail.
    page = f"services/{grown.id}.html"
    assert _markup_size(large.site / page) > _markup_size(built_site / page) + SYNTHETIC_NOTES * 50


def _markup_size(path: Path) -> int:
    return len(re.sub(r"\s+", " ", path.read_text(encoding="utf-8")))


def test_the_theme_leaves_out_whitespace_between_tags_and_nothing_else(small_project):
    """on_env trims the theme's block tags: pages lose the indented empty lines Material's templates leave,
    and nothing a reader sees (no text, and no space between two inline elements)."""
    trimmed = build_in_process(small_project)
    assert trimmed.returncode == 0, trimmed.output
    trimmed_site = trimmed.site.rename(small_project / "site-trimmed")
    # The same site with the templates' whitespace as Material writes it: a hook after ours undoes the setting.
    (small_project / "untrimmed.py").write_text(
        "def on_env(env, config, files):\n    env.trim_blocks = env.lstrip_blocks = False\n    return env\n",
        encoding="utf-8")
    config, ours = small_project / "mkdocs.yml", "  - src/serverless_notes/mkdocs_hooks.py\n"
    assert ours in config.read_text(encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(ours, ours + "  - untrimmed.py\n"), encoding="utf-8")
    plain = build_in_process(small_project)
    assert plain.returncode == 0, plain.output
    pages = sorted(path.relative_to(plain.site) for path in plain.site.rglob("*.html"))
    assert pages == sorted(path.relative_to(trimmed_site) for path in trimmed_site.rglob("*.html"))
    plain_bytes = trimmed_bytes = 0
    for page in pages:
        before = (plain.site / page).read_text(encoding="utf-8")
        after = (trimmed_site / page).read_text(encoding="utf-8")
        plain_bytes, trimmed_bytes = plain_bytes + len(before), trimmed_bytes + len(after)
        assert re.sub(r"\s+", "", before) == re.sub(r"\s+", "", after), page
        # Where a space went away entirely, it stood between two tags ("</li>\n<li>"), never inside text.
        gaps_before = [bool(gap) for gap in re.findall(r"\S(\s*)", before)]
        for (gap_before, match) in zip(gaps_before, re.finditer(r"\S(\s*)", after), strict=True):
            if gap_before and not match.group(1):
                at = match.end()
                assert after[at - 1] == ">" and after[at:at + 1] == "<", (page, after[at - 60:at + 60])
    assert trimmed_bytes < plain_bytes * 0.95, (trimmed_bytes, plain_bytes)  # 11% on this small site: it can fail


def test_offline_zip_holds_every_file_of_the_site_as_written(built_site):
    zip_path = built_site / "downloads/serverless-study-notes.zip"
    site_files = {path.relative_to(built_site).as_posix(): path for path in built_site.rglob("*")
                  if path.is_file() and path != zip_path}
    hosted_only = {name for name in site_files if name in HOSTED_ONLY}
    assert "search/search_index.json" in hosted_only  # read over HTTP only; from disk search reads the .js copy
    site_files = {name: path for name, path in site_files.items() if name not in hosted_only}
    with zipfile.ZipFile(zip_path) as bundle:
        assert bundle.testzip() is None
        contents = {name.removeprefix("serverless-study-notes/"): bundle.read(name) for name in bundle.namelist()}
    assert sorted(contents) == sorted(site_files)
    # Pages are read back from disk while the build runs: each must be the final file, the last one too.
    changed = [name for name, path in site_files.items() if contents[name] != path.read_bytes()]
    assert changed == []
