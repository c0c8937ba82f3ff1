"""MkDocs (with the hooks) against Zensical (export-docs, then `zensical build --clean`) on the same notes.

    python scripts/benchmark_engines.py                  # the real notes
    python scripts/benchmark_engines.py --notes 1000     # synthetic notes (scripts/benchmark.py's)

Alternates the two builds for --rounds rounds and prints the fastest of each (wall clock and CPU of
the commands, export included for Zensical), the size of the built site, and the size of the HTML of
a note and a comparison page in each (raw and gzip-compressed). Needs Zensical, from its lock:
`pip install --require-hashes -r requirements/zensical.txt && pip install --no-deps --no-build-isolation -e .`
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmark import ROOT, make_project

from serverless_notes import paths

BIN = Path(sys.executable).parent
EXPORT = "build/zensical"


def run(commands: list[list[str]], project: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of the commands, run one after the other."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=project, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, usage.ru_utime + usage.ru_stime - cpu_before


def size(path: Path) -> str:
    data = path.read_bytes()
    return f"{len(data) / 1024:7.1f} KiB ({len(gzip.compress(data, 9, mtime=0)) / 1024:5.1f} KiB gzip)"


def real_project(directory: Path) -> Path:
    for part in ("mkdocs.yml", "docs", "overrides", "src", "CONTRIBUTING.md"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, directory / part)
    return directory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=0, help="synthetic notes (default: the real notes)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "project"
        if args.notes:
            make_project(project, args.notes, blocks=args.notes // 10)
        else:
            project.mkdir()
            real_project(project)
        mkdocs = [[str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", "site"]]
        zensical = [[str(BIN / "serverless-notes"), "export-docs", "--out", EXPORT],
                    [str(BIN / "zensical"), "build", "--clean", "-f", f"{EXPORT}/zensical.yml"]]
        times: dict[str, list[tuple[float, float]]] = {"MkDocs": [], "Zensical": []}
        for _ in range(args.rounds):
            times["MkDocs"].append(run(mkdocs, project))
            times["Zensical"].append(run(zensical, project))
        sites = {"MkDocs": project / "site", "Zensical": project / EXPORT / "site"}
        note = sorted((project / "docs" / paths.SERVICES_DIR).glob("*.md"))[0].stem
        comparison = next(path for path in sorted((sites["MkDocs"] / paths.COMPARISONS_DIR).glob("*.html"))
                          if path.name != "index.html").name
        print(f"{args.notes or 'the real'} notes, fastest of {args.rounds} builds each (Zensical: export included)")
        for engine, runs in times.items():
            wall, cpu = min(runs)
            files = [path for path in sites[engine].rglob("*") if path.is_file()]
            print(f"  {engine:9} {wall:6.2f} s wall {cpu:6.2f} s CPU   site: {len(files)} files, "
                  f"{sum(path.stat().st_size for path in files) / 2**20:.1f} MiB")
            for page in (paths.built_html(paths.note(note)), f"{paths.COMPARISONS_DIR}/{comparison}"):
                print(f"    {page:52} {size(sites[engine] / page)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
