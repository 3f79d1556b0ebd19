"""Visual regression of the printed reports: chosen pages of the sample PDFs against approved images.

Each chosen page (cover, contents, ratings, recommendations, a findings page, the letter's first page and
an annexe page) is rendered by ``pdftoppm`` at 50 dpi and compared pixel by pixel with its approved image
in ``tests/approved-pages/``. A pixel differs when a colour channel moves by more than ``PIXEL`` levels; a
page fails when more than ``SHARE`` of its pixels differ, which any layout change does (a line moved, a
rule gone, a colour changed) while the anti-aliasing of another poppler does not. A failing page leaves
``build/visual-diff/<page>.png`` for review: the approved page, the page as it is now, and the two over
each other with every differing pixel in red.

After a deliberate change, look at the diffs, then approve the pages as they are now:

    .venv/bin/python -m tests.visual --approve

which builds the sample content, renders the chosen pages and writes them into ``tests/approved-pages/``
(commit them with the change). Without ``--approve`` it compares and prints what differs.
"""

from __future__ import annotations

import argparse
import io
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from tests.conftest import build_sample

TESTS = Path(__file__).parent
APPROVED = TESTS / "approved-pages"
DIFFS = TESTS.parent / "build" / "visual-diff"
DPI = 50
PIXEL = 48
SHARE = 0.002

log = logging.getLogger("tests.visual")


@dataclass(frozen=True)
class Chosen:
    """A page to watch: its name, its PDF in the built site, and the text that finds it (or its number)."""

    name: str
    pdf: str
    marker: str | int

    @property
    def approved(self) -> Path:
        return APPROVED / f"{self.name}.png"


PAGES = [
    Chosen("report-cover", "pdus/wigan.pdf", 1),
    Chosen("report-contents", "pdus/wigan.pdf", 2),
    Chosen("report-ratings", "pdus/wigan.pdf", "Score 7/27"),
    Chosen("report-recommendations", "pdus/wigan.pdf", "Wigan PDU should:"),
    Chosen("report-findings", "pdus/wigan.pdf", "1.2. Staff"),
    Chosen("letter-first-page", "letters/greater-manchester-2023.pdf", 1),
    Chosen("letter-annexe", "letters/greater-manchester-2023.pdf", "Annexe two"),
]


def load(path: Path) -> Image.Image:
    """An image file, read whole (the file closed)."""
    with Image.open(path) as image:
        return image.convert("RGB")


def page_number(pdf: Path, marker: str | int) -> int:
    """The page a marker names: its number, or the first page whose text holds it."""
    if isinstance(marker, int):
        return marker
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(info.split("Pages:")[1].split()[0])
    for number in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        if marker in text:
            return number
    raise LookupError(f"no page of {pdf.name} holds {marker!r}")


def render(site: Path, chosen: Chosen) -> Image.Image:
    """The chosen page of the built site, as an image."""
    pdf = site / chosen.pdf
    number = page_number(pdf, chosen.marker)
    png = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(number), "-l", str(number), "-png", "-singlefile", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def differing_share(approved: Image.Image, actual: Image.Image) -> tuple[float, Image.Image | None]:
    """The share of pixels that differ, and the mask of them (None when the sizes differ: all differ)."""
    if approved.size != actual.size:
        return 1.0, None
    difference = ImageChops.difference(approved, actual).convert("RGB")
    # A pixel differs when any channel does: the largest channel difference, then the threshold.
    r, g, b = Image.eval(difference, lambda v: 255 if v > PIXEL else 0).split()
    mask = ImageChops.lighter(ImageChops.lighter(r, g), b)
    changed = mask.width * mask.height - mask.histogram()[0]
    return changed / (mask.width * mask.height), mask


def write_diff(chosen: Chosen, approved: Image.Image, actual: Image.Image, mask: Image.Image | None, folder: Path) -> Path:
    """approved | actual | the two blended with differing pixels in red, side by side, for review."""
    folder.mkdir(parents=True, exist_ok=True)
    width, height = max(approved.width, actual.width), max(approved.height, actual.height)
    sheet = Image.new("RGB", (width * 3 + 20, height), "#808080")
    sheet.paste(approved, (0, 0))
    sheet.paste(actual, (width + 10, 0))
    overlay = Image.blend(approved.resize(actual.size), actual, 0.5) if mask is not None else actual.copy()
    if mask is not None:
        overlay.paste((220, 0, 0), (0, 0), mask)
    sheet.paste(overlay, (2 * width + 20, 0))
    target = folder / f"{chosen.name}.png"
    sheet.save(target)
    return target


def compare(site: Path, chosen: Chosen, actual: Image.Image | None = None, diffs: Path = DIFFS) -> str | None:
    """None if the page matches its approved image, else what differs (and the diff image is written)."""
    actual = actual if actual is not None else render(site, chosen)
    if not chosen.approved.is_file():
        missing = chosen.approved.relative_to(TESTS.parent)
        return f"{chosen.name}: no approved image {missing}: run python -m tests.visual --approve"
    approved = load(chosen.approved)
    share, mask = differing_share(approved, actual)
    if share <= SHARE:
        return None
    target = write_diff(chosen, approved, actual, mask, diffs)
    return (
        f"{chosen.name}: {share:.2%} of the page differs from the approved image (at most {SHARE:.1%}); "
        f"see {target} and, if the change is meant, run python -m tests.visual --approve"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare (or approve) the chosen pages of the sample PDFs.")
    parser.add_argument("--approve", action="store_true", help="write the pages as they are now as the approved images")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        site = build_sample(Path(folder))
        # After the build: the command line it runs sets the log up for itself.
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr, force=True)
        failures = 0
        for chosen in PAGES:
            if args.approve:
                APPROVED.mkdir(parents=True, exist_ok=True)
                render(site, chosen).save(chosen.approved, optimize=True)
                log.info("approved %s", chosen.approved.relative_to(TESTS.parent))
            elif (problem := compare(site, chosen)) is not None:
                failures += 1
                log.info("%s", problem)
            else:
                log.info("%s: as approved", chosen.name)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
