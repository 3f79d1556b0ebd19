"""Turn the bare web and e-mail addresses in a rendered HTML fragment into links, for web pages.

Standard texts such as the licence paragraph print addresses as text
("visit www.nationalarchives.gov.uk/...", "or email psi@..."): on paper that
is all a reader can use, on a web page it should be a link. Only text outside
tags and outside existing links changes; a web address without a scheme
links to https://. The PDF keeps its text as printed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from linkify_it import LinkifyIt
from markupsafe import Markup, escape

_TAG = re.compile(r"(<[^>]*>)")


def _secure_default(match: Any) -> None:
    """'www.example.org' links to https:// (linkify-it's default is http://)."""
    if not match.schema:
        match.url = "https://" + match.url
    elif match.schema == "mailto:" and not match.url.lower().startswith("mailto:"):
        match.url = "mailto:" + match.url


_LINKIFY = LinkifyIt()
_LINKIFY.normalize = _secure_default  # type: ignore[method-assign]


def link_addresses(html: str) -> Markup:
    """``html`` (already safe) with every bare web or e-mail address outside a link made a link."""
    return _link_addresses(str(html))


@lru_cache(maxsize=1024)
def _link_addresses(html: str) -> Markup:
    # The standard texts it is given are the same on every page of a site: each is linked once.
    parts = _TAG.split(html)
    depth = 0  # inside <a>...</a>
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            if re.match(r"<a[\s>]", part, re.IGNORECASE):
                depth += 1
            elif re.match(r"</a\s*>", part, re.IGNORECASE):
                depth = max(0, depth - 1)
            out.append(part)
        elif depth or not part:
            out.append(part)
        else:
            out.append(_linked(part))
    return Markup("".join(out))


def _linked(text: str) -> str:
    """Escaped text (entities and all) with its addresses made links."""
    matches = _LINKIFY.match(text) or []
    done, position = [], 0
    for match in matches:
        if not match.url.startswith(("https://", "http://", "mailto:")):
            continue
        done.append(text[position : match.index])
        done.append(f'<a href="{escape(Markup(match.url).unescape())}">{match.text}</a>')
        position = match.last_index
    done.append(text[position:])
    return "".join(done)
