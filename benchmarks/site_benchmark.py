"""Benchmark of the HTML site: how long `sitegen build --no-pdf` takes for many reports.

Run from the repository root:

    .venv/bin/python benchmarks/site_benchmark.py [--reports 100] [--rounds 3]

Copies one sample report N times into a temporary project (with the
repository's site.yaml, regions and theme), builds it from scratch (no
build/ folder) in this process, and reports the best wall time of the rounds,
reports per second, and the share of each stage of the build (as ``-v`` logs
them). The national benchmark (national_benchmark.py) measures the same as
whole processes, on a national corpus.
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

from sitegen.build import build  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
log = logging.getLogger("benchmark")


def make_project(target: Path, copies: int, source: str) -> None:
    shutil.copy2(REPO / "site.yaml", target / "site.yaml")
    shutil.copytree(REPO / "content/regions", target / "content/regions")
    (target / "content/pdus").mkdir(parents=True)
    text = (REPO / "content/pdus" / f"{source}.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        (target / "content/pdus" / f"{source}-{i:04d}.yaml").write_text(text, encoding="utf-8")


class _Stages(logging.Handler):
    """Collects the build's stage timings ("load and check content: 0.123 s")."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "%s: %.3f s":
            name, seconds = record.args  # type: ignore[misc]
            self.seconds[str(name).split(" to ")[0]] = float(seconds)


def one_round(root: Path) -> dict[str, float]:
    shutil.rmtree(root / "build", ignore_errors=True)
    stages = _Stages()
    logger = logging.getLogger("sitegen")
    logger.addHandler(stages)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # the timings are printed below, not as the build logs them
    try:
        start = time.perf_counter()
        build(root)
        total = time.perf_counter() - start
    finally:
        logger.removeHandler(stages)
        logger.propagate = True
    return {**stages.seconds, "total": total}


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
    for stage, seconds in best.items():
        if stage != "total":
            log.info("  %-40s %.3f s (%2.0f%%)", stage, seconds, 100 * seconds / best["total"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
