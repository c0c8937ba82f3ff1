"""Problems found in contributor-edited files, reported as `file:line: field: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def escape_control(text: object) -> str:
    """`text` on one line, every unprintable character shown as an escape (\\n, \\x1b, \\xa0, \\u202e).

    Problems echo values from the notes: raw, a value could move the terminal's cursor, or
    start a line with `::error` and forge a GitHub Actions annotation; an invisible space in a
    key is easier to find when it shows.
    """
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in str(text))


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
    candidates = [Path(os.path.abspath(path))]
    try:
        candidates.append(Path(path).resolve())
    except (OSError, RuntimeError):  # a symlink loop: its own name is all there is
        pass
    for candidate in candidates:
        try:
            return candidate.relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()
