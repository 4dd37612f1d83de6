"""GLiNER2MetadataTagger with the real langchain-core: tiny model for plumbing, bundled model for meaning."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading

import pytest
from langchain_core.documents import Document
from pydantic import BaseModel

from gliner2_core import CheckpointError, SchemaError
from gliner2_integrations.langchain import GLiNER2MetadataTagger
from gliner2_integrations.pydantic import ExtractionValidationError
from tests.gliner2_integrations.langchain.models import StrictVisit, Tagged, Visit

DOCS = [
    Document("Tim Cook works at Apple in Paris.", id="doc-1", metadata={"source": "a.txt", "page": 3}),
    Document("Steve Jobs founded Apple in 1976.", id="doc-2", metadata={"source": "b.txt"}),
    Document("The company released a new iPhone.", id="doc-3"),
]


def vector_store_safe(value) -> bool:
    scalar = (str, int, float, bool, type(None))
    return isinstance(value, scalar) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def test_tagger_returns_new_documents_keeping_id_content_and_metadata(tiny_model):
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, threshold=0.3)
    originals = [doc.model_copy(deep=True) for doc in DOCS]
    tagged = tagger.transform_documents(DOCS)
    assert [doc.id for doc in tagged] == ["doc-1", "doc-2", "doc-3"]
    assert [doc.page_content for doc in tagged] == [doc.page_content for doc in DOCS]
    assert tagged[0].metadata["source"] == "a.txt" and tagged[0].metadata["page"] == 3
    tagged = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, metadata_mode="json").transform_documents(DOCS)
    assert all(set(doc.metadata["gliner2"]) == {"visit"} for doc in tagged)
    assert all(new is not old for new, old in zip(tagged, DOCS, strict=True))
    assert originals == DOCS  # inputs untouched


def test_all_documents_are_tagged_with_one_batched_model_call(tiny_model, spy):
    calls = spy(tiny_model)
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, batch_size=2)
    tagger.transform_documents(DOCS)
    assert len(calls) == 1 and calls[0]["texts"] == [doc.page_content for doc in DOCS]
    assert calls[0]["options"].batch_size == 2


def test_a_key_collision_keeps_both_values_by_default_and_warns(tiny_model, caplog):
    doc = Document("Tim Cook works at Apple.", metadata={"gliner2": "mine"})
    both = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, metadata_mode="json").transform_documents([doc])
    assert both[0].metadata["gliner2"] == "mine" and set(both[0].metadata["gliner2_2"]) == {"visit"}
    assert "stored under 'gliner2_2'" in caplog.text
    kept = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, metadata_mode="json", on_conflict="keep")
    assert kept.transform_documents([doc])[0].metadata == {"gliner2": "mine"}
    replaced = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, metadata_mode="json", on_conflict="overwrite")
    assert set(replaced.transform_documents([doc])[0].metadata["gliner2"]) == {"visit"}
    strict = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, metadata_mode="json", on_conflict="error")
    with pytest.raises(SchemaError, match="gliner2"):
        strict.transform_documents([doc])


def test_flat_metadata_holds_only_vector_store_types_and_serializes_to_json(tiny_model):
    tagger = GLiNER2MetadataTagger(
        model=Tagged, extractor=tiny_model, namespace="ie", include_confidence=True, threshold=0.1, flat_nulls="keep"
    )
    for doc in tagger.transform_documents(DOCS):
        extracted = {key: value for key, value in doc.metadata.items() if key.startswith("ie.")}
        assert {"ie.tagged.people", "ie.tagged.company", "ie.tagged.year"} <= set(extracted)
        assert isinstance(extracted["ie.tagged.people"], str)  # lists JSON-encoded by default
        assert all(vector_store_safe(value) for value in extracted.values())
        json.dumps(doc.metadata, sort_keys=True)  # what langchain_core.indexing does


def test_a_schema_dict_tags_entities_and_classifications(bundled_model):
    schema = {
        "entities": ["person", "location"],
        "classifications": [{"task": "intent", "labels": ["travel", "complaint"]}],
    }
    tagger = GLiNER2MetadataTagger(model=schema, extractor=bundled_model, metadata_mode="json")
    (doc,) = tagger.transform_documents([Document("Angela Merkel visited Paris.")])
    assert doc.metadata["gliner2"]["entities"] == {"person": ["Angela Merkel"], "location": ["Paris"]}
    assert doc.metadata["gliner2"]["intent"] == "travel"


def test_pydantic_model_fields_are_extracted_with_confidences(bundled_model):
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model, metadata_mode="flat", include_confidence=True)
    (doc,) = tagger.transform_documents([Document("Angela Merkel visited Paris.")])
    assert doc.metadata["gliner2.visit.person"] == "Angela Merkel"
    assert doc.metadata["gliner2.visit.location"] == "Paris"
    assert 0.5 <= doc.metadata["gliner2.confidence.person"] <= 1.0


def test_a_failing_document_gets_an_error_entry_and_the_others_are_tagged(bundled_model):
    docs = [Document("Angela Merkel visited Paris.", id="ok"), Document("It rained all day.", id="bad")]
    tagger = GLiNER2MetadataTagger(model=StrictVisit, extractor=bundled_model, policy="raise")
    tagged = tagger.transform_documents(docs)
    assert [doc.id for doc in tagged] == ["ok", "bad"]
    assert tagged[0].metadata["gliner2.visit.person"] == "Angela Merkel"
    assert tagged[1].metadata == {"gliner2_error": "ExtractionValidationError: required fields not found: person"}


def test_raise_on_error_propagates_the_documents_error(bundled_model):
    tagger = GLiNER2MetadataTagger(model=StrictVisit, extractor=bundled_model, policy="raise", raise_on_error=True)
    with pytest.raises(ExtractionValidationError, match="person"):
        tagger.transform_documents([Document("Angela Merkel visited Paris."), Document("It rained all day.")])


def test_a_text_that_breaks_the_model_call_fails_only_its_own_document(tiny_model, monkeypatch):
    original = tiny_model.run

    def breaks_on_boom(texts, schema, options=None, **overrides):
        if any("BOOM" in text for text in texts):
            raise RuntimeError("cannot encode BOOM")
        return original(texts, schema, options, **overrides)

    monkeypatch.setattr(tiny_model, "run", breaks_on_boom)
    docs = [Document("Tim Cook works at Apple."), Document("BOOM"), Document("Steve Jobs founded Apple.")]
    # threshold 0: the tiny random model's values are all below the default acceptance
    tagged = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model, threshold=0.0).transform_documents(docs)
    assert tagged[1].metadata == {"gliner2_error": "RuntimeError: cannot encode BOOM"}
    for neighbour in (tagged[0], tagged[2]):  # tagged by the random model (one span fills one field)
        assert any(key.startswith("gliner2.visit.") for key in neighbour.metadata) and "gliner2_error" not in neighbour.metadata


def test_blank_documents_get_no_metadata_and_are_not_sent_to_the_model(tiny_model, spy):
    calls = spy(tiny_model)
    docs = [Document("", metadata={"keep": 1}), Document("  \n"), Document("Tim Cook works at Apple.")]
    tagged = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model).transform_documents(docs)
    assert [doc.metadata for doc in tagged[:2]] == [{"keep": 1}, {}]
    assert calls[0]["texts"] == ["Tim Cook works at Apple."]
    assert GLiNER2MetadataTagger(model=Visit, extractor=tiny_model).transform_documents([]) == []


def test_a_million_character_document_is_extracted_whole(bundled_model):
    text = " " * 1_000_000 + "Angela Merkel visited Paris."  # the entity sits past the first million characters
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model, include_spans=True, metadata_mode="json")
    (doc,) = tagger.transform_documents([Document(text)])
    assert doc.page_content == text
    assert doc.metadata["gliner2"]["visit"]["person"] == "Angela Merkel"
    assert doc.metadata["gliner2"]["spans"]["person"] == [[1_000_000, 1_000_013]]


@pytest.mark.asyncio
async def test_atransform_documents_runs_the_model_off_the_event_loop_thread(tiny_model, spy):
    calls = spy(tiny_model)
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=tiny_model)
    tagged = await tagger.atransform_documents(DOCS)
    assert calls[0]["thread"] is not threading.current_thread()
    assert [doc.metadata for doc in tagged] == [doc.metadata for doc in tagger.transform_documents(DOCS)]
    assert asyncio.get_running_loop().is_running()


def test_an_unsupported_pydantic_type_raises_type_error_at_construction():
    class Counts(BaseModel):
        by_word: dict[str, int]

    with pytest.raises(TypeError, match="by_word"):
        GLiNER2MetadataTagger(model=Counts)


def test_the_extractor_path_is_loaded_only_when_documents_are_tagged(tmp_path):
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=str(tmp_path / "missing"))  # no load yet
    with pytest.raises(CheckpointError):
        tagger.transform_documents([Document("Tim Cook works at Apple.")])


@pytest.mark.parametrize(
    ("option", "value"),
    [("threshold", 1.5), ("batch_size", 0), ("metadata_mode", "nested"), ("on_conflict", "merge"), ("policy", "x")],
)
def test_invalid_settings_are_rejected_naming_the_field(option, value):
    with pytest.raises(ValueError, match=option):
        GLiNER2MetadataTagger(model=Visit, **{option: value})


def test_importing_the_integration_loads_neither_torch_nor_llama_index():
    code = (
        "import sys, gliner2_integrations.langchain; sys.exit(bool({'torch', 'llama_index.core'} & set(sys.modules)))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
