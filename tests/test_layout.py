"""The package layout is the pipeline: each stage imports only the stages below it.

The stages, from the bottom: content (load) -> rules (check) -> documents
(prepare) -> site, pdf (render and write) -> build (the pipeline) -> preview
and audit -> cli. Read from the source, function-level imports included, so a
lazy import cannot hide an arrow that runs upward.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

#: What each stage may import, besides itself and the ``sitegen`` root (``__version__``).
ALLOWED: dict[str, set[str]] = {
    "content": set(),
    "rules": {"content"},
    "documents": {"content", "rules"},
    # New content files: what the model and the framework say a file holds.
    "scaffold": {"content", "rules"},
    "site": {"content", "rules", "documents"},
    "pdf": {"content", "rules", "documents", "site"},
    "build": {"content", "rules", "documents", "site", "pdf"},
    "preview": {"content", "rules", "documents", "site", "pdf", "build"},
    # Import reads sources and writes content; the build re-validates the draft.
    "importer": {"content", "rules", "documents", "site", "pdf", "build"},
    # The audit reads a built site, not the pipeline: only the rating words are shared.
    "audit": {"content", "rules"},
    # Proof sheets: the PDFs the pipeline makes, with the pages the audit's copy-fit check flags.
    "proof": {"content", "rules", "documents", "site", "pdf", "build", "audit"},
    "cli": {"content", "rules", "documents", "scaffold", "site", "pdf", "build", "preview", "audit", "importer", "proof"},
    "__main__": {"cli"},
}


def _module_name(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package_root: Path) -> dict[str, set[str]]:
    """{module: the sitegen modules it imports}, anywhere in its source."""
    modules = {_module_name(p, package_root): p for p in sorted(package_root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names if alias.name.split(".")[0] == "sitegen")
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("sitegen"):
                for alias in node.names:
                    # `from sitegen.rules import house` imports the module sitegen.rules.house.
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in modules else node.module)
        graph[name] = targets - {name}
    return graph


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a stage that its stage may not import, as 'a -> b' lines."""
    wrong = []
    for module, targets in sorted(graph.items()):
        stage = stage_of(module)
        if not stage:
            continue  # the root: the version and the package's docstring
        assert stage in ALLOWED, f"{module}: a stage the layout test does not know: add it to ALLOWED"
        for target in sorted(targets):
            other = stage_of(target)
            if other and other != stage and other not in ALLOWED[stage]:
                wrong.append(f"{module} -> {target}")
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without_package_faces(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` that hands names on is not a loop with the modules it names."""
    return {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}


def test_every_stage_imports_only_the_stages_below_it() -> None:
    graph = import_graph(REPO / "sitegen")
    assert len(graph) > 30 and any(graph.values()), "the scan found no modules: it proves nothing"
    assert {stage_of(m) for m in graph} - {""} == set(ALLOWED), "a stage is missing from the tree or from ALLOWED"
    assert upward_imports(graph) == []


def test_no_module_imports_itself_round_a_loop() -> None:
    assert cycles(_without_package_faces(import_graph(REPO / "sitegen"))) == []


def test_an_upward_import_and_a_loop_are_found(tmp_path: Path) -> None:
    """The checks above can fail: a tree with one upward arrow and one loop."""
    root = tmp_path / "sitegen"
    for name, source in {
        "__init__.py": "",
        "content/__init__.py": "",
        "content/model.py": "def f():\n    from sitegen.pdf.render import x\n",
        "pdf/__init__.py": "",
        "pdf/render.py": "from sitegen.content import model\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, encoding="utf-8")
    graph = import_graph(root)
    assert upward_imports(graph) == ["sitegen.content.model -> sitegen.pdf.render"]
    assert cycles(graph) == [["sitegen.content.model", "sitegen.pdf.render"]]
