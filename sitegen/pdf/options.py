"""How PDFs are made: the options a build passes down to each render (nothing to import but these)."""

from __future__ import annotations

from dataclasses import dataclass

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3a", "pdf/a-3u")


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are made: the PDF flavour, a preview draft, a printer's edition."""

    variant: str = "pdf/ua-1"
    draft: bool = False
    print_ready: bool = False
