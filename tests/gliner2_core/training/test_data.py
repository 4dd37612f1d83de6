"""Dataset names come from the checkout's gliner2_datasets; JSONL files work without it."""

import json
import subprocess
import sys
from pathlib import Path

from gliner2_core.training.data import load_examples, parse_source


def test_sources_parse_name_limit_and_repeat():
    assert parse_source("imdb:2000*3") == ("imdb", 2000, 3)
    assert parse_source("conll04*2") == ("conll04", None, 2)


def test_jsonl_files_load_without_the_dataset_tooling(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"input": "Ann met Bob.", "output": {"entities": {"person": ["Ann", "Bob"]}}}) + "\n")
    [example] = load_examples([str(path)], "train")
    assert [m.text for m in example.entities["person"]] == ["Ann", "Bob"]


def test_a_dataset_name_outside_a_checkout_says_what_is_needed(tmp_path):
    code = (
        "from gliner2_core.training.data import load_examples\n"
        "try:\n    load_examples(['conll2003'], 'train')\n"
        "except Exception as err:\n    print(type(err).__name__, err)\n"
    )
    env_path = [p for p in sys.path if p and Path(p).resolve() != Path(__file__).resolve().parents[3]]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": ":".join(env_path)}, check=True
    )
    assert out.stdout.startswith("TrainingDataError")
    assert "gliner2_datasets" in out.stdout and ".jsonl" in out.stdout
