"""Building a synthetic document piece by piece, with every value pinned.

A generator writes its text through a :class:`Builder`: literal text with
:meth:`Builder.add`, values with :meth:`Builder.put` or ``{slot}`` templates
with :meth:`Builder.fill`. Each value comes back as a pinned span whose
offsets are those of the final text, so ``input[start:end] == text`` holds by
construction, also for upper-cased OCR-style dumps (each piece is upper-cased
before it is measured).

A generator returns a :class:`Doc`: the builder plus the structure instances
it filled (canonical field keys; the names the model sees are chosen later,
see :mod:`gliner2_datasets.synthetic.schema`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Span = dict[str, Any]
FieldValue = Span | list[Span] | str | None
"""A filled field: a span, several spans, a choice option, or ``None`` when absent from the text."""

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Val:
    """A value to write, tagged with the entity label it counts as (if any)."""

    text: str
    entity: str | None = None


class Builder:
    """Accumulates text and records the offsets of the values written into it.

    Args:
        upper: Upper-case every piece (OCR-style line dumps).
    """

    def __init__(self, *, upper: bool = False) -> None:
        self.upper = upper
        self._parts: list[str] = []
        self._length = 0
        self.mentions: list[tuple[str, Span]] = []

    @property
    def text(self) -> str:
        """The text written so far."""
        return "".join(self._parts)

    def add(self, piece: str) -> Builder:
        """Append literal text."""
        piece = piece.upper() if self.upper else piece
        self._parts.append(piece)
        self._length += len(piece)
        return self

    def add_raw(self, piece: str) -> Builder:
        """Append text exactly as given (not upper-cased): text whose spans are already placed."""
        self._parts.append(piece)
        self._length += len(piece)
        return self

    def put(self, value: Val | str) -> Span:
        """Append a value and return its pinned span (also recorded as an entity mention when tagged)."""
        val = value if isinstance(value, Val) else Val(value)
        piece = val.text.upper() if self.upper else val.text
        if not piece or piece != piece.strip():
            raise ValueError(f"a value to pin must be non-empty and trimmed; got {piece!r}")
        start = self._length
        self._parts.append(piece)
        self._length += len(piece)
        span = {"text": piece, "start": start, "end": self._length}
        if val.entity:
            self.mentions.append((val.entity, span))
        return span

    def fill(self, template: str, **slots: Val | str) -> dict[str, Span]:
        """Write ``template`` with each ``{slot}`` replaced by its value; returns the slot spans.

        Raises:
            KeyError: If a slot of the template has no value.
        """
        spans: dict[str, Span] = {}
        position = 0
        for match in _SLOT.finditer(template):
            if match.start() > position:
                self.add(template[position : match.start()])
            spans[match.group(1)] = self.put(slots[match.group(1)])
            position = match.end()
        if position < len(template):
            self.add(template[position:])
        return spans

    def line(self, template: str = "", **slots: Val | str) -> dict[str, Span]:
        """:meth:`fill` followed by a line break."""
        spans = self.fill(template, **slots)
        self.add("\n")
        return spans


@dataclass
class Doc:
    """A generated document: its text (in the builder) and the structure instances it fills.

    Attributes:
        builder: Holds the text and the entity mentions.
        instances: ``(structure key, {field key: value})`` in text order.
    """

    builder: Builder
    instances: list[tuple[str, dict[str, FieldValue]]] = field(default_factory=list)

    def record(self, structure: str, values: Mapping[str, FieldValue], *, first: bool = False) -> None:
        """Add one structure instance (at the front with ``first``, e.g. the document after its items)."""
        self.instances.insert(0 if first else len(self.instances), (structure, dict(values)))

    @property
    def text(self) -> str:
        """The text without trailing blank lines (values never end in whitespace, so no span moves)."""
        return self.builder.text.rstrip()
