"""The house's rule for printed pages: which pages of a document are near-empty.

Chapters and standards open a page, so a run of text that overflows its last
full page by a few lines leaves those lines alone on a page before the next
forced break. Such a page, other than the first and the last, holding
:data:`SHORT_PAGE_LINES` lines of text or fewer (running heads, footers and
footnotes not counted), is a short page, unless it opens a chapter or a
standard itself: a short chapter is no tail. The build fits the text to avoid
them (:mod:`sitegen.pdf.fit`) and the audit names any left
(:mod:`sitegen.audit.copyfit`): one rule, here, for both.
"""

from __future__ import annotations

from collections.abc import Collection

#: A page holding this many lines of text or fewer is near-empty.
SHORT_PAGE_LINES = 5


def short_pages(lines: list[int], openers: Collection[int] = ()) -> list[int]:
    """The indexes of the short pages of a document whose pages hold ``lines`` lines of text: not the first
    or the last, nor a page in ``openers`` (pages that open with a chapter or a standard)."""
    return [i for i in range(1, len(lines) - 1) if lines[i] <= SHORT_PAGE_LINES and i not in openers]
