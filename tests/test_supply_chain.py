"""What the site is built from: locked dependencies with hashes, Material's copied template block, pinned
actions with the least permissions, and the update bot that keeps them current."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from importlib.metadata import version

import pytest
import yaml
from conftest import ROOT, build_in_process, copy_project
from mkdocs.exceptions import PluginError
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from serverless_notes.mkdocs_adapter import theme_files

PROJECT = "serverless-study-notes"
REQUIREMENTS = ROOT / "requirements"


def lock_script():
    spec = importlib.util.spec_from_file_location("lock_dependencies", ROOT / "scripts/lock_dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOCKS = lock_script().LOCKS  # lock name -> the extras of pyproject.toml it adds


# --- the locks agree with pyproject.toml ---------------------------------------------------------

def lock_entries(text: str) -> list[tuple[Requirement, list[str], bool]]:
    """(pin, its hashes, whether pyproject.toml asks for it) for each package of a lock as uv writes it:
    `name==version ; marker \\`, its `--hash=` lines, then `# via` lines naming what needs it."""
    entries = []
    for block in re.split(r"\n(?=[^\s#])", text):
        lines = block.splitlines()
        if not lines or lines[0].startswith("#"):
            continue
        code = " ".join(line.rstrip("\\ ") for line in lines if not line.lstrip().startswith("#"))
        spec, *hashes = code.split("--hash=")
        comments = " ".join(line for line in lines if line.lstrip().startswith("#"))
        asked_for = f"{PROJECT} (pyproject.toml)" in comments
        entries.append((Requirement(spec.strip()), [h.strip() for h in hashes], asked_for))
    return entries


def lock_problems(required: list[Requirement], text: str) -> list[str]:
    """What is wrong between pyproject.toml's requirements (with the lock's extras) and a lock's text."""
    problems = []
    pinned: dict[str, list[str]] = defaultdict(list)
    top_level = set()
    for pin, hashes, asked_for in lock_entries(text):
        exact = [spec.version for spec in pin.specifier if spec.operator == "=="]
        if len(pin.specifier) != 1 or not exact:
            problems.append(f"{pin}: not pinned to one version")
            continue
        if not hashes or not all(h.startswith("sha256:") for h in hashes):
            problems.append(f"{pin}: no sha256 hash")
        pinned[canonicalize_name(pin.name)].append(exact[0])  # one per Python range where they differ
        if asked_for:
            top_level.add(canonicalize_name(pin.name))
    wanted = {canonicalize_name(requirement.name) for requirement in required}
    for requirement in required:
        versions = pinned.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement}: not in the lock")
        for pinned_version in versions or []:
            if not requirement.specifier.contains(pinned_version, prereleases=True):
                problems.append(f"{requirement}: the lock pins {pinned_version}")
    problems += [f"{name}: locked as asked for by pyproject.toml, which no longer asks for it"
                 for name in sorted(top_level - wanted)]
    return problems


def pyproject_requirements(extras: list[str]) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + [line for extra in extras for line in project["optional-dependencies"][extra]]
    return [Requirement(line) for line in lines]


def build_requirements() -> list[Requirement]:
    """The build backend pyproject.toml's [build-system] asks for (setuptools)."""
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    return [Requirement(line) for line in build_system["requires"]]


def test_every_lock_file_is_made_by_the_lock_script():
    assert {path.stem for path in REQUIREMENTS.glob("*.txt")} == set(LOCKS)


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_the_lock_satisfies_every_requirement_of_pyproject_and_its_build_backend_and_pins_each_with_hashes(name):
    text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
    assert "python scripts/lock_dependencies.py" in text.splitlines()[1]  # how to regenerate it, in its header
    assert lock_problems(pyproject_requirements(LOCKS[name]) + build_requirements(), text) == []


