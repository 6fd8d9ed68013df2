"""Screenshots of built pages for people to look at (not a test):
the article and home pages at phone and desktop widths, light and dark.

    python -m clinic_site.screenshots [--output output] [--into reports/screenshots]
"""

import sys
from pathlib import Path

from clinic_site.browser import launch, report_args, serve

PAGES = {"home": "", "article": "articles/ketamine-therapy/"}
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")


def take(output, into, pages=PAGES):
    from playwright.sync_api import sync_playwright

    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright, serve(output) as base:
        browser = launch(playwright)
        for scheme in SCHEMES:
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                              device_scale_factor=1)
                page = context.new_page()
                for name, rel in pages.items():
                    page.goto(base + rel)
                    path = into / f"{name}-{width}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                    saved.append(path)
                context.close()
        browser.close()
    return saved


def main(argv=None):
    args = report_args(__doc__, "reports/screenshots", argv)
    for path in take(args.output, args.into):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
