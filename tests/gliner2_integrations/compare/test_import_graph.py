"""The modules of compare/, viz/, cascade/ and mcp/ import each other without cycles.

Every ``import`` counts, including those under ``if TYPE_CHECKING:`` and inside
functions: a cycle hidden in either still couples the two modules both ways.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[3] / "gliner2_integrations"
PACKAGES = ("compare", "viz", "cascade", "mcp")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith(package))
    return found


def _graph(package: str) -> dict[str, set[str]]:
    folder = PACKAGE_ROOT / package
    modules = {_module_name(path): path for path in folder.glob("*.py")}
    prefix = f"gliner2_integrations.{package}"
    # a package's __init__ re-exports its modules; only module-to-module edges can form a cycle
    return {
        name: {m for m in _imports(path, prefix) if m in modules and m != name and m != prefix}
        for name, path in modules.items()
        if name != prefix
    }


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_package_modules_import_each_other_without_cycles(package):
    graph = _graph(package)
    assert graph, f"no modules found in {package}/"
    assert _find_cycle(graph) is None


def test_cycle_finder_reports_a_two_module_cycle():
    assert _find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None
