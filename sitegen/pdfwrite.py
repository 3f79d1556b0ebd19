"""``sitegen pdf``: the PDFs of some reports, without rebuilding the site.

The content is loaded and validated as for a build; each PDF is then written
next to its page in the output folder, by a rename, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from sitegen.build import prepare
from sitegen.errors import ContentError, Problem
from sitegen.load import load_content
from sitegen.pdf import PdfOptions
from sitegen.pdfbuild import build_pdfs
from sitegen.write import safe_target


def write_pdfs(root: Path, out: Path, names: list[str], options: PdfOptions, *, jobs: int | None = None) -> list[Path]:
    content = load_content(root)
    reports, letters = prepare(content)
    known = [r.slug for r in reports] + [x.slug for x in letters]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ContentError([_unknown(name, known) for name in unknown])
    chosen = [r for r in reports if not names or r.slug in names]
    chosen_letters = [x for x in letters if not names or x.slug in names]
    written = []
    for relative, data in build_pdfs(content, chosen, chosen_letters, options, jobs=jobs).items():
        target = safe_target(out, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(target)
    return written


def _unknown(name: str, known: list[str]) -> Problem:
    near = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"the reports are {', '.join(known)}"
    return Problem("content/", 0, 0, "", f"no report or letter '{name}': {hint}")
