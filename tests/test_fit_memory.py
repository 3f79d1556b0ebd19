"""A PDF rendered from the record of an earlier build's fit is the PDF a clean build makes, in fewer layouts.

Wakefield's report (the sample) fits five runs: three set tighter, one turned. After an edit in a run that
was not fitted the document is laid out once where a clean build lays it out twice or more; after an edit
in a fitted run, or from a record whose marks or line counts are not what the run now holds, the PDF is
still, byte for byte, the clean build's.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import pytest
from weasyprint import HTML

from sitegen.build import print_documents
from sitegen.pdf.engine import Rendering, render_pdf
from sitegen.pdf.fitmemory import Fits, element_keys
from sitegen.pdf.options import PdfOptions
from tests.conftest import REPO


@pytest.fixture(scope="module")
def sample() -> dict[str, tuple[str, Path]]:
    return {job.path: (job.html, job.theme) for job in print_documents(REPO, PdfOptions())}


class _Layouts(logging.Handler):
    """How many layouts copy-fitting says it made."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.counts: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        if m := re.match(r"copy-fit: (\d+) layout", record.getMessage()):
            self.counts.append(int(m[1]))


def _render(html: str, theme: Path, fits: Fits | None = None) -> tuple[Rendering, int]:
    """The PDF and the number of layouts copy-fitting made."""
    logger, handler = logging.getLogger("sitegen.pdf"), _Layouts()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        done = render_pdf(html, theme=theme, options=PdfOptions(), source="wakefield", fits=fits)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert len(handler.counts) == 1
    return done, handler.counts[0]


@pytest.fixture(scope="module")
def wakefield(sample: dict[str, tuple[str, Path]]) -> tuple[str, Path, Rendering, int]:
    """Wakefield's print HTML, theme, and PDF (with its record) and the layouts a clean build makes."""
    html, theme = sample["pdus/wakefield.pdf"]
    return html, theme, *_render(html, theme)


def _paragraphs(html: str, fits: Fits) -> tuple[str, str]:
    """The start of a paragraph or bullet in a run that is not fitted, and of one in a run that is (found
    from the record, by the keys of the elements of a parse of the HTML)."""
    root = HTML(string=html).etree_element
    keys = element_keys(root)
    by_key = {keys[id(element)]: element for element in root.iter()}
    found = {}
    for run in fits.runs[3:]:  # past the cover and contents
        for key in run.elements:
            element = by_key[key]
            text = (element.text or "").strip()[:40]  # the text before any markup inside, as the HTML has it
            if str(element.tag).rsplit("}", 1)[-1] in ("p", "li") and len(text) == 40 and html.count(text) == 1:
                found.setdefault(bool(run.marks), text)
    return found[False], found[True]


def _edit(html: str, at: str) -> str:
    return html.replace(at, at + " And a few words more were written here, for the edit.", 1)


def test_an_edit_in_a_run_not_fitted_is_laid_out_once(wakefield: tuple[str, Path, Rendering, int]) -> None:
    html, theme, before, layouts = wakefield
    assert layouts >= 2 and sum(bool(run.marks) for run in before.fits.runs) >= 3, "the sample fits several runs"
    again, layouts = _render(html, theme, before.fits)
    assert again.pdf == before.pdf and layouts == 1, "nothing changed: one layout, the same PDF"

    edited = _edit(html, _paragraphs(html, before.fits)[0])
    clean, clean_layouts = _render(edited, theme)
    remembered, layouts = _render(edited, theme, before.fits)
    assert remembered.pdf == clean.pdf, "the PDF is the clean build's"
    assert clean.pdf != before.pdf
    assert layouts == 1 < clean_layouts


def test_an_edit_in_a_fitted_run_is_fitted_again(wakefield: tuple[str, Path, Rendering, int]) -> None:
    html, theme, before, _ = wakefield
    edited = _edit(html, _paragraphs(html, before.fits)[1])
    clean, _ = _render(edited, theme)
    remembered, _ = _render(edited, theme, before.fits)
    assert remembered.pdf == clean.pdf


def test_a_record_that_does_not_hold_changes_nothing(wakefield: tuple[str, Path, Rendering, int]) -> None:
    html, theme, clean, _ = wakefield
    # This document's record, each fitted run's lines not what it holds: each is fitted from its first layout.
    wrong = tuple(replace(run, lines=((99, 0), *run.lines[1:])) if run.marks else run for run in clean.fits.runs)
    assert _render(html, theme, Fits(wrong))[0].pdf == clean.pdf
    # Each fitted run's marks recorded on other elements: laid out, they do not match the record.
    moved = tuple(replace(run, marks=tuple((i + 1, m) for i, m in run.marks)) if run.marks else run for run in clean.fits.runs)
    assert _render(html, theme, Fits(moved))[0].pdf == clean.pdf
