"""The package layout the README's development map describes, checked rather than hoped for.

Stage subpackages under ``kharon_cli/`` with at most 8 modules beside them, a docstring on every module, no
function over 150 lines, no import cycle between any two modules (TYPE_CHECKING imports included), and the
import-linter contracts of pyproject.toml kept on this tree and reported broken on a tree that breaks them.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kharon_cli"
STAGES = {"cli", "lists", "matching", "scanning", "store", "results", "reporters"}
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_compiled" not in p.parts)


def test_at_most_eight_modules_beside_the_stage_subpackages() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == STAGES


def test_every_module_says_what_it_does() -> None:
    missing = [str(p.relative_to(ROOT)) for p in _modules() if not ast.get_docstring(ast.parse(p.read_text()))]
    assert missing == []


def test_no_function_is_longer_than_150_lines() -> None:
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > 150:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                if low[node] == index[node]:
                    component = []
                    while True:
                        m = stack.pop()
                        on_stack.discard(m)
                        component.append(m)
                        if m == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return out


def test_no_import_cycle_between_any_two_modules() -> None:
    graph = grimp.build_graph("kharon_cli", exclude_type_checking_imports=False, cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


needs_lint_imports = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


@needs_lint_imports
def test_the_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@needs_lint_imports
@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the matching core reaching up into scanning: a layering break, and rich through it
        ("matching/risk.py", "from ..scanning import sources", "kharon_cli.matching is not allowed to import"),
        # the matching core rendering something itself
        ("matching/normalize.py", "import rich", "kharon_cli.matching is not allowed to import rich"),
        # a reporter parsing options
        ("reporters/table_report.py", "import typer", "kharon_cli.reporters is not allowed to import typer"),
        # two modules of one stage importing each other (under TYPE_CHECKING, which still counts)
        (
            "matching/forms.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import tagger",
            "No cycles are allowed in kharon_cli.matching.",
        ),
    ],
)
def test_a_broken_import_contract_fails(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copytree(PACKAGE, tmp_path / "kharon_cli", ignore=shutil.ignore_patterns("__pycache__", "_compiled"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "kharon_cli" / module
    target.write_text(target.read_text() + "\n" + line + "\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
    assert "BROKEN" in result.stdout
