"""The national benchmark: sitegen on a national corpus, against WeasyPrint alone, in one run.

Run from the repository root (after ./dev.sh test or ./dev.sh site):

    .venv/bin/python benchmarks/national_benchmark.py [--reports 108] [--regions 12] [--seed 1]
        [--jobs N] [--rounds 1] [--json FILE] [--source DIR]
    .venv/bin/python benchmarks/national_benchmark.py --compare BEFORE.json AFTER.json

It generates the corpus (``national_corpus.py``), then measures every figure of the table printed at the
end, each as a whole ``sitegen`` process (``python -m sitegen``) as an author runs it:

- cold build with PDFs (``sitegen build``, no build/ folder), against the WeasyPrint floor: the same print
  HTML of every document rendered by WeasyPrint alone with the same options, in warm worker processes, in
  the same run; the floor is the sum of those renders divided by the worker count (``--jobs``, default
  the cores), so the ratio is what sitegen adds, load balance included;
- the cost of sitegen's own PDF tags per document: sitegen's render against WeasyPrint's of the same HTML,
  alternating in one warm process (``bench_probes.py tags``);
- the main process before the first PDF starts (the "Rendering N PDF(s)" line of the log);
- rebuild with nothing changed; rebuild after one prose edit to one report, and after an edit to a
  recommendation a letter quotes, against one bare render of that report (warm, and as a whole process);
- the preview (``sitegen serve``): from saving a prose edit to the page served with it;
- HTML-only build (``--no-pdf``), cold; ``-v``'s lines; the peak memory of a PDF worker (sampled from
  /proc during the cold build; Pagefind, also a child of the build, apart) and of a bare WeasyPrint worker;
  the per-PDF times the log gives.

The machine is shared and noisy: compare ratios measured in the same run, repeat (``--rounds``), and read
the spread. ``--json FILE`` keeps every figure, so that two commits can be compared (``--source DIR``
measures the sitegen source tree in DIR, e.g. an export of another commit, with this corpus and these
probes; ``--compare`` prints two such files side by side).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_runs import (  # noqa: E402
    Runner,
    bare_floor,
    edit_foreword,
    edit_recommendation,
    preview_latency,
    scaling,
)

REPO = Path(__file__).resolve().parent.parent
log = logging.getLogger("benchmark")

#: The rows of the table: key in the results, what it measures, the goal, and how to read the goal.
ROWS = (
    ("cold_ratio", "cold build with PDFs / WeasyPrint floor", "<= 1.15"),
    ("cold_cpu_ratio", "  the same in CPU seconds: all sitegen processes / bare renders", "<= 1.15"),
    ("tags_share", "PDF tags: sitegen's cost over WeasyPrint's, share of a render", "small"),
    ("first_pdf_s", "main process before the first PDF starts (s)", "< 1"),
    ("noop_s", "rebuild with nothing changed (s)", "< 0.5"),
    ("edit_over_render_s", "rebuild after a prose edit, minus one warm bare render (s)", "<= 0.5"),
    ("letter_edit_over_render_s", "rebuild after a quoted edit, minus bare renders (s)", "<= 0.5"),
    ("preview_s", "preview: save to new page served (s)", "< 0.5"),
    ("html_only_s", "HTML-only build of the corpus, cold (s)", "< 1"),
    ("worker_peak_mib", "peak memory of a PDF worker (MiB)", "< 150"),
)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": _median(values), "min": min(values, default=float("nan")), "max": max(values, default=float("nan"))}


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found[1].strip() if found else ""
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()) if Path("/proc/meminfo").exists() else None
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(int(memory[1]) / 1024 / 1024, 1) if memory else None,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_start": os.getloadavg(),
    }


def commit(source: Path) -> str:
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=source, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else source.name


def measure(args: argparse.Namespace) -> dict[str, Any]:
    source = (args.source or REPO).resolve()
    work = Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    began = time.perf_counter()
    try:
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks/national_corpus.py"), str(corpus), "--reports", str(args.reports),
             "--regions", str(args.regions), "--seed", str(args.seed)],
            check=True, capture_output=True,
        )  # fmt: skip
        runner = Runner(source, corpus, work, jobs=args.jobs)
        docs = runner.dump_print_html()
        settings = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
        results: dict[str, Any] = {"machine": machine(), "commit": args.label or commit(source), "corpus": settings}
        results["documents"] = len(docs["documents"])
        raw: dict[str, Any] = {}
        log.info("%.0f s: HTML-only build, cold, and -v", time.perf_counter() - began)
        raw["html_only"] = [runner.html_only() for _ in range(args.rounds * 3)]
        raw["verbose"] = runner.verbose_lines()
        raw["first_pdf"] = [runner.first_pdf() for _ in range(5)]
        for number in range(args.rounds):
            log.info("%.0f s: round %d: cold build with PDFs, then the WeasyPrint floor", time.perf_counter() - began, number + 1)
            raw.setdefault("cold", []).append(runner.cold_build())
            raw.setdefault("floor", []).append(bare_floor(docs, runner.jobs))
        log.info("%.0f s: rebuilds: nothing changed, one edit", time.perf_counter() - began)
        raw["noop"] = [runner.rebuild() for _ in range(max(3, args.rounds * 3))]
        report, letter = runner.quoted_report()
        raw["edit"] = [runner.rebuild(edit_foreword, report, i) for i in range(max(3, args.rounds * 3))]
        raw["letter_edit"] = [runner.rebuild(edit_recommendation, report, i) for i in range(max(2, args.rounds * 2))]
        raw["edited"] = {"report": report, "letter": letter}
        raw["bare_process"] = [runner.bare_process(docs, f"pdus/{report}.pdf") for _ in range(3)]
        log.info("%.0f s: the cost of sitegen's tags, per document", time.perf_counter() - began)
        raw["tags"] = runner.tags(docs, sample=args.tag_sample)
        log.info("%.0f s: preview", time.perf_counter() - began)
        raw["preview"] = preview_latency(runner, report, rounds=max(5, args.rounds * 5))
        log.info("measured in %.0f s", time.perf_counter() - began)
        results["raw"] = raw
        results["rows"] = rows(raw, runner.jobs)
        results["machine"]["load_average_end"] = os.getloadavg()
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def rows(raw: dict[str, Any], jobs: int) -> dict[str, Any]:
    """The table's figures from the raw measurements (medians over the rounds)."""
    out: dict[str, Any] = {"jobs": jobs}
    cold = [c["wall"] for c in raw["cold"]]
    floors = [sum(d["s"] for d in f["documents"]) / jobs for f in raw["floor"]]
    ratios = [c / f for c, f in zip(cold, floors, strict=True)]
    out["cold_s"], out["floor_s"], out["cold_ratio"] = _median(cold), _median(floors), _median(ratios)
    out["cold_ratio_spread"] = _spread(ratios)
    # CPU seconds, which a busy machine disturbs less than wall time: all of sitegen's processes against
    # the sum of the bare renders' own CPU time.
    cpu_ratios = [c["cpu"] / sum(d["cpu"] for d in f["documents"]) for c, f in zip(raw["cold"], raw["floor"], strict=True)]
    out["cold_cpu_ratio"] = _median(cpu_ratios)
    out["floor_pool_wall_s"] = _median([f["wall"] for f in raw["floor"]])
    firsts = raw.get("first_pdf") or [{"seen": c["first_pdf"]} for c in raw["cold"]]
    out["first_pdf_s"] = _median([f["seen"] for f in firsts if f["seen"] is not None])
    out["first_pdf_spread"] = _spread([f["seen"] for f in firsts if f["seen"] is not None])
    cpu = [f["cpu"] for f in firsts if f.get("cpu") is not None]
    out["first_pdf_cpu_s"] = _median(cpu) if cpu else float("nan")
    out["worker_peak_mib"] = max(c["worker_peak_mib"] for c in raw["cold"])
    if all("logged_pdfs" in c for c in raw["cold"]):
        cold = min(raw["cold"], key=lambda c: c["wall"])
        out["scaling"] = [scaling(cold, cores, jobs) for cores in (jobs, 2, 8, 32)]
    out["main_peak_mib"] = max(c["main_peak_mib"] for c in raw["cold"])
    out["search_peak_mib"] = max(c.get("search_peak_mib", 0.0) for c in raw["cold"])
    out["bare_worker_peak_mib"] = max(f["peak_mib"] for f in raw["floor"])
    logged = [s for c in raw["cold"] for s in c["logged_pdf_s"]]
    bare = [d["s"] for f in raw["floor"] for d in f["documents"]]
    out["logged_pdf_s"] = _spread(logged)
    out["bare_pdf_s"] = _spread(bare)
    tags = raw["tags"]["documents"]
    shares = [(d["sitegen_cpu"] - d["weasyprint_cpu"]) / d["weasyprint_cpu"] for d in tags]
    out["tags_share"] = _median(shares)
    out["tags_share_spread"] = _spread(shares)
    out["tags_cpu_s"] = _spread([d["sitegen_cpu"] - d["weasyprint_cpu"] for d in tags])
    passes = [d["repair_pass_cpu"] for d in tags if d["repair_pass_cpu"] is not None]
    out["repair_pass_cpu_s"] = _spread(passes) if passes else None
    out["noop_s"] = _median([r["wall"] for r in raw["noop"]])
    report_path = f"pdus/{raw['edited']['report']}.pdf"
    letter_path = f"letters/{raw['edited']['letter']}.pdf"
    warm = {d["path"]: d["s"] for f in raw["floor"][-1:] for d in f["documents"]}
    out["edit_s"] = _median([r["wall"] for r in raw["edit"]])
    out["edit_bare_render_s"] = warm[report_path]
    out["edit_over_render_s"] = out["edit_s"] - warm[report_path]
    out["bare_process_s"] = _median(raw["bare_process"])
    out["edit_over_bare_process_s"] = out["edit_s"] - out["bare_process_s"]
    out["letter_edit_s"] = _median([r["wall"] for r in raw["letter_edit"]])
    # The report and the letter render side by side (two workers): the longer of the two is the floor.
    both = max(warm[report_path], warm[letter_path]) if jobs > 1 else warm[report_path] + warm[letter_path]
    out["letter_edit_over_render_s"] = out["letter_edit_s"] - both
    out["edit_renders"] = [r["pdfs_rendered"] for r in raw["edit"]]
    out["letter_edit_renders"] = [r["pdfs_rendered"] for r in raw["letter_edit"]]
    out["preview_s"] = _median(raw["preview"]["seconds"])
    out["preview_spread"] = _spread(raw["preview"]["seconds"])
    out["html_only_s"] = _median([r["wall"] for r in raw["html_only"]])
    out["html_only_spread"] = _spread([r["wall"] for r in raw["html_only"]])
    out["html_only_cpu_s"] = _median([r["cpu"] for r in raw["html_only"]])
    out["noop_cpu_s"] = _median([r["cpu"] for r in raw["noop"]])
    out["verbose_lines"] = raw["verbose"]["lines"]
    out["verbose_s"], out["quiet_s"] = raw["verbose"]["verbose_s"], raw["verbose"]["quiet_s"]
    return out


