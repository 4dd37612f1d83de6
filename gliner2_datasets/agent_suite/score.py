"""Scoring ``extract_model`` on the agent suite, per field kind.

Per field: *accuracy* counts a field right when the value equals the gold one (``None`` for
``None`` included); *non-null accuracy* is the share of stated gold values found; *wrong when
filled* is the share of filled fields whose value is not the gold one. Strings compare
case- and whitespace-insensitively, numbers by value, dates and times exactly.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gliner2_datasets.agent_suite import Example


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


@dataclass
class SuiteScore:
    """Tallies overall, per kind and per model; and ``(kind, confidence, right)`` of every filled field."""

    overall: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    models: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    points: list[tuple[str, float, bool]] = field(default_factory=list)

    def table(self) -> str:
        head = f"{'group':<22}{'fields':>7}{'acc':>7}{'non-null':>10}{'wrong|filled':>14}{'filled':>8}"
        lines = [head]
        groups = [("ALL", self.overall)] + sorted(self.kinds.items()) + [("-- model --", None)]
        groups += sorted(self.models.items())
        for name, tally in groups:
            if tally is None:
                lines.append(name)
                continue
            r = tally.row()
            lines.append(
                f"{name:<22}{r['fields']:>7}{r['accuracy']:>7.3f}{r['non_null_accuracy']:>10.3f}"
                f"{r['wrong_when_filled']:>14.3f}{r['filled']:>8}"
            )
        return "\n".join(lines)


def score(extractor: Any, examples: list[Example], **options: Any) -> SuiteScore:
    """Run ``extract_model`` on every example (one batched call per model) and tally the fields."""
    from gliner2_integrations.pydantic import extract_model, schema_for

    result = SuiteScore()
    by_model: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_model[example.name].append(example)
    for name, group in by_model.items():
        model_cls = group[0].model
        kinds = {f.attr: f.kind.value for f in schema_for(model_cls).root.fields}
        results = extract_model(extractor, [e.text for e in group], model_cls, **options)
        for example, outcome in zip(group, results, strict=True):
            for attr in model_cls.model_fields:
                got = getattr(outcome.value, attr, None) if outcome.value is not None else None
                gold = getattr(example.gold, attr)
                for tally in (result.overall, result.kinds[kinds[attr]], result.models[name]):
                    tally.add(got, gold)
                confidence = outcome.confidence.get(attr)
                if got is not None and confidence is not None:
                    result.points.append((kinds[attr], confidence, same(got, gold)))
    return result
