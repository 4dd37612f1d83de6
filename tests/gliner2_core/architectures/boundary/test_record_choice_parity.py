"""Choice fields inside ``mode="natural"`` records: parity with the reference (``gliner2==2.1.0``).

Each record decides its own choice fields, as the reference does: options written
in the text bound to the record whose anchor precedes them (a scalar field: the
mention nearest the anchor), else the record's own candidates that read as an
option, else the field-level choice. On the tiny random boundary checkpoints
(every variant has the record head), texts that write options next to different
anchors and texts that write none give the same records as the reference, with
the mention offsets under ``include_spans``; probabilities within 1e-5.

Normalised, as in ``test_record_parity``: a structure with no record is ``[]``.
The reference raises ``ValueError`` (token boundaries out of range) for a text
where a record anchored on a choice-prefix word gets an option word as a choice
value (random heads often anchor there); such texts are not compared, and every
variant compares others (asserted).
"""

from __future__ import annotations

import pytest
from gliner2 import Schema as ReferenceSchema

from gliner2_core import Schema
from gliner2_core.architectures.boundary.record_choices import literal_mentions, nearest_mention
from tests.gliner2_core.architectures.boundary.test_record_parity import _same, _with_every_structure, models  # noqa: F401
from tests.gliner2_core.parity.cases import TEXTS as CASE_TEXTS

pytestmark = pytest.mark.parity

TEXTS = [
    "Tim Cook bought the pro plan in Paris, and Steve Jobs chose basic in London.",
    "Alice picked Basic with storage. Bob wanted PRO, support and basic storage; Carol asked for gold.",
    CASE_TEXTS[0],  # no option written: the records' own candidates, else the field-level choice
    CASE_TEXTS[1],
]
SCHEMAS = {
    "scalar_and_list_choices": {
        "structures": {
            "purchase": {
                "mode": "natural",
                "fields": [
                    {"name": "person", "dtype": "str"},
                    {"name": "plan", "dtype": "str", "choices": ["basic", "pro"], "threshold": 0.5},
                    {"name": "extras", "choices": ["support", "storage"], "threshold": 0.6},
                    {"name": "city"},
                ],
            }
        }
    },
    "optional_choice_with_threshold": {
        "structures": {
            "account": {
                "mode": "natural",
                "anchor": "company",
                "fields": [
                    {"name": "person"},
                    {"name": "company", "dtype": "str"},
                    {
                        "name": "tier",
                        "choices": ["gold", "silver", "basic"],
                        "cardinality": "optional_one",
                        "threshold": 0.4,
                    },
                ],
            }
        }
    },
}


def _choice_values(result, schema):
    """Every non-empty choice-field value of the formed records."""
    for name, structure in schema["structures"].items():
        choice_fields = [f["name"] for f in structure["fields"] if "choices" in f]
        for record in result[name]:
            yield from (record[f] for f in choice_fields if record[f] not in (None, []))


def _reference(ref, text, schema, options):
    """The reference's result, or ``None`` where it fails (see the module docstring)."""
    try:
        return ref.extract(text, ReferenceSchema.from_dict(schema), **options)
    except ValueError as err:
        assert "out of range" in str(err)  # a record anchored on a choice-prefix word: the reference's bug
        return None


def test_record_choice_fields_match_reference(models):  # noqa: F811
    ref, ours = models
    compared = decided = 0
    for schema in SCHEMAS.values():
        for options in (dict(threshold=0.2, include_confidence=True, include_spans=True), dict(threshold=0.4)):
            for text in TEXTS:  # one text at a time on both sides (see test_record_parity)
                a = ours.extract(text, Schema.from_dict(schema), **options)
                theirs = _reference(ref, text, schema, options)
                if theirs is not None:
                    _same(a, _with_every_structure(theirs, schema["structures"]), text)
                    compared += 1
                    decided += len(list(_choice_values(a, schema)))
    assert compared and decided, "no record had a choice value: the comparison would be empty"


def test_options_written_in_the_text_bind_to_the_preceding_anchor():
    text = "Alice picked Basic with storage. Bob wanted PRO and basic."
    anchors = [(0, 5), (33, 36)]  # Alice, Bob
    written, owned = literal_mentions(text, ["basic", "pro"], anchors)
    assert written
    assert owned == {0: [("basic", 13, 18)], 1: [("pro", 44, 47), ("basic", 52, 57)]}
    assert nearest_mention(owned[1], anchors[1]) == ("pro", 44, 47)
    # before the first anchor: the first record; a window keeps only its own mentions
    assert literal_mentions("pro first, then Alice", ["pro"], [(16, 21)]) == (True, {0: [("pro", 0, 3)]})
    assert literal_mentions(text, ["pro"], anchors, window=(0, 30)) == (False, {})
    assert literal_mentions(text, ["gold"], anchors) == (False, {})
    assert literal_mentions(text, ["basic"], [None, None]) == (True, {})
