"""Problems found in contributor-edited files, reported as `file:line: field: message`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# Control and invisible formatting characters (terminal escapes, line breaks, bidi overrides).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def escape_control(text: object) -> str:
    """`text` on one line, with control characters shown as escapes (\\n, \\x1b, \\u202e).

    Problems echo values from the notes: raw, a value could move the terminal's cursor, or
    start a line with `::error` and forge a GitHub Actions annotation.
    """
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), str(text))


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return escape_control(f"{display_path(self.path)}:{self.line}: {where}{self.message}")


class NotesError(Exception):
    """One or more problems in the notes; str() gives one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path) -> str:
    """The path relative to the working directory when possible: short and clickable."""
    # Not resolve(): a symlink is reported under its own name, not its target's.
    for candidate in (Path(os.path.abspath(path)), Path(path).resolve()):
        try:
            return candidate.relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()
