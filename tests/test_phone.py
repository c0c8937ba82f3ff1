"""Study on a phone (issue 21), checked without a browser: number search terms, page names for
sources, the deciding differences, the study lists, the service worker and the offline zip's
placeholder. Expectations come from the notes and the built site, never from a list of services."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_DOCS, ROOT, real_registry
from test_rebuilds import get, served  # noqa: F401, F811 (the `mkdocs serve` fixture)

from serverless_notes import paths, service_worker
from serverless_notes.deciding import MOST, deciding_differences
from serverless_notes.loader import load_comparison_pages, load_concepts, load_registry
from serverless_notes.offline_zip import HOSTED_ONLY, placeholder, write_archive
from serverless_notes.pages import comparison_specs
from serverless_notes.search_terms import quantity_phrases
from serverless_notes.source_titles import source_title
from serverless_notes.study import exam_traps, which_service_cues
from serverless_notes.study_pages import generate_study

REGISTRY = real_registry()


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


# --- search: quantities in the words students type ----------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("1 MiB (1,048,576 bytes) per message", ["1 MiB", "1 MB", "1048576 bytes"]),
    ("from 60 seconds to 1,209,600 seconds (14 days)", ["60 seconds", "1 minute", "1209600 seconds", "14 days"]),
    ("up to 86,400 s", ["86400 seconds", "1 day"]),  # not "1440 minutes", which "14 days" would find
    ("262,144 bytes (256 KiB)", ["262144 bytes", "256 KiB", "256 KB"]),
    ("15 minutes (900 seconds)", ["15 minutes", "900 seconds"]),
    ("128 MB to 10,240 MB", ["128 MB", "10240 MB"]),  # MB stays MB: "1 MiB" must not find every "1..." MB
    ("Up to 12.5 million subscriptions", []),
    ("1.5 GB", ["1.5 GB"]),
])
def test_quantities_are_listed_under_every_unit_a_search_uses(value, expected):
    assert quantity_phrases(value) == expected


def test_each_fact_search_entry_is_tagged_with_what_it_states(built_site):
    from serverless_notes.registry import fact_anchor

    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"] if "#fact-" in doc["location"]}
    checked = 0
    for service in REGISTRY.services.values():
        for variant, key, fact in service.own_facts():
            doc = entries[f"services/{service.id}.html#{fact_anchor(key, variant.id if variant else None)}"]
            value = REGISTRY.attributes[key].format(fact)
            about = f"{REGISTRY.attributes[key].label} {value}".lower()
            # What it is, its quantities, and those of its note's keywords it is about: not the note's whole list.
            assert {html.unescape(tag) for tag in doc.get("tags", [])} == {
                REGISTRY.attributes[key].label, *quantity_phrases(value)} | {
                term for term in service.search_terms if re.search(rf"(?<!\w){re.escape(term.lower())}(?!\w)", about)}
            for amount in re.findall(r"\b(\d+) MiB\b", value):  # searched as MB too
                assert {f"{amount} MiB", f"{amount} MB"} <= set(doc["tags"])
                checked += 1
    assert checked


# --- sources named, not raw URLs ------------------------------------------------------------------

@pytest.mark.parametrize("url, title", [
    ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html",
     "SQS visibility timeout (SQS Developer Guide)"),
    ("https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
     "Gettingstarted limits (Lambda Developer Guide)"),
    ("https://aws.amazon.com/about-aws/whats-new/2025/12/amazon-s3-maximum-object-size-50-tb/",
     "Amazon S3 maximum object size 50 TB (What's New, December 2025)"),
    ("https://aws.amazon.com/blogs/compute/some-post/", "Some post (AWS Compute Blog)"),
    ("https://aws.amazon.com/sqs/faqs/", "SQS FAQs (aws.amazon.com)"),
])
def test_a_source_is_named_from_its_url(url, title):
    assert source_title(url) == title


def test_a_note_ends_with_its_sources_folded_under_a_heading_with_an_id(built_site):
    for note in sorted((ROOT / "docs/services").glob("*.md")):
        article = soup_of(built_site, f"services/{note.stem}.html").select_one("article")
        section = article.select("section.sn-note-sources")
        assert len(section) == 1 and section[0].find_next_sibling() is None, note.stem
        heading = section[0].find("h2", id="sources")
        assert heading is not None and heading.find_parent("summary") is None  # a heading, not part of a button
        fold = section[0].select_one("details.sn-sources-fold")
        listed = fold.select("ol.sn-sources > li > a")
        assert f"{len(listed)} AWS page" in fold.summary.get_text()
        assert all(not link.get_text().startswith("http") and link["href"].startswith("https://") for link in listed)


def test_a_comparison_ends_with_its_sources_folded_under_its_heading(built_site):
    for spec in comparison_specs(REGISTRY, load_comparison_pages(ROOT / "docs", REGISTRY)):
        article = soup_of(built_site, paths.built_html(spec.path)).select_one("article")
        heading = article.find("h2", id="sources")
        fold = heading.find_next_sibling()
        assert fold.name == "details" and "sn-sources-fold" in fold["class"] and not fold.has_attr("open"), spec.path
        assert f"{len(spec.table.sources())} AWS page" in fold.summary.get_text()


# --- comparisons: the attributes that decide ----------------------------------------------------

SPECS = comparison_specs(REGISTRY, load_comparison_pages(ROOT / "docs", REGISTRY))


@pytest.mark.parametrize("spec", SPECS, ids=[spec.path for spec in SPECS])
def test_where_they_differ_names_only_the_deciding_attributes(built_site, spec):
    chosen = deciding_differences(spec.table)
    assert len(chosen) <= MOST
    for difference in chosen:
        values = [value for _, value in difference.values]
        assert all(values) and len(set(values)) == len(values)
        assert "AWS does not state this" not in values
    heading = soup_of(built_site, spec.path.removesuffix(".md") + ".html").find(id="where-they-differ")
    section = " ".join(el.get_text(" ") for el in heading.find_next_siblings()[:3])
    labels = [row.attribute.label for row in spec.table.differing_rows]
    if chosen:
        assert "look at" in section
        for difference in chosen:
            assert difference.row.attribute.label in section
            assert all(item.name in section for item, _ in difference.values)
    if len(labels) > MOST:  # never every attribute's name
        assert sum(label.lower() in section.lower() for label in labels) < len(labels)


def test_comparison_results_in_search_read_as_sentences(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    for spec in SPECS:
        page = next(doc for doc in index["docs"] if doc["location"] == spec.path.removesuffix(".md") + ".html")
        text = BeautifulSoup(page["text"], "html.parser").get_text()
        assert spec.intro.split(".")[0] in text  # the intro's first sentence, then no table cell
        values = {row.attribute.format(entry.fact) for row in spec.table.rows for cell in row.cells for entry in cell}
        assert not [value for value in values if len(value) > 20 and value in text], page["location"]


# --- study lists ------------------------------------------------------------------------------------

def test_which_service_is_one_card_per_service_with_a_category_jump_list(built_site):
    soup = soup_of(built_site, "practice/which-service.html")
    article = soup.select_one("article")
    assert article.select("table") == []
    guide = which_service_cues(REGISTRY)
    jumps = [link["href"] for link in article.select("nav.sn-jump a")]
    assert jumps == [f"#category-{category}" for category in guide]
    assert article.select_one("nav.sn-jump").parent.name != "p"  # a block of its own, data never read as Markdown
    assert all(article.find(id=jump[1:]) is not None for jump in jumps)
    text = article.get_text(" ")
    for category, cues in guide.items():
        section = article.find(id=f"category-{category}").find_next_sibling("div")
        names = [card.select_one(".sn-cue-card__name").get_text() for card in section.select(".sn-cue-card")]
        assert names == list(dict.fromkeys(cue.item.name for cue in cues))
        assert all(cue.text in text for cue in cues)


def test_exam_traps_are_cards_grouped_by_category(built_site):
    article = soup_of(built_site, "practice/exam-traps.html").select_one("article")
    traps = exam_traps(REGISTRY)
    assert article.select("table") == [] and len(article.select(".sn-cue-card")) == len(traps)
    categories = list(dict.fromkeys(trap.service.category for trap in traps))
    assert [link["href"] for link in article.select("nav.sn-jump a")] == [f"#category-{c}" for c in categories]
    assert all(link["aria-label"].startswith("AWS source for") for link in article.select(".sn-cue-card a.sn-src"))


def test_exam_traps_leave_out_a_category_without_traps(tmp_path):
    """A category none of whose facts has an exam trap gets no section (it once failed the build)."""
    docs = shutil.copytree(FIXTURE_DOCS, tmp_path / "docs")
    note = docs / "services/gamma.md"  # the fixture's one compute service
    note.write_text(re.sub(r"\n *exam_trap:.*", "", note.read_text(encoding="utf-8")), encoding="utf-8")
    registry = load_registry(docs)
    traps = exam_traps(registry)
    assert traps and {trap.service.category for trap in traps} < set(registry.categories)
    page = generate_study(registry).pages[paths.EXAM_TRAPS]
    page = page.blocks.inline(page.markdown)  # the cards travel as placeholders
    jumps = re.findall(r'href="#category-([^"]+)"', page)
    assert jumps == list(dict.fromkeys(trap.service.category for trap in traps))
    assert page.count('class="sn-cue-card"') == len(traps)


def test_glossary_has_an_a_to_z_jump_list(built_site):
    article = soup_of(built_site, "glossary.html").select_one("article")
    concepts = sorted(load_concepts(ROOT / "docs", REGISTRY), key=lambda concept: concept.term.lower())
    letters = list(dict.fromkeys(concept.term[0].upper() for concept in concepts))
    links = article.select("nav.sn-jump--letters a[href^='#concept-']")
    assert article.select_one("nav.sn-jump--letters").parent.name != "p"
    assert [link.get_text() for link in links] == letters
    for link in links:
        target = article.find(id=link["href"][1:])
        assert target is not None and target.get_text().strip()[0].upper() == link.get_text()


def test_home_reaches_practice_and_comparisons_before_the_cards_whose_lines_end_on_a_word(built_site):
    article = soup_of(built_site, "index.html").select_one("article")
    quick = article.select_one("nav.sn-quick")
    assert quick.find_next(class_="sn-cards") is not None  # before the service cards
    targets = {link["href"] for link in quick.select("a")}
    assert {"practice/exam.html", "compare/index.html"} <= targets
    assert all((built_site / target).is_file() for target in targets)
    summaries = {service.short_name: service.summary for service in REGISTRY.services.values()}
    for card in article.select(".sn-cards:not(.sn-cards--study) li"):
        line = card.select_one(".sn-cards__line").get_text()
        summary = summaries[card.select_one(".sn-cards__name").get_text()]
        shown = line.removesuffix("…")
        assert summary.startswith(shown) and (len(shown) == len(summary) or not summary[len(shown)].isalnum())


def test_what_changed_shows_no_note_addressed_to_reviewers(built_site):
    text = soup_of(built_site, "what-changed.html").select_one("article").get_text(" ")
    assert "For reviewers" not in text and "not readable" not in text


# --- offline: service worker, manifest, zip ---------------------------------------------------------

def test_service_worker_precaches_every_page_the_search_index_and_the_study_assets(built_site):
    source = (built_site / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(re.match(r"const PRECACHE = (\{.*\});\n", source).group(1))
    files = set(precache["files"])
    pages = {path.relative_to(built_site).as_posix() for path in built_site.rglob("*.html")}
    assert pages <= files
    assert {"search/search_index.json", "manifest.webmanifest"} <= files
    assert {path for path in files if path.startswith("assets/")} == {
        path.relative_to(built_site).as_posix() for path in (built_site / "assets").rglob("*") if path.is_file()}
    assert all((built_site / path).is_file() for path in files)
    assert not any(path.endswith((".zip", ".apkg")) or path == "sw.js" for path in files)
    assert re.fullmatch(r"[0-9a-f]{16}", precache["version"])
    assert "http" not in source.split("\n", 1)[1].replace("https:", "").replace("http:", "")  # no other origin


def test_service_worker_version_follows_the_files(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "assets/app.css").write_text("body {}", encoding="utf-8")
    (site / "downloads").mkdir()
    (site / "downloads/serverless-study-notes.zip").write_bytes(b"zip")
    first = service_worker.write(site).read_text(encoding="utf-8")
    assert service_worker.write(site).read_text(encoding="utf-8") == first  # same files, same bytes
    assert '"files": ["assets/app.css", "index.html"]' in first
    (site / "index.html").write_text("<h1>Home, rebuilt</h1>", encoding="utf-8")
    assert service_worker.write(site).read_text(encoding="utf-8") != first


def test_service_worker_named_from_the_zips_checksums_is_the_one_named_from_the_files(tmp_path):
    """The build names the worker from the checksums the offline zip computed; they must give the same version."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "assets/app.css").write_text("body {}", encoding="utf-8")
    (site / "manifest.webmanifest").write_text("{}", encoding="utf-8")  # precached, but not in the zip
    checksums = write_archive(site, site / paths.OFFLINE_ZIP)
    assert set(checksums) == {"index.html", "assets/app.css"}
    from_zip = service_worker.write(site, checksums).read_text(encoding="utf-8")
    assert service_worker.write(site).read_text(encoding="utf-8") == from_zip
    (site / "manifest.webmanifest").write_text('{"name": "x"}', encoding="utf-8")
    assert service_worker.write(site, checksums).read_text(encoding="utf-8") != from_zip


