"""Python-Markdown adapter: expands ```compare blocks in any Markdown run through the extension.

MkDocs builds use the hooks module instead (it knows the page's file for error messages);
this extension serves engines that run Python-Markdown extensions but not MkDocs hooks
(e.g. Zensical), and plain `markdown.markdown(text, extensions=[...])`.

    markdown.markdown(text, extensions=[CompareExtension(docs_dir="docs", page="services/sqs.md")])
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .compare import expand_compare_blocks
from .loader import load_registry
from .registry import Registry
from .render import Renderer, as_markdown_block, relative_link


class CompareExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "docs_dir": ["docs", "Folder holding services/ and _data/catalog.yml"],
            # Not None: Python-Markdown turns options whose default is None into booleans.
            "registry": ["", "An already loaded Registry (skips reading docs_dir)"],
            "page": ["index.md", "Path of the page being converted, relative to docs_dir (for links)"],
            "directory_urls": [False, "Whether pages are built as page/index.html"],
        }
        super().__init__(**kwargs)
        self._registry: Registry | None = None

    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = self.getConfig("registry") or load_registry(Path(self.getConfig("docs_dir")))
        return self._registry

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalisation (30), before pymdownx.superfences and fenced_code (25).
        md.preprocessors.register(ComparePreprocessor(md, self), "serverless_notes_compare", 28)


class ComparePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: CompareExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        page = self.extension.getConfig("page")
        registry = self.extension.registry()
        renderer = Renderer(registry, relative_link(page, self.extension.getConfig("directory_urls")))
        path = Path(self.extension.getConfig("docs_dir")) / page

        def stash_table(table, indent: str) -> str:  # Python-Markdown's own way to carry raw HTML
            return as_markdown_block(self.md.htmlStash.store(renderer.comparison_table(table)), indent)

        return expand_compare_blocks("\n".join(lines), registry, stash_table, path).split("\n")


def makeExtension(**kwargs) -> CompareExtension:
    return CompareExtension(**kwargs)
