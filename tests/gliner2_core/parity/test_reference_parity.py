"""Number-for-number parity with the reference library (``gliner2==2.1.0``).

Random tiny checkpoints are created *by the reference itself* for both encoder
families and both counting layers, then loaded by both libraries. For a varied
set of texts and schemas we compare token ids, count logits, span and class
probabilities (within 1e-5) and the decoded outputs. The reverse direction
(saved by us, loaded by the reference) is checked too.

Known, deliberate differences are normalised before comparing decoded outputs
(see ``_normalise``): the reference drops keys when the predicted count is 0,
and returns ``{}`` instead of ``[]`` for such structures.
"""

from __future__ import annotations

import math

import pytest
import torch
from gliner2 import GLiNER2 as Reference
from gliner2 import Schema as ReferenceSchema

from gliner2_core import GLiNER2, Schema
from gliner2_core.processing.batch import collate
from tests.gliner2_core.parity.cases import FLAGS, SCHEMAS, TEXTS
from tests.tiny import build_reference_checkpoint

pytestmark = pytest.mark.parity

ATOL = 1e-5
VARIANTS = [("bert", "count_lstm"), ("bert", "count_lstm_v2"), ("deberta", "count_lstm"), ("deberta", "count_lstm_v2")]


@pytest.fixture(scope="module", params=VARIANTS, ids=lambda v: f"{v[0]}-{v[1]}")
def models(request, tmp_path_factory):
    family, counting = request.param
    folder = build_reference_checkpoint(tmp_path_factory.mktemp("ref") / "ckpt", family, counting)
    return Reference.from_pretrained(str(folder)).eval(), GLiNER2.from_pretrained(folder)


def _reference_scores(ref, texts, schema):
    """Count logits, span probabilities and class probabilities from the reference internals."""
    batch = ref.processor.collate_fn_inference([(t, schema) for t in texts])
    with torch.inference_mode():
        hidden = ref.encode_tokens(batch)
        words, markers = ref.processor.extract_embeddings_from_batch(hidden, batch.input_ids, batch)
        logits, counts = ref._compute_direct_span_logits_batched(batch, words, markers)
        out = []
        for i in range(len(texts)):
            row = []
            for t, kind in enumerate(batch.task_types[i]):
                embs = torch.stack(markers[i][t])
                if kind == "classifications":
                    row.append(("cls", ref.classifier(embs[1:]).squeeze(-1)))
                else:
                    span = None if logits[i][t] is None else torch.sigmoid(logits[i][t])
                    row.append(("span", ref.count_pred(embs[0]), counts[i][t], span))
            out.append(row)
    return batch, out


def _our_scores(ours, texts, spec):
    rows = [ours.processor.encode(t, spec)[0] for t in texts]
    with torch.inference_mode():
        output = ours.model(collate(rows))
    return rows, output


def _safe_threshold(probabilities, low=0.35, high=0.65):
    """The middle of the widest gap between probabilities in [low, high].

    A threshold right next to a probability would make the comparison depend on
    float noise (~1e-6) rather than on the implementations.
    """
    values = torch.cat([p.flatten() for p in probabilities]) if probabilities else torch.empty(0)
    inside = values[(values > low) & (values < high)].sort().values.tolist()
    points = [low] + inside + [high]
    gap, start = max((b - a, a) for a, b in zip(points, points[1:]))
    assert gap > 1e-4, "no threshold with a safe margin"
    return start + gap / 2


def _normalise(result, spec_dict):
    """Fill the keys the reference omits when it predicts zero instances."""
    result = dict(result)
    if "entities" in spec_dict:
        labels = spec_dict["entities"]
        names = list(labels) if not isinstance(labels, list) else labels
        entities = dict(result.get("entities") or {})
        for name in names:
            dtype = labels[name].get("dtype") if isinstance(labels, dict) and isinstance(labels[name], dict) else None
            entities.setdefault(name, None if dtype == "str" else [])
        result["entities"] = entities
    for name in spec_dict.get("structures", {}):
        if result.get(name) == {}:
            result[name] = []
    return result


