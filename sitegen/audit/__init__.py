"""Quality gates: turn a built site into findings, page by page and PDF by PDF.

:func:`audit` runs each gate, a module of its own, on the site in a folder:
``links`` (links, anchors, footnotes), ``html_a11y`` (axe-core in Chromium),
``html_valid`` (Nu HTML Checker), ``pdf_a11y`` (veraPDF PDF/UA-1),
``pdf_structure`` (what the PDF's tags mean) and ``parity`` (the web page and
the PDF say the same). ``sitegen check`` (:mod:`sitegen.audit.command`)
builds, audits and writes ``audit.json`` and ``audit.html``.
"""

from sitegen.audit.model import AuditReport, CheckerFailed, CheckerMissing, Document, Finding
from sitegen.audit.run import audit

__all__ = ["AuditReport", "CheckerFailed", "CheckerMissing", "Document", "Finding", "audit"]
