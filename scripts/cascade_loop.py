"""The cascade that learns, offline: run the cascade and record, adapt on the records, run again.

A labelled example set is split in two. The cascade (bundled model + a stand-in LLM answering
from the gold labels, ``GoldAnswerChatModel``) runs on the first part with ``record_to``; ``adapt``
fine-tunes on the recorded lines (GLiNER2's confident values plus the LLM's answers, as a team
would have them); the cascade then runs on the second part with the base model and with the
adapted one. Printed: the share of fields sent to the LLM and field accuracy, before and after::

    PYTHONPATH=. python scripts/cascade_loop.py gliner2_datasets/adapt_sets/parking_fine.jsonl \\
        gliner2_datasets.adapt_sets.parking_fine:ParkingFine --first 60 --budget 10
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path

from gliner2_core import GLiNER2
from gliner2_integrations.adapt import adapt, read_examples
from gliner2_integrations.adapt.score import Tally
from gliner2_integrations.cascade import CascadeExtractor
from gliner2_integrations.cascade.offline import GoldAnswerChatModel
from gliner2_integrations.cli._imports import import_object


def run_cascade(extractor, model_cls, items, record_to=None) -> tuple[float, float]:
    """Share of fields sent to the LLM, and the cascade's field accuracy, on ``items``."""
    answers = {i.text: i.records[0].model_dump(mode="json") for i in items}
    llm = GoldAnswerChatModel(messages=iter(()), answers=answers)
    cascade = CascadeExtractor(model=model_cls, chat_model=llm, extractor=extractor, record_to=record_to)
    results = cascade.batch([i.text for i in items])
    tally, asked = Tally(), 0
    for item, result in zip(items, results, strict=True):
        asked += len(result.asked)
        for name in model_cls.model_fields:
            got = getattr(result.value, name, None) if result.value is not None else None
            tally.add(got, getattr(item.records[0], name, None))
    return asked / (len(items) * len(model_cls.model_fields)), tally.row()["accuracy"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("examples")
    parser.add_argument("model", help="MODULE:CLASS")
    parser.add_argument("--first", type=int, default=60, help="texts the first cascade run records")
    parser.add_argument("--budget", type=float, default=10.0, help="adapt's time budget in minutes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    model_cls = import_object(args.model, "model")
    items = read_examples(args.examples, model_cls).labelled
    first, second = items[: args.first], items[args.first :]
    base = GLiNER2.from_pretrained()
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records.jsonl"
        share1, acc1 = run_cascade(base, model_cls, first, record_to=str(records))
        report = adapt(model_cls, records, Path(folder) / "adapted", time_budget_minutes=args.budget)
        adapted = GLiNER2.from_pretrained(str(Path(folder) / "adapted"))
        before = run_cascade(base, model_cls, second)
        after = run_cascade(adapted, model_cls, second)
    print(
        json.dumps(
            {
                "recorded_run": {"texts": len(first), "share_to_llm": round(share1, 3), "accuracy": acc1},
                "adapt": {
                    "minutes": report.minutes,
                    "steps": report.steps,
                    "kept": report.kept,
                    "holdout_before": report.before["all"],
                    "holdout_after": report.after["all"],
                },
                "second_part": {
                    "texts": len(second),
                    "base": {"share_to_llm": round(before[0], 3), "accuracy": before[1]},
                    "adapted": {"share_to_llm": round(after[0], 3), "accuracy": after[1]},
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
