"""Contributing by pull request: the documented one-file path for a new service, the checks a
pull request runs, freshness of facts, and what each page tells its reader."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_in_process, run_cli

KINESIS_FACTS = {
    "management_model": "Serverless in on-demand capacity mode; you choose shards in provisioned mode",
    "pricing_model": "Per shard-hour or per stream-hour and GB of data, by capacity mode",
    "use_when": "Many producers stream records that several consumers read and replay in order",
    "messaging_pattern": "Data stream: an ordered, replayable log split into shards",
    "delivery_model": "Pull: consumers read from shards, or receive them with enhanced fan-out",
    "protocols": "AWS SDK and the Kinesis Producer and Client Libraries over HTTPS",
    "ordering": "Ordered within a shard, by partition key",
    "delivery_guarantee": "At-least-once: consumers can see a record more than once",
    "max_message_size": "10 MiB per record",
    "retention": "24 hours by default, up to 365 days",
    "message_rate": "Per shard: 1,000 records per second in",
}


def contributing_command(prefix: str) -> list[str]:
    """The exact command the contributing guide (docs/contributing.md; CONTRIBUTING.md points to it) gives."""
    text = (ROOT / "docs/contributing.md").read_text(encoding="utf-8")
    line = next(line.strip() for line in text.splitlines() if line.strip().startswith(prefix))
    return shlex.split(line)


def fill_placeholders(path: Path) -> None:
    """What a contributor does by hand: real text and sourced facts in place of every TODO."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'summary: "TODO: [^"]*"',
                  "summary: Real-time data streams that many consumers can read and replay in order.", text)
    # Aliases no note has (one alias names one service), so the test holds once the notes have Kinesis.
    text = text.replace("aliases: []", "aliases: [test-only stream, test-only shards]")
    for key, value in KINESIS_FACTS.items():
        label = re.search(rf'  {key}:.*\n    value: "(TODO: [^"]+)"', text).group(1)
        text = text.replace(f'"{label}"', json.dumps(value), 1)
    text = text.replace("source: TODO", "source: https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html")
    text = text.replace("checked: TODO", f"checked: {date.today().isoformat()}")
    # The amount of a quantity attribute restates the first number of its value, as validate requires.
    text = re.sub(r'(value: "([^"\n]*)"\n\s*amount: \{number: )TODO',
                  lambda m: m.group(1) + (re.findall(r"[\d,.]*\d", m.group(2)) or ["1"])[0].replace(",", ""), text)
    # Attributes the catalog gains later than this test: any value, as long as the YAML stays valid.
    text = re.sub(r'"TODO: [^"\n]*"', json.dumps("See the AWS page cited."), text)
    text = re.sub(r"TODO: [^\n]+", "Kinesis Data Streams keeps an ordered log of records that consumers read at "
                  "their own pace; see [Amazon SQS](sqs.md) for a queue.", text)
    path.write_text(text, encoding="utf-8")


def a_note(project: Path) -> str:
    """The id of one of the notes, whichever they are."""
    return sorted(path.stem for path in (project / "docs/services").glob("*.md"))[0]


