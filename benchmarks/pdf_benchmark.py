"""Benchmark of the PDF stage: how much sitegen adds on top of WeasyPrint.

Run from the repository root (after ./dev.sh site or ./dev.sh test):

    .venv/bin/python benchmarks/pdf_benchmark.py [PROJECT_DIR] [--rounds N]

For each report it measures, in one run so that the noise of a shared
machine affects both sides alike:

- sitegen: print HTML from the content, WeasyPrint rendering and sitegen's own
  post-processing, i.e. everything ``sitegen pdf`` does for one document;
- WeasyPrint alone: the same print HTML rendered by WeasyPrint with the same
  options, nothing else;

and reports seconds per report, pages per second, the peak memory of the
worker process, and the ratio sitegen / WeasyPrint (the overhead we add).
Each side runs in a fresh worker process per round, so imports and caches
do not favour either; the best of N rounds is reported.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.build import print_documents  # noqa: E402
from sitegen.pdf.pool import PdfJob  # noqa: E402
from sitegen.pdf.render import PdfOptions, render_pdf  # noqa: E402

log = logging.getLogger("benchmark")


def _sitegen(job: PdfJob) -> tuple[float, int, int]:
    import weasyprint  # noqa: F401  (imported before timing: a warm worker, as in a build)

    start = time.perf_counter()
    pdf = render_pdf(job.html, theme=job.theme, options=job.options, source=job.source).pdf
    seconds = time.perf_counter() - start
    return seconds, _pages(pdf), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _weasyprint_alone(job: PdfJob) -> tuple[float, int, int]:
    from weasyprint import HTML

    start = time.perf_counter()
    pdf = HTML(string=job.html, base_url=job.theme.as_uri() + "/").write_pdf(
        pdf_variant=job.options.variant, pdf_identifier=b"sitegen"
    )
    seconds = time.perf_counter() - start
    return seconds, _pages(pdf), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _pages(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        return len(doc.pages)


def _best(func, job: PdfJob, rounds: int) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    results = []
    for _ in range(rounds):
        with ProcessPoolExecutor(max_workers=1) as pool:
            results.append(pool.submit(func, job).result())
    return min(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=".", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)

    start = time.perf_counter()
    jobs = print_documents(args.project, PdfOptions())
    html_seconds = time.perf_counter() - start

    rows = []
    for job in jobs:
        ours, pages, our_kib = _best(_sitegen, job, args.rounds)
        theirs, _, their_kib = _best(_weasyprint_alone, job, args.rounds)
        rows.append(
            {
                "document": job.path,
                "pages": pages,
                "sitegen_s": round(ours, 3),
                "weasyprint_s": round(theirs, 3),
                "ratio": round(ours / theirs, 3),
                "pages_per_s": round(pages / ours, 1),
                "peak_worker_mib": round(our_kib / 1024, 1),
                "weasyprint_peak_mib": round(their_kib / 1024, 1),
            }
        )
    total_ours = sum(r["sitegen_s"] for r in rows)
    total_theirs = sum(r["weasyprint_s"] for r in rows)
    summary = {
        "reports": rows,
        "content_and_print_html_s": round(html_seconds, 3),
        "overall_ratio": round(total_ours / total_theirs, 3),
    }
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return 0
    header = f"{'document':<36}{'pages':>6}{'sitegen s':>11}{'WeasyPrint s':>14}{'ratio':>8}{'pages/s':>9}{'peak MiB':>10}"
    log.info(header)
    for r in rows:
        log.info(
            f"{r['document']:<36}{r['pages']:>6}{r['sitegen_s']:>11.3f}{r['weasyprint_s']:>14.3f}{r['ratio']:>8.3f}"
            f"{r['pages_per_s']:>9.1f}{r['peak_worker_mib']:>10.1f}"
        )
    log.info("content loading and print HTML for all reports: %.3f s", html_seconds)
    log.info("overall: sitegen takes %.3f times as long as WeasyPrint alone", summary["overall_ratio"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
