"""Training-time schemas: label synonyms keep the gold, negatives come from other sources only."""

import random

from gliner2_core.training.examples import parse_record
from gliner2_core.training.sampling import LabelPool, SamplingConfig, sample_schema

PLAIN = SamplingConfig(drop_label=0.0, drop_field=0.0, synthetic_names=0.0, use_descriptions=0.0, negative_tasks=0, structure_views=0.0)


def _news():
    return parse_record(
        {"input": "Ann works at Acme on 3 May.", "output": {"entities": {"person": ["Ann"], "organisation": ["Acme"]}}},
        source="news",
    )


def _bio():
    return parse_record({"input": "Aspirin helps.", "output": {"entities": {"chemical": ["Aspirin"], "date": []}}}, source="bio")


CATALOG = {"organisation": ("a company or institution", ("company", "org")), "person": ("a human being", ("individual",))}


def test_synonym_names_show_a_catalog_synonym_and_the_gold_follows_it():
    config = PLAIN.__class__(**{**PLAIN.__dict__, "synonym_names": 1.0})
    pool = LabelPool.from_examples([_news()], catalog=CATALOG)
    spec, gold = sample_schema(_news(), pool, config, random.Random(0))
    names = {t.name for t in spec.entities.types}
    assert names <= {"company", "org", "individual"} and len(names) == 2
    org = next(n for n in names if n in ("company", "org"))
    assert [m.text for m in gold.entities[org]] == ["Acme"]


def test_catalog_descriptions_fill_labels_without_one_when_descriptions_are_shown():
    config = PLAIN.__class__(**{**PLAIN.__dict__, "use_descriptions": 1.0})
    spec, _ = sample_schema(_news(), LabelPool.from_examples([_news()], catalog=CATALOG), config, random.Random(0))
    assert {t.name: t.description for t in spec.entities.types} == {
        "person": "a human being",
        "organisation": "a company or institution",
    }


def test_union_negatives_come_from_other_sources_and_never_generic_types():
    config = PLAIN.__class__(**{**PLAIN.__dict__, "union_negatives": 5})
    pool = LabelPool.from_examples([_news(), _bio()])
    seen = set()
    for seed in range(40):
        spec, gold = sample_schema(_news(), pool, config, random.Random(seed))
        for t in spec.entities.types:
            seen.add(t.name)
            if t.name not in ("person", "organisation"):
                assert gold.entities[t.name] == ()
    assert "chemical" in seen
    assert "date" not in seen  # news data leaves dates unannotated: never teach them as absent


def test_defaults_keep_the_previous_behaviour():
    spec, _ = sample_schema(_news(), LabelPool.from_examples([_news(), _bio()], catalog=CATALOG), PLAIN, random.Random(1))
    assert {t.name for t in spec.entities.types} == {"person", "organisation"}


def _invoice(total_name: str, seller_name: str, total: str):
    text = f"Invoice. {total_name}: {total}"
    start = text.index(total)
    return parse_record(
        {
            "input": text,
            "output": {
                "json_structures": [
                    {"invoice": {total_name: {"text": total, "start": start, "end": start + len(total)}, seller_name: []}}
                ]
            },
        },
        source="synthetic",
    )


def test_records_that_list_their_absent_fields_are_shown_only_their_own_fields():
    # "amount due" is a paraphrase of "total" in another record: never teach it as absent here
    examples = [_invoice("total", "seller", "45.00"), _invoice("amount due", "vendor", "12.00")]
    pool = LabelPool.from_examples(examples)
    spec, gold = sample_schema(examples[0], pool, PLAIN, random.Random(0))
    assert {f.name for f in spec.structures[0].fields} == {"total", "seller"}
    assert [m.text for m in gold.structures["invoice"][0]["total"]] == ["45.00"]
