"""The LLM request of the cascade: the system prompt as it is, the text, the asked fields' tool."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import SystemMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from pydantic import BaseModel


def structured_output(chat_model: Any, schema: type[BaseModel]) -> Runnable:
    """``chat_model.with_structured_output(schema, include_raw=True)`` (without ``include_raw`` if not accepted)."""
    try:
        return chat_model.with_structured_output(schema, include_raw=True)
    except TypeError:  # a with_structured_output(schema) without the option: its bare reply is read too
        return chat_model.with_structured_output(schema)


def extraction_chain(chat_model: Any, schema: type[BaseModel], system_prompt: str) -> Runnable:
    """``prompt | structured output``; the system prompt is a message, never a template (braces stay braces)."""
    prompt = ChatPromptTemplate.from_messages([SystemMessage(content=system_prompt), ("human", "{text}")])
    return prompt | structured_output(chat_model, schema)
