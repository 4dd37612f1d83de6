"""Record-head parity with the reference (``gliner2==2.1.0``): structures with ``mode="natural"``.

On the tiny random boundary checkpoints (built by the reference, every variant
has ``enable_records``), the same schema through our builder / dict form and
through the reference's gives the same records (several per text, in anchor
order, with the reference's record ``confidence``); ``extract_json`` forms
natural records on both sides. Probabilities agree within 1e-5.

Both sides run the same batches (all texts at once, or one text): the reference's
own results differ between a text alone and in a padded batch by float rounding,
which can flip an assignment between candidates whose scores tie within ~1e-7.

Normalised, as documented in docs/compatibility.md: our results keep a
structure with no record as ``[]`` (the reference drops the key).
"""

from __future__ import annotations

import pytest
import torch
from gliner2 import AutoExtractor
from gliner2 import Schema as ReferenceSchema

from gliner2_core import GLiNER2, Schema
from gliner2_core.architectures.boundary.matching import min_cost_assignment
from tests.gliner2_core.architectures.boundary.compare import assert_same
from tests.gliner2_core.architectures.boundary.tiny_boundary import (
    PUBLISHED_VARIANTS,
    VARIANTS,
    build_reference_boundary,
)
from tests.gliner2_core.parity.cases import TEXTS

pytestmark = pytest.mark.parity

ATOL = 1e-5
# every tiny variant (all have the record head) and the published flag set on both pools
RECORD_VARIANTS = {**VARIANTS, **PUBLISHED_VARIANTS}
SCHEMAS = {
    # defaults: the anchor (first field) required_one, the others zero_or_more, nothing exclusive
    "natural_defaults": {
        "structures": {"deal": {"mode": "natural", "fields": [{"name": "person", "dtype": "str"}, {"name": "item"}]}}
    },
    # every branch of the decoder: exclusive scalar (Hungarian, may be absent / required), exclusive list,
    # free scalar, free list; a per-field threshold; an explicit anchor that is not the first field
    "natural_every_cardinality": {
        "structures": {
            "order": {
                "mode": "natural",
                "anchor": "person",
                "fields": [
                    {"name": "company", "exclusive": True},
                    {"name": "person", "dtype": "str"},
                    {"name": "city", "dtype": "str", "cardinality": "optional_one", "exclusive": True},
                    {"name": "date", "dtype": "str", "cardinality": "required_one", "exclusive": True},
                    {"name": "amount", "cardinality": "optional_one", "threshold": 0.6},
                    {"name": "items", "cardinality": "one_or_more"},
                ],
            }
        }
    },
    "natural_with_legacy_and_entities": {
        "entities": ["person", "location"],
        "structures": {
            "trip": {
                "mode": "natural",
                "fields": [{"name": "company", "dtype": "str"}, {"name": "place", "exclusive": True}],
            },
            "summary": {"fields": [{"name": "topic", "dtype": "str"}]},
        },
    },
}
# latent / anchorless: no anchor; every decoder branch, a choice field (field-level or from the record's candidates)
MODE_FIELDS = [
    {"name": "company", "exclusive": True},
    {"name": "person", "dtype": "str"},
    {"name": "city", "dtype": "str", "cardinality": "optional_one", "exclusive": True},
    {"name": "date", "dtype": "str", "cardinality": "required_one", "exclusive": True},
    {"name": "amount", "cardinality": "optional_one", "threshold": 0.6},
    {"name": "items", "cardinality": "one_or_more"},
    {"name": "plan", "dtype": "str", "choices": ["basic", "pro"]},
]
JSON_STRUCTURES = {"order": ["person::str", "company::list::the employer", "city::str", "items"]}


@pytest.fixture(scope="module", params=sorted(RECORD_VARIANTS))
def models(request, tmp_path_factory):
    family, head = RECORD_VARIANTS[request.param]
    folder = build_reference_boundary(tmp_path_factory.mktemp("records") / "ckpt", family, head)
    return AutoExtractor.from_pretrained(str(folder)).eval(), GLiNER2.from_pretrained(folder, backend="torch")


def _same(ours, theirs, path="result"):
    """Equal, floats within ATOL."""
    assert_same(ours, theirs, path, atol=ATOL)


