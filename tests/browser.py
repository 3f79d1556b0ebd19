"""Built pages in real headless Chromium (Debian's, through Playwright): geometry, screenshots, printing.

Used by tests/test_publication.py, and a command that makes the README's screenshots from a built site::

    python -m tests.browser build/site docs/
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from sitegen.audit.html_a11y import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
PHONE, DESKTOP = 390, 1280
HEIGHT = {PHONE: 844, DESKTOP: 800}
#: The README's screenshots: (page and fragment to scroll to, width, file).
README_SHOTS = [
    ("pdus/wigan.html", DESKTOP, "web-1280.png"),
    ("regions/greater-manchester.html#ratings", PHONE, "web-390.png"),
]

#: Every element whose box reaches past the right edge of the viewport, except inside a scroll region a
#: reader can find: an element with role="region", a name (aria-labelledby or aria-label) and its own
#: horizontal scrolling. Boxes pushed off to the left (the skip link) make nothing scroll.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const inRegion = el => {
    const region = el.closest('[role="region"]');
    return region && region !== el && (region.getAttribute('aria-labelledby') || region.getAttribute('aria-label'))
      && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX);
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5 && !inRegion(el)) {
      out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} ends at ${Math.round(box.right)} px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, overflowing: out};
}"""


@contextmanager
def chromium() -> Iterator[Browser]:
    with tempfile.TemporaryDirectory(prefix="sitegen-chromium-") as home, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, "HOME": home}, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def page_at(browser: Browser, width: int) -> Iterator[Page]:
    """A tab ``width`` CSS pixels wide, offline (nothing may be fetched to show a page)."""
    context = browser.new_context(viewport={"width": width, "height": HEIGHT.get(width, 800)}, offline=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def open_page(page: Page, site: Path, name: str) -> None:
    """``name``: a page of the site, with a #fragment to scroll to if wanted."""
    path, _, fragment = name.partition("#")
    page.goto((site / path).resolve().as_uri() + (f"#{fragment}" if fragment else ""), wait_until="load")


def screenshots(site: Path, out: Path) -> list[Path]:
    """The README's screenshots of the pages built in ``site``, written into ``out``."""
    written = []
    with chromium() as browser:
        for name, width, file in README_SHOTS:
            with page_at(browser, width) as page:
                open_page(page, site, name)
                page.screenshot(path=str(out / file))
                written.append(out / file)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the README's screenshots from a built site.")
    parser.add_argument("site", type=Path, help="a built site, e.g. build/site")
    parser.add_argument("out", type=Path, help="where to write them, e.g. docs/")
    args = parser.parse_args(argv)
    for path in screenshots(args.site, args.out):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
