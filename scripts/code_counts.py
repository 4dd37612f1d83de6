"""Counts the layout issue asks for: functions over 60 lines, package import cycles, reference-dict importers.

Run from the checkout: ``python scripts/code_counts.py`` (reads the source with ``ast``; imports nothing of it).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_package_dependencies import PACKAGES, _imported, _modules  # noqa: E402

LIMIT = 60
REFERENCE_HELPERS = ("gliner2_core.decoding.format",)


def long_functions() -> list[tuple[int, str]]:
    rows = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    length = node.end_lineno - node.lineno + 1
                    if length > LIMIT:
                        rows.append((length, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"))
    return sorted(rows, reverse=True)


def main() -> None:
    rows = long_functions()
    print(f"functions over {LIMIT} lines: {len(rows)}")
    for length, where in rows:
        print(f"  {length:4d}  {where}")
    importers = sorted(
        module
        for module, tree in _modules("gliner2_integrations")
        if any(name.startswith(REFERENCE_HELPERS) for name in _imported(tree))
    )
    print(f"integration modules importing reference-dict helpers: {len(importers)}")
    for module in importers:
        print(f"  {module}")
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "gliner2_core").rglob("*.py"))
    print(f"gliner2_core: {lines} lines of Python")


if __name__ == "__main__":
    main()
