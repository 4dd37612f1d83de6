"""Hostile inputs against the LangChain integration (real langchain-core, bundled model): exact outcomes.

Each bad document fails on its own with an error naming it; hostile but valid text is
extracted; the user's metadata is never destroyed; 50 concurrent ``ainvoke`` calls give
what 50 sequential ``invoke`` calls give.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.prompts import ChatPromptTemplate

from gliner2_core import SchemaError
from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.langchain import GLiNER2MetadataTagger, GLiNER2StructuredOutput, create_extraction_tool
from tests.hostile.integrations_support import BAD_TEXTS, MERKEL, ODD_PREFIXES, Visit, assert_merkel


@pytest.fixture(scope="module")
def bundled_model():
    """The bundled gliner2-mini, loaded once per process (shared with every integration loading it by default)."""
    return load_extractor(None)


KEYS = {"gliner2.visit.person", "gliner2.visit.location"}


def bad_document(content) -> Document:
    """A Document holding what its validation would refuse (as loaders that bypass it produce)."""
    return Document.model_construct(page_content=content, metadata={"source": "bad"}, id="bad")


@pytest.mark.parametrize(("content", "message"), BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_tagger_a_bad_document_fails_alone_and_its_neighbours_are_tagged(bundled_model, content, message):
    docs = [Document(MERKEL, id="a"), bad_document(content), Document("Steve Jobs visited London.", id="c")]
    tagged = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model).transform_documents(docs)
    assert [doc.id for doc in tagged] == ["a", "bad", "c"]
    assert set(tagged[1].metadata) == {"source", "gliner2_error"} and tagged[1].metadata["source"] == "bad"
    assert tagged[1].metadata["gliner2_error"].startswith(f"SchemaError: documents[1].page_content: {message}")
    assert tagged[0].metadata == {"gliner2.visit.person": "Angela Merkel", "gliner2.visit.location": "Paris"}
    assert tagged[2].metadata == {"gliner2.visit.person": "Steve Jobs", "gliner2.visit.location": "London"}


def test_tagger_one_bad_document_in_fifty_leaves_forty_nine_tagged(bundled_model):
    docs = [Document(f"Angela Merkel visited Paris on day {i}.", id=str(i)) for i in range(50)]
    docs[17] = bad_document(None)
    tagged = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model, batch_size=16).transform_documents(docs)
    failed = [doc.id for doc in tagged if "gliner2_error" in doc.metadata]
    assert failed == ["bad"]
    assert sum(doc.metadata.get("gliner2.visit.person") == "Angela Merkel" for doc in tagged) == 49


@pytest.mark.parametrize("prefix", ODD_PREFIXES.values(), ids=ODD_PREFIXES.keys())
def test_tagger_hostile_but_valid_text_is_extracted_with_document_offsets(bundled_model, prefix):
    text = prefix + MERKEL
    doc = Document(text, metadata={"start_index": 1000})
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model, include_spans=True)
    (tagged,) = tagger.transform_documents([doc])
    meta = tagged.metadata
    assert tagged.page_content == text and meta["gliner2.offsets"] == "document"
    ((start, end),) = json.loads(meta["gliner2.spans.person"])
    assert_merkel(text, meta["gliner2.visit.person"], meta["gliner2.visit.location"], [[start - 1000, end - 1000]])


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ({"gliner2.visit.person": "mine"}, {"gliner2.visit.person": "mine", "gliner2.visit.person_2": "Angela Merkel"}),
        (
            {"gliner2.visit.person": "Angela Merkel"},
            {"gliner2.visit.person": "Angela Merkel"},
        ),  # same value: no conflict
        (
            {"gliner2.visit.person": "mine", "gliner2.visit.person_2": "mine too"},
            {
                "gliner2.visit.person": "mine",
                "gliner2.visit.person_2": "mine too",
                "gliner2.visit.person_3": "Angela Merkel",
            },
        ),
    ],
    ids=["user-value-kept-ours-beside-it", "identical-value-is-no-conflict", "next-free-key"],
)
def test_tagger_colliding_keys_keep_both_values(bundled_model, existing, expected, caplog):
    (tagged,) = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model).transform_documents(
        [Document(MERKEL, metadata=existing)]
    )
    assert tagged.metadata == {**expected, "gliner2.visit.location": "Paris"}
    assert ("stored under" in caplog.text) == (len(expected) > len(existing))


def test_tagger_a_users_own_error_key_is_never_overwritten(bundled_model, caplog):
    doc = bad_document(None).model_copy(update={"metadata": {"gliner2_error": "my own note"}})
    (tagged,) = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model).transform_documents([doc])
    assert tagged.metadata["gliner2_error"] == "my own note"
    assert tagged.metadata["gliner2_error_2"].startswith("SchemaError: documents[0].page_content: got NoneType")


def test_tagger_json_mode_with_an_existing_namespace_key_keeps_both_and_warns(bundled_model, caplog):
    doc = Document(MERKEL, metadata={"gliner2": {"user": "data"}})
    with caplog.at_level(logging.WARNING):
        (tagged,) = GLiNER2MetadataTagger(
            model=Visit, extractor=bundled_model, metadata_mode="json"
        ).transform_documents([doc])
    assert tagged.metadata == {
        "gliner2": {"user": "data"},
        "gliner2_2": {"visit": {"person": "Angela Merkel", "location": "Paris"}},
    }
    assert "'gliner2' is the document's own; the extracted value is stored under 'gliner2_2'" in caplog.text


class Opaque:
    def __eq__(self, other):  # a value whose comparison fails, like a numpy array's
        raise ValueError("ambiguous")


@pytest.mark.parametrize(
    "value",
    [{1, 2}, datetime.date(2024, 1, 1), Opaque(), b"\x00\xff", float("nan"), {"nested": [1, {"x": None}]}],
    ids=["set", "date", "uncomparable-object", "bytes", "nan", "nested"],
)
def test_tagger_non_json_user_metadata_is_kept_as_is(bundled_model, value):
    doc = Document(MERKEL, metadata={"user": value, "gliner2.visit.person": value})
    (tagged,) = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model).transform_documents([doc])
    assert tagged.metadata["user"] is value and tagged.metadata["gliner2.visit.person"] is value
    assert tagged.metadata["gliner2.visit.person_2"] == "Angela Merkel"


def test_tagger_duplicate_ids_are_all_tagged_in_order(bundled_model):
    docs = [Document(MERKEL, id="same"), Document("Steve Jobs visited London.", id="same")]
    tagged = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model).transform_documents(docs)
    assert [(doc.id, doc.metadata["gliner2.visit.person"]) for doc in tagged] == [
        ("same", "Angela Merkel"),
        ("same", "Steve Jobs"),
    ]


@pytest.mark.parametrize(("item", "kind"), [("text", "str"), ({"page_content": "x"}, "dict"), (None, "NoneType")])
def test_tagger_an_item_that_is_not_a_document_is_refused_naming_its_position(bundled_model, item, kind):
    tagger = GLiNER2MetadataTagger(model=Visit, extractor=bundled_model)
    with pytest.raises(SchemaError, match=rf"documents\[1\]: got '{kind}'; expected a langchain_core Document"):
        tagger.transform_documents([Document(MERKEL), item])


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("threshold", float("nan"), "threshold"),
        ("threshold", "high", "threshold"),
        ("batch_size", 0, "batch_size"),
        ("on_conflict", "merge", "on_conflict"),
        ("flat_nulls", "none", "flat_nulls"),
        ("treshold", 0.3, "treshold"),  # a misspelt option is refused, not ignored
    ],
)
def test_tagger_bad_settings_are_refused_naming_the_option(option, value, message):
    with pytest.raises(ValueError, match=message):
        GLiNER2MetadataTagger(model=Visit, **{option: value})


RUNNABLE_INPUTS = {
    "str": MERKEL,
    "document": Document(MERKEL),
    "human-message": HumanMessage(MERKEL),
    "message-with-text-parts": HumanMessage(content=[{"type": "text", "text": MERKEL}]),
    "prompt-value-last-human-message": ChatPromptTemplate.from_messages(
        [("system", "Extract the visit of Steve Jobs to London."), ("human", "{text}")]
    ).invoke({"text": MERKEL}),
    "list-of-messages": [SystemMessage("Extract a visit."), HumanMessage(MERKEL), AIMessage("ok")],
    "dict-text": {"text": MERKEL},
    "dict-input": {"input": MERKEL, "language": 3},
    "dict-one-string-value": {"body": MERKEL},
}


@pytest.mark.parametrize("item", RUNNABLE_INPUTS.values(), ids=RUNNABLE_INPUTS.keys())
def test_runnable_accepts_what_with_structured_output_users_pass(bundled_model, item):
    assert GLiNER2StructuredOutput(Visit, extractor=bundled_model).invoke(item) == Visit(
        person="Angela Merkel", location="Paris"
    )


BAD_RUNNABLE_INPUTS = {
    "none": (None, "input: got NoneType; expected a str, a Document, a message"),
    "int": (7, "input: got int; expected a str, a Document, a message"),
    "bytes": (b"Angela", "input: got bytes; expected a str, a Document, a message"),
    "dict-without-text": ({"a": 1, "b": 2}, "input: got a dict with keys ['a', 'b']; expected the text under one of"),
    "dict-two-strings": (
        {"a": "x", "b": "y"},
        "input: got a dict with keys ['a', 'b']; expected the text under one of",
    ),
    "document-with-none": (Document.model_construct(page_content=None), "input: got NoneType (None); expected a str"),
    "dict-text-none": ({"text": None}, "input['text']: got NoneType; expected a str, a Document"),
}


@pytest.mark.parametrize(("item", "message"), BAD_RUNNABLE_INPUTS.values(), ids=BAD_RUNNABLE_INPUTS.keys())
def test_runnable_a_bad_input_fails_alone_with_an_error_naming_it(bundled_model, item, message):
    chain = GLiNER2StructuredOutput(Visit, extractor=bundled_model)
    with pytest.raises(SchemaError) as raised:
        chain.invoke(item)
    assert str(raised.value).startswith(message)
    ok, failed = chain.batch([MERKEL, item], return_exceptions=True)
    assert ok == Visit(person="Angela Merkel", location="Paris")
    assert isinstance(failed, SchemaError) and str(failed).startswith(message.replace("input", "inputs[1]", 1))
    raw = GLiNER2StructuredOutput(Visit, extractor=bundled_model, include_raw=True).invoke(item)
    assert raw["parsed"] is None and isinstance(raw["parsing_error"], SchemaError)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "text: got {}; Field required"),
        ({"text": 5}, "text: got 5; Input should be a valid string"),
        ({"text": MERKEL, "threshold": 2}, "threshold: got 2; Input should be less than or equal to 1"),
        ({"text": MERKEL, "threshold": "high"}, "threshold: got 'high'; Input should be a valid number"),
    ],
    ids=["missing-text", "int-text", "threshold-above-one", "threshold-word"],
)
def test_tool_invalid_arguments_come_back_to_the_agent_as_an_error_tool_message(bundled_model, args, message):
    tool = create_extraction_tool(Visit, extractor=bundled_model)
    reply = tool.invoke({"type": "tool_call", "id": "call-1", "name": tool.name, "args": args})
    assert reply.status == "error" and reply.tool_call_id == "call-1"
    assert reply.content.startswith("Invalid tool arguments") and message in reply.content


def test_tool_a_lone_surrogate_comes_back_as_an_error_tool_message(bundled_model):
    tool = create_extraction_tool(Visit, extractor=bundled_model)
    reply = tool.invoke({"type": "tool_call", "id": "c", "name": tool.name, "args": {"text": "Tim \ud800"}})
    assert reply.status == "error" and "text" in reply.content and "surrogate" in reply.content


def test_fifty_concurrent_ainvoke_calls_equal_fifty_sequential_invoke_calls(bundled_model):
    names = ["Angela Merkel", "Steve Jobs", "Tim Cook", "Marie Curie", "Ada Lovelace"]
    cities = ["Paris", "London", "Berlin", "Tokyo", "Rome"]
    texts = [f"{names[i % 5]} visited {cities[(i // 5) % 5]} on day {i}." for i in range(50)]
    chain = GLiNER2StructuredOutput(Visit, extractor=bundled_model)
    sequential = [chain.invoke(text) for text in texts]

    async def fifty_at_once():
        return await asyncio.gather(*(chain.ainvoke(text) for text in texts))

    # a fresh event loop in its own thread: a browser test of the session may own this thread's loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        concurrent = pool.submit(asyncio.run, fifty_at_once()).result()
    assert concurrent == sequential
    assert sum(value.person is not None for value in concurrent) >= 45  # real extractions, not empty records
