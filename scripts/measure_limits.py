"""Time and peak memory of a build at the largest input each cap in limits.py allows.

    python scripts/measure_limits.py [case ...]     # cases: linear variants category concepts abbreviations notes

Each case is built in a fresh child process (`mkdocs build`, in process there), which reports its
wall-clock time and peak resident memory (ru_maxrss). Slow on a shared machine: run it by hand
when a cap changes, not in the test suite (tests/test_untrusted_input.py checks linear growth).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from serverless_notes import limits  # noqa: E402

_spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts/benchmark.py")
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)

CHILD = """
import contextlib, json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
with contextlib.chdir(sys.argv[1]):
    started = time.perf_counter()
    config = load_config("mkdocs.yml", strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
print(json.dumps({"seconds": round(time.perf_counter() - started, 1),
                  "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def categories() -> list[str]:
    return list(yaml.safe_load((ROOT / "docs/_data/catalog.yml").read_text(encoding="utf-8"))["categories"])


def facts(number: int, keys: list[str]) -> dict:
    return {key: {"value": benchmark.synthetic_value(number, key), "source": benchmark.SOURCE,
                  "checked": "2026-01-01"} for key in keys}


def heavy_note(project: Path) -> str:
    """svc-0000 with the most variants (each with its facts) and the most compare blocks, each of the most items."""
    path = project / "docs/services/svc-0000.md"
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    keys = list(front["facts"])
    front["facts"] = {}
    front["variants"] = {f"v{i}": {"name": f"Variant {i}", "facts": facts(1000 + i, keys)}
                         for i in range(limits.MAX_VARIANTS)}
    items = ", ".join(f"svc-0000.v{i}" for i in range(limits.MAX_VARIANTS))
    blocks = "".join(f"## Table {i}\n\n```compare\nservices: [{items}]\n```\n\n"
                     for i in range(limits.MAX_COMPARE_BLOCKS))
    path.write_text("---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n\n# Synthetic 0000\n\n" + blocks,
                    encoding="utf-8")
    return f"1 note with {limits.MAX_VARIANTS} variants and {limits.MAX_COMPARE_BLOCKS} blocks of " \
           f"{limits.MAX_VARIANTS} items, in 40 notes"


def one_category(project: Path) -> str:
    first = categories()[0]
    for number in range(limits.MAX_NOTES_PER_CATEGORY):
        (project / f"docs/services/svc-{number:04d}.md").write_text(
            benchmark.synthetic_note(number, [first], None), encoding="utf-8")
    return f"{limits.MAX_NOTES_PER_CATEGORY} notes in one category"


def concepts(project: Path) -> str:
    entries = [{"id": f"concept-{i}", "term": f"conceptword{i}", "also": [f"phrase{i}x{j}" for j in range(
        limits.MAX_CONCEPT_PHRASES)], "definition": f"Definition {i}.", "source": benchmark.SOURCE,
                "checked": "2026-01-01"} for i in range(limits.MAX_CONCEPTS)]
    (project / "docs/_data/concepts.yml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    words = " ".join(f"conceptword{i}" for i in range(0, limits.MAX_CONCEPTS, 5))
    for path in (project / "docs/services").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    return (f"{limits.MAX_CONCEPTS} concepts x {limits.MAX_CONCEPT_PHRASES} phrases, 100 of them used in each "
            "of 40 notes")


def abbreviations(project: Path) -> str:
    (project / "docs/_data/abbreviations.md").write_text(
        "".join(f"*[ABR{i}]: Meaning {i}\n" for i in range(limits.MAX_ABBREVIATIONS)), encoding="utf-8")
    words = " ".join(f"ABR{i}" for i in range(limits.MAX_ABBREVIATIONS))
    for path in (project / "docs/services").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    return f"{limits.MAX_ABBREVIATIONS} abbreviations, each used in each of 40 notes"


def all_notes(project: Path) -> str:
    """MAX_NOTES notes, MAX_NOTES_PER_CATEGORY per category (the catalog gets the categories that needs)."""
    catalog_path = project / "docs/_data/catalog.yml"
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    needed = -(-limits.MAX_NOTES // limits.MAX_NOTES_PER_CATEGORY)
    for i in range(len(catalog["categories"]), needed):
        catalog["categories"][f"extra-{i}"] = {"label": f"Extra {i}", "description": "More synthetic services."}
    catalog_path.write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    names = list(catalog["categories"])
    for path in (project / "docs/services").glob("*.md"):
        path.unlink()
    for number in range(limits.MAX_NOTES):
        compare_with = f"svc-{(number + 1) % limits.MAX_NOTES:04d}" if number % 5 == 0 else None
        (project / f"docs/services/svc-{number:04d}.md").write_text(
            benchmark.synthetic_note(number, names, compare_with), encoding="utf-8")
    return f"{limits.MAX_NOTES} notes in {len(names)} categories, {limits.MAX_NOTES // 5} compare blocks"


CASES = {
    "linear": [(n, None) for n in (50, 100, 200, 400)],
    "variants": [(40, heavy_note)],
    "category": [(limits.MAX_NOTES_PER_CATEGORY, one_category)],
    "concepts": [(40, concepts)],
    "abbreviations": [(40, abbreviations)],
    "notes": [(10, all_notes)],
}


def main(names: list[str]) -> int:
    for name in names or list(CASES):
        for notes, change in CASES[name]:
            with tempfile.TemporaryDirectory() as folder:
                project = benchmark.make_project(Path(folder) / "project", notes, max(1, notes // 5))
                what = change(project) if change else f"{notes} notes, {max(1, notes // 5)} compare blocks"
                result = subprocess.run([sys.executable, "-c", CHILD, str(project)], capture_output=True, text=True)
                if result.returncode != 0:
                    print(f"{name}: {what}: FAILED\n{result.stderr[-2000:]}")
                    continue
                figures = json.loads(result.stdout.strip().splitlines()[-1])
                print(f"{name}: {what}: {figures['seconds']} s, peak {figures['peak_mib']} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
