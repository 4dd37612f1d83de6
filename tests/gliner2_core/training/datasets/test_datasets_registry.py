"""The dataset registry, its errors and the prepare command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_core.training.datasets import DATASETS, available, default_data_dir, load_records
from gliner2_core.training.datasets.__main__ import main
from gliner2_core.training.datasets.registry import TASKS

ZERO_SHOT = {
    "wikigold",
    "btc",
    "resume_ner",
    "anem",
    "bionlp11id",
    "ncbi_disease",
    "linnaeus",
    "yin_emotion",
    "yin_situation",
    "fewrel",
    "sentence_polarity",
    "subjectivity",
    "product_reviews",
    "pros_cons",
}


def test_zero_shot_flags_match_the_held_out_datasets():
    assert {name for name, spec in DATASETS.items() if spec.zero_shot} == ZERO_SHOT


def test_zero_shot_datasets_offer_no_train_split():
    assert all("train" not in spec.splits for spec in DATASETS.values() if spec.zero_shot)


def test_every_spec_has_a_known_task_and_matching_name():
    for name, spec in DATASETS.items():
        assert spec.name == name
        assert spec.task in TASKS
        assert spec.splits and spec.files and spec.description and spec.license_note


def test_unknown_dataset_error_lists_the_valid_names():
    with pytest.raises(TrainingDataError, match=r"got 'conll2002'; expected one of conll2003, wnut17"):
        load_records("conll2002", "train")


def test_unknown_split_error_names_dataset_split_and_options():
    with pytest.raises(TrainingDataError, match=r"dataset 'wikigold': got split 'train'; expected one of test"):
        load_records("wikigold", "train")


def test_missing_source_files_are_reported(tmp_path):
    with pytest.raises(TrainingDataError, match=r"dataset 'conll2003': source files missing.*conll2003/train.txt"):
        load_records("conll2003", "train", tmp_path)


def test_non_positive_max_words_is_rejected(tmp_path):
    with pytest.raises(TrainingDataError, match="max_words=0"):
        load_records("conll2003", "train", tmp_path, max_words=0)


def test_available_is_empty_for_an_empty_folder(tmp_path):
    assert available(tmp_path) == []


def test_default_data_dir_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GLINER2_KIT_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path
    monkeypatch.delenv("GLINER2_KIT_DATA")
    monkeypatch.chdir(tmp_path)
    assert default_data_dir() == tmp_path / ".." / "shared" / "data"


def test_prepare_writes_jsonl_per_split_and_a_manifest(data_dir: Path, tmp_path, capsys):
    if not {"conll04", "wikigold"} <= set(available(data_dir)):
        pytest.skip(f"conll04 or wikigold not found under {data_dir}")
    out = tmp_path / "prepared"
    argv = [
        "prepare",
        "--out",
        str(out),
        "--data-dir",
        str(data_dir),
        "--limit-per-dataset",
        "5",
        "--datasets",
        "conll04",
        "wikigold",
    ]
    assert main(argv) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["datasets"]["conll04"]["counts"] == {"train": 5, "dev": 5, "test": 5}
    assert manifest["datasets"]["wikigold"] == {"task": "ner", "zero_shot": True, "counts": {"test": 5}}
    lines = (out / "conll04" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(line)["input"] for line in lines)
    assert "conll04" in capsys.readouterr().out


@pytest.mark.parametrize("option", [["--max-words", "0"], ["--limit-per-dataset", "-1"]])
def test_prepare_rejects_out_of_range_numbers(tmp_path, option):
    with pytest.raises(SystemExit) as raised:
        main(["prepare", "--out", str(tmp_path), *option])
    assert raised.value.code == 2
