"""Checks the theme overrides against the installed Material, and leaves out of the site the theme files
no page uses (a second, tiny hooks module).

overrides/main.html copies a block of Material's base.html (to escape page data). A copy made from one
Material release can silently break or drop a fix in another, so the build stops unless the Material
version the copy names is the one installed (requirements/*.txt pin it).

Material copies its JavaScript source maps (about 1.2 MB, read only by developer tools) and the
search stemmers of some thirty languages into every site. The notes are in English, which needs
none of them; the offline zip is smaller without them too.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

COPIED_TEMPLATE = "main.html"  # in the theme's custom_dir
MATERIAL_VERSION_IN_TEMPLATE = re.compile(r"mkdocs-material[- ](\d+(?:\.\d+)+)")  # "copied from mkdocs-material 9.8.2"

SEARCH_LANGUAGE_FILES = "assets/javascripts/lunr/"  # stemmers and word splitters for languages other than English


def unused_theme_file(path: str, search_languages: list[str]) -> bool:
    if path.endswith(".map"):
        return True
    return path.startswith(SEARCH_LANGUAGE_FILES) and set(search_languages) <= {"en"}


def copied_material_versions(template: str) -> set[str]:
    """Every Material version the template names: where its block was copied from, and its generator tag."""
    return set(MATERIAL_VERSION_IN_TEMPLATE.findall(template))


def check_copied_theme_block(template_path: str, recorded: set[str], installed: str) -> None:
    if recorded == {installed}:
        return
    copied = ", ".join(sorted(recorded)) or "no version"
    raise PluginError(
        f"{template_path}: copies a block of mkdocs-material {copied}, but mkdocs-material {installed} is "
        f"installed: install the locked versions (pip install --require-hashes -r requirements/site.txt), or, "
        f"to move to {installed}, re-copy the block from its material/templates/base.html (escaping page data "
        f"as before) and write {installed} where {template_path} names the version it was copied from")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    custom_dir = config.theme.custom_dir
    template = Path(custom_dir, COPIED_TEMPLATE) if custom_dir else None
    if template is not None and template.is_file():
        shown = Path(custom_dir).name + "/" + COPIED_TEMPLATE  # as in the repository: overrides/main.html
        check_copied_theme_block(shown, copied_material_versions(template.read_text(encoding="utf-8")),
                                 version("mkdocs-material"))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    search = config.plugins.get("material/search")
    languages = list(search.config.lang or ["en"]) if search is not None else ["en"]
    for file in list(files):
        if not file.is_documentation_page() and unused_theme_file(file.src_uri, languages):
            files.remove(file)
    return files
