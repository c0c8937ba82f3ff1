"""When each file was last changed, from one `git log` for the whole folder.

Built from a tarball or a shallow clone, git knows less or nothing: then a file simply has
no date, and pages show none rather than a wrong one.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path


def last_changed(folder: Path) -> dict[str, date]:
    """Path relative to `folder` (POSIX) -> day of the last commit that touched it."""
    folder = Path(folder).resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", "."], cwd=folder,
                             capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = folder.relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    dates: dict[str, date] = {}
    for commit in log.split("\0")[1:]:
        day, *paths = commit.strip().splitlines()
        for path in paths:
            if path.startswith(prefix):
                dates.setdefault(path[len(prefix):], date.fromisoformat(day))  # newest commit comes first
    return dates
