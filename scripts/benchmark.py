"""How much the hooks cost: `python scripts/benchmark.py [--notes 1000] [--blocks 100] [--rounds 4] [--warmup 1]`.

Builds one temp project of synthetic service notes twice per round, with the hooks and
without them (the same Markdown and navigation: compare blocks then stay code blocks),
alternating so both share the machine's noise, after `--warmup` uncounted rounds, and prints
each round's CPU times and ratio, then both kinds' times and their ratio.
Shared machines vary by 10-20% from build to build, so it reports the fastest build of
each kind (the one least disturbed), in wall-clock and in CPU time, and the median of the
rounds' own ratios (each round's two builds ran back to back, under much the same load). The budget
is judged on that median: when the machine's speed drifts during the run, the fastest build of one
kind can come from a faster stretch than any build of the other (seen: fastest-of ratio 1.37 while
every round's own ratio but one was 1.19-1.31, median 1.22). It then times
validation plus rendering alone for growing numbers of notes, to show it stays linear, and
the time spent inside the hooks' own functions during one build: the figure noise moves least,
though it leaves out what the hooks make MkDocs and Material do (more pages, more to index).
Ratios, not absolute times, are what to compare between machines.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

from serverless_notes.compare import expand_compare_blocks
from serverless_notes.limits import MAX_NOTES_PER_CATEGORY
from serverless_notes.loader import load_registry
from serverless_notes.note_page import NoteParts
from serverless_notes.render import HtmlPlaceholders, Renderer, relative_link

ROOT = Path(__file__).resolve().parents[1]

SOURCE = "https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html"
HOOKS = "src/serverless_notes/mkdocs_hooks.py"  # as listed under `hooks:` in mkdocs.yml


WORDS = ("amber basalt cedar delta ember fjord garnet harbor indigo juniper kelp lagoon maple nectar onyx "
         "prairie quartz raven sierra tundra umber violet willow xenon yarrow zephyr").split()


def synthetic_value(number: int, key: str) -> str:
    """Values that differ between notes as real ones do, so study mode finds fair wrong choices among them."""
    digest = hashlib.sha1(f"{number}:{key}".encode()).digest()
    return " ".join(WORDS[byte % len(WORDS)] for byte in digest[:4]) + f" ({key.replace('_', ' ')} of note {number})"


def spread_categories(catalog_path: Path, notes: int) -> list[str]:
    """The catalog's categories, cloned ("messaging-2", ...) until no category holds more notes than the
    build allows (limits.MAX_NOTES_PER_CATEGORY): a large site is split into categories, as the real one is."""
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    base = list(catalog["categories"])
    needed = max(len(base), -(-notes // MAX_NOTES_PER_CATEGORY))
    categories = [base[i % len(base)] if i < len(base) else f"{base[i % len(base)]}-{i // len(base) + 1}"
                  for i in range(needed)]
    for category in categories[len(base):]:
        origin = re.sub(r"-\d+$", "", category)
        catalog["categories"][category] = dict(catalog["categories"][origin])
        for attribute in catalog["attributes"].values():
            if origin in attribute["categories"]:
                attribute["categories"].append(category)
    catalog_path.write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    return categories


def synthetic_note(number: int, categories: list[str], compare_with: str | None) -> str:
    category = categories[number % len(categories)]
    kind = re.sub(r"-\d+$", "", category)  # a cloned category ("messaging-2") gives its origin's attributes
    checked = date(2026, 1, 1).isoformat()
    # Attributes of every category, then two of messaging and APIs: a note gives only its category's attributes.
    keys = ["management_model", "pricing_model", "use_when"]
    keys += ["protocols", "delivery_model" if kind == "messaging" else "authorization"] \
        if kind in ("messaging", "apis") else []
    facts = {key: {"value": synthetic_value(number, key), "source": SOURCE, "checked": checked} for key in keys}
    front_matter = {"name": f"Synthetic Service {number:04d}", "short_name": f"Synthetic {number:04d}",
                    "category": category, "summary": f"Synthetic note number {number} for the benchmark.",
                    "aliases": [f"alias{number}"], "facts": facts}
    body = [f"# Synthetic {number:04d}", "", "## What it is", "",
            "A synthetic service used to measure the build. " * 20, ""]
    if compare_with:
        body += ["## Compared", "", "```compare", f"services: [svc-{number:04d}, {compare_with}]", "```", ""]
    body += ["## Exam tips and traps", "", *(f"- Tip {i} about the synthetic service." for i in range(8)), ""]
    return "---\n" + yaml.safe_dump(front_matter, sort_keys=False) + "---\n\n" + "\n".join(body)


def make_project(directory: Path, notes: int, blocks: int) -> Path:
    directory.mkdir(parents=True)
    for part in ("mkdocs.yml", "overrides", "src", "CONTRIBUTING.md"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, directory / part)
    (directory / "docs/services").mkdir(parents=True)
    shutil.copytree(ROOT / "docs/_data", directory / "docs/_data")
    (directory / "docs/_data/comparisons.yml").write_text("[]\n", encoding="utf-8")
    # The concepts stay (their links cost build time) without the real notes they name.
    concepts = directory / "docs/_data/concepts.yml"
    if concepts.exists():
        entries = [{key: value for key, value in entry.items() if key != "services"}
                   for entry in yaml.safe_load(concepts.read_text(encoding="utf-8"))]
        concepts.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    for page in ("index.md", "offline.md", "contributing.md"):
        shutil.copy2(ROOT / "docs" / page, directory / "docs" / page)
    categories = spread_categories(directory / "docs/_data/catalog.yml", notes)
    every = max(1, notes // blocks) if blocks else 0
    sections: dict[str, list] = {category: [] for category in categories}
    for number in range(notes):
        compare_with = f"svc-{(number + 1) % notes:04d}" if every and number % every == 0 else None
        text = synthetic_note(number, categories, compare_with)
        (directory / "docs/services" / f"svc-{number:04d}.md").write_text(text, encoding="utf-8")
        category = categories[number % len(categories)]
        sections[category].append({f"Synthetic {number:04d}": f"services/svc-{number:04d}.md"})
    # The home page links to the real notes; point it at synthetic ones instead.
    home = directory / "docs/index.md"
    home.write_text("# Benchmark\n\n[Offline](offline.md) [Download](downloads/serverless-study-notes.zip)\n",
                    encoding="utf-8")
    # The baseline: the same config and the same navigation by category, without the hooks.
    config = yaml.safe_load((directory / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    hooks = config.pop("hooks")
    assert HOOKS in hooks
    config["hooks"] = [hook for hook in hooks if hook != HOOKS]  # the others (theme_files.py) are no note work
    config["nav"] = [config["nav"][0], *({category: pages} for category, pages in sections.items()), *config["nav"][1:]]
    config["strict"] = False  # its pages link to the zip and print view, which only the hooks generate
    (directory / "mkdocs-without-hooks.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return directory


def timed_build(project: Path, config: str) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one `mkdocs build`."""
    site = project / f"site-{config}"
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config, "--site-dir", str(site)]
    cpu_before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, cwd=project, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    shutil.rmtree(site)
    return elapsed, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def core_time(project: Path, notes: int) -> float:
    """Validation plus rendering (boxes and tables) of the first `notes` notes, without MkDocs."""
    docs = project / "docs"
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted((docs / "services").glob("*.md"))[:notes]}
    start = time.perf_counter()
    registry = load_registry(docs, texts)
    for service in registry.services.values():
        renderer, blocks = Renderer(registry, relative_link(service.doc_path)), HtmlPlaceholders()

        def placeholder(table, indent, renderer=renderer, blocks=blocks):
            return blocks.add(renderer.comparison_table(table), indent)

        expanded = expand_compare_blocks(service.body, registry, placeholder, service.path)
        NoteParts.of(service, renderer).into_html(blocks.fill(expanded))
    return time.perf_counter() - start


