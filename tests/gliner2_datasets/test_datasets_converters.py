"""The converters on the real shared data (skipped when the data folder is absent)."""

from __future__ import annotations

import re

import pytest

from gliner2_datasets import DATASETS
from gliner2_datasets.intents import utterance_key
from gliner2_datasets.splits import text_key

SPLITS = [(name, split) for name, spec in DATASETS.items() for split in spec.splits]
CONVERTED_SPLITS = [(name, split) for name, split in SPLITS if DATASETS[name].files]
"""Splits of the converted sources (the generated synthetic sets, owned elsewhere, keep their own label style)."""
NATURAL_LABEL = re.compile(r"^[a-z0-9][a-z0-9 ,'/-]*[a-z0-9]$")

ENTITY_LABELS = {
    "conll2003": {"person", "organisation", "location", "miscellaneous"},
    "wikigold": {"person", "organisation", "location", "miscellaneous"},
    "wnut17": {"person", "location", "group", "corporation", "product", "creative work"},
    "btc": {"person", "organisation", "location"},
    "resume_ner": {
        "name",
        "job title",
        "company",
        "skill",
        "location",
        "college",
        "degree",
        "graduation year",
        "email address",
        "years of experience",
    },
    "conll04": {"person", "location", "organisation", "other"},
    "scierc": {"task", "method", "material", "other scientific term", "metric", "generic"},
}
RELATION_LABELS = {
    "conll04": {"works for", "lives in", "organisation based in", "located in", "killed"},
    "scierc": {
        "used for",
        "feature of",
        "hyponym of",
        "used to evaluate",
        "part of",
        "compared with",
        "used in conjunction with",
    },
}
PUBLISHED_SIZES = {
    "conll2003": {"train": 14041, "dev": 3250, "test": 3453},
    "wnut17": {"train": 3394, "dev": 1009, "test": 1287},
    "conll04": {"train": 922, "dev": 231, "test": 288},
    "scierc": {"train": 1861, "dev": 275, "test": 551},
    "clinc150": {"train": 15100, "dev": 3100, "test": 5500},
    "slurp": {"dev": 2033, "test": 2974},
}
DETERMINISTIC_SPLITS = {
    "casie": ("train", "dev", "test"),
    "hwu64": ("train", "dev", "test"),
    "dbpedia14": ("train", "dev", "test"),
    "movie_reviews": ("train", "dev", "test"),
    "trec": ("train", "dev"),
    "20newsgroups": ("train", "dev"),
}
"""Splits made by hash (all of them, or dev carved from the source's train)."""


@pytest.mark.parametrize(("name", "split"), SPLITS)
def test_pinned_spans_match_text(load, spans_of, name, split):
    records = load(name, split)
    assert records
    for record in records:
        for span in spans_of(record["output"]):
            assert record["input"][span["start"] : span["end"]] == span["text"]
            assert span["text"] == span["text"].strip() != ""


@pytest.mark.parametrize(("name", "split"), CONVERTED_SPLITS)
def test_labels_are_natural_language_names(load, name, split):
    for record in load(name, split):
        output = record["output"]
        names = list(output.get("entities", {}))
        names += [label for item in output.get("relations", []) for label in item]
        names += [key for item in output.get("json_structures", []) for fields in item.values() for key in fields]
        names += [key for item in output.get("json_structures", []) for key in item]
        for task in output.get("classifications", []):
            names += [task["task"], *task["labels"]]
            assert set(task["true_label"]) <= set(task["labels"])
            assert task["multi_label"] == (name in ("yin_situation", "atis"))
        assert any(output.values())
        assert all(NATURAL_LABEL.match(label) for label in names), names


@pytest.mark.parametrize("name", sorted(ENTITY_LABELS))
def test_entity_records_list_the_full_label_set(load, name):
    for record in load(name, DATASETS[name].splits[-1]):
        assert set(record["output"]["entities"]) == ENTITY_LABELS[name]


@pytest.mark.parametrize("name", sorted(RELATION_LABELS))
def test_relation_labels_are_the_natural_names(load, name):
    labels = {
        label
        for record in load(name, "train", limit=None)
        for item in record["output"].get("relations", [])
        for label in item
    }
    assert labels == RELATION_LABELS[name]