def test_manifest_names_the_site_and_stays_in_its_scope(built_site):
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["start_url"] == manifest["scope"] == "./"
    assert all((built_site / icon["src"]).is_file() for icon in manifest["icons"])
    assert "http" not in json.dumps(manifest)


def test_the_zip_placeholder_is_a_zip_that_says_where_the_real_one_is():
    with zipfile.ZipFile(io.BytesIO(placeholder())) as archive:
        (name,) = archive.namelist()
        assert "mkdocs build" in archive.read(name).decode()
    assert {"sw.js", "manifest.webmanifest"} <= HOSTED_ONLY


def test_the_offline_zip_leaves_the_service_worker_out(built_site):
    with zipfile.ZipFile(built_site / "downloads/serverless-study-notes.zip") as archive:
        names = archive.namelist()
    assert not any(name.endswith(("/sw.js", "/manifest.webmanifest")) for name in names)


def test_serve_offers_a_zip_that_says_how_to_get_the_real_one_and_no_service_worker(served):  # noqa: F811
    """`mkdocs serve` writes no offline zip: its URL gives a small zip that says so, not 0 bytes. And no
    service worker, which would keep showing a page from before an edit."""
    import urllib.request

    with urllib.request.urlopen(served + "downloads/serverless-study-notes.zip", timeout=10) as response:
        data = response.read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any("mkdocs build" in archive.read(name).decode() for name in archive.namelist())
    assert get(served + "sw.js") == ""
