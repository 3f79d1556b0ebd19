"""The measurements of the national benchmark: sitegen processes timed from outside, WeasyPrint alone.

Every sitegen run is a whole process (``python -m sitegen``, with ``PYTHONPATH`` at the source tree
measured), timed from its start to its exit; its log lines are read as they come, each with the time it
arrived, and the peak memory (VmHWM) of its worker processes is sampled from /proc while it runs.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROBES = Path(__file__).resolve().parent / "bench_probes.py"
_FIRST_PDF = re.compile(r"^Rendering ")
_PDF_LINE = re.compile(r"^PDF \d+/\d+ (\S+) \((\d+(?:\.\d+)?) s\)")
_RENDERED = re.compile(r"Rendering (\d+) PDF")


@dataclass
class Run:
    """One finished process: wall seconds, its log lines with their arrival times, peaks of memory."""

    wall: float
    returncode: int
    cpu: float = 0.0  # user + system seconds of the process and of the children it waited for
    lines: list[tuple[float, str]] = field(default_factory=list)
    main_peak_mib: float = 0.0
    worker_peak_mib: float = 0.0
    search_peak_mib: float = 0.0  # Pagefind's


def _hwm_mib(pid: int) -> float:
    return _status(pid)[1]


def _status(pid: int) -> tuple[str, float]:
    """A process's name and its peak resident memory so far (MiB)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "", 0.0
    found, name = re.search(r"VmHWM:\s+(\d+)", status), re.search(r"Name:\s+(\S+)", status)
    return (name[1] if name else ""), (int(found[1]) / 1024 if found else 0.0)


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def timed(command: list[str], env: dict[str, str], cwd: Path | None = None, timeout: float = 3600) -> Run:
    """Run ``command`` to its end: wall time, stderr lines as they arrived, and peak memory sampled from /proc."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    run = Run(0.0, 0)
    peaks: dict[int, float] = {}
    names: dict[int, str] = {}  # the PDF workers are Python; Pagefind (the search index) is a child too

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            run.lines.append((time.perf_counter() - start, line.rstrip("\n")))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    while process.poll() is None:
        peaks[process.pid] = max(peaks.get(process.pid, 0.0), _hwm_mib(process.pid))
        for child in _children(process.pid):
            name, peak = _status(child)
            names[child] = names.get(child) or name
            peaks[child] = max(peaks.get(child, 0.0), peak)
        time.sleep(0.05)
        if time.perf_counter() - start > timeout:
            process.kill()
    run.wall = time.perf_counter() - start
    reader.join(timeout=10)
    run.returncode = process.returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run.main_peak_mib = peaks.pop(process.pid, 0.0)
    run.worker_peak_mib = max((peak for pid, peak in peaks.items() if not names.get(pid, "").startswith("pagefind")), default=0.0)
    run.search_peak_mib = max((peak for pid, peak in peaks.items() if names.get(pid, "").startswith("pagefind")), default=0.0)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({run.returncode}):\n" + "\n".join(line for _, line in run.lines[-20:]))
    return run


def edit_foreword(text: str, number: int) -> str:
    """A prose edit: a new first paragraph in the foreword."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("foreword: |"))
    indent = re.match(r"\s*", lines[at + 1])[0]  # type: ignore[index]
    lines.insert(at + 1, f"{indent}Edit {number} of the benchmark: one sentence more.\n\n")
    return "".join(lines)


def edit_recommendation(text: str, number: int) -> str:
    """An edit a letter quotes: the first recommendation, in its Annexe one."""
    return re.sub(r'(\n\s+1: ")', rf"\g<1>(edit {number}) ", text, count=1)