@pytest.mark.parametrize("name", sorted(PUBLISHED_SIZES))
def test_source_splits_keep_their_published_sizes(load, name):
    sizes = {split: len(load(name, split, limit=None)) for split in PUBLISHED_SIZES[name]}
    assert sizes == PUBLISHED_SIZES[name]


@pytest.mark.parametrize("name", sorted(DETERMINISTIC_SPLITS))
def test_deterministically_split_sets_share_no_text_across_splits(load, name):
    texts = [{text_key(r["input"]) for r in load(name, split, limit=None)} for split in DETERMINISTIC_SPLITS[name]]
    for index, first in enumerate(texts):
        for second in texts[index + 1 :]:
            assert not first & second


def test_hwu64_train_holds_no_slurp_dev_or_test_utterance(load):
    slurp = {utterance_key(r["input"]) for split in ("dev", "test") for r in load("slurp", split, limit=None)}
    assert not slurp & {utterance_key(r["input"]) for r in load("hwu64", "train", limit=None)}


def test_hwu64_and_slurp_records_mix_intent_and_slot_entities(load):
    for name in ("hwu64", "slurp"):
        records = load(name, "test", limit=200)
        assert all(r["output"]["classifications"][0]["task"] == "intent" for r in records)
        assert any(spans for r in records for spans in r["output"]["entities"].values())


def test_clinc150_records_carry_all_151_intents_including_out_of_scope(load):
    records = load("clinc150", "test", limit=None)
    labels = records[0]["output"]["classifications"][0]["labels"]
    assert len(labels) == 151 and "out of scope" in labels and "book flight" in labels
    assert sum(r["output"]["classifications"][0]["true_label"] == ["out of scope"] for r in records) == 1000


def test_situation_is_multi_label_and_emotion_single_label(load):
    situation = load("yin_situation", "test", limit=None)
    assert all(r["output"]["classifications"][0]["multi_label"] for r in situation)
    assert any(len(r["output"]["classifications"][0]["true_label"]) > 1 for r in situation)
    emotion = load("yin_emotion", "test", limit=200)
    assert all(len(r["output"]["classifications"][0]["true_label"]) == 1 for r in emotion)


def test_trec_records_carry_coarse_and_fine_question_types(load):
    tasks = load("trec", "test", limit=1)[0]["output"]["classifications"]
    assert [(task["task"], len(task["labels"])) for task in tasks] == [("question type", 6), ("answer type", 50)]


def test_fewrel_semeval_relations_read_from_head_to_tail(load):
    records = load("fewrel", "val_semeval", limit=None)
    record = next(r for r in records if r["input"] == "the burst has been caused by water hammer pressure .")
    (relation,) = record["output"]["relations"]
    assert {label: (ends["head"]["text"], ends["tail"]["text"]) for label, ends in relation.items()} == {
        "causes": ("pressure", "burst")
    }


def test_fewrel_wikidata_relations_are_named_by_pid2name(load):
    (relation,) = load("fewrel", "val_wiki", limit=1)[0]["output"]["relations"]
    assert list(relation) == ["crosses"]


def test_btc_user_mentions_include_the_at_sign(load):
    mentions = [s["text"] for r in load("btc", "test", limit=None) for s in r["output"]["entities"]["person"]]
    assert any(mention.startswith("@ ") for mention in mentions)
    assert "@" not in mentions


@pytest.mark.parametrize(("name", "split"), [("casie", "train"), ("resume_ner", "test")])
def test_windowed_documents_respect_max_words(load, name, split):
    records = load(name, split, limit=60, max_words=50)
    assert all(len(record["input"].split()) <= 50 for record in records)


def test_casie_structures_hold_a_trigger_and_every_role_of_their_event_type(load):
    structures = [s for r in load("casie", "dev", limit=None) for s in r["output"].get("json_structures", [])]
    by_type = {}
    for structure in structures:
        ((event_type, fields),) = structure.items()
        assert isinstance(fields["trigger"], dict)
        assert by_type.setdefault(event_type, set(fields)) == set(fields)
    assert set(by_type) == {"data breach", "phishing", "ransom", "discover vulnerability", "patch vulnerability"}
    assert {"trigger", "attacker", "victim", "number of victims"} <= by_type["data breach"]
