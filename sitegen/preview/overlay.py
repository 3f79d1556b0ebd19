"""Turn a served HTML page into a live preview page: a reload script, and the build's problems over it.

Nothing here is written into the build folder: the preview server adds it to
each HTML response. The script listens to the server's event stream and
reloads the page when the site has been rebuilt; the overlay lists every
problem of the latest build as ``file:line:col`` and message. Content is
untrusted, so every piece of a problem is HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from sitegen.content.problems import Problem

#: The server-sent events endpoint: one event, the build version, after each rebuild.
EVENTS_PATH = "/__sitegen__/events"
OVERLAY_ID = "sitegen-overlay"

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)

_SCRIPT = """<script>/* sitegen preview: reload when the site has been rebuilt */
(function () {
  var served = "%(version)d";
  var source = new EventSource("%(events)s");
  source.onmessage = function (event) {
    if (event.data !== served) { source.close(); location.reload(); }
  };
})();
</script>
"""

_STYLE = (
    "position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;z-index:2147483647;margin:0;"
    "padding:1em 1.5em;background:#8b0000;color:#fff;font:15px/1.45 system-ui,sans-serif;"
    "box-shadow:0 4px 12px rgba(0,0,0,.4);text-align:left"
)
_CODE = "font:14px/1.45 ui-monospace,monospace;color:#fff;background:none"


def where(problem: Problem) -> str:
    """``file:line:col`` (or the file alone), as the terminal prints it."""
    return f"{problem.file}:{problem.line}:{problem.column or 1}" if problem.line else problem.file


def what(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def reload_script(version: int) -> str:
    return _SCRIPT % {"version": version, "events": EVENTS_PATH}


def overlay(problems: Sequence[Problem]) -> str:
    """The error panel shown over the page: one line per problem, every part escaped."""
    count = len(problems)
    heading = f"The site could not be rebuilt: {count} problem{'s' if count != 1 else ''}"
    items = "".join(
        f'<li style="margin:.3em 0"><code style="{_CODE};font-weight:bold">{escape(where(p))}</code>'
        f' <span class="sitegen-message">{escape(what(p))}</span></li>'
        for p in problems
    )
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="{_STYLE}">'
        '<button type="button" onclick="this.parentNode.remove()" '
        'style="float:right;font:inherit;color:#fff;background:none;border:1px solid #fff;cursor:pointer">Hide</button>'
        f'<p style="margin:0 0 .5em;font-weight:bold;font-size:1.15em;color:#fff">{escape(heading)}</p>'
        f'<ol style="margin:0;padding-left:1.5em">{items}</ol>'
        '<p style="margin:.6em 0 0;color:#fff">The page below is the last good build. '
        "Fix the file and save it: this page reloads by itself.</p></div>\n"
    )


def inject(page: bytes, version: int, problems: Sequence[Problem]) -> bytes:
    """The page with the reload script, and the overlay if the latest build had problems, before ``</body>``."""
    extra = (overlay(problems) if problems else "") + reload_script(version)
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + extra.encode("utf-8") + page[at:]


def message_page(title: str, text: str, version: int, problems: Sequence[Problem] = ()) -> bytes:
    """A small page of the preview's own (not found, no site yet, no PDF), which reloads like the others."""
    body = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} - sitegen preview</title></head>\n"
        f'<body style="font:16px/1.5 system-ui,sans-serif;margin:2em"><h1>{escape(title)}</h1><p>{escape(text)}</p>'
        "</body></html>\n"
    )
    return inject(body.encode("utf-8"), version, problems)
