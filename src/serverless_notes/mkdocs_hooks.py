"""Registered with `hooks:` in mkdocs.yml; the events live in `serverless_notes.mkdocs_adapter.hooks`.

MkDocs loads this file by path; the adapter is imported as a package module, so its state is
the same object however MkDocs loads this file (and survives `mkdocs serve` rebuilds).
"""

from serverless_notes.mkdocs_adapter.hooks import (  # noqa: F401  (MkDocs finds the events by name)
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_pre_build,
    on_serve,
    on_startup,
)
