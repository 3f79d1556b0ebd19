"""Packaging: what sitegen imports to build a site is what a plain install gives it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterable
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import REPO


def _imports(paths: Iterable[Path]) -> set[str]:
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"sitegen", "__future__"}


def _normal(name: str) -> str:
    """A distribution's name as PEP 503 compares them: pagefind_bin_extended is pagefind-bin-extended."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def test_every_module_a_build_imports_is_a_dependency() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirement_names(project["dependencies"])
    # The audit (sitegen check) may use the "check" extra; everything else runs in a plain install.
    build_files = [p for p in REPO.glob("sitegen/**/*.py") if "audit" not in p.relative_to(REPO / "sitegen").parts]
    build_modules = _imports(build_files)
    distributions = packages_distributions()
    assert "pydyf" in build_modules and "weasyprint" in build_modules, "the scan finds nothing: it proves nothing"
    missing = {m for m in build_modules if not {_normal(d) for d in distributions.get(m, [m])} & declared}
    assert not missing, f"imported by the build but not in [project] dependencies: {sorted(missing)}"
    check_modules = _imports(REPO.glob("sitegen/audit/*.py")) - build_modules
    extras = declared | _requirement_names(project["optional-dependencies"]["check"])
    missing = {m for m in check_modules if not {_normal(d) for d in distributions.get(m, [m])} & extras}
    assert not missing, f"imported by sitegen check but in neither the dependencies nor the check extra: {sorted(missing)}"
