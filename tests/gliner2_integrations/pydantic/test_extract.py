"""``extract_model`` plumbing on the tiny random model: types and shapes only (its outputs are random)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gliner2_core import SchemaError
from gliner2_integrations.pydantic import ExtractionResult, extract_model, partial_model, schema_for
from tests.gliner2_integrations.pydantic.models import Invoice, Person, SupportTicket

TEXTS = [
    "Invoice 17 for Tim Cook in Berlin, total 1,250.00, due 2024-03-05. 2 apple at 3 and 1 iphone.",
    "The customer Steve Jobs wrote about a delayed order 42; shipping was bad.",
]


def check_evidence(result: ExtractionResult, text: str) -> None:
    assert all(isinstance(c, float) and 0.0 <= c <= 1.0 for c in result.confidence.values())
    for spans in result.spans.values():
        assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(isinstance(e, str) for e in result.errors) and all(isinstance(m, str) for m in result.missing)


def test_extract_model_on_one_text_returns_one_result(tiny_model):
    result = extract_model(tiny_model, TEXTS[0], Invoice, threshold=0.3)
    assert isinstance(result, ExtractionResult)
    assert result.value is None or isinstance(result.value, Invoice)
    spec = schema_for(Invoice).spec  # structures, and the choice fields' questions to the text
    assert set(result.raw) == {s.name for s in spec.structures} | {c.name for c in spec.classifications}
    check_evidence(result, TEXTS[0])


def test_extract_model_on_a_list_returns_one_result_per_text_with_extra_tasks(tiny_model):
    results = extract_model(tiny_model, TEXTS, SupportTicket, many=True, policy="drop", batch_size=1, threshold=0.2)
    assert len(results) == 2
    for result, text in zip(results, TEXTS, strict=True):
        assert all(type(v) is SupportTicket for v in result.values)  # "drop" never returns partial records
        assert set(result.classifications) == {"sentiment", "topics"}
        assert result.classifications["sentiment"] in ("positive", "negative")
        assert set(result.entities) == {"product", "person"} and all(
            isinstance(e, list) for e in result.entities.values()
        )
        check_evidence(result, text)


def test_partial_policy_returns_model_or_partial_instances(tiny_model):
    result = extract_model(tiny_model, TEXTS[0], Invoice, threshold=0.1)
    if result.value is not None:
        assert type(result.value) in (Invoice, partial_model(Invoice))


@pytest.mark.parametrize("module", ["gliner2_integrations", "gliner2_integrations.pydantic"])
def test_importing_the_integration_does_not_import_torch(module):
    code = f"import sys, {module}; from {module} import schema_for; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


class RecordingModel:
    """Stands in for GLiNER2: records the call and returns canned outputs."""

    def __init__(self, outputs: list[dict]) -> None:
        self.outputs = outputs
        self.calls: list[tuple] = []

    def batch_extract(self, texts, schema, **options):
        self.calls.append((list(texts), schema, options))
        return self.outputs[: len(texts)]


def test_extract_model_makes_one_batched_call_with_confidences_and_spans():
    stub = RecordingModel([{"person": [{"name": {"text": "Ada", "confidence": 0.9, "start": 0, "end": 3}}]}] * 3)
    results = extract_model(stub, ["Ada", "Ada", "Ada"], Person, threshold=0.4, batch_size=2)
    ((texts, schema, options),) = stub.calls
    assert schema is schema_for(Person).spec and texts == ["Ada"] * 3
    assert options == {"batch_size": 2, "threshold": 0.4, "include_confidence": True, "include_spans": True}
    assert [r.value for r in results] == [Person(name="Ada")] * 3
    assert results[0].spans == {"name": [(0, 3)]}


def test_extract_model_rejects_unknown_policy_before_running_the_model():
    stub = RecordingModel([])
    with pytest.raises(SchemaError, match="policy"):
        extract_model(stub, "Ada", Person, policy="strict")
    assert stub.calls == []