def _with_every_structure(result, names):
    return {**{name: [] for name in names}, **result}


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_natural_records_match_reference(models, schema_name):
    ref, ours = models
    schema = SCHEMAS[schema_name]
    mine_schema = Schema.from_dict(schema)
    assert Schema.from_dict(mine_schema.to_dict()).build() == mine_schema.build()  # the dict form round-trips
    formed = 0
    for flags in (dict(include_confidence=True), dict(include_confidence=True, include_spans=True), {}):
        for threshold in (0.2, 0.5):
            options = dict(threshold=threshold, **flags)
            theirs = ref.batch_extract(TEXTS, ReferenceSchema.from_dict(schema), batch_size=len(TEXTS), **options)
            mine = ours.batch_extract(TEXTS, mine_schema, batch_size=len(TEXTS), **options)
            for a, b in zip(mine, theirs):
                _same(a, _with_every_structure(b, schema["structures"]))
                formed += sum(len(a[name]) for name, s in schema["structures"].items() if "mode" in s)
    assert formed  # the comparison covers real records


@pytest.mark.parametrize("mode", ["latent", "anchorless"])
def test_latent_and_anchorless_records_match_reference(models, mode):
    ref, ours = models
    schema = {"structures": {"order": {"mode": mode, "occurrence_policy": "all", "fields": MODE_FIELDS}}}
    formed = 0
    for threshold in (0.2, 0.5):
        options = dict(threshold=threshold, include_confidence=True, include_spans=True)
        theirs = ref.batch_extract(TEXTS, ReferenceSchema.from_dict(schema), batch_size=len(TEXTS), **options)
        mine = ours.batch_extract(TEXTS, Schema.from_dict(schema), batch_size=len(TEXTS), **options)
        for a, b in zip(mine, theirs):
            _same(a, _with_every_structure(b, schema["structures"]))
            formed += len(a["order"])
    assert formed


def test_builder_schema_matches_dict_schema(models):
    _, ours = models
    built = Schema().structure("deal", mode="natural").field("person", dtype="str").field("item")
    from_dict = Schema.from_dict(SCHEMAS["natural_defaults"])
    assert built.build() == from_dict.build()
    options = dict(threshold=0.2, include_confidence=True)
    assert ours.batch_extract(TEXTS, built, **options) == ours.batch_extract(TEXTS, from_dict, **options)


def test_extract_json_forms_natural_records_like_reference(models):
    ref, ours = models
    formed = 0
    for threshold in (0.2, 0.5):
        options = dict(threshold=threshold, include_confidence=True, include_spans=True)
        theirs = ref.batch_extract_json(TEXTS, JSON_STRUCTURES, batch_size=len(TEXTS), **options)
        mine = ours.batch_extract_json(TEXTS, JSON_STRUCTURES, batch_size=len(TEXTS), **options)
        for text, a, b in zip(TEXTS, mine, theirs):
            _same(a, _with_every_structure(b, JSON_STRUCTURES))
            single = ref.extract_json(text, JSON_STRUCTURES, **options)
            _same(ours.extract_json(text, JSON_STRUCTURES, **options), _with_every_structure(single, JSON_STRUCTURES))
            formed += len(a["order"])
    assert formed


def test_record_head_round_trips_through_save(models, tmp_path):
    ref, ours = models
    assert any(key.startswith("record_decoder.") for key in ours.model.state_dict())
    ours.save_pretrained(tmp_path / "saved")
    again = AutoExtractor.from_pretrained(str(tmp_path / "saved")).eval()
    schema = SCHEMAS["natural_every_cardinality"]
    options = dict(threshold=0.2, include_confidence=True)
    for text in TEXTS[:3]:
        expected = ref.extract(text, ReferenceSchema.from_dict(schema), **options)
        assert again.extract(text, ReferenceSchema.from_dict(schema), **options) == expected


def test_assignment_solver_matches_scipy_on_ties():
    scipy_optimize = pytest.importorskip("scipy.optimize")
    generator = torch.Generator().manual_seed(0)
    for trial in range(200):
        rows = int(torch.randint(1, 7, (1,), generator=generator))
        cols = rows + int(torch.randint(0, 8, (1,), generator=generator))
        cost = (
            torch.randint(0, 3, (rows, cols), generator=generator).double()
            if trial % 2
            else torch.rand(rows, cols, generator=generator).double()
        )
        scale = max(float(cost.abs().max()), 1.0)
        tie = torch.arange(rows * cols, dtype=torch.float64).reshape(rows, cols)
        _, expected = scipy_optimize.linear_sum_assignment(
            (cost + torch.finfo(torch.float64).eps * scale * tie).numpy()
        )
        assert min_cost_assignment(cost) == expected.tolist()
