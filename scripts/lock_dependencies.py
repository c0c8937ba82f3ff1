"""Regenerates the lock files in requirements/ from pyproject.toml: every package pinned, with its hashes.

    pip install uv && python scripts/lock_dependencies.py            # after changing pyproject.toml
    python scripts/lock_dependencies.py --upgrade                    # move every pin to the newest release
    python scripts/lock_dependencies.py --upgrade-package mkdocs-material

Each lock is "universal" (uv resolves once for every Python the project supports and every platform,
with markers where they differ), so the same file installs on a contributor's machine, in CI and in the
deploy: `pip install --require-hashes -r requirements/<name>.txt && pip install --no-deps --no-build-isolation -e .`
Every lock also holds the build backend (requirements/build.in, the range of pyproject.toml's [build-system]), so
the second command builds the project with the locked setuptools instead of fetching one without a hash.
Without --upgrade, pins already in a lock are kept: adding a dependency adds only what it needs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements"

# lock name -> the extras of pyproject.toml it adds. Each is resolved for every Python that
# pyproject.toml's requires-python allows.
LOCKS = {
    "site": [],  # build and serve the site (the deploy)
    "test": ["test"],  # everything `pytest` needs, Zensical included (CI and pull requests)
    "zensical": ["zensical"],  # the README's Zensical build
}
COMMAND = "python scripts/lock_dependencies.py"  # written into each lock's header
BUILD = "requirements/build.in"  # the build backend, locked into every lock (installed, then no build isolation)


def compile_command(uv: str, name: str, extras: list[str], options: list[str]) -> list[str]:
    command = [uv, "pip", "compile", "pyproject.toml", BUILD, "--universal", "--generate-hashes", "--no-config",
               "--custom-compile-command", COMMAND, "--output-file", f"requirements/{name}.txt", *options]
    for extra in extras:
        command += ["--extra", extra]
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="move every pin to the newest allowed release")
    parser.add_argument("--upgrade-package", action="append", default=[], metavar="NAME",
                        help="move one package (and what it needs) to its newest allowed release")
    args = parser.parse_args(argv)
    uv = shutil.which("uv")
    if uv is None:
        print("uv is not installed: pip install uv (then run this again)", file=sys.stderr)
        return 1
    options = ["--upgrade"] if args.upgrade else []
    for package in args.upgrade_package:
        options += ["--upgrade-package", package]
    REQUIREMENTS.mkdir(exist_ok=True)
    for name, extras in LOCKS.items():
        result = subprocess.run(compile_command(uv, name, extras, options), cwd=ROOT)
        if result.returncode != 0:
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
