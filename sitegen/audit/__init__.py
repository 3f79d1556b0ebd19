"""Quality gates: turn a built site into findings, page by page and PDF by PDF.

:func:`audit` runs each gate, a module of its own, on the site in a folder:
``links`` (links, anchors, footnotes), ``html_a11y`` (axe-core in Chromium),
``html_valid`` (Nu HTML Checker), ``pdf_a11y`` (veraPDF PDF/UA-1),
``pdf_structure`` (what the PDF's tags mean), ``parity`` (the web page and
the PDF say the same) and ``copyfit`` (no near-empty PDF page); :mod:`~sitegen.audit.report` turns the findings into
the terminal summary, ``audit.json`` and ``audit.html``. ``sitegen check``
(in :mod:`sitegen.cli`) builds, audits and reports.
"""

from sitegen.audit.model import GATES, AuditReport, CheckerFailed, CheckerMissing, Document, Finding
from sitegen.audit.report import summary, write_reports
from sitegen.audit.run import audit
from sitegen.audit.site import SiteMissing
from sitegen.audit.tools import find_checkers

__all__ = [
    "GATES",
    "AuditReport",
    "CheckerFailed",
    "CheckerMissing",
    "Document",
    "Finding",
    "SiteMissing",
    "audit",
    "find_checkers",
    "summary",
    "write_reports",
]
