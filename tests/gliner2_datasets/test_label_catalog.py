"""The label catalog: every label the converters emit has synonyms and a description."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_datasets import atis, biomed, documents, events, intents, ner, relations
from gliner2_datasets._catalog_groups import GROUPS
from gliner2_datasets.label_catalog import (
    ENTITY_CATALOG,
    RELATION_CATALOG,
    all_labels,
    description,
    groups,
    lookup,
    may_overlap,
    synonyms,
)
from gliner2_datasets.webnlg import WEBNLG_DIR, humanise

STATIC_ENTITY_MAPS = [
    ner.CONLL_LABELS,
    ner.WNUT_LABELS,
    ner.WIKIGOLD_LABELS,
    ner.BTC_LABELS,
    ner.FEWNERD_LABELS,
    ner.RESUME_LABELS,
    documents.GUM_LABELS,
    documents.RE3D_LABELS,
    documents.SEC_LABELS,
    biomed.ANATOMY_LABELS,
    *biomed.BIOMED_LABELS.values(),
    relations.CONLL04_ENTITIES,
    relations.SCIERC_ENTITIES,
    events.ARGUMENT_TYPES,
    intents.SLOTS,
]
STATIC_RELATION_MAPS = [relations.CONLL04_RELATIONS, relations.SCIERC_RELATIONS, relations.SEMEVAL_RELATIONS]


def test_every_entity_label_of_the_label_tables_is_catalogued():
    labels = {label for table in STATIC_ENTITY_MAPS for label in table.values()}
    assert labels - set(ENTITY_CATALOG) == set()


def test_every_relation_label_of_the_label_tables_is_catalogued():
    labels = {label for table in STATIC_RELATION_MAPS for label in table.values()}
    assert labels - set(RELATION_CATALOG) == set()


def test_every_atis_slot_label_is_catalogued(data_dir: Path):
    if not (data_dir / atis.ATIS_FILES[0]).exists():
        pytest.skip("atis not found")
    assert set(atis._slot_labels(data_dir)) - set(ENTITY_CATALOG) == set()


def test_every_webnlg_property_is_catalogued(data_dir: Path):
    paths = sorted((data_dir / WEBNLG_DIR).glob("*/*triples/*.xml"))
    if not paths:
        pytest.skip("webnlg not found")
    pattern = re.compile(r"<mtriple>[^|<]*\| ([^|<]*) \|")
    properties = {name for path in paths for name in pattern.findall(path.read_text(encoding="utf-8"))}
    assert {humanise(name) for name in properties} - set(RELATION_CATALOG) == set()


def test_every_fewrel_relation_is_catalogued(data_dir: Path):
    if not (data_dir / relations.FEWREL_NAMES).exists():
        pytest.skip("fewrel not found")
    names = json.loads((data_dir / relations.FEWREL_NAMES).read_text(encoding="utf-8"))
    wikidata = {pid: values[0].lower() for pid, values in names.items()}
    labels = set()
    for path in relations.FEWREL_FILES.values():
        relation_names = json.loads((data_dir / path).read_text(encoding="utf-8"))
        labels |= {relations._fewrel_label(name, wikidata)[0] for name in relation_names}
    assert labels - set(RELATION_CATALOG) == set()


@pytest.mark.parametrize("catalog", [ENTITY_CATALOG, RELATION_CATALOG], ids=["entity", "relation"])
def test_every_entry_has_two_to_four_distinct_synonyms_and_a_description(catalog):
    for label, entry in catalog.items():
        assert entry.label == label and entry.description.strip()
        assert 2 <= len(entry.synonyms) <= 4 and len(set(entry.synonyms)) == len(entry.synonyms), label
        assert label not in entry.synonyms and all(s == s.strip().lower() != "" for s in entry.synonyms), label


def test_lookup_gives_synonyms_and_description():
    assert "organization" in synonyms("organisation")
    assert "company" in description("organisation")
    assert lookup("birth place", "relation").synonyms[0] == "place of birth"
    assert lookup("birth place", "any").kind == "relation"


def test_all_labels_is_the_sorted_union_of_types():
    entities, relations_, both = all_labels(), all_labels("relation"), all_labels("any")
    assert entities == sorted(ENTITY_CATALOG) and relations_ == sorted(RELATION_CATALOG)
    assert set(both) == set(entities) | set(relations_) and len(both) == len(set(both))
    assert {"organisation", "gene or gene product", "departure city", "military platform"} <= set(entities)


def test_unknown_label_is_an_error_naming_label_and_kind():
    with pytest.raises(TrainingDataError, match=r"label: got 'spaceship'; expected a catalogued entity label"):
        lookup("spaceship")


def test_unknown_kind_is_an_error_listing_the_kinds():
    with pytest.raises(TrainingDataError, match=r"kind: got 'event'; expected one of entity, relation, any"):
        all_labels("event")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("athlete", "person"),
        ("hospital", "organisation"),
        ("departure city", "location"),
        ("disease", "gene or gene product"),
        ("miscellaneous", "film"),
        ("organisation", "organization"),
    ],
)
def test_types_that_can_name_the_same_span_may_overlap(first, second):
    assert may_overlap(first, second) and may_overlap(second, first)


@pytest.mark.parametrize(("first", "second"), [("person", "disease"), ("weapon", "person"), ("date", "money")])
def test_types_of_different_kinds_do_not_overlap(first, second):
    assert not may_overlap(first, second)


def test_every_grouped_label_is_catalogued_and_unknown_labels_have_no_group():
    assert {label for members in GROUPS.values() for label in members} <= set(ENTITY_CATALOG)
    assert groups("athlete") == {"person"} and groups("spaceship") == frozenset()
    assert may_overlap("spaceship", "spaceship") and not may_overlap("spaceship", "person")
