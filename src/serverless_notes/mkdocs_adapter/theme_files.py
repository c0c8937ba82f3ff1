"""Leaves out of the site the theme files no page uses (a second, tiny hooks module).

Material copies its JavaScript source maps (about 1.2 MB, read only by developer tools) and the
search stemmers of some thirty languages into every site. The notes are in English, which needs
none of them; the offline zip is smaller without them too.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

SEARCH_LANGUAGE_FILES = "assets/javascripts/lunr/"  # stemmers and word splitters for languages other than English


def unused_theme_file(path: str, search_languages: list[str]) -> bool:
    if path.endswith(".map"):
        return True
    return path.startswith(SEARCH_LANGUAGE_FILES) and set(search_languages) <= {"en"}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    search = config.plugins.get("material/search")
    languages = list(search.config.lang or ["en"]) if search is not None else ["en"]
    for file in list(files):
        if not file.is_documentation_page() and unused_theme_file(file.src_uri, languages):
            files.remove(file)
    return files
