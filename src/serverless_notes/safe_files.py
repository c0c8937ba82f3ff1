"""Reading contributor-edited files safely: regular UTF-8 files under a size limit, no symlink out of
the docs folder, only notes in services/, and snippets only from docs/_data. Problems as file:line."""

from __future__ import annotations

import os
from pathlib import Path

from pymdownx.snippets import SnippetPreprocessor

from .file_safety import unsafe_names
from .paths import SERVICES_DIR
from .problems import NotesError, Problem, escape_control
from .svg_safety import unsafe_diagrams
from .text_safety import normalise_newlines

NOTE_EXTENSION = ".md"
MAX_FILE_BYTES = 256 * 1024  # a note is a page of text; a bigger file is a mistake (or an attack on the build)


def read_sources(docs_dir: Path, theme_dir: Path | None = None) -> dict[str, str]:
    """Every note's text by service id, after checking the whole docs tree for unsafe files.

    Call before anything reads a page: a symlink out of docs/ (say to /proc/self/environ or a
    token) must stop the build before its target reaches site/. In docs/services/ only `.md`
    files are notes; anything else there is an error, not a page built on the side. The theme's
    folder (`theme_dir`, MkDocs' custom_dir) is checked for symlinks too: MkDocs copies its files.
    """
    docs_dir = Path(docs_dir)
    problems = unsafe_files(docs_dir, theme_dir)
    if problems:  # nothing else is read while a link points out of docs/
        raise NotesError(problems)
    notes: dict[str, str] = {}
    services = docs_dir / SERVICES_DIR
    for path in sorted(services.iterdir()) if services.is_dir() else []:
        if path.name.startswith("."):
            continue  # editor and OS files; MkDocs ignores them too
        if path.is_symlink() and not path.exists():
            problems.append(Problem(path, 1, "", "is a symlink to a file that does not exist; remove it"))
        elif path.is_dir():
            problems.append(Problem(path, 1, "", f"is a folder; a note is one file {SERVICES_DIR.as_posix()}/<id>.md"))
        elif path.suffix != NOTE_EXTENSION:
            problems.append(Problem(path, 1, "", f"only '{NOTE_EXTENSION}' files are notes; rename it to "
                                    f"'{path.stem}{NOTE_EXTENSION}' or move it out of {SERVICES_DIR.as_posix()}/"))
        elif not any(problem.path == path for problem in problems):
            try:
                notes[path.stem] = read_text(path)
            except NotesError as error:
                problems.extend(error.problems)
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if relative.parts[0].startswith(("_", ".")) or not path.is_file():
            continue
        try:
            text = notes[path.stem] if relative.parent == SERVICES_DIR else read_text(path)
        except NotesError as error:
            problems.extend(error.problems)
            continue
        except KeyError:  # a note with a problem, reported above
            continue
        problems.extend(snippet_problems(path, text, docs_dir / SNIPPETS_DIR))
    try:
        problems += unsafe_diagrams(docs_dir, read_text)
    except NotesError as error:
        problems += error.problems
    if problems:
        raise NotesError(problems)
    return notes


SNIPPETS_DIR = Path("_data")  # the only folder pymdownx.snippets reads (its base_path in mkdocs.yml)
SNIPPET_LINE = SnippetPreprocessor.RE_ALL_SNIPPETS  # pymdownx's own syntax, so both agree on what a snippet is
SNIPPET_FILE = SnippetPreprocessor.RE_SNIPPET_FILE  # strips ":1:3" line ranges and ":section" names


def snippet_problems(path: Path, text: str, snippets_dir: Path) -> list[Problem]:
    """Each `--8<-- "file"` must name a file in docs/_data (a missing one crashes the Markdown conversion)."""
    problems, in_block = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        marker = SNIPPET_LINE.match(line)
        if in_block:
            if marker and marker["block_marker"]:
                in_block = False
                continue
            name = line.strip()
            if not name or name.startswith(";"):
                continue
        elif marker and not marker["escape"]:
            if marker["block_marker"]:
                in_block = True
                continue
            name = marker["snippet"][1:-1]
        else:
            continue
        file_name = SNIPPET_FILE.match(name).group(1) or name
        target = (snippets_dir / file_name).resolve()
        if not target.is_relative_to(snippets_dir.resolve()) or not target.is_file():
            problems.append(Problem(path, number, "", f"snippet '{escape_control(file_name)}' is not a file in "
                                    f"docs/{SNIPPETS_DIR.as_posix()}/; snippets include only files from that folder"))
    return problems


def unsafe_files(docs_dir: Path, theme_dir: Path | None = None) -> list[Problem]:
    """Links out of docs/ (or the theme's folder), link loops, and file names no tool should see."""
    tops = [Path(docs_dir)] + ([Path(theme_dir)] if theme_dir else [])
    return [problem for top in tops for problem in unsafe_names(top) + unsafe_links(top)]


def unsafe_links(top: Path) -> list[Problem]:
    """Symlinks under `top` (docs/, the theme's folder) that point outside it: MkDocs would copy
    their target (an environment, a token in .git/config) into the site."""
    problems = []
    root = top.resolve()
    for folder, dirs, files in os.walk(top):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            try:
                target = path.resolve(strict=path.exists())
            except (OSError, RuntimeError):  # ELOOP, or Python's own "Symlink loop"
                problems.append(Problem(path, 1, "", "is a symlink loop (it leads back to itself); remove it"))
                continue
            if path.parent.resolve().is_relative_to(target):
                problems.append(Problem(path, 1, "", "is a symlink to a folder that holds it, an endless loop; "
                                        "remove it"))
            elif not target.is_relative_to(root):
                problems.append(Problem(path, 1, "", f"is a symlink to a file outside {top.name}/; "
                                        f"copy the content into {top.name}/ instead"))
    return problems


def read_text(path: Path) -> str:
    """A data file's text: a regular UTF-8 file under the size limit, else a NotesError at the bad line."""
    try:
        if not path.is_file():
            raise NotesError([Problem(path, 1, "", "is not a regular file (a folder or a broken symlink?); "
                                      "replace it with a text file")])
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotesError([Problem(path, 1, "", f"is larger than {MAX_FILE_BYTES // 1024} KiB; "
                                      "split it or shorten it")])
        data = path.read_bytes()
    except OSError as error:
        raise NotesError([Problem(path, 1, "", f"cannot be read ({escape_control(error.strerror)})")]) from None
    try:
        return normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NotesError([Problem(path, line, "", f"byte 0x{data[error.start]:02x} is not UTF-8 text; "
                                  "save the file as UTF-8")]) from None