def time_in_hooks(project: Path) -> dict[str, float]:
    """Seconds spent inside each event function of the hooks during one build, run in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = project / "site-timed"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    hooks = config.plugins[HOOKS]  # MkDocs registers the hooks module as a plugin
    spent: dict[str, float] = defaultdict(float)
    for event, handlers in config.plugins.events.items():
        for position, handler in enumerate(handlers):
            if getattr(hooks, getattr(handler, "__name__", ""), None) is handler:
                handlers[position] = _timed(handler, event, spent)
    build(config)
    shutil.rmtree(site)
    return spent


def _timed(handler: Callable, event: str, spent: dict[str, float]) -> Callable:
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[event] += time.perf_counter() - start

    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=4, help="builds of each kind, alternating")
    parser.add_argument("--warmup", type=int, default=1, help="builds of each kind first, not counted")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice, printed by every build
    with tempfile.TemporaryDirectory() as temp:
        project = make_project(Path(temp) / "project", args.notes, args.blocks)
        # Not counted: the first build of each kind also compiles the copied hooks and warms the disk cache.
        for _ in range(args.warmup):
            timed_build(project, "mkdocs-without-hooks.yml")
            timed_build(project, "mkdocs.yml")
        with_hooks, without_hooks = [], []
        for round_number in range(1, args.rounds + 1):
            without_hooks.append(timed_build(project, "mkdocs-without-hooks.yml"))
            with_hooks.append(timed_build(project, "mkdocs.yml"))
            plain_cpu, hooked_cpu = without_hooks[-1][1], with_hooks[-1][1]
            print(f"  round {round_number}: CPU {plain_cpu:6.2f} s without hooks, {hooked_cpu:6.2f} s with them, "
                  f"ratio {hooked_cpu / plain_cpu:.3f}", flush=True)
        print(f"{args.notes} notes, {args.blocks} compare blocks, fastest of {args.rounds} builds each")
        print("                  wall      CPU")
        base, hooked = min(without_hooks), min(with_hooks)
        print(f"  without hooks: {base[0]:6.2f} s {base[1]:6.2f} s")
        print(f"  with hooks:    {hooked[0]:6.2f} s {hooked[1]:6.2f} s")
        print(f"  ratio:         {hooked[0] / base[0]:6.3f}   {hooked[1] / base[1]:6.3f}")
        paired = [(h[0] / b[0], h[1] / b[1]) for h, b in zip(with_hooks, without_hooks, strict=True)]
        print(f"  median of the rounds' ratios: {statistics.median(r for r, _ in paired):.3f}   "
              f"{statistics.median(c for _, c in paired):.3f}   (budget: 1.250)")
        spread = statistics.pstdev(t for t, _ in without_hooks) / statistics.mean(t for t, _ in without_hooks)
        print(f"  noise: the baseline's own builds varied by {spread:.1%} (standard deviation / mean)")
        print("Validation + rendering alone (should grow linearly):")
        sizes = [args.notes // 4, args.notes // 2, args.notes]
        for size in sizes:
            seconds = min(core_time(project, size) for _ in range(3))
            print(f"  {size:5d} notes: {seconds:6.3f} s  ({seconds / size * 1000:.2f} ms per note)")
        spent = time_in_hooks(project)
        total = sum(spent.values())
        print(f"Inside the hooks' functions, one build: {total:.2f} s = {total / base[0]:.1%} of the fastest "
              "build without hooks")
        print("  " + ", ".join(f"on_{event} {seconds:.3f} s" for event, seconds in
                               sorted(spent.items(), key=lambda item: -item[1]) if seconds >= 0.001))
    return 0


if __name__ == "__main__":
    sys.exit(main())
