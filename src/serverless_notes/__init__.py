"""Study notes on AWS serverless services: validated facts and the tables built from them.

The core (everything except ``mkdocs_hooks``, ``mkdocs_adapter`` and ``markdown_ext``) imports nothing from
MkDocs, so the same facts and renderers can serve another engine.
"""
