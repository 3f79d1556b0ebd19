"""Time and memory of one document as it grows to the documented limits: they must grow linearly.

Builds a report (the test fixture's, in a temporary folder) filled with
sub-sections of bullets to 1/8, 1/4, 1/2 and all of the limits of one
document (``sitegen/content/limits.py``: list entries and characters per
file, at most 100 entries a list), then, each in a fresh process, validates
it and renders its PDF, and prints per size: entries, characters, pages,
seconds (validation, and the PDF), peak memory, and seconds and megabytes per
thousand entries. Linear growth shows as a flat per-thousand column.

    .venv/bin/python benchmarks/limits_benchmark.py [--steps 4] [--json]

Not part of the test suite: the machines are shared and noisy, so compare
the columns of one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitegen.content import limits  # noqa: E402

FIXTURE = REPO / "tests/fixtures/minimal"
ENTRIES_PER_SECTION = limits.MAX_ENTRIES
#: Each bullet is about 100 characters, so entries and characters reach their limits together.
BULLET = "Staff said that the work with people on probation was {i}, and that managers supported it well."


def make_project(folder: Path, sections: int) -> tuple[int, int]:
    """A copy of the fixture with ``sections`` sub-sections of full lists; (entries, characters) added."""
    shutil.copytree(FIXTURE, folder)
    path = folder / "content/pdus/testford.yaml"
    text = path.read_text(encoding="utf-8")
    lines = []
    chars = entries = 0
    for s in range(sections):
        lines.append(f"      - title: Part {s + 1}\n        points:\n")
        for i in range(ENTRIES_PER_SECTION):
            bullet = BULLET.format(i=f"number {s * ENTRIES_PER_SECTION + i}")
            lines.append(f"          - {bullet}\n")
            chars += len(bullet)
            entries += 1
    marker = "    sections:\n      - title: Resettlement work\n"
    path.write_text(text.replace(marker, "    sections:\n" + "".join(lines) + marker[len("    sections:\n") :]), encoding="utf-8")
    return entries, chars


def measure_one(project: Path) -> dict[str, float]:
    """In this process: validate, then render the report's PDF (no cache); seconds and peak memory."""
    from sitegen.build import print_documents
    from sitegen.pdf.pool import render_job
    from sitegen.pdf.render import PdfOptions

    start = time.perf_counter()
    job = next(j for j in print_documents(project, PdfOptions()) if j.path == "pdus/testford.pdf")
    validated = time.perf_counter()
    pdf = render_job(job).pdf
    rendered = time.perf_counter()
    import pikepdf

    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        pages = len(document.pages)
    return {
        "validate_s": validated - start,
        "pdf_s": rendered - validated,
        "pages": pages,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=4, help="sizes: the limit halved this many times, smallest first")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one)))  # noqa: T201 - the child's answer to its parent
        return
    # As close to the limits as full lists get: the fixture's own entries and text take the rest.
    full = limits.MAX_DOCUMENT_ENTRIES // ENTRIES_PER_SECTION - 1
    sizes = sorted({max(1, full >> k) for k in range(args.steps)})
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for sections in sizes:
            project = Path(tmp) / f"s{sections}"
            entries, chars = make_project(project, sections)
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(project)], capture_output=True, text=True, check=True, cwd=REPO
            )
            row = {"entries": entries, "characters": chars, **json.loads(done.stdout.splitlines()[-1])}
            row["s_per_1000"] = (row["validate_s"] + row["pdf_s"]) / entries * 1000
            rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))  # noqa: T201
        return
    print(  # noqa: T201
        f"limits: {limits.MAX_DOCUMENT_ENTRIES:,} entries, {limits.MAX_DOCUMENT_CHARS:,} characters a document; "
        f"{limits.MAX_ENTRIES} entries a list"
    )
    print(f"{'entries':>8} {'chars':>9} {'pages':>6} {'valid s':>8} {'PDF s':>7} {'peak MB':>8} {'s/1000':>7}")  # noqa: T201
    for r in rows:
        print(  # noqa: T201
            f"{r['entries']:>8,} {r['characters']:>9,} {r['pages']:>6} {r['validate_s']:>8.2f} {r['pdf_s']:>7.2f} "
            f"{r['peak_mb']:>8.0f} {r['s_per_1000']:>7.2f}"
        )
    first, last = rows[0], rows[-1]
    growth = last["entries"] / first["entries"]
    print(  # noqa: T201
        f"from {first['entries']:,} to {last['entries']:,} entries (x{growth:.0f}): time x"
        f"{(last['validate_s'] + last['pdf_s']) / (first['validate_s'] + first['pdf_s']):.1f}, "
        f"memory above the smallest run's +{last['peak_mb'] - first['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
