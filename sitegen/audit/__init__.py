"""Quality gates: turn a built site into findings, page by page and PDF by PDF.

:func:`audit` runs each gate, a module of its own, on the site in a folder:
``links`` (links, anchors, footnotes), ``html_a11y`` (axe-core in Chromium),
``html_valid`` (Nu HTML Checker), ``pdf_a11y`` (veraPDF PDF/UA-1),
``pdf_structure`` (what the PDF's tags mean), ``parity`` (the web page and
the PDF say the same) and ``copyfit`` (no near-empty PDF page); :mod:`~sitegen.audit.report` turns the findings into
the terminal summary, ``audit.json`` and ``audit.html``. ``sitegen check``
(in :mod:`sitegen.cli`) builds, audits and reports.
"""

from importlib import import_module
from typing import Any

# Where each name lives: imported when first used, so that the command line can name the gates
# (``sitegen.audit.model``) without loading the checkers a build does not need.
_NAMES = {
    "GATES": "model",
    "AuditReport": "model",
    "CheckerFailed": "model",
    "CheckerMissing": "model",
    "Document": "model",
    "Finding": "model",
    "summary": "report",
    "write_reports": "report",
    "audit": "run",
    "SiteMissing": "site",
    "find_checkers": "tools",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"sitegen.audit.{_NAMES[name]}"), name)
