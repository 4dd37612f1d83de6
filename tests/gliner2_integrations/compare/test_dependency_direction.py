"""The cascade depends on the comparison, never the other way round, and only on its public names.

The modules are parsed with ``ast``, not imported: every ``import`` counts, including
those inside functions, under ``if TYPE_CHECKING:`` and through ``importlib``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[3] / "gliner2_integrations"
COMPARE = "gliner2_integrations.compare"
CASCADE = "gliner2_integrations.cascade"


def _modules(package: str, root: Path = PACKAGE_ROOT) -> list[Path]:
    return sorted((root / package.rsplit(".", 1)[1]).rglob("*.py"))


def _module_name(path: Path, root: Path = PACKAGE_ROOT) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module of ``from ... import``, relative forms resolved against ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _imported(path: Path, root: Path = PACKAGE_ROOT) -> Iterator[tuple[str, str | None, int]]:
    """``(module, name, line)`` for every import in the file; ``name`` is ``None`` for ``import module``."""
    module = _module_name(path, root)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, path.name == "__init__.py")
            for alias in node.names:
                yield source, alias.name, node.lineno
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.args[0].value, None, node.lineno


def _compare_modules_bound(path: Path, root: Path) -> dict[str, str]:
    """Local names bound to a module of the comparison package (``from ...compare import capture``)."""
    bound: dict[str, str] = {}
    known = {_module_name(p, root) for p in _modules(COMPARE, root)}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and _within(node.module, COMPARE):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in known:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _within(alias.name, COMPARE):
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name
    return bound


def _private_attributes(path: Path, root: Path = PACKAGE_ROOT) -> list[str]:
    """``module._name`` uses where ``module`` is a comparison module bound in the file."""
    bound = _compare_modules_bound(path, root)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{path.name}:{node.lineno} {bound[node.value.id]}.{node.attr}")
    return found


def _is_private(name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in name.split("."))


@pytest.mark.parametrize("path", _modules(COMPARE), ids=lambda p: p.name)
def test_no_compare_module_imports_the_cascade_package(path):
    found = [
        f"line {line}: {module}" + (f" import {name}" if name else "")
        for module, name, line in _imported(path)
        if _within(module, CASCADE) or (module == "gliner2_integrations" and name == "cascade")
    ]
    assert found == [], f"{path.name} imports the cascade package: {found}"


@pytest.mark.parametrize("path", _modules(CASCADE), ids=lambda p: p.name)
def test_cascade_modules_use_only_public_names_of_compare(path):
    private = [
        f"line {line}: {module}" + (f" import {name}" if name else "")
        for module, name, line in _imported(path)
        if _within(module, COMPARE) and (_is_private(module) or (name is not None and _is_private(name)))
    ]
    private += _private_attributes(path)
    assert private == [], f"{path.name} uses private names of the comparison package: {private}"


def test_the_checks_see_lazy_relative_and_private_imports(tmp_path):
    root = tmp_path / "gliner2_integrations"
    compare_dir = root / "compare"
    compare_dir.mkdir(parents=True)
    (compare_dir / "capture.py").write_text("", encoding="utf-8")
    module = compare_dir / "sample.py"
    module.write_text(
        "import importlib\n"
        "def f():\n"
        "    from ..cascade import CascadeReport\n"
        "    importlib.import_module('gliner2_integrations.cascade.report')\n"
        "from gliner2_integrations.compare.capture import _ROLES\n"
        "from gliner2_integrations.compare import capture\n"
        "capture._tool_call_replies\n",
        encoding="utf-8",
    )
    imported = list(_imported(module, root))
    attributes = _private_attributes(module, root)
    assert ("gliner2_integrations.cascade", "CascadeReport", 3) in imported
    assert ("gliner2_integrations.cascade.report", None, 4) in imported
    assert ("gliner2_integrations.compare.capture", "_ROLES", 5) in imported
    assert attributes == ["sample.py:7 gliner2_integrations.compare.capture._tool_call_replies"]
