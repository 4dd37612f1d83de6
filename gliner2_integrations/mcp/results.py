"""What the MCP tools return: typed, JSON-schema'd results with character offsets and confidences.

The tools' return annotations are these Pydantic models, so the SDK publishes
an output schema per tool and sends each result as structured content (and as
JSON text for clients that read only text).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Span(BaseModel):
    """A piece of the input text."""

    label: str = Field(description="entity type, field name or relation argument it was extracted as")
    text: str = Field(description="the text between start and end")
    start: int = Field(description="character offset of the first character in the input text")
    end: int = Field(description="character offset after the last character")
    confidence: float = Field(description="model confidence, 0-1")


class LabelScore(BaseModel):
    """A label chosen for the whole text."""

    label: str
    confidence: float = Field(description="model confidence, 0-1")


class FieldValue(BaseModel):
    """One value of a record field: a span, or a choice (no offsets)."""

    text: str
    start: int | None = Field(None, description="character offset; null for a choice among given options")
    end: int | None = None
    confidence: float
    value: Any = Field(
        None, description="the value read as the property's type (number, true/false, ISO date, choice or text)"
    )


class EntitiesResult(BaseModel):
    """Result of ``extract_entities``."""

    entities: list[Span] = Field(description="every mention found, in text order")


class ClassificationResult(BaseModel):
    """Result of ``classify_text``."""

    labels: list[LabelScore] = Field(description="the chosen label (one, unless multi_label), best first")


class RecordsResult(BaseModel):
    """Result of ``extract_json``."""

    structure: str = Field(description="the record name (the JSON Schema title)")
    records: list[dict[str, list[FieldValue]]] = Field(
        description="the record found (none when no field was found): field name -> its values (empty when not found)"
    )


class ExtractResult(BaseModel):
    """Result of ``extract``: every span with its label and the full output."""

    spans: list[Span] = Field(description="entities, structure fields and relation arguments, in text order")
    classifications: dict[str, list[LabelScore]] = Field(description="task -> chosen label(s)")
    output: dict[str, Any] = Field(description="the GLiNER2 output in the reference shape, with confidences and offsets")
