"""The chosen pages of the sample PDFs look as approved (tests/visual.py says how, and how to approve)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.visual import APPROVED, PAGES, compare, differing_share, load, render

NAMES = [chosen.name for chosen in PAGES]


@pytest.fixture(scope="module")
def pages(sample_site: Path) -> dict[str, Image.Image]:
    """Each chosen page rendered once."""
    return {chosen.name: render(sample_site, chosen) for chosen in PAGES}


@pytest.mark.parametrize("name", NAMES)
def test_page_looks_as_approved(sample_site: Path, pages: dict[str, Image.Image], name: str) -> None:
    chosen = next(c for c in PAGES if c.name == name)
    problem = compare(sample_site, chosen, pages[name])
    assert problem is None, problem


def test_every_approved_image_is_of_a_chosen_page() -> None:
    assert sorted(p.stem for p in APPROVED.glob("*.png")) == sorted(NAMES)


def test_a_layout_change_fails_and_leaves_a_diff(sample_site: Path, tmp_path: Path) -> None:
    """A page whose content moved down a line is caught, with a diff image to look at; a speck is not."""
    chosen = next(c for c in PAGES if c.name == "report-ratings")
    approved = load(chosen.approved)
    speck = approved.copy()
    ImageDraw.Draw(speck).rectangle((10, 10, 14, 14), fill="black")
    assert compare(sample_site, chosen, speck, tmp_path) is None
    moved = Image.new("RGB", approved.size, "white")
    moved.paste(approved.crop((0, 0, approved.width, approved.height - 12)), (0, 12))
    share, _ = differing_share(approved, moved)
    problem = compare(sample_site, chosen, moved, tmp_path)
    assert share > 0.01 and problem is not None and "python -m tests.visual --approve" in problem
    assert load(tmp_path / "report-ratings.png").width == approved.width * 3 + 20
