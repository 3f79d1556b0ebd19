"""Turn the Nu HTML Checker's errors on every page into findings.

One JVM (``java -jar vnu.jar``, vnu-jar from npm) checks all pages at once;
its JSON report is read back. Only errors count (``--errors-only``). The
rule of a finding is the message's wording without the quoted names
('Duplicate ID “x”.' -> ``duplicate-id``), so findings group by kind.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.audit.model import CheckerFailed, Finding
from sitegen.audit.site import Site

GATE = "html-valid"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_NAMED = re.compile(r"“([\w:-]+)”\s+(element|attribute)")
_WORD = re.compile(r"[a-z0-9]+")
_FILLER = {"a", "an", "the"}
#: The checker needs a deep stack; the quick JIT alone (C1) and the serial GC halve its time on a
#: site's worth of pages.
JAVA_OPTIONS = ("-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData")


def check_validity(site: Site, java: Path, vnu_jar: Path) -> tuple[list[Finding], str]:
    """The checker's errors as findings, and its version."""
    pages = site.pages
    if not pages:
        return [], ""
    files = [str(site.path(p).resolve()) for p in pages]
    command = [str(java), *JAVA_OPTIONS, "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--exit-zero-always", *files]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120 + 5 * len(files))
    except subprocess.TimeoutExpired as exc:
        raise CheckerFailed(f"the Nu HTML Checker took over {exc.timeout} s") from exc
    try:
        report = json.loads(done.stderr or done.stdout)
    except ValueError as exc:
        output = (done.stderr or done.stdout).strip()[:500]
        raise CheckerFailed(f"the Nu HTML Checker gave no report (exit {done.returncode}): {output}") from exc
    by_path = {str(Path(f)): name for f, name in zip(files, pages, strict=True)}
    findings = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = by_path.get(str(Path(unquote(urlsplit(message.get("url", "")).path))), message.get("url", "?"))
        line = message.get("lastLine")
        where = f"line {line}: " if line else ""
        findings.append(Finding(page, GATE, rule_of(message.get("message", "")), where + str(message.get("message", "")).strip()))
    return findings, str(report.get("version", ""))


def rule_of(message: str) -> str:
    """A stable name for a kind of message: its first clause, without quoted values.

    Element and attribute names stay ('An “img” element must have an “alt” attribute'
    -> ``img-element-must-have-alt-attribute``); other quoted text goes
    ('Duplicate ID “ratings”.' -> ``duplicate-id``).
    """
    named = _NAMED.sub(lambda m: f"{m[1]} {m[2]}", message)
    first = re.split(r"[.,;:](?:\s|$)", _QUOTED.sub(" ", named), maxsplit=1)[0]
    words = [w for w in _WORD.findall(first.lower()) if w not in _FILLER]
    return "-".join(words[:8]) or "error"
