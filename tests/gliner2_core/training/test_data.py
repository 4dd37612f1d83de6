"""Dataset names resolve through the registry passed in (the checkout's gliner2_datasets); JSONL files need none."""

import json

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_core.training.data import check_sources, load_examples, parse_source


def test_sources_parse_name_limit_and_repeat():
    assert parse_source("imdb:2000*3") == ("imdb", 2000, 3)
    assert parse_source("conll04*2") == ("conll04", None, 2)


def test_jsonl_files_load_without_the_dataset_tooling(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"input": "Ann met Bob.", "output": {"entities": {"person": ["Ann", "Bob"]}}}) + "\n")
    [example] = load_examples([str(path)], "train")
    assert [m.text for m in example.entities["person"]] == ["Ann", "Bob"]


def test_a_dataset_name_without_a_registry_says_what_is_needed():
    with pytest.raises(TrainingDataError, match=r"'conll2003'.*needs a dataset registry.*gliner2_datasets.*\.jsonl"):
        load_examples(["conll2003"], "train")
    with pytest.raises(TrainingDataError, match="needs a dataset registry"):
        check_sources(["conll2003"], "data.train")


def test_dataset_names_resolve_through_the_registry_given(tmp_path):
    class Registry:
        DATASETS = {"toy": object()}
        asked: list = []

        def default_data_dir(self):
            return tmp_path

        def available(self, data_dir):
            return ["toy"]

        def load_records(self, name, split, data_dir, *, max_words):
            self.asked.append((name, split, data_dir, max_words))
            return [{"input": "Ann met Bob.", "output": {"entities": {"person": ["Ann"]}}}] * 3

        def entity_label_catalog(self):
            return {}

    registry = Registry()
    check_sources(["toy:2"], "data.train", datasets=registry)
    examples = load_examples(["toy:2*2"], "dev", max_words=50, datasets=registry)
    assert len(examples) == 4 and registry.asked == [("toy", "dev", tmp_path, 50)]
    with pytest.raises(TrainingDataError, match=r"unknown dataset 'tyo' \(did you mean 'toy'\?\)"):
        check_sources(["tyo"], "data.train", datasets=registry)
