"""Probes of the national benchmark, run in their own processes against the sitegen code measured.

``national_benchmark.py`` runs this file with ``PYTHONPATH`` set to the source tree it measures, so that
the same probes measure this commit or another one (``--source``):

    python benchmarks/bench_probes.py dump PROJECT OUT_DIR     # every document's print HTML, as sitegen makes it
    python benchmarks/bench_probes.py tags DOCS_JSON [N...]    # sitegen's render against WeasyPrint's, per document
    python benchmarks/bench_probes.py bare DOCS_JSON [N...]    # WeasyPrint alone, in one warm process

Each prints one JSON object on standard output.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def dump(project: Path, out: Path) -> dict[str, Any]:
    """Write each document's print HTML into ``out`` and describe the documents in ``out/docs.json``."""
    from sitegen.pdf.render import PdfOptions

    try:  # the print documents as this commit of sitegen lists them
        from sitegen.build import print_documents  # type: ignore[attr-defined]

        jobs = print_documents(project, PdfOptions())
    except ImportError:  # before the incremental build
        from sitegen.build import load_content, prepare  # type: ignore[attr-defined]
        from sitegen.pdf.pool import jobs_for  # type: ignore[attr-defined]

        content = load_content(project)
        reports, letters = prepare(content)
        jobs = jobs_for(content, reports, letters, PdfOptions())
    documents = []
    out.mkdir(parents=True, exist_ok=True)
    for job in jobs:
        name = job.path.replace("/", "-").removesuffix(".pdf") + ".html"
        (out / name).write_text(job.html, encoding="utf-8")
        documents.append({"path": job.path, "html": str(out / name), "source": job.source, "theme": str(job.theme)})
    result = {"variant": PdfOptions().variant, "documents": documents}
    (out / "docs.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def bare_render(html: str, theme: str, variant: str) -> bytes:
    """WeasyPrint alone, with sitegen's options: the variant and the fixed identifier."""
    from weasyprint import HTML

    base = Path(theme).as_uri() + "/"
    return HTML(string=html, base_url=base).write_pdf(pdf_variant=variant, pdf_identifier=b"sitegen")


def _pages(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _chosen(docs: dict[str, Any], indexes: list[str]) -> list[dict[str, Any]]:
    documents = docs["documents"]
    return [documents[int(i)] for i in indexes] if indexes else documents


def bare(docs: dict[str, Any], indexes: list[str]) -> dict[str, Any]:
    """Render the documents one after the other in this (warm) process: seconds and CPU each, peak memory."""
    import weasyprint  # noqa: F401  (the import is not part of a render)

    rows = []
    for doc in _chosen(docs, indexes):
        html = Path(doc["html"]).read_text(encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = bare_render(html, doc["theme"], docs["variant"])
        rows.append({"path": doc["path"], "s": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "bytes": len(pdf)})
    return {"documents": rows, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def tags(docs: dict[str, Any], indexes: list[str]) -> dict[str, Any]:
    """sitegen's render (print HTML to the final PDF, tags and all) against WeasyPrint's, per document.

    The two alternate in this one warm process, best of two each, CPU time: what sitegen's tags cost over
    WeasyPrint's own is the difference. Where this commit still repairs the tags after rendering
    (``fix_structure``), that pass is also timed on its own.
    """
    import weasyprint  # noqa: F401

    from sitegen.pdf.render import PdfOptions, render_pdf

    try:
        from sitegen.pdf.tags import anchor_titles, fix_structure  # type: ignore[attr-defined]
    except ImportError:
        fix_structure = anchor_titles = None
    rows = []
    for doc in _chosen(docs, indexes):
        html = Path(doc["html"]).read_text(encoding="utf-8")
        theme = Path(doc["theme"])
        ours, theirs, post = [], [], []
        for _ in range(2):
            cpu = time.process_time()
            bare_render(html, doc["theme"], docs["variant"])
            theirs.append(time.process_time() - cpu)
            cpu = time.process_time()
            done = render_pdf(html, theme=theme, options=PdfOptions(), source=doc["source"])
            pdf = getattr(done, "pdf", done)  # the PDF's bytes (a commit before the record of the fit gave them alone)
            ours.append(time.process_time() - cpu)
            if fix_structure is not None:  # a commit that repaired WeasyPrint's tags after rendering
                raw = render_pdf(html, theme=theme, options=PdfOptions(), source=doc["source"], repair=False)  # type: ignore[call-arg]
                cpu = time.process_time()
                fix_structure(raw, anchor_titles(html))
                post.append(time.process_time() - cpu)
        pages = _pages(pdf)
        rows.append(
            {
                "path": doc["path"],
                "pages": pages,
                "sitegen_cpu": min(ours),
                "weasyprint_cpu": min(theirs),
                "repair_pass_cpu": min(post) if post else None,
            }
        )
    return {"documents": rows, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    command, args = sys.argv[1], sys.argv[2:]
    if command == "dump":
        result = dump(Path(args[0]), Path(args[1]))
    else:
        docs = json.loads(Path(args[0]).read_text(encoding="utf-8"))
        result = {"bare": bare, "tags": tags}[command](docs, args[1:])
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
