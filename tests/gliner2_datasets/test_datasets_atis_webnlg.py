"""ATIS (intents and slots), WebNLG (relations and entity records) and Few-NERD's new train split."""

from __future__ import annotations

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_datasets import DATASETS
from gliner2_datasets.atis import slot_label
from gliner2_datasets.splits import text_key
from gliner2_datasets.webnlg import (
    TEST_ONLY_CATEGORIES,
    WEBNLG_DIR,
    _lex_record,
    find_surface,
    humanise,
)


@pytest.mark.parametrize(
    ("slot", "label"),
    [
        ("fromloc.city_name", "departure city"),
        ("toloc.airport_code", "destination airport code"),
        ("stoploc.city_name", "stopover city"),
        ("depart_time.time", "departure time"),
        ("arrive_date.day_name", "arrival weekday"),
        ("depart_time.period_of_day", "departure period of day"),
        ("airline_name", "airline"),
        ("city_name", "city"),
    ],
)
def test_atis_slots_get_natural_labels(slot, label):
    assert slot_label(slot) == label


def test_unknown_atis_slot_is_an_error_naming_it():
    with pytest.raises(TrainingDataError, match=r"got slot 'fromloc.galaxy'"):
        slot_label("fromloc.galaxy")


def test_atis_keeps_its_published_split_sizes(load):
    assert [len(load("atis", split, limit=None)) for split in ("train", "dev", "test")] == [4478, 500, 893]


def test_atis_joined_intents_are_several_true_labels(load):
    tasks = [r["output"]["classifications"][0] for r in load("atis", "train", limit=None)]
    assert all(task["multi_label"] and task["task"] == "intent" for task in tasks)
    assert {"find flights", "ask airfare"} in [set(task["true_label"]) for task in tasks]


def test_atis_slot_spans_are_the_tagged_words(load):
    record = load("atis", "train", limit=1)[0]
    assert record["input"] == "i want to fly from baltimore to dallas round trip"
    found = {label: [s["text"] for s in spans] for label, spans in record["output"]["entities"].items() if spans}
    assert found == {"departure city": ["baltimore"], "destination city": ["dallas"], "round trip": ["round trip"]}


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("birthPlace", "birth place"),
        ("elevationAboveTheSeaLevel_(in_metres)", "elevation above the sea level in metres"),
        ("associatedBand/associatedMusicalArtist", "associated band or associated musical artist"),
        ("MeanOfTransportation/length", "length"),
        ("ISBN_number", "isbn number"),
        ("ComicsCharacter", "comics character"),
    ],
)
def test_webnlg_names_are_humanised(name, label):
    assert humanise(name) == label


def test_webnlg_surfaces_match_ignoring_case_and_token_spaces():
    assert [s["text"] for s in find_surface("Aarhus, it's leader is Bundsgaard.", "it 's")] == ["it's"]
    assert [s["start"] for s in find_surface("The airport of aarhus", "Aarhus")] == [15]
    assert find_surface("Aarhusian food", "Aarhus") == []


def test_webnlg_longer_names_are_pinned_before_names_inside_them():
    triples = [("A.S._Gubbio_1910", "ground", "Gubbio")]
    text = "A.S. Gubbio 1910 play in Gubbio."
    record = _lex_record("sports team", "A.S._Gubbio_1910", triples, text, {})
    (relation,) = record["output"]["relations"]
    assert relation["ground"]["head"]["start"] == 0 and relation["ground"]["tail"]["start"] == text.rindex("Gubbio")
    (structure,) = record["output"]["json_structures"]
    assert structure["sports team"]["ground"] == [relation["ground"]["tail"]]


def test_webnlg_values_missing_from_the_text_are_left_out():
    triples = [("Alan_Bean", "birthDate", "1932-03-15"), ("Alan_Bean", "occupation", "Test_pilot")]
    record = _lex_record("astronaut", "Alan_Bean", triples, "Alan Bean, a test pilot, was born in 1932.", {})
    assert [list(item) for item in record["output"]["relations"]] == [["occupation"]]
    assert set(record["output"]["json_structures"][0]["astronaut"]) == {"name", "occupation"}


def test_webnlg_records_carry_entity_structures_and_relations(load):
    records = load("webnlg", "dev", limit=200)
    structures = [s for r in records for s in r["output"].get("json_structures", [])]
    assert any("airport" in s and {"name", "city served"} <= set(s["airport"]) for s in structures)
    assert sum("relations" in r["output"] for r in records) > 150


def test_webnlg_unseen_categories_occur_only_in_test(load, data_dir):
    def source_categories(split):
        return {path.stem for path in (data_dir / WEBNLG_DIR / split).glob("*triples/*.xml")}

    assert not set(TEST_ONLY_CATEGORIES) & (source_categories("train") | source_categories("dev"))
    test_structures = {
        k for r in load("webnlg", "test", limit=None) for s in r["output"].get("json_structures", []) for k in s
    }
    assert {humanise(category) for category in TEST_ONLY_CATEGORIES} <= test_structures


def test_fewnerd_trains_on_dev_and_big_test_and_keeps_test_for_evaluation(load):
    assert not DATASETS["fewnerd"].zero_shot and DATASETS["fewnerd"].splits == ("train", "dev", "test")
    keys = {
        split: {text_key(r["input"]) for r in load("fewnerd", split, limit=None)} for split in ("train", "dev", "test")
    }
    assert len(keys["train"]) > 20_000 and keys["dev"]
    assert not keys["test"] & (keys["train"] | keys["dev"]) and not keys["train"] & keys["dev"]


def test_fewnerd_records_offer_only_the_types_their_source_file_annotates(load):
    label_sets = {frozenset(r["output"]["entities"]) for r in load("fewnerd", "train", limit=None)}
    assert len(label_sets) == 2
    first, second = label_sets
    assert not first & second


def test_webnlg_unseen_holds_only_the_categories_no_training_split_shows(data_dir):
    from gliner2_datasets.webnlg import TEST_ONLY_CATEGORIES, WEBNLG_DIR

    train_categories = {p.stem for p in (data_dir / WEBNLG_DIR / "train").glob("*triples/*.xml")}
    assert not train_categories & set(TEST_ONLY_CATEGORIES)
    from gliner2_datasets import load_records

    records = list(load_records("webnlg_unseen", "test", data_dir, limit=50))
    assert records and all(r["output"].get("relations") or r["output"].get("json_structures") for r in records)
