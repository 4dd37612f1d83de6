"""Fit the per-kind confidence curves of the Pydantic path on the agent suite (types never trained on).

Runs ``extract_model`` on every suite text with uncalibrated confidences and every candidate
accepted, fits a monotone step curve per field kind (isotonic regression over probability bins) to "was the filled value right",
and picks the smallest acceptance threshold whose filled fields are right at least
``--target`` of the time. Two-fold check: curves and threshold fitted on one half of the suite
(fold a: five models) are scored on the other half (fold b), and the other way round, so the
printed held-out figures (field accuracy and wrong-when-filled, at the fitted acceptance or
``--accept``) are not fitted on the texts they are measured on::

    PYTHONPATH=. python scripts/calibrate_fields.py --output field_calibration.json

The JSON it writes (fitted on the whole suite) is the ``field_calibration`` of a checkpoint's
``config.json`` (``scripts/bundle_checkpoint.py --field-calibration`` puts it in the bundled one).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging

import numpy as np

from gliner2_core import GLiNER2
from gliner2_datasets.agent_suite import load
from gliner2_datasets.agent_suite.score import score
from gliner2_integrations.pydantic.calibration import Calibration
from gliner2_integrations.pydantic.choices import WRITTEN_CONFIDENCE
from gliner2_integrations.pydantic.cues import LABELLED_CONFIDENCE
from gliner2_integrations.pydantic.fields import STATED_CONFIDENCE

MIN_POINTS = 8
FIXED = (STATED_CONFIDENCE, WRITTEN_CONFIDENCE, LABELLED_CONFIDENCE)
"""Confidences set by a rule (a bool stated, a choice written, a value after its label), measured as they are: not refitted."""


EDGES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def fit_curve(rows: list[tuple[float, bool]]) -> tuple[tuple[float, float], ...]:
    """Isotonic (pool-adjacent-violators) share right per raw-probability bin, add-one smoothed."""
    blocks = []  # [right, count, upper edge]
    low = 0.0
    for edge in EDGES:
        inside = [r for c, r in rows if low < c <= edge or (low == 0.0 and c == 0.0)]
        low = edge
        if inside:
            blocks.append([sum(inside), len(inside), edge])
        elif blocks:
            blocks[-1][2] = edge
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and (merged[-2][0] + 1) / (merged[-2][1] + 2) > (merged[-1][0] + 1) / (merged[-1][1] + 2):
            right, count, edge = merged.pop()
            merged[-1] = [merged[-1][0] + right, merged[-1][1] + count, edge]
    curve = [(edge, round((right + 1) / (count + 2), 3)) for right, count, edge in merged]
    if curve:
        curve[-1] = (1.0, curve[-1][1])
    return tuple(curve)


def fit(points: list[tuple[str, float, bool]], target: float) -> Calibration:
    """Curves per kind (kinds with too few points keep raw probabilities) and the acceptance threshold."""
    curves = {}
    for kind in sorted({k for k, _, _ in points}):
        rows = [(c, r) for k, c, r in points if k == kind and c not in FIXED]
        if len(rows) >= MIN_POINTS:
            curves[kind] = fit_curve(rows)
    calibration = Calibration(curves)
    cal = [(calibration.confidence(k, c) if c not in FIXED else c, r) for k, c, r in points]
    accept = 0.99
    for threshold in np.arange(0.30, 0.99, 0.01):
        kept = [r for c, r in cal if c >= threshold]
        if kept and sum(kept) / len(kept) >= target:
            accept = float(round(threshold, 2))
            break
    return dataclasses.replace(calibration, accept=accept)


def reliability(points: list[tuple[str, float, bool]], calibration: Calibration) -> str:
    """Share right per calibrated-confidence bin, per kind (the MODEL_CARD's reliability table)."""
    bins = [0.0, 0.3, 0.5, 0.7, 0.85, 1.01]
    lines = [f"{'kind':<12}" + "".join(f"{f'{lo:.2f}-{min(hi, 1):.2f}':>14}" for lo, hi in zip(bins, bins[1:]))]
    for kind in sorted({k for k, _, _ in points}):
        cells = []
        for lo, hi in zip(bins, bins[1:]):
            rows = [
                r
                for k, c, r in points
                if k == kind and lo <= (calibration.confidence(k, c) if c not in FIXED else c) < hi
            ]
            cells.append(f"{sum(rows) / len(rows):.2f} ({len(rows)})" if rows else "-")
        lines.append(f"{kind:<12}" + "".join(f"{c:>14}" for c in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="checkpoint (default: the bundled gliner2-mini)")
    parser.add_argument("--strategy", default="entities")
    parser.add_argument("--target", type=float, default=0.9, help="share of filled fields that must be right")
    parser.add_argument("--accept", type=float, default=None, help="score the held-out folds at this acceptance")
    parser.add_argument("--output", default=None, help="write the fitted calibration JSON here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    model = GLiNER2.from_pretrained(args.model)
    raw_config = dataclasses.replace(model.config, field_calibration=None)
    model.model.config = raw_config  # fit on raw probabilities
    points = {fold: score(model, load(fold=fold), strategy=args.strategy, threshold=0.0).points for fold in ("a", "b")}
    for fit_on, test_on in (("a", "b"), ("b", "a")):
        calibration = fit(points[fit_on], args.target)
        if args.accept is not None:
            calibration = dataclasses.replace(calibration, accept=args.accept)
        model.model.config = dataclasses.replace(raw_config, field_calibration=calibration.to_json())
        row = score(model, load(fold=test_on), strategy=args.strategy).overall.row()
        model.model.config = raw_config
        print(
            f"fit on fold {fit_on}, accept {calibration.accept}: fold {test_on} accuracy {row['accuracy']:.3f}, "
            f"wrong when filled {row['wrong_when_filled']:.3f} ({row['filled']} filled)"
        )
    every = points["a"] + points["b"]
    for fixed in FIXED:
        rows = [r for _, c, r in every if c == fixed]
        print(f"rule confidence {fixed}: {sum(rows)} of {len(rows)} right")
    final = fit(every, args.target)
    print(reliability(points["a"] + points["b"], final))
    print(json.dumps(final.to_json(), indent=1))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            json.dump(final.to_json(), handle, indent=1)


if __name__ == "__main__":
    main()
