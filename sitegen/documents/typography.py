"""Turn text into text whose line breaks never split what a reader takes as one thing.

A non-breaking space goes into a UK postcode ('M3 3FX'), a month and its year
('May 2023'), a day and its month ('13 March'), and, in an address, a house
number or floor and the word after it ('1 Bridge Street', '1st Floor'): a
line that ends in 'M3' or '(May' reads as a mistake. Applied to HTML, only the
text between tags changes, never a tag or an attribute. The character is the
same in both editions, so a PDF and its web page break alike.
"""

from __future__ import annotations

import re

from markupsafe import Markup

NBSP = "\u00a0"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) (\d[A-Z]{2})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTHS}) (\d{{4}})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS})\b")
#: In an address only: in prose "in 2023 Wigan" must stay free to break.
_HOUSE_NUMBER = re.compile(r"\b(\d+[A-Za-z]{0,2}) (?=[A-Z])")
_TAG = re.compile(r"(<[^>]*>)")
#: Anything any of the patterns could match (each needs a digit, and a postcode's "3 3" or a month's name):
#: most text has none, and is left as it is at once.
_DIGIT = re.compile(r"\d")
_POSTCODE_DIGITS = re.compile(r"\d[A-Z\d]? \d")
_MONTH = re.compile(_MONTHS)
_ANY = re.compile(rf"\b(?:[A-Z]{{1,2}}\d[A-Z\d]? \d[A-Z]{{2}}|(?:{_MONTHS}) \d{{4}}|\d{{1,2}} (?:{_MONTHS}))\b")


def keep_together(text: str, *, address: bool = False) -> str:
    """``text`` with non-breaking spaces where a break would split one thing (see the module doc)."""
    for pattern in (_POSTCODE, _MONTH_YEAR, _DAY_MONTH, *((_HOUSE_NUMBER,) if address else ())):
        text = pattern.sub(lambda m: m[0].replace(" ", NBSP), text)
    return text


def keep_together_html(html: str, *, address: bool = False) -> Markup:
    """:func:`keep_together` on the text of an HTML fragment, tags and attributes untouched."""
    if not address and not (_DIGIT.search(html) and (_POSTCODE_DIGITS.search(html) or _MONTH.search(html)) and _ANY.search(html)):
        return Markup(html)
    parts = _TAG.split(str(html))
    return Markup("".join(part if i % 2 else keep_together(part, address=address) for i, part in enumerate(parts)))
