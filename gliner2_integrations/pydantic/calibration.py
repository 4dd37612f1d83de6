"""Calibrated field confidences: from the model's probability to the chance a field is right.

A small model's raw span probability means different things for different kinds: a span
shaped like an e-mail at 0.2 is almost always the e-mail, a free-text span at 0.6 often is
not the value asked for. :class:`Calibration` maps each raw probability through a monotone
step curve per field kind (isotonic regression with add-one smoothing over fixed probability
bins), fitted on model types that never entered training (``scripts/calibrate_fields.py`` on
the agent suite), so the confidence a result reports is the measured share of right answers
at that score, and one acceptance threshold means the same for every kind.

A checkpoint carries its curves in ``config.json`` (``field_calibration``: ``{"accept": t,
kind: [[upper bin edge, confidence], ...]}``); without them raw probabilities are reported
as they are and the acceptance threshold is :data:`DEFAULT_ACCEPT`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gliner2_core import SchemaError

DEFAULT_ACCEPT = 0.5
"""Calibrated confidence a field value needs to be filled when neither the call nor the field sets a threshold."""


Curve = tuple[tuple[float, float], ...]
"""``((upper edge, confidence), ...)`` in increasing edge order; the last edge is 1.0."""


@dataclass(frozen=True)
class Calibration:
    """Per-kind step curves ``kind -> ((upper edge, confidence), ...)`` and the acceptance threshold."""

    curves: Mapping[str, Curve] = field(default_factory=dict)
    accept: float = DEFAULT_ACCEPT

    def confidence(self, kind: str, probability: float | None) -> float | None:
        """The calibrated confidence of a raw model probability for a field of ``kind``."""
        if probability is None or math.isnan(probability):
            return probability
        curve = self.curves.get(kind)
        if not curve:
            return probability
        for edge, value in curve:
            if probability <= edge:
                return value
        return curve[-1][1]

    def to_json(self) -> dict[str, Any]:
        return {"accept": self.accept, **{k: [list(step) for step in c] for k, c in sorted(self.curves.items())}}

    @classmethod
    def from_json(cls, data: Any, where: str = "config.field_calibration") -> Calibration:
        """Read ``{"accept": t, kind: [[edge, confidence], ...]}``.

        Raises:
            SchemaError: Naming the key and the bad value.
        """
        from gliner2_integrations.pydantic.kinds import KINDS

        if not isinstance(data, Mapping):
            raise SchemaError.invalid(where, data, "a dict of kind -> [[edge, confidence], ...] and 'accept'")
        accept = data.get("accept", DEFAULT_ACCEPT)
        if not _unit(accept):
            raise SchemaError.invalid(f"{where}['accept']", accept, "a number in [0, 1]")
        curves: dict[str, Curve] = {}
        for kind, curve in data.items():
            if kind == "accept":
                continue
            if kind not in KINDS:
                raise SchemaError.invalid(f"{where} key", kind, KINDS)
            steps = curve if isinstance(curve, (list, tuple)) else None
            if not steps or not all(isinstance(s, (list, tuple)) and len(s) == 2 and all(map(_unit, s)) for s in steps):
                raise SchemaError.invalid(f"{where}[{kind!r}]", curve, "[[edge, confidence], ...] of numbers in [0, 1]")
            edges = [float(s[0]) for s in steps]
            if edges != sorted(edges):
                raise SchemaError.invalid(f"{where}[{kind!r}] edges", edges, "increasing numbers")
            curves[kind] = tuple((float(e), float(c)) for e, c in steps)
        return cls(curves, float(accept))


def _unit(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 <= value <= 1.0


DEFAULT = Calibration()


def calibration_for(extractor: object) -> Calibration:
    """The curves a loaded model carries (``config.field_calibration``), else :data:`DEFAULT`."""
    data = getattr(getattr(extractor, "config", None), "field_calibration", None)
    return DEFAULT if not data else Calibration.from_json(data)
