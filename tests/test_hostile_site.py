"""One hostile payload in every text field of every data file, one real build, and no markup from it.

Notes are edited by anyone through pull requests: a value, title or abbreviation must be text
wherever it lands (page titles, meta tags, navigation, tables, generated Markdown, search index).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, once_per_run, run_build, search

from serverless_notes.loader import FRONT_MATTER

# Script tags, a javascript: Markdown link, an attribute list, a title break-out, an attribute
# break-out and YAML-meaningful ': ' and '#'. Each alert has its own number to tell them apart.
PAYLOAD = ('<script>alert(1)</script> [x](javascript:alert(2)) { onmouseover=alert(3) } '
           '</title><script>alert(4)</script> "><img src=x onerror=alert(5)>: # *e* `c` |')
URL_PAYLOAD = '?q="><svg/onload=alert(6)><script>alert(7)</script>'
# The abbreviations file is Markdown appended to every page, so it only takes plain text (checked
# by the loader); what Markdown could still make of a meaning is planted here.
ABBREVIATION_PAYLOAD = "[x](javascript:alert(8)) *e* `c`: onmouseover=alert(9) #"


# Names the navigation shows (short names, category labels, comparison titles) refuse '<' and '>'
# (Material copies a truncated one into a tooltip as HTML; see test_untrusted_input): they get the rest.
NAV_PAYLOAD = '[x](javascript:alert(2)) { onmouseover=alert(3) } &lt;b&gt; ": # *e* `c` |'


def hostile(value: str) -> str:
    return f"{value} {PAYLOAD}"


def hostile_nav(value: str) -> str:
    return f"{value} {NAV_PAYLOAD}"


NO_DIGITS = str.maketrans("", "", "0123456789")


def plant_in_facts(facts: dict, catalog: dict) -> None:
    text = catalog["attributes"].get
    for key, fact in facts.items():
        # A fact AWS does not state has no value; former values are planted like current ones.
        for entry in (fact, *fact.get("previously", [])):
            if "value" in entry and text(key, {}).get("type", "text") == "text":
                entry["value"] = hostile(entry["value"])
                if text(key, {}).get("kind", "text") != "text" and "amount" not in entry:
                    # A quantity row's value with digits must give its amount: the same markup, no digits.
                    entry["value"] = entry["value"].translate(NO_DIGITS)
            for field in ("note", "exam_trap"):
                if field in entry:
                    entry[field] = hostile(entry[field])
            entry["source"] = entry["source"] + URL_PAYLOAD


def plant_everywhere(docs: Path) -> int:
    """Every text field of every data file gets the payload; returns how many fields were changed."""
    planted = 0
    catalog_path = docs / "_data/catalog.yml"
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    for group in ("categories", "attributes"):
        for entry in catalog[group].values():
            # A quantity's unit is a word the schema checks the notes' amounts against, not free text.
            free_text = ("label", "description") + (("unit",) if entry.get("kind", "text") == "text" else ())
            for field in free_text:
                if field in entry:
                    entry[field] = (hostile_nav if (group, field) == ("categories", "label") else hostile)(entry[field])
                    planted += 1
    catalog_path.write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")

    for note in sorted((docs / "services").glob("*.md")):
        text = note.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        data = yaml.safe_load(match.group(1))
        for field in ("name", "summary"):
            data[field] = hostile(data[field])
        data["short_name"] = hostile_nav(data["short_name"])
        # Each note its own alias: two notes may not share one.
        data["aliases"] = [hostile(alias) for alias in data.get("aliases", [])] or [hostile(note.stem)]
        plant_in_facts(data["facts"], catalog)
        for variant in data.get("variants", {}).values():
            variant["name"] = hostile(variant["name"])
            if "summary" in variant:
                variant["summary"] = hostile(variant["summary"])
            plant_in_facts(variant.get("facts", {}), catalog)
        planted += 1
        front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
        note.write_text(f"---\n{front}---\n{text[match.end():]}", encoding="utf-8")

    comparisons_path = docs / "_data/comparisons.yml"
    comparisons = yaml.safe_load(comparisons_path.read_text(encoding="utf-8"))
    for page in comparisons:
        page["title"], page["intro"] = hostile_nav(page["title"]), hostile(page["intro"])
        planted += 2
    comparisons_path.write_text(yaml.safe_dump(comparisons, allow_unicode=True, sort_keys=False, width=10_000),
                                encoding="utf-8")

    concepts_path = docs / "_data/concepts.yml"
    if concepts_path.exists():
        concepts = yaml.safe_load(concepts_path.read_text(encoding="utf-8"))
        for concept in concepts:
            concept["term"], concept["definition"] = hostile(concept["term"]), hostile(concept["definition"])
            concept["also"] = [hostile(phrase) for phrase in concept.get("also", [])]
            concept["source"] += URL_PAYLOAD
            planted += 3
        concepts_path.write_text(yaml.safe_dump(concepts, allow_unicode=True, sort_keys=False, width=10_000),
                                 encoding="utf-8")

    abbreviations_path = docs / "_data/abbreviations.md"
    lines = abbreviations_path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if line.startswith("*["):
            lines[index] = f"{line} {ABBREVIATION_PAYLOAD}"
            planted += 1
    abbreviations_path.write_text("\n".join(lines), encoding="utf-8")
    return planted


def _hostile_site(folder: Path) -> Path:
    project = copy_project(folder / "project")
    assert plant_everywhere(project / "docs") > 0
    build = run_build(project)
    assert build.returncode == 0, build.output
    return build.site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return once_per_run(tmp_path_factory, "hostile-site", _hostile_site)  # tests only read it


ALERT = re.compile(r"alert\(\d\)")


def markup_from_data(soup: BeautifulSoup) -> list[str]:
    """Elements and attributes the payload could have created."""
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name == "title" and BeautifulSoup(str(value), "html.parser").find(True):
                found.append(f"<{element.name} title=...> holds markup (Material's tooltips show titles as HTML)")
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}=...>")
            if any(str(v).strip().lower().startswith(("javascript:", "data:text/html")) for v in values):
                found.append(f"<{element.name} {name}={values}>")
        if element.name == "script" and element.get("type") == "application/json":
            json.loads(element.string or "null")  # study data: inert JSON, whole (it did not break out)
        elif element.name == "script" and ALERT.search(element.string or ""):
            found.append(f"<script>{element.string}</script>")
        if element.name in ("img", "svg") and (element.get("src") == "x" or element.name == "svg"
                                               and "onload" in str(element)):
            found.append(f"<{element.name}> from data")
        if element.name in ("title", "textarea") and element.find(True):
            found.append(f"element inside <{element.name}>")
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_markup_from_data(hostile_site):
    problems = {}
    for page in html_pages(hostile_site):
        found = markup_from_data(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
        if found:
            problems[page.relative_to(hostile_site).as_posix()] = found[:5]
    assert not problems


def test_the_payload_is_shown_as_text(hostile_site):
    """Escaped, not dropped: a reader sees exactly what the note says."""
    soup = BeautifulSoup((hostile_site / "services/sqs.html").read_text(encoding="utf-8"), "html.parser")
    assert NAV_PAYLOAD in soup.title.get_text()  # the short name
    assert PAYLOAD in soup.find("meta", attrs={"name": "description"})["content"]
    assert PAYLOAD in soup.find("article").get_text()
    assert len(soup.head.find_all("title")) == 1
    comparison = BeautifulSoup((hostile_site / "compare/sqs-vs-sns-vs-mq.html").read_text(encoding="utf-8"),
                               "html.parser")
    assert NAV_PAYLOAD in comparison.title.get_text()
    text = comparison.find("article").get_text()
    assert NAV_PAYLOAD in text and text.count(PAYLOAD) >= 2  # the heading; the intro, the table and its traps
    glossary = BeautifulSoup((hostile_site / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    assert ABBREVIATION_PAYLOAD in glossary.find("article").get_text()


def test_the_search_index_holds_the_payload_as_text_only(hostile_site):
    """Material shows titles and texts of search results as HTML: each must be harmless markup."""
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    problems, with_payload = [], 0
    for doc in index["docs"]:
        for field in ("title", "text"):
            soup = BeautifulSoup(doc.get(field, ""), "html.parser")
            problems += [f"{doc['location']} {field}: {found}" for found in markup_from_data(soup)]
            if soup.find(["script", "img", "title"]):
                problems.append(f"{doc['location']} {field}: element from data")
            with_payload += PAYLOAD in soup.get_text()
        for tag in doc.get("tags", []):
            assert not BeautifulSoup(tag, "html.parser").find(True), tag
    assert not problems, problems[:10]
    assert with_payload > 0


AFFECTED_PAGES = ["services/sqs.html", "compare/sqs-vs-sns-vs-mq.html", "compare/messaging.html", "compare/index.html",
                  "overview.html", "glossary.html", "services/all-notes.html", "index.html"]


@pytest.mark.browser
def test_no_dialog_opens_on_the_affected_pages(hostile_site, offline_page):
    dialogs = []
    offline_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for page in AFFECTED_PAGES:
        offline_page.goto((hostile_site / page).as_uri())
        offline_page.wait_for_load_state("load")
        for element in offline_page.locator("article [title]").all()[:5]:  # Material's tooltips
            if element.is_visible():
                element.hover(timeout=2000)
    # Search results show titles and texts from the index as HTML.
    results = search(offline_page, hostile_site.as_uri() + "/", "onerror alert script")
    assert results
    offline_page.wait_for_timeout(500)
    assert dialogs == []


def test_tab_titles_name_the_site_once(built_site):
    """The home page's tab shows the site name alone; every other page "<page> - <site>"."""
    site_name = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.get_text(strip=True) == site_name
    for page in ("services/sqs.html", "compare/index.html", "glossary.html"):
        title = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser").title.get_text(strip=True)
        assert title.endswith(f" - {site_name}") and title.count(site_name) == 1, title
