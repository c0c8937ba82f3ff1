"""The MkDocs adapter: event glue (`hooks`) and what only a MkDocs build needs (`build_outputs`)."""