class Runner:
    """Runs sitegen on the corpus: the source tree measured, the worker count."""

    def __init__(self, source: Path, corpus: Path, work: Path, *, jobs: int | None):
        self.source, self.corpus, self.work = source, corpus, work
        self.jobs = jobs or len(os.sched_getaffinity(0))
        self.env = {**os.environ, "PYTHONPATH": str(source), "PYTHONDONTWRITEBYTECODE": "0"}
        self.env.pop("SOURCE_DATE_EPOCH", None)

    def sitegen(self, *args: str | Path, timeout: float = 3600) -> Run:
        return timed([sys.executable, "-m", "sitegen", *map(str, args)], self.env, cwd=self.corpus, timeout=timeout)

    def probe(self, *args: str | Path) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, str(PROBES), *map(str, args)], env=self.env, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout.splitlines()[-1])

    def dump_print_html(self) -> dict[str, Any]:
        return self.probe("dump", self.corpus, self.work / "print")

    def _clean(self) -> None:
        shutil.rmtree(self.corpus / "build", ignore_errors=True)

    def html_only(self) -> dict[str, Any]:
        self._clean()
        run = self.sitegen("build", ".", "--no-pdf")
        return {"wall": run.wall, "cpu": run.cpu}

    def verbose_lines(self) -> dict[str, Any]:
        self._clean()
        quiet = self.sitegen("build", ".", "--no-pdf")
        self._clean()
        verbose = self.sitegen("build", ".", "--no-pdf", "-v")
        return {"lines": len(verbose.lines), "verbose_s": verbose.wall, "quiet_s": quiet.wall}

    def cold_build(self) -> dict[str, Any]:
        self._clean()
        run = self.sitegen("build", ".", "--jobs", str(self.jobs))
        first = next((t for t, line in run.lines if _FIRST_PDF.search(line)), None)
        logged = [(m[1], float(m[2]), t) for t, line in run.lines if (m := _PDF_LINE.match(line))]
        return {
            "wall": run.wall,
            "cpu": run.cpu,
            "first_pdf": first,
            "logged_pdf_s": [seconds for _, seconds, _ in logged],
            "logged_pdfs": logged,  # (path, its own render seconds, when its line arrived)
            "worker_peak_mib": run.worker_peak_mib,
            "search_peak_mib": run.search_peak_mib,
            "main_peak_mib": run.main_peak_mib,
        }

    def first_pdf(self) -> dict[str, Any]:
        """A cold build (-v) stopped as soon as its first PDF is handed to a worker: when that was, from
        outside, and (where the build logs it) from inside, with the CPU time the main process had used."""
        self._clean()
        start = time.perf_counter()
        command = [sys.executable, "-m", "sitegen", "build", ".", "--jobs", str(self.jobs), "-v"]
        process = subprocess.Popen(
            command, env=self.env, cwd=self.corpus, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True,  # its own process group: the build and the workers it started end together
        )  # fmt: skip
        assert process.stderr is not None
        found: dict[str, Any] = {"seen": None, "logged": None, "cpu": None}
        for line in process.stderr:
            if found["seen"] is None and _FIRST_PDF.search(line):
                found["seen"] = time.perf_counter() - start
                if found["logged"] is not None:
                    break
            if m := re.search(r"first PDF handed to a worker ([\d.]+) s after start \(([\d.]+) s of CPU\)", line):
                found["logged"], found["cpu"] = float(m[1]), float(m[2])
                break
            if found["seen"] is not None and time.perf_counter() - start > found["seen"] + 5:
                break  # an older sitegen that does not log it
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        return found

    def rebuild(self, edit: Any = None, report: str = "", number: int = 0) -> dict[str, Any]:
        if edit is not None:
            path = self.corpus / "content/pdus" / f"{report}.yaml"
            path.write_text(edit(path.read_text(encoding="utf-8"), number), encoding="utf-8")
        run = self.sitegen("build", ".", "--jobs", str(self.jobs))
        rendered = [int(m[1]) for _, line in run.lines if (m := _RENDERED.search(line))]
        return {"wall": run.wall, "cpu": run.cpu, "pdfs_rendered": sum(rendered)}

    def quoted_report(self) -> tuple[str, str]:
        """A report that a letter quotes, and that letter."""
        for letter in sorted((self.corpus / "content/letters").glob("*.yaml")):
            found = re.search(r"^pdus:\s*(?:\[|\n\s*-\s*)\"?([a-z0-9-]+)", letter.read_text(encoding="utf-8"), re.MULTILINE)
            if found and (self.corpus / "content/pdus" / f"{found[1]}.yaml").exists():
                return found[1], letter.stem
        raise RuntimeError("no letter quotes a report of the corpus")

    def bare_process(self, docs: dict[str, Any], path: str) -> float:
        """One bare WeasyPrint render of a document as a whole process (start-up and import included)."""
        doc = next(d for d in docs["documents"] if d["path"] == path)
        script = (
            "import sys; from pathlib import Path; from weasyprint import HTML; "
            "HTML(string=Path(sys.argv[1]).read_text(), base_url=Path(sys.argv[2]).as_uri() + '/')"
            ".write_pdf(pdf_variant=sys.argv[3], pdf_identifier=b'sitegen')"
        )
        return timed([sys.executable, "-c", script, doc["html"], doc["theme"], docs["variant"]], self.env).wall

    def tags(self, docs: dict[str, Any], sample: int) -> dict[str, Any]:
        documents = docs["documents"]
        step = max(1, len(documents) // max(1, sample))
        indexes = sorted({*range(0, len(documents), step), len(documents) - 1})[: sample + 1]
        return self.probe("tags", self.work / "print/docs.json", *map(str, indexes))


def _bare_worker(docs: dict[str, Any], indexes: list[int]) -> dict[str, Any]:
    sys.path.insert(0, str(PROBES.parent))
    import bench_probes

    return bench_probes.bare(docs, [str(i) for i in indexes])


def bare_floor(docs: dict[str, Any], jobs: int) -> dict[str, Any]:
    """Every document rendered by WeasyPrint alone, in ``jobs`` warm processes (largest first, shared round)."""
    sizes = sorted(range(len(docs["documents"])), key=lambda i: -os.path.getsize(docs["documents"][i]["html"]))
    shares = [sizes[i::jobs] for i in range(jobs)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(_bare_worker, [docs] * jobs, shares))
    return {
        "wall": time.perf_counter() - start,
        "documents": [d for part in parts for d in part["documents"]],
        "peak_mib": max(p["peak_mib"] for p in parts),
    }


def preview_latency(runner: Runner, report: str, rounds: int) -> dict[str, Any]:
    """``sitegen serve``: from writing a prose edit to the report's page served with it, ``rounds`` times."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", ".", "--port", "0"],
        env=runner.env, cwd=runner.corpus, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    start = time.perf_counter()
    url = None
    try:
        for line in process.stderr:
            found = re.search(r"Serving (http://\S+)", line)
            if found:
                url = found[1]
                break
        if url is None:
            raise RuntimeError("sitegen serve did not start")
        threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()  # type: ignore[union-attr]
        first_build = time.perf_counter() - start
        seconds = []
        page = f"{url}pdus/{report}.html"
        path = runner.corpus / "content/pdus" / f"{report}.yaml"
        for number in range(rounds):
            token = f"Edit {1000 + number} of the benchmark"
            time.sleep(0.5)
            text = edit_foreword(path.read_text(encoding="utf-8"), 1000 + number)
            saved = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            while time.perf_counter() - saved < 60:
                with urllib.request.urlopen(page, timeout=30) as response:
                    if token.encode() in response.read():
                        break
                time.sleep(0.01)
            seconds.append(time.perf_counter() - saved)
        return {"seconds": seconds, "first_build_s": first_build}
    finally:
        process.terminate()
        process.wait(timeout=30)


def scaling(cold: dict[str, Any], cores: int, jobs: int) -> dict[str, float]:
    """The cold build on ``cores`` workers, from one measured build: each document's own render time (as
    its log line gave it), handed out in the build's order (reports, then letters) to the first worker
    free, after the main process's start-up as measured, plus what the build did after its last PDF.

    Checked against the build it comes from with ``cores`` = ``jobs``: the model's time beside the one
    measured says how far to trust it.
    """
    pdfs = sorted(cold["logged_pdfs"], key=lambda row: (row[0].startswith("letters/"), row[0]))
    start = cold["first_pdf"] or 0.0
    last_line = max((arrived for _, _, arrived in cold["logged_pdfs"]), default=start)
    after = max(0.0, cold["wall"] - last_line)
    free = [start] * cores
    for _, seconds, _ in pdfs:
        free.sort()
        free[0] += seconds
    return {"cores": cores, "seconds": max(free) + after, "measured_jobs": jobs}
