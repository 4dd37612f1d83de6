"""Hostile inputs against the LlamaIndex extractor (real llama-index-core, bundled model): exact outcomes."""

from __future__ import annotations

import json

import pytest
from llama_index.core.schema import Document, ImageNode, MetadataMode, TextNode
from llama_index.core.vector_stores.utils import node_to_metadata_dict

from gliner2_core import SchemaError
from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.llamaindex import GLiNER2Extractor
from tests.hostile.integrations_support import BAD_TEXTS, MERKEL, ODD_PREFIXES, Visit, assert_merkel


@pytest.fixture(scope="module")
def bundled_model():
    """The bundled gliner2-mini, loaded once per process (shared with every integration loading it by default)."""
    return load_extractor(None)


def bad_node(text) -> TextNode:
    """A node holding what its validation would refuse (as readers that bypass it produce)."""
    return TextNode.model_construct(text=text, id_="bad", metadata={})


@pytest.mark.parametrize(("text", "message"), BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_a_bad_node_fails_alone_and_its_neighbours_are_tagged(bundled_model, text, message):
    nodes = [TextNode(text=MERKEL, id_="a"), bad_node(text), TextNode(text="Steve Jobs visited London.", id_="c")]
    tagged = GLiNER2Extractor(model=Visit, extractor=bundled_model)(nodes)
    assert list(tagged[1].metadata) == ["gliner2_error"]
    assert tagged[1].metadata["gliner2_error"].startswith(f"SchemaError: nodes[1].text: {message}")
    assert tagged[0].metadata == {"gliner2.visit.person": "Angela Merkel", "gliner2.visit.location": "Paris"}
    assert tagged[2].metadata == {"gliner2.visit.person": "Steve Jobs", "gliner2.visit.location": "London"}
    assert "gliner2_error" in tagged[1].excluded_llm_metadata_keys  # bookkeeping, not a fact for the LLM


@pytest.mark.parametrize("prefix", ODD_PREFIXES.values(), ids=ODD_PREFIXES.keys())
def test_hostile_but_valid_text_is_extracted_with_document_offsets(bundled_model, prefix):
    text = prefix + MERKEL
    node = TextNode(text=text, start_char_idx=500, end_char_idx=500 + len(text))
    (tagged,) = GLiNER2Extractor(model=Visit, extractor=bundled_model, include_spans=True)([node])
    meta = tagged.metadata
    ((start, end),) = json.loads(meta["gliner2.spans.person"])
    assert meta["gliner2.offsets"] == "document"
    assert_merkel(text, meta["gliner2.visit.person"], meta["gliner2.visit.location"], [[start - 500, end - 500]])
    node_to_metadata_dict(tagged, flat_metadata=True)  # the vector-store check raises on nested values


@pytest.mark.parametrize(
    ("existing", "expected_new_key"),
    [
        ({"gliner2.visit.person": "mine"}, "gliner2.visit.person_2"),
        ({"gliner2.visit.person": "mine", "gliner2.visit.person_2": 7}, "gliner2.visit.person_3"),
    ],
    ids=["user-value-kept-ours-beside-it", "next-free-key"],
)
def test_a_colliding_key_keeps_the_users_value_and_ours_beside_it(bundled_model, existing, expected_new_key):
    (node,) = GLiNER2Extractor(model=Visit, extractor=bundled_model)([TextNode(text=MERKEL, metadata=dict(existing))])
    assert node.metadata == {**existing, expected_new_key: "Angela Merkel", "gliner2.visit.location": "Paris"}
    assert expected_new_key in node.excluded_embed_metadata_keys
    assert "gliner2.visit.person" not in node.excluded_embed_metadata_keys  # the user's key stays embedded


def test_overwrite_replaces_the_users_value_only_when_asked(bundled_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=bundled_model, on_conflict="overwrite")
    (node,) = extractor([TextNode(text=MERKEL, metadata={"gliner2.visit.person": "mine"})])
    assert node.metadata["gliner2.visit.person"] == "Angela Merkel"


def test_on_conflict_error_names_the_colliding_key(bundled_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=bundled_model, on_conflict="error")
    with pytest.raises(SchemaError, match=r"\['gliner2.visit.person'\]"):
        extractor([TextNode(text=MERKEL, metadata={"gliner2.visit.person": "mine"})])


def test_a_users_own_error_key_is_never_overwritten(bundled_model):
    node = bad_node(None)
    node.metadata["gliner2_error"] = "my own note"
    (tagged,) = GLiNER2Extractor(model=Visit, extractor=bundled_model)([node])
    assert tagged.metadata["gliner2_error"] == "my own note"
    assert tagged.metadata["gliner2_error_2"] == "SchemaError: nodes[0].text: got NoneType (None); expected a str"


def test_duplicate_node_ids_are_all_tagged_in_order(bundled_model):
    nodes = [TextNode(text=MERKEL, id_="same"), TextNode(text="Steve Jobs visited London.", id_="same")]
    tagged = GLiNER2Extractor(model=Visit, extractor=bundled_model)(nodes)
    assert [node.metadata["gliner2.visit.person"] for node in tagged] == ["Angela Merkel", "Steve Jobs"]


def test_spans_and_confidences_are_hidden_from_the_llm_but_values_are_shown(bundled_model):
    extractor = GLiNER2Extractor(model=Visit, extractor=bundled_model, include_spans=True, include_confidence=True)
    (node,) = extractor([TextNode(text=MERKEL)])
    llm_text = node.get_content(MetadataMode.LLM)
    assert "gliner2.visit.person: Angela Merkel" in llm_text
    assert "spans" not in llm_text and "confidence" not in llm_text and "offsets" not in llm_text
    assert node.metadata["gliner2.offsets"] == "chunk"  # a node without start_char_idx: chunk offsets


def test_non_text_and_blank_nodes_get_nothing_and_never_load_the_model(tmp_path):
    extractor = GLiNER2Extractor(model=Visit, extractor=str(tmp_path / "never-loaded"))
    nodes = extractor([TextNode(text=""), TextNode(text=" \n\t"), ImageNode(image="aGVsbG8=")])
    assert [node.metadata for node in nodes] == [{}, {}, {}]


def test_unsplit_documents_are_skipped_with_a_warning_not_an_error(bundled_model, caplog):
    (doc,) = GLiNER2Extractor(model=Visit, extractor=bundled_model)([Document(text=MERKEL)])
    assert doc.metadata == {}
    assert "skipped 1 node(s) that are not text nodes (Document); split documents into nodes first" in caplog.text