def test_a_new_service_is_a_one_file_change_and_appears_everywhere(project):
    command = contributing_command("python scripts/new_service.py")
    assert command[:3] == ["python", "scripts/new_service.py", "kinesis"]
    # The documented example under an id and a name no note has, so the test holds once the notes have
    # a kinesis.md.
    new_id = command[2] = "kinesis-test-only"
    name_at = command.index("--name") + 1
    new_name = command[name_at] = command[name_at] + " (test only)"
    category = command[command.index("--category") + 1]
    neighbour = next(path.stem for path in sorted((project / "docs/services").glob("*.md"))
                     if f"\ncategory: {category}\n" in path.read_text(encoding="utf-8"))
    scaffold = subprocess.run([sys.executable, *command[1:]], cwd=project, capture_output=True, text=True)
    assert scaffold.returncode == 0, scaffold.stderr
    note = project / f"docs/services/{new_id}.md"

    # Unfilled, the note cannot be merged by accident: the validator and the build reject it.
    rejected = run_cli(project, "validate")
    assert rejected.returncode == 1
    assert f"docs/services/{new_id}.md:5: summary: still contains the placeholder 'TODO'" in rejected.stderr
    assert "facts.retention.source: not an https URL" in rejected.stderr
    assert build_in_process(project).returncode == 1

    fill_placeholders(note)
    assert run_cli(project, "validate").returncode == 0, run_cli(project, "validate").stderr
    (project / "docs/offline.md").write_text(
        (project / "docs/offline.md").read_text(encoding="utf-8")
        + f"\n```compare\nservices: [{new_id}, {neighbour}]\nrows: [ordering, retention]\n```\n", encoding="utf-8")
    build = build_in_process(project)
    assert build.returncode == 0, build.output

    site = build.site
    neighbour_page = BeautifulSoup((site / f"services/{neighbour}.html").read_text(encoding="utf-8"), "html.parser")
    messaging = neighbour_page.select_one("nav.md-nav--primary > ul > li.md-nav__item--active")
    assert new_name in messaging.get_text()  # navigation, in its category
    overview = (site / "overview.html").read_text(encoding="utf-8")
    assert f'href="services/{new_id}.html"' in overview  # overview
    category = BeautifulSoup((site / f"compare/{category}.html").read_text(encoding="utf-8"), "html.parser")
    assert new_name in category.select_one("table thead").get_text()  # category comparison
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"] == f"services/{new_id}.html" for doc in index["docs"])  # search
    assert any(doc["location"] == f"services/{new_id}.html#fact-max_message_size" for doc in index["docs"])
    offline = BeautifulSoup((site / "offline.html").read_text(encoding="utf-8"), "html.parser")
    assert "10 MiB per record" not in offline.get_text()  # not a requested row
    assert "Ordered within a shard" in offline.select_one("div.sn-compare").get_text()  # the block, folded rows too


def test_scaffold_refuses_bad_ids_categories_and_existing_notes(project):
    existing = a_note(project)
    for args, message in [
        (["new", "Kinesis!", "--name", "X", "--category", "messaging"], "is not a valid id"),
        (["new", "kinesis", "--name", "X", "--category", "streaming"], "unknown category 'streaming'; use one of"),
        (["new", existing, "--name", "X", "--category", "messaging"], "already exists; edit it instead"),
    ]:
        result = run_cli(project, *args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_stale_command_lists_old_facts_with_file_and_line(small_project):
    project = small_project  # the command and the build's notice are tested, not the notes
    old = (date.today() - timedelta(days=800)).isoformat()
    note = a_note(project)
    path = project / f"docs/services/{note}.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()  # the first fact's date (exam_scope and scenarios carry dates too, before facts:)
    first_checked = next(line for line in lines[lines.index("facts:"):] if line.strip().startswith("checked:"))
    path.write_text(text.replace(first_checked, first_checked.split(":")[0] + f": {old}", 1), encoding="utf-8")
    line = text.splitlines().index(first_checked) + 1

    result = run_cli(project, "stale", "--github")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"docs/services/{note}.md:{line}: facts.")
    assert f"checked {old}; re-read https://" in lines[0]
    assert lines[1].startswith(f"::warning file=docs/services/{note}.md,line={line},title=Stale AWS fact::")
    assert lines[-1] == "1 fact(s) checked more than 12 months ago."
    assert run_cli(project, "stale", "--months", "30").stdout.strip() == "No fact is older than 30 months."
    build = build_in_process(project)  # a stale fact is mentioned, and does not fail a strict build
    assert build.returncode == 0, build.output
    assert "1 fact(s) were checked more than 12 months ago" in build.output


def test_last_updated_date_comes_from_git_and_is_absent_without_history(small_project):
    project = small_project  # the date's source is tested, not the notes
    page = f"services/{a_note(project)}.html"
    without_git = build_in_process(project)
    note = BeautifulSoup((without_git.site / page).read_text(encoding="utf-8"), "html.parser")
    assert note.select_one(".md-source-file") is None  # no history, no made-up date
    env = {"GIT_AUTHOR_DATE": "2026-03-14T12:00:00Z", "GIT_COMMITTER_DATE": "2026-03-14T12:00:00Z",
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "notes"]):
        subprocess.run(command, cwd=project, check=True, env=env)
    with_git = build_in_process(project)
    note = BeautifulSoup((with_git.site / page).read_text(encoding="utf-8"), "html.parser")
    assert note.select_one(".md-source-file").get_text(" ", strip=True) == "Last updated 14 March 2026"