def _assert_same(ours, theirs, path="result"):
    if isinstance(theirs, float):
        assert math.isclose(ours, theirs, abs_tol=ATOL), f"{path}: {ours} != {theirs}"
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and ours.keys() == theirs.keys(), f"{path}: keys {ours} != {theirs}"
        for key in theirs:
            _assert_same(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(theirs, (list, tuple)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), f"{path}: {ours} != {theirs}"
        for index, (a, b) in enumerate(zip(ours, theirs)):
            _assert_same(a, b, f"{path}[{index}]")
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_token_ids_match_reference(models, schema_name):
    ref, ours = models
    schema = SCHEMAS[schema_name]
    batch = ref.processor.collate_fn_inference([(t, ReferenceSchema.from_dict(schema)) for t in TEXTS])
    spec = Schema.from_dict(schema).build()
    for i, text in enumerate(TEXTS):
        expected = batch.input_ids[i, : batch.original_lengths[i]].tolist()
        assert list(ours.processor.encode(text, spec)[0].input_ids) == expected, text


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_scores_match_reference_within_tolerance(models, schema_name):
    ref, ours = models
    schema = SCHEMAS[schema_name]
    _, theirs = _reference_scores(ref, TEXTS, ReferenceSchema.from_dict(schema))
    _, output = _our_scores(ours, TEXTS, Schema.from_dict(schema).build())
    count_rows = iter(output.count_logits) if output.count_logits is not None else iter(())
    for i, row in enumerate(theirs):
        for s, item in enumerate(row):
            mine = output.tasks[i][s]
            if item[0] == "cls":
                torch.testing.assert_close(mine.class_logits, item[1], atol=ATOL, rtol=0)
                continue
            _, count_logits, count, probs = item
            torch.testing.assert_close(next(count_rows), count_logits, atol=ATOL, rtol=0)
            assert mine.count == count
            if probs is None:
                assert mine.span_logits is None
            else:
                torch.testing.assert_close(torch.sigmoid(mine.span_logits), probs, atol=ATOL, rtol=0)


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_decoded_outputs_match_reference(models, schema_name):
    ref, ours = models
    schema = SCHEMAS[schema_name]
    _, theirs = _reference_scores(ref, TEXTS, ReferenceSchema.from_dict(schema))
    threshold = _safe_threshold([item[3] for row in theirs for item in row if item[0] == "span" and item[3] is not None])
    for flags in FLAGS:
        expected = ref.batch_extract(TEXTS, ReferenceSchema.from_dict(schema), batch_size=3, threshold=threshold, **flags)
        got = ours.batch_extract(TEXTS, Schema.from_dict(schema), batch_size=3, threshold=threshold, **flags)
        for text, mine, reference in zip(TEXTS, got, expected):
            _assert_same(mine, _normalise(reference, schema), f"{schema_name} {flags} {text!r}")


def test_checkpoint_saved_by_us_loads_in_reference_with_same_outputs(models, tmp_path):
    _, ours = models
    ours.save_pretrained(tmp_path / "ours")
    reference = Reference.from_pretrained(str(tmp_path / "ours")).eval()
    schema = SCHEMAS["everything"]
    for flags in FLAGS:
        expected = reference.batch_extract(TEXTS, ReferenceSchema.from_dict(schema), threshold=0.5, **flags)
        got = ours.batch_extract(TEXTS, Schema.from_dict(schema), threshold=0.5, **flags)
        for text, mine, theirs in zip(TEXTS, got, expected):
            _assert_same(mine, _normalise(theirs, schema), f"{flags} {text!r}")


def test_bundled_model_gives_the_same_outputs_in_the_reference(tmp_path):
    ours = GLiNER2.from_pretrained()
    ours.save_pretrained(tmp_path / "mini")
    reference = Reference.from_pretrained(str(tmp_path / "mini")).eval()
    texts = [
        "Angela Merkel met Emmanuel Macron in Berlin to discuss Airbus.",
        "Contact: Priya Raman, Head of Data at Northwind Logistics, Seattle.",
        "Please cancel my reservation at the Italian restaurant tonight!",
    ]
    schema = {
        "entities": ["person", "location", "organisation"],
        "structures": {"contact": {"fields": [{"name": "name", "dtype": "str"}, {"name": "company", "dtype": "str"}]}},
        "classifications": [{"task": "intent", "labels": ["book flight", "cancel reservation", "weather"]}],
    }
    expected = reference.batch_extract(texts, ReferenceSchema.from_dict(schema), include_confidence=True, include_spans=True)
    got = ours.batch_extract(texts, Schema.from_dict(schema), include_confidence=True, include_spans=True)
    assert any(r["entities"]["person"] for r in got), "the comparison must cover real spans"
    for text, mine, theirs in zip(texts, got, expected):
        _assert_same(mine, _normalise(theirs, schema), text)
