"""The Pydantic path reads GLiNER2.run's typed Extraction; reference-style dicts still map the same way."""

from __future__ import annotations

from pydantic import BaseModel

from gliner2_core import Extraction
from gliner2_core.decoding.format import to_reference_dict
from gliner2_integrations.pydantic import extract_model, schema_for, to_result

TEXT = "Tim Cook works for Apple in Cupertino. Steve Jobs founded Apple."


class Employment(BaseModel):
    person: list[str] = []
    company: str | None = None


def test_extract_model_maps_the_typed_extraction_and_keeps_it(tiny_model):
    result = extract_model(tiny_model, TEXT, Employment, threshold=0.0)
    assert isinstance(result.extraction, Extraction) and result.extraction.text == TEXT
    assert result.value is not None and result.spans  # a random checkpoint finds something at threshold 0
    assert result.raw == to_reference_dict(result.extraction, include_confidence=True, include_spans=True)
    for path, spans in result.spans.items():
        assert all(0 <= start < end <= len(TEXT) for start, end in spans), path


def test_a_typed_extraction_and_its_reference_dict_give_the_same_result(tiny_model):
    spec = schema_for(Employment).spec
    [extraction] = tiny_model.run([TEXT], spec, threshold=0.0)
    typed = to_result(extraction, schema_for(Employment), many=True)
    plain = to_result(
        to_reference_dict(extraction, include_confidence=True, include_spans=True), schema_for(Employment), many=True
    )
    assert (
        typed.values
        and typed.values == plain.values
        and typed.confidence == plain.confidence
        and typed.spans == plain.spans
    )
    assert typed.extraction is extraction and plain.extraction is None


class DictOnlyExtractor:
    """Another library's extractor: only ``batch_extract`` returning reference dicts."""

    def __init__(self, model) -> None:
        self.model = model

    def batch_extract(self, texts, schema, **options):
        return self.model.batch_extract(texts, schema, **options)


def test_an_extractor_without_run_is_read_from_its_dicts(tiny_model):
    typed = extract_model(tiny_model, TEXT, Employment, threshold=0.0)
    plain = extract_model(DictOnlyExtractor(tiny_model), TEXT, Employment, threshold=0.0)
    assert plain.extraction is None and plain.value == typed.value and plain.spans == typed.spans
