"""Take the README screenshot from a real build: `python scripts/screenshot.py` (needs Chromium).

Builds the site into a temp folder, opens a comparison page from disk in headless Chromium
and saves a PNG. Use --page and --output to shoot another page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="compare/sqs-vs-sns-vs-mq.html", help="built page to shoot")
    parser.add_argument("--output", type=Path, default=ROOT / ".github/readme-screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--dark", action="store_true", help="use the dark colour scheme")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as site_dir:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", site_dir], cwd=ROOT,
                       check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                    color_scheme="dark" if args.dark else "light")
            page.goto((Path(site_dir) / args.page).as_uri())
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
            browser.close()
    print(f"Saved {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
