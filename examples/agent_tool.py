"""Agent tool: Pydantic extraction as a LangChain tool, called the way an agent calls it.

``create_extraction_tool(SupportTicket)`` returns a ``StructuredTool`` whose input is
``{"text": ..., "threshold": ...}`` and whose description lists the model's fields,
so a chat model knows what it gets back. Invoked with a ``ToolCall`` (what a chat
model emits), it returns a ``ToolMessage``: the record as JSON in ``content`` (what
the model reads) and the Pydantic instance in ``artifact`` (what your code uses).
No chat model is needed to run this example: the ToolCall is written by hand.

Run (a few seconds, no network):

    python examples/agent_tool.py
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything below runs offline

from gliner2_integrations.langchain import create_extraction_tool  # noqa: E402 - after the offline switch

from schemas import SupportTicket  # noqa: E402

EMAIL = (
    "Hi, Dev Patel here, warehouse manager at Harbour & Vine Wines. Since Saturday nobody on my team "
    "can log in to RouteSense, and two trucks were kept waiting this morning. Please treat this as urgent; "
    "our reference is ticket 1071."
)


def main() -> None:
    tool = create_extraction_tool(SupportTicket)  # extractor=None: the bundled model, loaded on first call
    print(f"Tool name: {tool.name}")
    print(f"Tool description:\n{tool.description}\n")
    print("Tool input schema:", tool.tool_call_schema.model_json_schema()["properties"], "\n")

    # What a chat model would emit after `llm.bind_tools([tool])`:
    # (the optional threshold is below the default 0.5: the small bundled model is conservative)
    call = {"type": "tool_call", "id": "call_1", "name": tool.name, "args": {"text": EMAIL, "threshold": 0.3}}
    message = tool.invoke(call)

    print(f"ToolMessage for {message.tool_call_id}:")
    print("  content (for the model):", message.content)
    print("  artifact (for your code):", repr(message.artifact))


if __name__ == "__main__":
    main()
