"""Turn veraPDF's PDF/UA-1 validation of every PDF into findings, one per failed rule.

sitegen's own runner (``tools/verapdf/verapdf``, which installs the validator
into ``~/.cache/sitegen-verapdf`` on first use) checks all PDFs in one JVM and
prints, per file::

    FILE [ua1]: COMPLIANT|NOT compliant, N assertions, M failed rule(s) (T s)
       rule 7.1-3 x12: message | e.g. context

or ``FILE [ua1]: ERROR: reason`` for a file it cannot read.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from sitegen.audit.model import CheckerFailed, Finding
from sitegen.audit.site import Site

log = logging.getLogger("sitegen.audit")

GATE = "pdf-a11y"
PROFILE = "ua1"
_FILE = re.compile(r"^(?P<file>.+?) \[(?P<flavour>[^\]]+)\]: (?P<status>COMPLIANT|NOT compliant|ERROR)(?:[,:] ?(?P<rest>.*))?$")
_RULE = re.compile(r"^\s+rule (?P<rule>\S+) x(?P<count>\d+): (?P<message>.*)$")
#: First use installs the validator (a download and a compile): allow for it.
SETUP_TIMEOUT = 900
PER_FILE_TIMEOUT = 60


def check_pdfs(site: Site, verapdf: Path, advance: Callable[[str], None] | None = None) -> list[Finding]:
    """veraPDF's failed PDF/UA-1 rules for each PDF, and any PDF it could not read."""
    pdfs = site.pdfs
    if not pdfs:
        return []
    files = {str(site.path(p).resolve()): p for p in pdfs}

    def on_line(line: str) -> None:
        match = _FILE.match(line)
        if match and advance and match["file"] in files:
            advance(files[match["file"]])

    timeout = SETUP_TIMEOUT + PER_FILE_TIMEOUT * len(files)
    lines, stderr, returncode, timed_out = _run([str(verapdf), PROFILE, *files], timeout, on_line)
    findings, seen = parse_output(lines, files)
    if set(files) - seen:
        missing = ", ".join(sorted(files[f] for f in set(files) - seen))
        why = f"it took over {timeout} s" if timed_out else f"exit {returncode}: {stderr.strip()[-800:] or 'no output'}"
        raise CheckerFailed(f"veraPDF did not check {missing} ({why})")
    return findings


def _run(command: list[str], timeout: float, on_line: Callable[[str], None]) -> tuple[list[str], str, int, bool]:
    """Run the runner, handing each line of its output to ``on_line`` as it comes (for the progress display)."""
    env = {**os.environ, "PYTHON": os.environ.get("PYTHON", sys.executable)}
    lines: list[str] = []
    stderr: list[str] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        reader = threading.Thread(target=lambda: stderr.extend(process.stderr or []), daemon=True)
        reader.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            for line in process.stdout or []:
                lines.append(line.rstrip("\n"))
                on_line(lines[-1])
            process.wait()
        finally:
            timed_out = not timer.is_alive() and process.returncode is not None and process.returncode < 0
            timer.cancel()
            reader.join(timeout=5)
    return lines, "".join(stderr), process.returncode, timed_out


def parse_output(lines: list[str], files: dict[str, str]) -> tuple[list[Finding], set[str]]:
    """The findings in the runner's output, and which of ``files`` (absolute -> site path) it reported."""
    findings: list[Finding] = []
    seen: set[str] = set()
    current: str | None = None
    for line in lines:
        head = _FILE.match(line)
        if head and head["file"] in files:
            current = files[head["file"]]
            seen.add(head["file"])
            if head["status"] == "ERROR":
                reason = f"veraPDF cannot read this PDF: {head['rest'] or ''}".strip()
                findings.append(Finding(current, GATE, "unreadable", reason))
            continue
        rule = _RULE.match(line)
        if rule and current is not None:
            count = int(rule["count"])
            times = f" ({count} times)" if count != 1 else ""
            findings.append(Finding(current, GATE, f"PDF/UA-1 {rule['rule']}", f"{rule['message'].strip()}{times}"))
    return findings, seen
