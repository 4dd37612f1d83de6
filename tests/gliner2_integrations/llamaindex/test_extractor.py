"""GLiNER2Extractor with the real llama-index-core: pipelines, exclusions, caching, pickling, offsets."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading

import pytest
from llama_index.core import Document
from llama_index.core.embeddings import MockEmbedding
from llama_index.core.ingestion import IngestionCache, IngestionPipeline
from llama_index.core.ingestion.pipeline import get_transformation_hash
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import MetadataMode, TextNode
from llama_index.core.vector_stores import MetadataFilter, MetadataFilters, SimpleVectorStore, VectorStoreQuery
from llama_index.core.vector_stores.utils import node_to_metadata_dict
from pydantic import BaseModel, Field, create_model

from gliner2_integrations.llamaindex import GLiNER2Extractor
from tests.gliner2_integrations.llamaindex.models import StrictVisit, Visit

FILLER = "The committee met on Tuesday to review the annual budget and the new office plans. "
STORY = FILLER * 4 + "Angela Merkel visited Paris. " + FILLER * 4


def split(text: str = STORY) -> list[TextNode]:
    return SentenceSplitter(chunk_size=64, chunk_overlap=0).get_nodes_from_documents([Document(text=text, id_="story")])


def test_pipeline_with_a_sentence_splitter_stores_flat_metadata_vector_stores_accept(bundled_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=bundled_model)
    pipeline = IngestionPipeline(transformations=[SentenceSplitter(chunk_size=64, chunk_overlap=0), extractor])
    nodes = pipeline.run(documents=[Document(text=STORY)])
    assert len(nodes) > 1
    (merkel,) = [node for node in nodes if "Merkel" in node.get_content(MetadataMode.NONE)]
    assert merkel.metadata["gliner2.visit.person"] == "Angela Merkel"
    assert merkel.metadata["gliner2.visit.location"] == "Paris"
    for node in nodes:
        assert all(isinstance(value, (str, int, float, bool)) for value in node.metadata.values())  # no None, no lists
        node_to_metadata_dict(node, flat_metadata=True)  # raises on anything but str/int/float/None
        json.dumps(node.metadata)
    kept = IngestionPipeline(
        transformations=[
            SentenceSplitter(chunk_size=64, chunk_overlap=0),
            extractor.model_copy(update={"flat_nulls": "keep"}),
        ]
    ).run(documents=[Document(text=STORY)])
    assert all("gliner2.visit.person" in node.metadata for node in kept)  # same keys everywhere, None when not found


def test_extracted_values_are_kept_out_of_the_embedding_text_but_shown_to_the_llm(bundled_model):
    nodes = GLiNER2Extractor(model=Visit, extractor=bundled_model)(split())
    (merkel,) = [node for node in nodes if "Merkel" in node.text]
    assert set(merkel.excluded_embed_metadata_keys) >= {"gliner2.visit.person", "gliner2.visit.location"}
    assert "gliner2" not in merkel.get_content(MetadataMode.EMBED)
    assert "gliner2.visit.person: Angela Merkel" in merkel.get_content(MetadataMode.LLM)
    hidden = GLiNER2Extractor(model=Visit, extractor=bundled_model, exclude_from_llm=True)(split())
    assert all("gliner2" not in node.get_content(MetadataMode.LLM) for node in hidden)


def test_exclusion_lists_keep_their_existing_keys_without_duplicates(tiny_model):
    node = TextNode(text="Tim Cook works at Apple.", metadata={"file": "a.txt"}, excluded_embed_metadata_keys=["file"])
    extractor = GLiNER2Extractor(model=Visit, extractor=tiny_model, flat_nulls="keep")
    extractor([node])
    extractor([node])
    assert node.excluded_embed_metadata_keys == ["file", "gliner2.visit.person", "gliner2.visit.location"]
    assert node.metadata["file"] == "a.txt"


def test_span_offsets_are_offsets_into_the_document(bundled_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=bundled_model, include_spans=True, include_confidence=True)
    nodes = extractor(split())
    (merkel,) = [node for node in nodes if "Merkel" in node.text]
    assert merkel.start_char_idx > 0
    ((start, end),) = json.loads(merkel.metadata["gliner2.spans.person"])
    assert STORY[start:end] == "Angela Merkel"
    assert 0.5 < merkel.metadata["gliner2.confidence.person"] <= 1.0


def test_json_mode_nests_the_payload_under_the_namespace(bundled_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=bundled_model, metadata_mode="json", namespace="ie")
    (node,) = extractor([TextNode(text="Angela Merkel visited Paris.")])
    assert node.metadata == {"ie": {"visit": {"person": "Angela Merkel", "location": "Paris"}}}
    assert node.excluded_embed_metadata_keys == ["ie"]


def test_a_failing_node_gets_an_error_entry_and_the_others_are_tagged(bundled_model):
    nodes = [TextNode(text="Angela Merkel visited Paris."), TextNode(text="It rained all day.")]
    tagged = GLiNER2Extractor(model=StrictVisit, extractor=bundled_model, policy="raise")(nodes)
    assert tagged[0].metadata["gliner2.visit.person"] == "Angela Merkel"
    assert tagged[1].metadata == {"gliner2_error": "ExtractionValidationError: required fields not found: person"}
    assert "gliner2_error" in tagged[1].excluded_embed_metadata_keys


def test_raise_on_error_propagates_the_nodes_error(bundled_model):
    extractor = GLiNER2Extractor(model=StrictVisit, extractor=bundled_model, policy="raise", raise_on_error=True)
    with pytest.raises(ValueError, match="person"):
        extractor([TextNode(text="It rained all day.")])


def test_non_text_and_blank_nodes_get_no_metadata_and_one_call_covers_the_rest(tiny_model, spy):
    calls = spy(tiny_model)
    nodes = [Document(text="Tim Cook."), TextNode(text=" "), TextNode(text="Tim Cook works at Apple.")]
    GLiNER2Extractor(model=Visit, extractor=tiny_model, batch_size=1, flat_nulls="keep")(nodes)
    assert nodes[0].metadata == {} and nodes[1].metadata == {}
    assert "gliner2.visit.person" in nodes[2].metadata
    assert len(calls) == 1 and calls[0]["texts"] == ["Tim Cook works at Apple."]


def test_node_text_is_read_without_its_metadata(tiny_model, spy):
    calls = spy(tiny_model)
    node = TextNode(text="Tim Cook works at Apple.", metadata={"title": "Steve Jobs"})
    GLiNER2Extractor(model=Visit, extractor=tiny_model)([node])
    assert calls[0]["texts"] == ["Tim Cook works at Apple."]


@pytest.mark.asyncio
async def test_async_pipeline_runs_the_model_off_the_event_loop_thread(tiny_model, spy):
    calls = spy(tiny_model)
    pipeline = IngestionPipeline(
        transformations=[
            SentenceSplitter(chunk_size=64, chunk_overlap=0),
            GLiNER2Extractor(model=Visit, extractor=tiny_model, flat_nulls="keep"),
        ]
    )
    nodes = await pipeline.arun(documents=[Document(text=STORY)])
    assert all("gliner2.visit.person" in node.metadata for node in nodes)
    assert len(calls) == 1 and calls[0]["thread"] is not threading.current_thread()


def visit_model(with_date: bool) -> type[BaseModel]:
    """Two versions of one user model: same name and module, different fields."""
    fields = {"person": (str | None, Field(None, description="a person's name"))}
    if with_date:
        fields["date"] = (str | None, None)
    return create_model("Visit", __module__=__name__, **fields)


def test_changing_the_pydantic_model_changes_the_cache_key_and_reruns(tiny_model, spy):
    calls = spy(tiny_model)
    nodes = split()
    old, new = visit_model(False), visit_model(True)
    first, again = (GLiNER2Extractor(model=old, extractor=tiny_model, flat_nulls="keep") for _ in range(2))
    changed = GLiNER2Extractor(model=new, extractor=tiny_model, flat_nulls="keep")
    assert first.schema_hash == again.schema_hash != changed.schema_hash
    assert get_transformation_hash(nodes, first) != get_transformation_hash(nodes, changed)
    assert (
        first.schema_hash
        != GLiNER2Extractor(model=old, extractor=tiny_model, threshold=0.3, flat_nulls="keep").schema_hash
    )
    cache = IngestionCache()
    for extractor in (first, again, changed):
        IngestionPipeline(transformations=[extractor], cache=cache).run(nodes=split())
    assert len(calls) == 2  # `again` was served from the cache
    assert (
        "gliner2.visit.date" in IngestionPipeline(transformations=[changed], cache=cache).run(nodes=split())[0].metadata
    )


def test_the_extractor_pickles_without_its_model_and_reloads_it_lazily(tiny_checkpoint):
    extractor = GLiNER2Extractor(model=Visit, extractor=str(tiny_checkpoint), threshold=0.2)
    before = extractor([TextNode(text="Tim Cook works at Apple.")])[0].metadata
    data = pickle.dumps(extractor)
    assert len(data) < 20_000  # names and options, not weights
    clone = pickle.loads(data)
    assert clone.schema_hash == extractor.schema_hash and clone.threshold == 0.2
    assert clone([TextNode(text="Tim Cook works at Apple.")])[0].metadata == before


@pytest.mark.slow
def test_the_pipeline_runs_the_extractor_in_spawned_worker_processes(tiny_checkpoint):
    extractor = GLiNER2Extractor(model=Visit, extractor=str(tiny_checkpoint), threshold=0.3, flat_nulls="keep")
    nodes = [TextNode(text=f"Tim Cook works at Apple in Paris. Report {i}.") for i in range(4)]
    tagged = IngestionPipeline(transformations=[extractor], disable_cache=True).run(nodes=nodes, num_workers=2)
    assert len(tagged) == 4 and all("gliner2.visit.person" in node.metadata for node in tagged)


def test_to_dict_is_json_and_names_the_class(tiny_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=tiny_model)
    data = json.loads(extractor.to_json())
    assert data["class_name"] == "GLiNER2Extractor" and data["schema_hash"] == extractor.schema_hash
    assert "model" not in data and data["extractor_name"].startswith("in-memory")


def test_retrieval_can_filter_on_extracted_metadata(bundled_model):
    store = SimpleVectorStore()
    pipeline = IngestionPipeline(
        transformations=[
            SentenceSplitter(chunk_size=64, chunk_overlap=0),
            GLiNER2Extractor(model=Visit, extractor=bundled_model),
            MockEmbedding(embed_dim=8),
        ],
        vector_store=store,
    )
    pipeline.run(documents=[Document(text=STORY)])
    filters = MetadataFilters(filters=[MetadataFilter(key="gliner2.visit.person", value="Angela Merkel")])
    result = store.query(VectorStoreQuery(query_embedding=[0.5] * 8, similarity_top_k=5, filters=filters))
    assert len(result.ids) == 1


def test_an_unsupported_pydantic_type_raises_type_error_at_construction():
    class Counts(BaseModel):
        by_word: dict[str, int]

    with pytest.raises(TypeError, match="by_word"):
        GLiNER2Extractor(model=Counts)


def test_importing_the_integration_loads_neither_torch_nor_langchain():
    code = "import sys, gliner2_integrations.llamaindex; sys.exit(bool({'torch', 'langchain_core'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
