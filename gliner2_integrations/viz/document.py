"""What the viewer shows for one document: its text, highlighted spans and summaries.

These are plain frozen dataclasses, built by the readers in :mod:`.collect` and
:mod:`.hosts` and turned into HTML by :mod:`.render`; nothing here imports a host
library or the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gliner2_core import SchemaError


@dataclass(frozen=True)
class Highlight:
    """One extracted span in its document.

    Attributes:
        start: Character offset of the first character in :attr:`ViewDocument.text`.
        end: Character offset after the last character.
        label: What the span is, and the colour key: an entity type (``"person"``), a structure
            field without indices (``"invoice.total"``) or a relation (``"works for"``).
        field: Where the value sits in the result (``"invoice[0].total"``, ``"works for[1].tail"``).
        confidence: The model's score, or ``None`` when the result carried none (always shown);
            a score that is not a finite number (NaN, infinity) is shown as unknown, like ``None``.
    """

    start: int
    end: int
    label: str
    field: str
    confidence: float | None = None


@dataclass(frozen=True)
class Classification:
    """A label chosen for the whole document.

    Attributes:
        task: The classification task (``"sentiment"``).
        label: The chosen label.
        confidence: The label's score, if known.
    """

    task: str
    label: str
    confidence: float | None = None


@dataclass(frozen=True)
class RecordField:
    """One field of a record summary: its name, its value as text, and the value's confidence."""

    name: str
    value: str
    confidence: float | None = None


@dataclass(frozen=True)
class Record:
    """A structure instance (or relation) shown as a small table under the text.

    Attributes:
        name: The structure or relation name, with the instance index (``"invoice[0]"``).
        fields: Its fields in order.
    """

    name: str
    fields: tuple[RecordField, ...]


@dataclass(frozen=True)
class ViewDocument:
    """One document of the page.

    Attributes:
        title: Shown in the navigation (a file name, a source, an id).
        text: The text the highlights index into.
        highlights: Spans, each within ``text``.
        classifications: Document-level labels.
        records: Structure and relation summaries.
        error: Why this document has no extraction, if it failed.
    """

    title: str
    text: str
    highlights: tuple[Highlight, ...] = ()
    classifications: tuple[Classification, ...] = ()
    records: tuple[Record, ...] = ()
    error: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise SchemaError.invalid(f"text of {self.title!r}", type(self.text).__name__, "a str")
        for h in self.highlights:
            if not isinstance(h, Highlight):
                raise SchemaError.invalid(f"highlights of {self.title!r}", type(h).__name__, "a Highlight")
            if not _is_offset(h.start) or not _is_offset(h.end) or not 0 <= h.start < h.end <= len(self.text):
                raise SchemaError.invalid(
                    f"highlights of {self.title!r}: span {h.field!r}",
                    (h.start, h.end),
                    f"0 <= start < end <= {len(self.text)} (the length of the document text)",
                )

    @property
    def labels(self) -> list[str]:
        """Labels of the highlights, each once, in order of first appearance."""
        return list(dict.fromkeys(h.label for h in self.highlights))


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def value_text(value: Any) -> str:
    """A record value as it is shown: the mention's text, labels joined, ``-`` for nothing."""
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, dict):
        inner = value.get("text", value.get("label"))
        return str(inner) if inner is not None else ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(item) for item in value)
    return str(value)
