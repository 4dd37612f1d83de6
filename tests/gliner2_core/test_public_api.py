import importlib
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


PINNED = {
    "gliner2_core": [
        "AttributeGroup", "CheckpointError", "Choice", "ExtractOptions", "Extraction", "GLiNER2", "GLiNER2Error", "Mention",
        "ModelConfig", "ModelNotFoundError", "Record", "RegexValidator", "Relation", "Schema", "SchemaError",
        "SchemaSpec", "Span", "StructureBuilder", "TaskKind", "TrainingDataError", "__version__", "to_reference_dict",
    ],
    "gliner2_core.schema": [
        "AttributeGroup", "ClassificationTask", "EntityTask", "EntityType", "Field", "RegexValidator", "RelationTask", "SPECIAL_TOKENS",
        "Schema", "SchemaSpec", "StructureBuilder", "StructureTask", "TaskKind", "coerce_schema", "parse_field_spec",
    ],
    "gliner2_core.architectures.runner": ["ExtractionRunner"],
    "gliner2_core.extraction": ["Choice", "Extraction", "Mention", "Record", "Relation", "Span", "Value", "empty_extraction"],
}


@pytest.mark.parametrize("package", sorted(PINNED))
def test_public_api_is_pinned_sorted_and_complete(package):
    module = importlib.import_module(package)
    assert module.__all__ == sorted(module.__all__)
    assert module.__all__ == PINNED[package]
    for name in module.__all__:
        assert getattr(module, name) is not None
    if hasattr(module, "__path__"):  # a package: every public name it binds is exported
        public = {n for n, v in vars(module).items() if not n.startswith("_") and not isinstance(v, types.ModuleType)}
        public -= {"Any", "Iterable", "Iterator", "Protocol", "TYPE_CHECKING", "annotations", "import_module"}
    else:  # a module: every public class and function it defines is exported
        public = {n for n, v in vars(module).items() if not n.startswith("_") and getattr(v, "__module__", None) == package}
    assert public - set(module.__all__) == set(), "public names missing from __all__"


def test_importing_the_package_and_schema_does_not_import_torch():
    code = (
        "import sys, gliner2_core, gliner2_core.schema, gliner2_core.training, gliner2_datasets, "
        "gliner2_core.options, gliner2_core.extraction, gliner2_core.architectures.runner, gliner2_core.decoding.format; "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_the_core_never_imports_the_integrations():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "gliner2_core").rglob("*.py")
        if "gliner2_integrations" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


MACHINE_PATHS = ("/" + "work/", "/" + "root/", "/" + "tmp/gliner")


def _repository_files() -> list[Path]:
    """Files git tracks or would add (ignored run outputs excluded); every file without git."""
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.splitlines()
        return [ROOT / name for name in listed]
    return [p for p in ROOT.rglob("*") if not {".venv", ".git", "runs"} & set(p.parts)]


def test_no_file_names_a_path_of_this_machine():
    offenders = []
    for path in _repository_files():
        if path.is_file() and path.suffix in {".py", ".md", ".toml", ".sh", ".json", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            if any(marker in text for marker in MACHINE_PATHS):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
