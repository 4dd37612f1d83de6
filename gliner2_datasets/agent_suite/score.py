"""Scoring ``extract_model`` on the agent suite, per field kind.

Per field: *accuracy* counts a field right when the value equals the gold one (``None`` for
``None`` included); *non-null accuracy* is the share of stated gold values found; *wrong when
filled* is the share of filled fields whose value is not the gold one. Strings compare
case- and whitespace-insensitively, numbers by value, dates and times exactly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from gliner2_datasets.agent_suite import Example
from gliner2_integrations.adapt.score import Tally, same

__all__ = ["SuiteScore", "Tally", "same", "score"]


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
