"""The result of the cascade for one text: the record, and who filled each field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
Source = Literal["gliner2", "llm"]


@dataclass(frozen=True)
class CascadeResult(Generic[M]):
    """One text through the cascade.

    Attributes:
        value: The record (GLiNER2's values with the LLM's answers merged in); ``None`` if it cannot be validated.
        sources: Per top-level field, who filled it: ``"llm"`` when the LLM's value was used, else
            ``"gliner2"`` (GLiNER2's value kept: not asked, or the LLM answered ``null``/``[]`` or a
            value that validation rejected).
        asked: Why each re-asked field went to the LLM (``"missing"``, ``"low confidence (0.41)"``, ``"invalid: ..."``).
        gliner: GLiNER2's own result (``ExtractionResult``), with confidences and spans.
        llm_reply: The LLM's answer for the asked fields (``None`` when not asked or failed).
        usage: The LLM call's ``usage_metadata`` (tokens billed), when the provider reported it.
        error: Why (part of) the LLM's answer was not used (call or parsing failure, rejected values), why
            GLiNER2 failed on the text, or why the record was not written to ``record_to``; ``None`` if all went well.
    """

    value: M | None
    sources: dict[str, Source]
    asked: dict[str, str] = field(default_factory=dict)
    gliner: Any = None
    llm_reply: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None
    error: str | None = None

    @property
    def used_llm(self) -> bool:
        """True when this text was sent to the LLM."""
        return bool(self.asked)
