"""Which package may import which, read from the source (nothing is imported), and what the wheel holds.

The core imports neither the integrations nor the dataset tooling (it takes datasets as
arguments); only the checkout commands of the CLI reach ``gliner2_datasets``; no two
packages import each other, in any form (lazy imports and ``TYPE_CHECKING`` blocks count).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gliner2_core", "gliner2_integrations", "gliner2_datasets")
CHECKOUT_COMMANDS = {"gliner2_integrations.cli._imports", "gliner2_integrations.cli.evaluate", "gliner2_integrations.cli.prepare"}


def _modules(package: str) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.Module) -> set[str]:
    """Every module named by an import statement, and every string constant given to ``import_module``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.split(".")[0] in PACKAGES:
            names.add(node.value)  # import_module("gliner2_datasets"), a default argument naming a package, ...
    return names


def _unit(module: str, known: set[str]) -> str | None:
    """The package a module belongs to: ``gliner2_core.schema``, ``gliner2_integrations.cli``, a top-level module."""
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    for depth in (2, 1):
        if ".".join(parts[:depth]) in known:
            return ".".join(parts[:depth])
    return None


def test_the_core_imports_neither_the_integrations_nor_the_dataset_tooling():
    found = {
        (module, name)
        for module, tree in _modules("gliner2_core")
        for name in _imported(tree)
        if name.split(".")[0] in {"gliner2_integrations", "gliner2_datasets"}
    }
    assert found == set()


def test_only_the_checkout_commands_reach_the_dataset_tooling():
    found = {
        module
        for module, tree in _modules("gliner2_integrations")
        if any(name.split(".")[0] == "gliner2_datasets" for name in _imported(tree))
    }
    assert found <= CHECKOUT_COMMANDS, found - CHECKOUT_COMMANDS


def test_no_two_packages_import_each_other():
    modules = {name: tree for package in PACKAGES for name, tree in _modules(package)}
    units = {".".join(name.split(".")[:2]) for name in modules}
    edges: dict[str, set[str]] = {}
    for name, tree in modules.items():
        source = _unit(name, units)
        for target in filter(None, (_unit(n, units) for n in _imported(tree))):
            if target != source and target not in PACKAGES:  # a package's own __init__ re-exports its members
                edges.setdefault(source, set()).add(target)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            unit = todo.pop()
            if unit == goal:
                return True
            if unit not in seen:
                seen.add(unit)
                todo.extend(edges.get(unit, ()))
        return False

    cycles = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets if reaches(b, a)})
    assert cycles == []


@pytest.mark.slow
def test_the_wheel_holds_the_engine_and_integrations_but_no_document_generators(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("gliner2_core", "gliner2_integrations", "gliner2_datasets"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist")],
        check=True, capture_output=True, cwd=tmp_path,
    )
    [wheel] = (tmp_path / "dist").glob("*.whl")
    files = zipfile.ZipFile(wheel).namelist()
    assert {f.split("/")[0] for f in files if ".dist-info/" not in f} == {"gliner2_core", "gliner2_integrations"}
    assert [f for f in files if "synthetic" in f or "faker" in f.lower()] == []
    assert "gliner2_core/embedded/gliner2-mini.safetensors" in files and "gliner2_integrations/cli/__init__.py" in files
