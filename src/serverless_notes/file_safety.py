"""File names in the docs and theme folders that no tool downstream should see.

A name with bytes that are not UTF-8 crashes MkDocs (and Zensical quietly builds nothing); a
newline or another control character in a name can end a log line and start a forged one (a
GitHub Actions `::error` annotation), or split a path in two where paths travel one per line.
Such names are refused before any engine lists the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem
from .text_safety import describe, invisible_characters


def unsafe_names(top: Path) -> list[Problem]:
    """Every file or folder under `top` whose name is not printable UTF-8 text."""
    problems = []
    for folder, dirs, files in os.walk(top):
        for name in sorted(dirs + files):
            if any("\udc80" <= char <= "\udcff" for char in name):  # bytes that were not UTF-8 (surrogateescape)
                problems.append(Problem(Path(folder) / name, 1, "", "the file name is not UTF-8 text; rename it"))
            elif invisible_characters(name):
                problems.append(Problem(Path(folder) / name, 1, "", "the file name holds the invisible or control "
                                        f"character(s) {describe(invisible_characters(name))}; rename it"))
        dirs[:] = [name for name in dirs if not invisible_characters(name)]
    return problems


def shadowed_theme_files(docs_dir: Path, theme_dirs: list[Path]) -> list[Problem]:
    """Files in docs/ at the path of a theme file (ours in overrides/, or the theme's own): the engine
    would silently serve the docs file instead, e.g. a `docs/assets/javascripts/study.js` for ours."""
    problems = []
    docs_dir = Path(docs_dir)
    for folder, _dirs, files in os.walk(docs_dir):
        for name in sorted(files):
            relative = (Path(folder) / name).relative_to(docs_dir)
            if relative.parts[0].startswith(("_", ".")) or relative.suffix == ".md":
                continue  # data and hidden files are not copied; pages are not theme files
            for theme_dir in theme_dirs:
                if (Path(theme_dir) / relative).is_file():
                    problems.append(Problem(docs_dir / relative, 1, "", f"would replace the theme's file "
                                            f"{relative.as_posix()} (from {Path(theme_dir).name}/); rename or "
                                            "move it, or edit the theme's copy"))
                    break
    return problems
