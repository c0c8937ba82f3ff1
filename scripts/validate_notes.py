"""Check every note without building the site: `python scripts/validate_notes.py`.
The same as `serverless-notes validate`; exits 1 with one line per problem."""

import sys

from serverless_notes.cli import main

if __name__ == "__main__":
    sys.exit(main(["validate", *sys.argv[1:]]))
