"""Pick a model's ``config.record_threshold`` by measurement on dev splits.

A small model scores right record values lower than entity mentions, so the
reference's 0.5 leaves most fields empty. For each candidate threshold this
prints record field F1 on the dev split of each record dataset (structure fields
are the only thing the threshold changes there) and the mean; the best mean is
the value to bundle with ``scripts/bundle_checkpoint.py --record-threshold``.
Test splits are not used, so the figures reported by ``gliner2-kit evaluate``
stay honest::

    PYTHONPATH=. python scripts/calibrate_record_threshold.py runs/gliner2-mini-v4.1/final --limit 150
"""

from __future__ import annotations

import argparse
import json
import logging

import gliner2_datasets
from gliner2_core import GLiNER2
from gliner2_core.training.data import load_examples
from gliner2_core.training.evaluate import evaluate
from gliner2_datasets.report import PER_EXAMPLE_SCHEMAS

DATASETS = ("synthetic_docs", "casie")
GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="checkpoint folder")
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    model = GLiNER2.from_pretrained(args.model)
    data = {name: load_examples([name], args.split, data_dir=args.data_dir, limit=args.limit, datasets=gliner2_datasets) for name in args.datasets}
    rows = []
    for threshold in GRID:
        scores = {
            name: evaluate(model, examples, threshold=threshold, per_example=name in PER_EXAMPLE_SCHEMAS)["record_field_f1"]
            for name, examples in data.items()
        }
        row = {"threshold": threshold, **scores, "mean": sum(scores.values()) / len(scores)}
        rows.append(row)
        print(json.dumps({k: round(v, 4) for k, v in row.items()}), flush=True)
    best = max(rows, key=lambda r: r["mean"])
    print(json.dumps({"best": best["threshold"], "mean_field_f1": round(best["mean"], 4)}))


if __name__ == "__main__":
    main()
