"""`serverless-notes`: check and scaffold notes without building the site.

    serverless-notes validate            # every note, catalog and comparison page; exit 1 on problems
    serverless-notes stale --months 12   # facts checked longer ago than that
    serverless-notes new kinesis --name "Amazon Kinesis Data Streams" --category messaging
    serverless-notes export-docs --out build/zensical   # the site as plain files, for Zensical
    serverless-notes verify-sources      # is every fact's quote still on its AWS page? exit 1 if not
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import yaml

from . import pages, paths, verify_sources
from .compare import FENCE_NAME, expand_compare_blocks
from .export_docs import export_docs
from .file_safety import shadowed_theme_files
from .loader import load_catalog, load_registry, must_know_problems, quote_problems, scope_problems
from .model import MAX_ITEMS, REQUIRE_QUOTES
from .problems import NotesError, Problem, display_path, escape_control
from .registry import Registry
from .safe_files import read_text
from .scaffold import write_new_note
from .staleness import STALE_AFTER_MONTHS, stale_facts


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--docs-dir", type=Path, default=Path("docs"), help="the docs folder (default: docs)")
    parser = argparse.ArgumentParser(prog="serverless-notes", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    validator = commands.add_parser("validate", parents=[common],
                                    help="check every note, the catalog and the comparison pages")
    validator.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                           help="the MkDocs config whose theme folder docs/ must not shadow (default: mkdocs.yml)")
    stale = commands.add_parser("stale", parents=[common], help="list facts whose check date is older than --months")
    stale.add_argument("--months", type=int, default=STALE_AFTER_MONTHS,
                       help=f"maximum age in months (default: {STALE_AFTER_MONTHS})")
    stale.add_argument("--github", action="store_true",
                       help="also print GitHub Actions warning annotations (they show on the run and the PR)")
    new = commands.add_parser("new", parents=[common], help="write a new note with placeholders to fill in")
    new.add_argument("id", help="the service id, used as the file name, e.g. kinesis")
    new.add_argument("--name", required=True, help='the full AWS name, e.g. "Amazon Kinesis Data Streams"')
    new.add_argument("--short-name", help='the short name for tables (default: the name)')
    new.add_argument("--category", required=True, help="a category id from docs/_data/catalog.yml")
    exporter = commands.add_parser("export-docs", parents=[common],
                                 help="write the site as plain Markdown pages and a config for any engine "
                                      "that runs Python-Markdown extensions (e.g. Zensical)")
    exporter.add_argument("--out", type=Path, required=True, help="the folder to write (its docs/ is replaced)")
    exporter.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the MkDocs config to start from (default: mkdocs.yml)")
    verify = commands.add_parser("verify-sources", parents=[common],
                                 help="fetch each fact's source page and check that its quote is still there")
    verify.add_argument("--mirror", metavar="URL",
                        help="read https://HOST/PATH from URL/HOST/PATH (a saved copy of the pages)")
    verify.add_argument("--cache", type=Path, default=Path(".cache/verify-sources"),
                        help=f"folder for fetched pages, reused for {verify_sources.CACHE_HOURS} hours "
                             "(default: .cache/verify-sources)")
    verify.add_argument("--no-cache", action="store_true", help="fetch every page again")
    verify.add_argument("--interval", type=float, default=verify_sources.INTERVAL_SECONDS,
                        help="seconds between two requests to one host (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return validate(args.docs_dir, args.config)
        if args.command == "export-docs":
            return export(args.docs_dir, args.config, args.out)
        if args.command == "verify-sources":
            return check_sources(args)
        if args.command == "stale":
            return report_stale(args.docs_dir, args.months, args.github)
        return scaffold(args)
    except NotesError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found.", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"error: {escape_control(error)}", file=sys.stderr)
        return 2


def validate(docs_dir: Path, config: Path | None = None) -> int:
    registry = checked_site(docs_dir).registry
    problems = ((quote_problems(registry) if REQUIRE_QUOTES else []) + must_know_problems(registry)
                + scope_problems(registry))
    if problems:
        raise NotesError(sorted(problems, key=lambda p: (str(p.path), p.line)))
    theme_dir = theme_folder(config) if config is not None else None
    if theme_dir is not None:  # the build checks the theme's own files too; the config names only ours
        problems = shadowed_theme_files(docs_dir, [theme_dir])
        if problems:
            raise NotesError(problems)
    facts = sum(service.fact_count for service in registry.services.values())
    print(f"OK: {len(registry.services)} notes, {facts} facts, all valid.")
    return 0


def export(docs_dir: Path, config: Path, out: Path) -> int:
    """Checks everything `validate` checks (compare blocks included, so an engine never meets a bad one),
    then writes the plain docs folder and its config."""
    if out.resolve().is_relative_to(docs_dir.resolve()):
        raise ValueError(f"--out {out} is inside the docs folder; write the export elsewhere, e.g. build/zensical")
    result = export_docs(checked_site(docs_dir), docs_dir, config, out)
    print(f"Wrote {result.pages} pages ({result.files} files) and {display_path(result.config)}. "
          f"Build it with: zensical build --clean -f {display_path(result.config)}")
    return 0


def theme_folder(config: Path) -> Path | None:
    """The theme overrides folder (`theme.custom_dir`) of an MkDocs config, if the config and the folder exist."""
    if not config.is_file():
        return None
    theme = (yaml.safe_load(read_text(config).replace("!!python", "#")) or {}).get("theme")
    folder = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config.parent / folder if isinstance(folder, str) and (config.parent / folder).is_dir() else None


def checked_site(docs_dir: Path) -> pages.Site:
    """The site plan and every problem the build stops on, so `validate`, the export and the build agree
    (the build finds the compare-block problems while it renders each page)."""
    site = pages.load_site(docs_dir)
    problems = site.problems + compare_block_problems(docs_dir, site.registry)
    if problems:
        raise NotesError(problems)
    return site


def compare_block_problems(docs_dir: Path, registry: Registry) -> list[Problem]:
    """Problems in the ```compare blocks of every page written by hand under docs/ (generated pages have none)."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if relative.parts[0].startswith(("_", ".")) or not path.is_file():
            continue
        text = read_text(path)
        if FENCE_NAME not in text:
            continue
        try:
            expand_compare_blocks(text, registry, lambda table, indent: "", path, max_items=MAX_ITEMS)
        except NotesError as error:
            problems += error.problems
    return problems


def check_sources(args: argparse.Namespace) -> int:
    """Exit 1 when a quote is gone or a page could not be read: either way, a fact needs a person."""
    if args.interval < 0:
        raise ValueError("--interval must be 0 or more seconds")
    registry = load_registry(args.docs_dir)
    fetcher = verify_sources.Fetcher(mirror=args.mirror, cache_dir=None if args.no_cache else args.cache,
                                     interval=args.interval)
    report = verify_sources.verify(verify_sources.quoted_facts(registry), fetcher)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def report_stale(docs_dir: Path, months: int, github: bool = False) -> int:
    """Lists stale facts; exits 0 all the same: an old check date is a reminder, not an error."""
    registry = load_registry(docs_dir)
    found = stale_facts(registry, months, date.today())
    for stale in found:
        print(stale)
        if github:
            message = (f"{stale.field} was checked {stale.checked.isoformat()}; re-read {stale.source} "
                       "and update the value and date")
            print(f"::warning file={_command_value(stale.path, True)},line={stale.line},title=Stale AWS fact::"
                  f"{_command_value(message)}")
    print(f"{len(found)} fact(s) checked more than {months} months ago." if found
          else f"No fact is older than {months} months.")
    return 0


def _command_value(value: object, is_property: bool = False) -> str:
    """Escaped for a GitHub Actions workflow command, so data cannot end it or start another."""
    text = str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def scaffold(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.docs_dir / paths.CATALOG_PATH)
    path = write_new_note(args.docs_dir, catalog, args.id, args.name, args.category, args.short_name)
    print(f"Wrote {display_path(path)}. Fill in every TODO (facts need an AWS source URL and the date you "
          f"checked it), then run: serverless-notes validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
