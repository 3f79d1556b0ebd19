"""Turn a project's PDFs into a contact sheet: one page image per PDF page, and an HTML page of them all.

The sheet is written to a folder of its own (default ``build/proof/``), never into the site: it is for
the publisher's eyes, not for publication. Each PDF's pages are drawn once by ``pdftoppm`` (60 dpi: a
page's layout can be judged, its text read at a pinch); the copy-fit check names its near-empty pages.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen import __version__
from sitegen.audit.copyfit import short_page_numbers
from sitegen.audit.report import package_templates
from sitegen.build import write_pdfs
from sitegen.pdf.render import PdfOptions

log = logging.getLogger("sitegen.proof")

DPI = 60
SHEET = "index.html"


class ProofMissing(Exception):
    """pdftoppm, which draws the pages, is not installed."""


@dataclass
class ProofPage:
    number: int
    image: str
    flag: str = ""


@dataclass
class ProofDocument:
    """One PDF on the sheet: its path in the site, its title and its pages."""

    pdf: str
    title: str
    pages: list[ProofPage] = field(default_factory=list)

    @property
    def flagged(self) -> list[ProofPage]:
        return [p for p in self.pages if p.flag]


@dataclass
class ProofResult:
    sheet: Path
    documents: list[ProofDocument]

    @property
    def flagged(self) -> list[tuple[ProofDocument, ProofPage]]:
        return [(d, p) for d in self.documents for p in d.flagged]


def write_proof(root: Path, site: Path, out: Path, names: list[str], options: PdfOptions | None = None) -> ProofResult:
    """Render the PDFs of ``names`` (all documents if empty) into ``site``, and their proof sheet into ``out``."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ProofMissing("pdftoppm draws the pages of a proof: install poppler-utils (apt-get install poppler-utils)")
    pdfs = write_pdfs(root, site, names, options or PdfOptions())
    documents = []
    # Drawn beside its place, then moved in: a reader never sees half a sheet.
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".proof-", dir=out.parent))
    try:
        for pdf in sorted(pdfs):
            relative = pdf.relative_to(site).as_posix()
            documents.append(_draw(pdftoppm, pdf, relative, staging))
        (staging / SHEET).write_text(_render(documents), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.replace(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    result = ProofResult(out / SHEET, documents)
    for document, page in result.flagged:
        log.info("%s page %d: %s", document.pdf, page.number, page.flag)
    return result


def _draw(pdftoppm: str, pdf: Path, relative: str, folder: Path) -> ProofDocument:
    """Draw every page of one PDF into ``folder/<its name>/`` and read what the copy-fit check flags."""
    name = str(PurePosixPath(relative).with_suffix("")).replace("/", "-")
    target = folder / name
    target.mkdir(parents=True)
    subprocess.run([pdftoppm, "-r", str(DPI), "-png", str(pdf), str(target / "page")], check=True, capture_output=True)
    flags = {
        number: f"{lines} line{'s' if lines != 1 else ''} of text: a near-empty page" for number, lines in short_page_numbers(pdf)
    }
    images = sorted(target.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    pages = [ProofPage(n, f"{name}/{image.name}", flags.get(n, "")) for n, image in enumerate(images, start=1)]
    return ProofDocument(relative, _title(pdf), pages)


def _title(pdf: Path) -> str:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return str(document.docinfo.get("/Title", pdf.stem))


def _render(documents: list[ProofDocument]) -> str:
    return package_templates("sitegen.proof").get_template("proof.html").render(documents=documents, version=__version__)
