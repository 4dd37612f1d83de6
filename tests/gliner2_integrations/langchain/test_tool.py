"""create_extraction_tool: the standard LangChain tool suite, content-and-artifact calls, errors."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from langchain_tests.unit_tests import ToolsUnitTests

from gliner2_integrations.langchain import create_extraction_tool
from tests.gliner2_integrations.langchain.models import StrictVisit, Visit


class TestExtractionToolStandard(ToolsUnitTests):
    """LangChain's own unit checks (they construct the tool; the model is not loaded)."""

    @property
    def tool_constructor(self) -> BaseTool:
        return create_extraction_tool(Visit)

    @property
    def tool_invoke_params_example(self) -> dict:
        return {"text": "Angela Merkel visited Paris.", "threshold": 0.4}


def tool_call(tool: BaseTool, text: str) -> dict:
    return {"type": "tool_call", "id": "call-1", "name": tool.name, "args": {"text": text}}


def test_a_tool_call_returns_json_content_and_the_instance_as_artifact(bundled_model):
    tool = create_extraction_tool(Visit, extractor=bundled_model)
    message = tool.invoke(tool_call(tool, "Angela Merkel visited Paris."))
    assert isinstance(message, ToolMessage) and message.tool_call_id == "call-1"
    assert json.loads(message.content) == {"person": "Angela Merkel", "location": "Paris"}
    assert message.artifact == Visit(person="Angela Merkel", location="Paris")


@pytest.mark.asyncio
async def test_an_async_tool_call_gives_the_same_message(tiny_model):
    tool = create_extraction_tool(Visit, extractor=tiny_model)
    sync, async_ = tool.invoke(tool_call(tool, "Tim Cook")), await tool.ainvoke(tool_call(tool, "Tim Cook"))
    assert (async_.content, async_.artifact) == (sync.content, sync.artifact)


def test_the_threshold_argument_overrides_the_default(tiny_model):
    tool = create_extraction_tool(Visit, extractor=tiny_model)
    message = tool.invoke({**tool_call(tool, "Tim Cook works at Apple."), "args": {"text": "x", "threshold": 1.0}})
    assert message.artifact == Visit()


def test_the_description_names_the_model_and_its_fields():
    tool = create_extraction_tool(StrictVisit)
    assert tool.name == "extract_strict_visit"
    assert "StrictVisit: A visit whose visitor must be named." in tool.description
    assert "- person (str, required): a person's name" in tool.description
    assert "- location (str | None, optional): a city or country" in tool.description
    assert set(tool.args) == {"text", "threshold"}


def test_an_extraction_error_is_returned_to_the_agent_as_content(bundled_model):
    tool = create_extraction_tool(StrictVisit, extractor=bundled_model, policy="raise")
    message = tool.invoke(tool_call(tool, "It rained all day."))
    assert "required fields not found: person" in message.content and message.artifact is None


def test_only_pydantic_models_make_tools():
    with pytest.raises(TypeError, match="BaseModel"):
        create_extraction_tool({"entities": ["person"]})  # type: ignore[arg-type]