def test_the_lock_script_locks_the_build_backend_that_pyproject_asks_for():
    """`pip install --no-build-isolation` builds with what is installed: the backend must come from the lock."""
    script = lock_script()
    listed = [line.strip() for line in (ROOT / script.BUILD).read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    assert build_requirements()
    assert sorted(map(str, map(Requirement, listed))) == sorted(map(str, build_requirements()))
    for name, extras in LOCKS.items():
        assert script.BUILD in script.compile_command("uv", name, extras, [])



SYNTHETIC_LOCK = """\
# This file was autogenerated by uv via the following command:
#    python scripts/lock_dependencies.py
markdown==3.11.3 \\
    --hash=sha256:aaaa
    # via mkdocs
mkdocs==1.6.1 \\
    --hash=sha256:bbbb \\
    --hash=sha256:cccc
    # via serverless-study-notes (pyproject.toml)
pymdown-extensions==12.3 ; python_full_version < '3.11.5' \\
    --hash=sha256:dddd
    # via
    #   mkdocs
    #   serverless-study-notes (pyproject.toml)
pymdown-extensions==13.1.2 ; python_full_version >= '3.11.5' \\
    --hash=sha256:eeee
    # via serverless-study-notes (pyproject.toml)
"""


def test_the_lock_check_accepts_a_consistent_lock_and_names_each_disagreement():
    def problems(*lines: str, text: str = SYNTHETIC_LOCK) -> list[str]:
        return lock_problems([Requirement(line) for line in lines], text)

    assert problems("mkdocs>=1.6.1,<1.7", "pymdown-extensions>=10,<14") == []
    assert problems("mkdocs>=1.7", "pymdown-extensions>=10") == ["mkdocs>=1.7: the lock pins 1.6.1"]
    assert problems("mkdocs", "pymdown-extensions>=13") == ["pymdown-extensions>=13: the lock pins 12.3"]
    assert problems("mkdocs", "pymdown-extensions", "jinja2>=3") == ["jinja2>=3: not in the lock"]
    assert problems("mkdocs") == [
        "pymdown-extensions: locked as asked for by pyproject.toml, which no longer asks for it"]
    unhashed = SYNTHETIC_LOCK.replace("mkdocs==1.6.1 \\\n    --hash=sha256:bbbb \\\n    --hash=sha256:cccc\n",
                                      "mkdocs==1.6.1\n")
    assert problems("mkdocs", "pymdown-extensions", text=unhashed) == ["mkdocs==1.6.1: no sha256 hash"]
    ranged = SYNTHETIC_LOCK.replace("mkdocs==1.6.1", "mkdocs>=1.6")
    assert problems("mkdocs", "pymdown-extensions", text=ranged) == ["mkdocs>=1.6: not pinned to one version",
                                                                     "mkdocs: not in the lock"]


# --- Material: no vulnerable release, and the copied template block matches the installed one ------

def test_pyproject_refuses_material_releases_with_the_search_suggest_xss():
    """CVE-2026-73295: cross-site scripting in search.suggest (which mkdocs.yml turns on) below 9.7.7."""
    material = next(r for r in pyproject_requirements([]) if r.name == "mkdocs-material")
    assert not material.specifier.contains("9.7.6") and material.specifier.contains("9.7.7")
    assert "search.suggest" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def copied_versions() -> set[str]:
    return theme_files.copied_material_versions((ROOT / "overrides/main.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_the_lock_pins_material_to_the_version_the_theme_block_was_copied_from(name):
    pins = [pin for pin, _, _ in lock_entries((REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8"))
            if pin.name == "mkdocs-material"]
    assert pins and {spec.version for pin in pins for spec in pin.specifier} == copied_versions()


def test_the_installed_material_is_the_one_the_theme_block_was_copied_from():
    assert len(copied_versions()) == 1
    theme_files.check_copied_theme_block("overrides/main.html", copied_versions(), version("mkdocs-material"))


def test_the_version_check_names_both_versions_and_what_to_do():
    with pytest.raises(PluginError) as error:
        theme_files.check_copied_theme_block("overrides/main.html", {"9.8.2"}, "9.9.0")
    message = str(error.value)
    assert message.startswith("overrides/main.html: copies a block of mkdocs-material 9.8.2, but mkdocs-material "
                              "9.9.0 is installed")
    assert "requirements/site.txt" in message and "re-copy the block" in message
    with pytest.raises(PluginError, match="copies a block of mkdocs-material no version"):
        theme_files.check_copied_theme_block("overrides/main.html", set(), "9.9.0")


def test_a_build_whose_theme_block_names_another_material_version_fails_naming_both(tmp_path):
    installed = version("mkdocs-material")
    other = installed + ".1"  # any other release
    project = copy_project(tmp_path / "project")
    template = project / "overrides/main.html"
    template.write_text(template.read_text(encoding="utf-8").replace(installed, other), encoding="utf-8")
    build = build_in_process(project)
    assert build.returncode == 1
    assert (f"overrides/main.html: copies a block of mkdocs-material {other}, but mkdocs-material {installed} "
            "is installed") in build.output
    assert "Traceback" not in build.output


# --- workflows: actions pinned by commit, least permissions ----------------------------------------

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"uses:\s*(\S+)\s+#\s*v\d+(\.\d+)*\s*$")
# The actions that need a write permission, and which: a job may hold one only to run such an action.
NEEDS_WRITE = {"actions/deploy-pages": {"pages", "id-token"}}


def workflow_uses(workflow: dict) -> list[str]:
    uses = []
    for job in workflow.get("jobs", {}).values():
        uses += [job["uses"]] if "uses" in job else []  # a reusable workflow
        uses += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    return uses


def unpinned_actions(text: str) -> list[str]:
    """Each `uses:` that is not a local action or a full commit SHA with its version in a comment."""
    commented = {match.group(1) for match in map(VERSION_COMMENT.search, text.splitlines()) if match}
    return [uses for uses in workflow_uses(yaml.safe_load(text))
            if not uses.startswith("./") and not (PINNED.fullmatch(uses) and uses in commented)]


def write_scopes(permissions) -> set[str]:
    if permissions in ("write-all",):
        return {"write-all"}
    if not isinstance(permissions, dict):
        return set()  # "read-all", or none given: the workflow's (checked on its own)
    return {scope for scope, level in permissions.items() if level == "write"}


# Commands in `run:` steps that write with the job's token (the verify-sources workflow keeps one issue).
RUN_NEEDS_WRITE = {"gh issue create": {"issues"}, "gh issue edit": {"issues"}, "gh issue close": {"issues"}}


def permission_problems(text: str) -> list[str]:
    workflow = yaml.safe_load(text)
    top = workflow.get("permissions")
    problems = []
    if top is None:
        problems.append("no top-level permissions: jobs get the repository's default token permissions")
    elif write_scopes(top):
        problems.append(f"top-level permissions give every job {sorted(write_scopes(top))}")
    for name, job in workflow.get("jobs", {}).items():
        needed = set().union(*(scopes for uses in workflow_uses({"jobs": {name: job}})
                               for action, scopes in NEEDS_WRITE.items() if uses.split("@")[0] == action),
                             *(scopes for step in job.get("steps", []) for command, scopes in RUN_NEEDS_WRITE.items()
                               if command in step.get("run", "")))
        extra = write_scopes(job.get("permissions")) - needed
        if extra:
            problems.append(f"job {name}: write permissions it does not need: {sorted(extra)}")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path):
    text = path.read_text(encoding="utf-8")
    assert workflow_uses(yaml.safe_load(text))
    assert unpinned_actions(text) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_job_has_only_the_permissions_it_needs(path):
    assert permission_problems(path.read_text(encoding="utf-8")) == []


def test_the_checks_catch_a_tag_a_missing_comment_and_write_permissions_where_not_needed():
    sha = "0" * 40
    workflow = f"""
permissions:
  contents: read
  pages: write
jobs:
  build:
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@{sha}
      - uses: actions/cache@{sha} # v4.2.0
      - uses: ./.github/actions/local
  deploy:
    uses: owner/repo/.github/workflows/deploy.yml@main
    permissions:
      pages: write
      id-token: write
  publish:
    permissions:
      pages: write
      id-token: write
    steps:
      - uses: actions/deploy-pages@{sha} # v4.0.5
"""
    assert unpinned_actions(workflow) == ["actions/checkout@v4", f"actions/setup-python@{sha}",
                                          "owner/repo/.github/workflows/deploy.yml@main"]
    assert permission_problems(workflow) == [
        "top-level permissions give every job ['pages']",
        "job build: write permissions it does not need: ['contents']",
        "job deploy: write permissions it does not need: ['id-token', 'pages']",
    ]
    assert permission_problems("jobs: {build: {steps: []}}") == [
        "no top-level permissions: jobs get the repository's default token permissions"]


# --- pre-commit: each hook repository pinned by commit, its tag in a comment --------------------------

FROZEN_REV = re.compile(r"^\s*rev:\s*([0-9a-f]{40})\s+#\s*frozen:\s*\S+\s*$")  # as `pre-commit autoupdate --freeze`


def unpinned_hook_repos(text: str) -> list[str]:
    """Each hook repository (not `local` or `meta`) whose `rev:` is not a full commit SHA with its tag in a comment."""
    frozen = {match.group(1) for match in map(FROZEN_REV.match, text.splitlines()) if match}
    repos = yaml.load(text, yaml.BaseLoader)["repos"]  # every value as text: a SHA of digits is not a number
    return [f"{repo['repo']}@{repo.get('rev')}" for repo in repos
            if repo["repo"] not in ("local", "meta") and repo.get("rev") not in frozen]


def test_every_pre_commit_hook_repository_is_pinned_by_commit_with_its_tag_in_a_comment():
    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert any(repo["repo"] not in ("local", "meta") for repo in yaml.safe_load(text)["repos"])
    assert unpinned_hook_repos(text) == []


def test_the_pre_commit_check_catches_a_tag_and_a_missing_comment():
    sha = "0" * 40
    config = f"""repos:
  - repo: https://github.com/owner/tagged
    rev: v1.2.3
  - repo: https://github.com/owner/uncommented
    rev: {sha}
  - repo: https://github.com/owner/frozen
    rev: {"1" * 40}  # frozen: v1.2.3
  - repo: local
    hooks: []
"""
    assert unpinned_hook_repos(config) == ["https://github.com/owner/tagged@v1.2.3",
                                           f"https://github.com/owner/uncommented@{sha}"]


# --- installing the project: a hash-checked lock first, then the project built with what it installed ----

PROJECT_INSTALL = "pip install --no-deps --no-build-isolation -e ."
PIP_INSTALL = re.compile(r"pip install(?P<args>[^\n&|;`)]*)")


def install_problems(text: str) -> list[str]:
    """Each `pip install` of a text, in order: a lock is installed with --require-hashes, and the project only as
    PROJECT_INSTALL after such an install (without build isolation pip would fetch setuptools with no hash)."""
    problems, hashed = [], False
    for match in PIP_INSTALL.finditer(text):
        command, args = match.group(0).strip(), match.group("args").split()
        if "-r" in args or "--requirement" in args:
            if "--require-hashes" not in args:
                problems.append(f"{command}: installs a lock without --require-hashes")
            hashed = True
        elif any(arg.strip("'\"").startswith(".") for arg in args):  # the project: ".", ".[test]", "-e ."
            if command != PROJECT_INSTALL:
                problems.append(f"{command}: install the project as `{PROJECT_INSTALL}`")
            elif not hashed:
                problems.append(f"{command}: comes before a `pip install --require-hashes -r requirements/...`")
    return problems


# Every file that tells someone (or CI) how to install the project.
INSTALL_DOCS = sorted({*WORKFLOWS, ROOT / ".ci/run", ROOT / "README.md", ROOT / "CONTRIBUTING.md",
                       *(ROOT / "docs").rglob("*.md"), *(ROOT / "scripts").glob("*.py")})
MUST_INSTALL = {*WORKFLOWS, ROOT / ".ci/run", ROOT / "README.md", ROOT / "docs/contributing.md"}


@pytest.mark.parametrize("path", INSTALL_DOCS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_install_of_the_project_follows_a_hash_checked_lock_without_build_isolation(path):
    text = path.read_text(encoding="utf-8")
    assert install_problems(text) == []
    if path in MUST_INSTALL:
        assert PROJECT_INSTALL in text
        locks = re.findall(r"pip install --require-hashes -r requirements/(\w+)\.txt", text)
        assert locks and set(locks) <= set(LOCKS)


def test_the_install_check_names_each_unlocked_or_isolated_install():
    assert install_problems(f"pip install --require-hashes -r requirements/site.txt && {PROJECT_INSTALL}") == []
    assert install_problems(f"python -m pip install --require-hashes -r requirements/test.txt\n"
                            f"python -m {PROJECT_INSTALL}\npip install uv") == []
    assert install_problems("pip install --require-hashes -r requirements/site.txt && pip install --no-deps -e .") == [
        f"pip install --no-deps -e .: install the project as `{PROJECT_INSTALL}`"]
    assert install_problems(f"{PROJECT_INSTALL} && pip install --require-hashes -r requirements/site.txt") == [
        f"{PROJECT_INSTALL}: comes before a `pip install --require-hashes -r requirements/...`"]
    assert install_problems("pip install -r requirements/site.txt && pip install -e '.[test]'") == [
        "pip install -r requirements/site.txt: installs a lock without --require-hashes",
        f"pip install -e '.[test]': install the project as `{PROJECT_INSTALL}`"]
    assert install_problems("`python -m pip install -e .`") == [
        f"pip install -e .: install the project as `{PROJECT_INSTALL}`"]


# --- the update bot ---------------------------------------------------------------------------------

def test_dependabot_proposes_weekly_grouped_updates_for_the_python_locks_and_the_actions():
    path = ROOT / ".github/dependabot.yml"
    schema = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot",
                             str(path)], capture_output=True, text=True)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"pip", "github-actions"} <= set(updates)
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update.get("groups"), update["package-ecosystem"]
    pip = updates["pip"]
    directories = pip.get("directories", [pip.get("directory")])
    assert {"/", "/" + REQUIREMENTS.relative_to(ROOT).as_posix()} <= set(directories)
    assert {"dependency-type": "all"} in pip.get("allow", [])  # the locks pin indirect dependencies too
