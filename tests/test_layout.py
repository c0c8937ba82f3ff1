"""The layout the README describes: an engine-agnostic core, and page paths spelled in one place."""

from __future__ import annotations

import re

from conftest import ROOT

from serverless_notes import paths

PACKAGE = ROOT / "src/serverless_notes"
ADAPTER = {"mkdocs_hooks.py", "mkdocs_adapter"}


def test_the_core_imports_nothing_from_mkdocs():
    core = [path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in ADAPTER]
    assert len(core) > 10
    offenders = [path.name for path in core
                 if re.search(r"^\s*(from|import)\s+mkdocs\b", path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert offenders == []


def test_templates_name_generated_pages_through_paths():
    generated = [paths.OVERVIEW, paths.GLOSSARY, paths.COMPARISONS_INDEX, paths.PRINT_VIEW,
                 f"{paths.COMPARISONS_DIR}/"]
    templates = [*(PACKAGE / "templates").iterdir(), *(ROOT / "overrides").rglob("*.html")]
    spelled = {(template.name, name) for template in templates for name in generated
               if re.search(rf"['\"]{re.escape(name.removesuffix('.md'))}", template.read_text(encoding="utf-8"))}
    assert spelled == set()
