"""The MCP server as a real subprocess (``gliner2-kit mcp``), driven over stdio by the ``mcp`` SDK's client.

Over stdio one server process is one client session, and loading the bundled model
dominates the time, so the module starts the process once, makes every call in one
session (bad calls included, then a good one to show the server kept serving), and
each test checks its part of the results.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys

import pytest
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from pydantic import BaseModel, Field

from tests.conftest import REPO_ROOT

TEXT = "Angela Merkel met Emmanuel Macron in Berlin on Monday."


class Meeting(BaseModel):
    """A meeting between people in a city."""

    people: list[str] = Field(default_factory=list, description="a person's name")
    city: str | None = Field(None, description="a city")


def _server() -> StdioServerParameters:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO_ROOT)}
    return StdioServerParameters(
        command=sys.executable, args=["-m", "gliner2_integrations.cli", "mcp"], cwd=str(REPO_ROOT), env=env
    )


async def _session_calls(calls: list[tuple[str, dict]]) -> tuple[list, list]:
    async with stdio_client(_server()) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = (await session.list_tools()).tools
        results = [await session.call_tool(name, arguments) for name, arguments in calls]
        return tools, results


CALLS = [
    ("extract_entities", {"text": TEXT, "labels": ["person", "location"]}),
    ("extract_entities", {"text": TEXT, "labels": ["person"], "threshold": 0.999}),
    ("classify_text", {"text": "I love this phone, it is wonderful.", "labels": ["positive", "negative"]}),
    ("classify_text", {"text": TEXT, "labels": ["politics", "sport", "cooking"], "multi_label": True, "threshold": 0.0}),
    ("extract_json", {"text": TEXT, "json_schema": Meeting.model_json_schema()}),
    (
        "extract",
        {
            "text": TEXT,
            "schema": {
                "entities": ["person", "location"],
                "classifications": [{"task": "topic", "labels": ["politics", "sport"]}],
            },
        },
    ),
    ("extract_entities", {"text": TEXT, "labels": "person"}),  # wrong type
    ("extract_entities", {"text": TEXT, "labels": ["person"], "threshold": 7}),
    ("extract_json", {"text": TEXT, "json_schema": {"type": "object", "properties": {"a": {"type": "object"}}}}),
    ("extract", {"text": TEXT, "schema": {"entitiez": ["person"]}}),
    ("extract_entities", {"text": "Emmanuel Macron spoke.", "labels": ["person"]}),  # still serving after errors
]


@pytest.fixture(scope="module")
def session_results():
    # a thread of its own: another fixture (Playwright's sync API) may hold a running loop in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _session_calls(CALLS)).result()


def _spans_match_text(text: str, spans: list[dict]) -> None:
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
        assert 0.0 <= span["confidence"] <= 1.0


def test_server_lists_the_four_tools_with_input_and_output_schemas(session_results):
    tools, _ = session_results
    by_name = {tool.name: tool for tool in tools}
    assert set(by_name) == {"extract_entities", "classify_text", "extract_json", "extract"}
    assert set(by_name["extract_entities"].input_schema["required"]) == {"text", "labels"}
    assert "threshold" in by_name["extract_entities"].input_schema["properties"]
    assert "multi_label" in by_name["classify_text"].input_schema["properties"]
    for tool in tools:
        assert tool.output_schema is not None and tool.description


def test_extract_entities_returns_spans_with_offsets_and_confidence(session_results):
    _, results = session_results
    result = results[0]
    assert not result.is_error
    entities = result.structured_content["entities"]
    _spans_match_text(TEXT, entities)
    found = {(e["label"], e["text"]) for e in entities}
    assert {("person", "Angela Merkel"), ("location", "Berlin")} <= found
    assert [e["start"] for e in entities] == sorted(e["start"] for e in entities)
    assert results[1].structured_content["entities"] == [
        e for e in results[1].structured_content["entities"] if e["confidence"] >= 0.999
    ]


def test_classify_text_returns_one_label_or_several(session_results):
    _, results = session_results
    single = results[2].structured_content["labels"]
    assert [label["label"] for label in single] == ["positive"]
    multi = results[3].structured_content["labels"]
    assert len(multi) == 3  # threshold 0 keeps every label
    assert [m["confidence"] for m in multi] == sorted((m["confidence"] for m in multi), reverse=True)


def test_extract_json_fills_a_pydantic_json_schema_with_spans(session_results):
    _, results = session_results
    content = results[4].structured_content
    assert content["structure"] == "meeting" and len(content["records"]) >= 1
    record = content["records"][0]
    assert set(record) == {"people", "city"}
    _spans_match_text(TEXT, record["people"] + record["city"])
    assert [v["text"] for v in record["city"]] == ["Berlin"]


def test_extract_runs_a_full_schema(session_results):
    _, results = session_results
    content = results[5].structured_content
    _spans_match_text(TEXT, content["spans"])
    assert {s["label"] for s in content["spans"]} <= {"person", "location"}
    assert list(content["classifications"]) == ["topic"]
    assert set(content["output"]) == {"entities", "topic"}


def test_bad_arguments_come_back_as_tool_errors_and_the_server_keeps_serving(session_results):
    _, results = session_results
    wrong_type, bad_threshold, nested_schema, unknown_key, after = results[6:]
    for result in (wrong_type, bad_threshold, nested_schema, unknown_key):
        assert result.is_error
    assert "labels" in wrong_type.content[0].text
    assert "threshold" in bad_threshold.content[0].text
    assert "json_schema.properties.a" in nested_schema.content[0].text
    assert "entitiez" in unknown_key.content[0].text
    assert not after.is_error and after.structured_content["entities"][0]["text"] == "Emmanuel Macron"
