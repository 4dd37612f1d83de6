"""Viewer documents from the real hosts: LangChain documents tagged by our tagger, LlamaIndex nodes from our extractor."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from llama_index.core.schema import TextNode
from pydantic import BaseModel, Field

from gliner2_integrations.langchain import GLiNER2MetadataTagger
from gliner2_integrations.llamaindex import GLiNER2Extractor
from gliner2_integrations.viz import from_langchain, from_llamaindex

DOCUMENT = "Intro line.\nAngela Merkel visited Paris with Emmanuel Macron.\nThe end."


class Visit(BaseModel):
    """Who visited which city."""

    people: list[str] = Field(default_factory=list, description="a person's name")
    city: str | None = Field(None, description="a city")


def _chunk() -> tuple[str, int]:
    start = DOCUMENT.index("Angela")
    return DOCUMENT[start : DOCUMENT.index("\nThe end")], start


def _assert_spans_cover_values(view, chunk: str) -> None:
    assert view.highlights, "the bundled model finds the people and the city"
    texts = {chunk[h.start : h.end] for h in view.highlights}
    assert texts <= {"Angela Merkel", "Emmanuel Macron", "Paris"}
    assert "Paris" in texts
    for h in view.highlights:
        assert h.label in {"people", "city"} and h.confidence is not None


@pytest.mark.parametrize("mode", ["flat", "json"])
def test_tagged_langchain_chunk_highlights_its_values_in_chunk_coordinates(bundled_model, mode):
    chunk, start = _chunk()
    tagger = GLiNER2MetadataTagger(
        model=Visit, extractor=bundled_model, metadata_mode=mode, include_spans=True, include_confidence=True
    )
    docs = [Document(chunk, metadata={"source": "visit.txt", "start_index": start}), Document(chunk)]
    views = from_langchain(tagger.transform_documents(docs))
    assert [v.title for v in views] == [f"visit.txt @{start}", "document 2"]
    for view in views:
        assert view.text == chunk
        _assert_spans_cover_values(view, chunk)
    assert [(h.start, h.end) for h in views[0].highlights] == [(h.start, h.end) for h in views[1].highlights]
    record = views[0].records[0]
    assert record.name == "visit" and [f.name for f in record.fields] == ["people", "city"]


@pytest.mark.parametrize("mode", ["flat", "json"])
def test_llamaindex_nodes_highlight_their_values_in_node_coordinates(bundled_model, mode):
    chunk, start = _chunk()
    extractor = GLiNER2Extractor(
        model=Visit, extractor=bundled_model, metadata_mode=mode, include_spans=True, include_confidence=True
    )
    node = TextNode(text=chunk, start_char_idx=start, end_char_idx=start + len(chunk), metadata={"file_name": "v.txt"})
    [view] = from_llamaindex(extractor([node]))
    assert view.title == "v.txt" and view.text == chunk
    _assert_spans_cover_values(view, chunk)


def test_untagged_documents_are_shown_without_highlights():
    [view] = from_langchain([Document("Nothing was extracted here.")])
    assert view.highlights == () and view.records == ()
