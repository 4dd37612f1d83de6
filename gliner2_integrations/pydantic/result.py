"""The typed result of extracting a Pydantic model, and the missing-field policy.

Paths in ``confidence``, ``spans``, ``missing`` and ``errors`` are dotted Python
attribute names relative to the record: ``"total"``, ``"billing_address.city"``,
``"items.0.name"``; with ``many=True`` they start with the record index
(``"1.items.0.name"``). ``confidence``/``spans`` index records and list items by
their position in the returned ``values``/lists; ``missing``/``errors`` index
them in the order the model found them, which differs only when some were
dropped.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_core.extraction import Extraction

M = TypeVar("M", bound=BaseModel)


class MissingPolicy(str, enum.Enum):  # noqa: UP042 - enum.StrEnum needs Python 3.11
    """What to do with a record whose required fields were not found.

    No policy ever invents a value for a required field. A value that fails
    coercion or validation counts as not found.

    Attributes:
        PARTIAL: Keep the record. A complete record is an instance of the model; one with required
            fields missing is validated against :func:`~gliner2_integrations.pydantic.partial_model`, a
            subclass of the model in which required fields are ``Optional`` and default to ``None``.
        DROP: Drop the record (a nested record: drop it from its parent); ``value`` is then ``None``.
        RAISE: Raise :class:`~gliner2_integrations.pydantic.ExtractionValidationError` listing the fields.
    """

    PARTIAL = "partial"
    DROP = "drop"
    RAISE = "raise"


def parse_policy(policy: MissingPolicy | str) -> MissingPolicy:
    """A :class:`MissingPolicy` from itself or its value.

    Raises:
        SchemaError: On an unknown policy, listing the valid ones.
    """
    try:
        return MissingPolicy(policy)
    except ValueError:
        raise SchemaError.invalid("policy", policy, [p.value for p in MissingPolicy]) from None


@dataclass(frozen=True)
class ExtractionResult(Generic[M]):
    """Validated records extracted from one text, with per-field evidence.

    Attributes:
        value: The first record, or ``None`` when no usable record was found.
        values: Every record (one at most unless extracted with ``many=True``).
        confidence: Model confidence per field path; a list field reports its weakest kept value.
        spans: ``(start, end)`` character offsets per field path (choice fields have none).
        missing: Paths of required fields that were not found.
        errors: Values that could not be coerced or validated (``"path: reason"``); those count as not found.
        classifications: Label (or labels, for multi-label tasks; ``None`` when none passed) per extra task.
        entities: Entity texts per extra entity label.
        raw: The model output this result was mapped from, as the reference library's dict (with
            confidences and offsets).
        extraction: The same output as a typed :class:`~gliner2_core.Extraction`, when the result
            was mapped from one (every extraction the integrations run); ``None`` for a dict.
        error: Why this text has no result at all (a text that is not a ``str``, a model failure, or
            ``ExtractionValidationError`` under ``"raise"``), when it was extracted in a list with others;
            ``None`` otherwise.
    """

    value: M | None
    values: list[M] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    classifications: dict[str, Any] = field(default_factory=dict)
    entities: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    extraction: Extraction | None = None
    error: Exception | None = None

    @property
    def complete(self) -> bool:
        """True when a record was found with every required field and no coercion or validation error."""
        return self.value is not None and not self.missing and not self.errors and self.error is None

    @classmethod
    def failed(cls, error: Exception) -> ExtractionResult[Any]:
        """The result of a text that could not be extracted: no value, ``error`` set, listed in ``errors``."""
        return cls(value=None, errors=[f"{type(error).__name__}: {error}"], error=error)
