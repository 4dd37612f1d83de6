"""The two architectures sit side by side in folders of the same shape; the registry picks one per checkpoint."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from gliner2_core import GLiNER2
from gliner2_core.architectures import ARCHITECTURES, build_runner, load_checkpoint, read_architecture
from gliner2_core.architectures.span.runner import Runner
from gliner2_core.errors import CheckpointError

PACKAGE = Path(__file__).resolve().parents[3] / "gliner2_core" / "architectures"
SHAPE = {"__init__.py", "config.py", "model.py", "runner.py", "loading.py"}


def _imported_modules(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_each_architecture_folder_has_config_model_runner_and_loading(architecture):
    assert {p.name for p in (PACKAGE / architecture).glob("*.py")} >= SHAPE


def test_neither_architecture_imports_the_other():
    for own, other in (("span", "boundary"), ("boundary", "span")):
        crossing = {m for m in _imported_modules(PACKAGE / own) if m.startswith(f"gliner2_core.architectures.{other}")}
        assert crossing == set(), (own, crossing)


def test_the_architecture_is_read_from_config_json(tmp_path):
    assert read_architecture(tmp_path) == "span"  # no config.json: the span loader reports it
    (tmp_path / "config.json").write_text(json.dumps({"architecture": " Boundary "}))
    assert read_architecture(tmp_path) == "boundary"
    (tmp_path / "config.json").write_text(json.dumps({"architecture": "mamba"}))
    with pytest.raises(CheckpointError, match=r"config\.architecture: got 'mamba'; expected one of 'span', 'boundary'"):
        read_architecture(tmp_path)


def test_a_span_checkpoint_gets_the_span_runner_and_its_processor(tiny_checkpoint):
    model, tokenizer = load_checkpoint(tiny_checkpoint)
    runner = build_runner(model, tokenizer, max_positions=64)
    assert isinstance(runner, Runner) and runner.processor.max_positions == 64
    gliner = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch", max_positions=64)
    assert isinstance(gliner._runner, Runner) and gliner.processor.max_positions == 64


def test_a_boundary_checkpoint_gets_the_boundary_runner(tmp_path):
    from gliner2_core.architectures.boundary.model import BoundaryModel
    from gliner2_core.architectures.boundary.runner import BoundaryRunner
    from tests.gliner2_core.architectures.boundary.tiny_boundary import build_reference_boundary

    folder = build_reference_boundary(tmp_path / "ckpt", "bert")
    gliner = GLiNER2.from_pretrained(folder, backend="torch")
    assert isinstance(gliner.model, BoundaryModel) and isinstance(gliner._runner, BoundaryRunner)
    assert gliner.processor is gliner._runner.processor
    result = gliner.extract_entities("Tim Cook leads Apple.", ["person", "company"])
    assert set(result["entities"]) == {"person", "company"}