def test_every_page_has_an_edit_link_to_its_source_and_a_description(built_site):
    expectations = {
        "services/sqs.html": "/edit/main/docs/services/sqs.md",
        "index.html": "/edit/main/docs/index.md",
        "compare/sqs-vs-sns-vs-mq.html": "/edit/main/docs/_data/comparisons.yml",
        "compare/messaging.html": "/edit/main/docs/_data/catalog.yml",
        "glossary.html": "/edit/main/docs/_data/concepts.yml",
    }
    for page, edit in expectations.items():
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("a.md-content__button")["href"].endswith(edit), page
    site_wide = "Study notes on AWS serverless services, with comparison tables generated from sourced facts."
    for page in [*expectations, "overview.html", "services/lambda.html", "offline.html"]:
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("meta[name=description]")["content"] not in ("", site_wide), page
    sqs = BeautifulSoup((built_site / "services/sqs.html").read_text(encoding="utf-8"), "html.parser")
    assert sqs.select_one("meta[name=description]")["content"].startswith("Fully managed message queue")


def test_site_has_a_sitemap_with_absolute_urls_and_a_404_that_leads_back(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://serverless-study-notes.github.io/serverless-study-notes/services/sqs.html</loc>" in sitemap
    not_found = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in not_found.select("article a")]
    assert any(link.endswith("overview.html") for link in links)
    assert any(link.endswith("index.html") or link.endswith("/") for link in links)


# --- repository files that GitHub reads -----------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def check_schema(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True)


def test_workflows_pass_the_github_workflow_schema():
    assert {path.name for path in WORKFLOWS} == {"pull-request.yml", "deploy.yml", "verify-sources.yml"}
    result = check_schema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
                      .replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1), encoding="utf-8")
    assert check_schema("vendor.github-workflows", broken).returncode == 1


def test_issue_form_and_config_pass_their_schemas():
    form = ROOT / ".github/ISSUE_TEMPLATE/fact-wrong-or-outdated.yml"
    assert check_schema("vendor.github-issue-forms", form).returncode == 0
    assert check_schema("vendor.github-issue-config", ROOT / ".github/ISSUE_TEMPLATE/config.yml").returncode == 0
    assert "Official AWS source" in form.read_text(encoding="utf-8")


def test_workflows_run_what_contributors_run():
    pull_request = (ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    for step in ("serverless-notes validate", "mkdocs build --strict", "pytest", "apt-get install -y "
                 "--no-install-recommends chromium", "actions/upload-artifact"):
        assert step in pull_request
    deploy = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    for step in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages",
                 "site/downloads/serverless-study-notes.zip"):
        assert step in deploy


@pytest.mark.parametrize("tool", ["ruff", "codespell"])
def test_pre_commit_tools_pass_on_the_repository(tool):
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert tool in config and "serverless-notes validate" in config
    command = {"ruff": [sys.executable, "-m", "ruff", "check", "."],
               "codespell": [sys.executable, "-m", "codespell_lib", "docs", "README.md", "CONTRIBUTING.md"]}[tool]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_commands_use_a_virtual_environment_and_ci_runs_the_test_command():
    """System pip refuses to install on Debian and Ubuntu (PEP 668): the commands make their own venv."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme.split("## Quick start", 1)[1].split("\n## ", 1)[0],
                          flags=re.DOTALL)
    assert len(commands) == 2
    serve, test = (command.splitlines() for command in commands)
    for command, lock, run in ((serve, "site", "mkdocs serve"), (test, "test", "pytest")):
        # Two lines: a virtual environment, then the locked packages (hash-checked), the project and the command.
        assert command == ["python3 -m venv .venv && . .venv/bin/activate",
                           f"pip install --require-hashes -r requirements/{lock}.txt "
                           f"&& pip install --no-deps --no-build-isolation -e . && {run}"]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert ci[ci.index(test[0]) + 1] == test[1]
