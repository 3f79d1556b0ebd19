"""Benchmark of the HTML site: how long `sitegen build --no-pdf` takes for many reports.

Run from the repository root:

    .venv/bin/python benchmarks/site_benchmark.py [--reports 100] [--rounds 3]

Copies one sample report N times into a temporary project (with the
repository's site.yaml, regions and theme), builds it, and reports the best
wall time of the rounds, reports per second, and the share of each stage
(load and validate, prepare, render, write).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.build import (
    load_content,  # noqa: E402
    prepare,  # noqa: E402
)
from sitegen.site.pages import render_site  # noqa: E402
from sitegen.site.write import write_site  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
log = logging.getLogger("benchmark")


def make_project(target: Path, copies: int, source: str) -> None:
    shutil.copy2(REPO / "site.yaml", target / "site.yaml")
    shutil.copytree(REPO / "content/regions", target / "content/regions")
    (target / "content/pdus").mkdir(parents=True)
    text = (REPO / "content/pdus" / f"{source}.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        (target / "content/pdus" / f"{source}-{i:04d}.yaml").write_text(text, encoding="utf-8")


def one_round(root: Path) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    content = load_content(root)
    times["load and validate"] = time.perf_counter() - start
    mark = time.perf_counter()
    reports, letters = prepare(content)
    times["prepare"] = time.perf_counter() - mark
    mark = time.perf_counter()
    files = render_site(content, reports, letters=letters)
    times["render"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_site(files, root / "build" / "site")
    times["write"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", default="wigan", help="the sample report to copy")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, args.reports, args.source)
        best = min((one_round(root) for _ in range(args.rounds)), key=lambda t: t["total"])
    log.info("%d reports: %.3f s (%.0f reports/s)", args.reports, best["total"], args.reports / best["total"])
    for stage in ("load and validate", "prepare", "render", "write"):
        log.info("  %-18s %.3f s (%2.0f%%)", stage, best[stage], 100 * best[stage] / best["total"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