def table(results: list[dict[str, Any]]) -> str:
    """The table of the issue's rows, one column per result."""
    lines = [f"{'measure':<66}" + "".join(f"{r['commit'][:18]:>20}" for r in results) + f"{'goal':>10}"]
    for key, label, goal in ROWS:
        values = "".join(f"{r['rows'].get(key, float('nan')):>20.3f}" for r in results)
        lines.append(f"{label:<66}{values}{goal:>10}")
    extra = (
        ("cold_s", "  cold build (s)"),
        ("floor_s", "  WeasyPrint floor: sum of bare renders / jobs (s)"),
        ("floor_pool_wall_s", "  WeasyPrint alone in a pool of that many workers (s)"),
        ("first_pdf_cpu_s", "  main process before the first PDF, its CPU (s)"),
        ("html_only_cpu_s", "  HTML-only build, CPU (s)"),
        ("noop_cpu_s", "  rebuild with nothing changed, CPU (s)"),
        ("edit_s", "  rebuild after a prose edit (s)"),
        ("edit_bare_render_s", "  one bare render of that report, warm (s)"),
        ("bare_process_s", "  one bare render of that report, a whole process (s)"),
        ("letter_edit_s", "  rebuild after an edit a letter quotes (s)"),
        ("bare_worker_peak_mib", "  peak memory of a bare WeasyPrint worker (MiB)"),
        ("main_peak_mib", "  peak memory of the main process (MiB)"),
        ("search_peak_mib", "  peak memory of Pagefind, indexing for the search (MiB)"),
        ("verbose_lines", "  lines of `build --no-pdf -v`"),
    )
    for key, label in extra:
        values = "".join(f"{r['rows'].get(key, float('nan')):>20.3f}" for r in results)
        lines.append(f"{label:<66}{values}")
    for r in results:
        for model in r["rows"].get("scaling", []):
            lines.append(
                f"[{r['commit'][:18]}] cold build on {model['cores']} cores, modelled from the measured build: "
                f"{model['seconds']:.1f} s (workers' memory {model['cores'] * r['rows']['worker_peak_mib']:.0f} MiB at most)"
            )
    for r in results:
        rows_ = r["rows"]
        spread = rows_["cold_ratio_spread"]
        lines.append(
            f"[{r['commit'][:18]}] jobs {rows_['jobs']}; cold ratio {spread['min']:.3f}-{spread['max']:.3f}; "
            f"PDF times logged {rows_['logged_pdf_s']['min']:.2f}-{rows_['logged_pdf_s']['max']:.2f} s "
            f"(bare {rows_['bare_pdf_s']['min']:.2f}-{rows_['bare_pdf_s']['max']:.2f} s); "
            f"PDFs rendered after an edit {rows_['edit_renders']}, after a quoted edit {rows_['letter_edit_renders']}; "
            f"load {r['machine']['load_average_start'][0]:.1f} -> {r['machine']['load_average_end'][0]:.1f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=108)
    parser.add_argument("--regions", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None, help="PDF workers (default: the cores)")
    parser.add_argument("--rounds", type=int, default=1, help="cold builds and floors to measure")
    parser.add_argument("--tag-sample", type=int, default=12, help="documents whose tags are timed")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--source", type=Path, help="the sitegen source tree to measure (default: this one)")
    parser.add_argument("--label", help="what to call the source measured (default: its git commit)")
    parser.add_argument("--compare", nargs="+", type=Path, help="print the tables of these JSON files side by side")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("weasyprint", "fontTools", "pikepdf"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.compare:
        results = [json.loads(p.read_text(encoding="utf-8")) for p in args.compare]
        for result in results:  # the figures again from the raw measurements, as this version works them out
            with contextlib.suppress(KeyError, TypeError, ZeroDivisionError):
                result["rows"] = rows(result["raw"], result["rows"]["jobs"])
    else:
        results = [measure(args)]
        if args.json:
            args.json.write_text(json.dumps(results[0], indent=1, default=str) + "\n", encoding="utf-8")
    log.info("%s", table(results))
    machine_ = results[-1]["machine"]
    log.info(
        "machine: %s, %d cores, %s GiB, Python %s", machine_["cpu"], machine_["cores"], machine_["memory_gib"], machine_["python"]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
