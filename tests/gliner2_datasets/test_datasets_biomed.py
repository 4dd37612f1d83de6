"""The biomedical sets and AnEM: natural labels, held-out sets, rebuilt AnEM text."""

from __future__ import annotations

import pytest

from gliner2_datasets import DATASETS
from gliner2_datasets.biomed import BIOMED_LABELS, _anem_text

HELD_OUT = ("anem", "bionlp11id", "ncbi_disease", "linnaeus")
TRAINED = ("bc5cdr", "bionlp13cg", "craft")


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_biomedical_sets_are_zero_shot_with_evaluation_splits_only(name):
    assert DATASETS[name].zero_shot and DATASETS[name].splits == ("dev", "test")


@pytest.mark.parametrize("name", TRAINED)
def test_trained_biomedical_sets_keep_their_source_splits(name):
    assert not DATASETS[name].zero_shot and DATASETS[name].splits == ("train", "dev", "test")


def test_craft_ontology_classes_get_natural_names(load):
    labels = set(load("craft", "train", limit=1)[0]["output"]["entities"])
    assert labels == {
        "gene or gene product",
        "sequence feature",
        "cell type",
        "chemical entity",
        "organism taxon",
        "biological process or component",
    }


@pytest.mark.parametrize("name", sorted(BIOMED_LABELS))
def test_biomedical_records_find_mentions_of_their_types(load, name):
    split = DATASETS[name].splits[-1]
    records = load(name, split, limit=300)
    found = {label for record in records for label, spans in record["output"]["entities"].items() if spans}
    assert found and found <= set(BIOMED_LABELS[name].values())


def test_anem_text_keeps_the_source_spacing_and_breaks_at_paragraph_gaps():
    document = [
        [
            ("Fibrillation", 0, 12, "O"),
            ("of", 13, 15, "O"),
            ("heart", 16, 21, "B-Organ"),
            ("muscle", 22, 28, "I-Organ"),
        ],
        [("(", 29, 30, "O"), ("cells", 30, 35, "B-Cell"), (")", 35, 36, "O"), (".", 36, 37, "O")],
        [("Blood", 40, 45, "B-Organism_substance"), (".", 45, 46, "O")],
    ]
    text, mentions = _anem_text(document)
    assert text == "Fibrillation of heart muscle (cells).\nBlood."
    assert [(label, span["text"]) for label, span in mentions] == [
        ("organ", "heart muscle"),
        ("cell", "cells"),
        ("organism substance", "Blood"),
    ]


def test_anem_documents_are_windows_of_the_original_text(load):
    records = load("anem", "test", limit=50, max_words=150)
    assert all(len(record["input"].split()) <= 150 for record in records)
    assert any(", " in record["input"] and ". " in record["input"] for record in records)
    assert any(spans for record in records for spans in record["output"]["entities"].values())


def test_biomedical_sentences_longer_than_max_words_are_cut(load):
    records = load("craft", "train", limit=300, max_words=12)
    assert all(len(record["input"].split()) <= 12 for record in records)
    assert any(len(record["input"].split()) == 12 for record in records)
