"""Scaffold a new service note: `python scripts/new_service.py kinesis --name "Amazon Kinesis Data Streams"
--category messaging`. The same as `serverless-notes new`; see CONTRIBUTING.md."""

import sys

from serverless_notes.cli import main

if __name__ == "__main__":
    sys.exit(main(["new", *sys.argv[1:]]))
