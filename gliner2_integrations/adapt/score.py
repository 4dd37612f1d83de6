"""Field-level scoring of Pydantic extractions against gold values (shared by ``adapt`` and the agent suite).

Per field: *accuracy* counts a field right when the value equals the gold one (``None`` for
``None`` included); *non-null accuracy* is the share of stated gold values found; *wrong when
filled* is the share of filled fields whose value is not the gold one. Strings compare
case- and whitespace-insensitively, numbers by value, dates and times exactly.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


def same(got: Any, gold: Any) -> bool:
    """The scorer's equality (see the module docstring)."""
    if got is None or gold is None:
        return got is None and gold is None
    if isinstance(got, enum.Enum):
        got = got.value
    if isinstance(gold, enum.Enum):
        gold = gold.value
    if isinstance(gold, bool) or isinstance(got, bool):
        return got is gold
    if isinstance(gold, (int, float, Decimal)) and isinstance(got, (int, float, Decimal)):
        return math.isclose(float(got), float(gold), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(gold, str) and isinstance(got, str):
        return " ".join(got.lower().split()) == " ".join(gold.lower().split())
    if isinstance(gold, (dt.date, dt.time)):
        return got == gold
    if isinstance(gold, (list, tuple, set)):
        return (
            isinstance(got, (list, tuple, set))
            and len(got) == len(gold)
            and all(any(same(g, w) for w in gold) for g in got)
        )
    return got == gold


@dataclass
class Tally:
    """Counts of one group of fields."""

    fields: int = 0
    right: int = 0
    stated: int = 0
    stated_right: int = 0
    filled: int = 0
    filled_wrong: int = 0

    def add(self, got: Any, gold: Any) -> None:
        ok = same(got, gold)
        self.fields += 1
        self.right += ok
        if gold is not None:
            self.stated += 1
            self.stated_right += ok
        if got is not None:
            self.filled += 1
            self.filled_wrong += not ok

    def row(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else float("nan")

        return {
            "fields": self.fields,
            "accuracy": ratio(self.right, self.fields),
            "non_null_accuracy": ratio(self.stated_right, self.stated),
            "wrong_when_filled": ratio(self.filled_wrong, self.filled),
            "filled": self.filled,
        }
