import shutil
import subprocess
import sys
from pathlib import Path

import gliner2_core

ROOT = Path(__file__).resolve().parents[2]


def test_public_api_is_small_and_sorted():
    assert gliner2_core.__all__ == sorted(gliner2_core.__all__)
    assert gliner2_core.__all__ == [
        "CheckpointError", "GLiNER2", "GLiNER2Error", "ModelConfig", "ModelNotFoundError", "RegexValidator",
        "Schema", "SchemaError", "SchemaSpec", "StructureBuilder", "TrainingDataError", "__version__",
    ]


def test_importing_the_package_and_schema_does_not_import_torch():
    code = "import sys, gliner2_core, gliner2_core.schema, gliner2_core.training, gliner2_core.training.datasets; print('torch' in sys.modules)"
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
