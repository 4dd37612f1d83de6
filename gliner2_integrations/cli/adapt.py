"""``gliner2-kit adapt``: fine-tune a checkpoint for one Pydantic model from examples, on a CPU.

Each line of the examples file is {"text": "...", "output": {...}}, where output is the model's
JSON as an LLM's structured output returns it (values, no offsets; null or absent when the text
does not say). The output folder is a normal checkpoint holding adapt_report.json:
per-field accuracy before and after on the held-out examples, counts, values not found in
their texts, time taken. Progress is a bar on a terminal, log lines otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("adapt", help="fine-tune a model for one Pydantic schema", description=__doc__)
    parser.add_argument("--model", required=True, help="the Pydantic model as MODULE:CLASS (e.g. schemas:Receipt)")
    parser.add_argument("--examples", required=True, help="JSONL file of {'text', 'output'} lines")
    parser.add_argument("--output", required=True, help="new folder for the adapted checkpoint")
    parser.add_argument("--base", default=None, help="checkpoint folder or hub id (default: the bundled gliner2-mini)")
    parser.add_argument("--time-budget", type=float, default=10.0, help="minutes for the whole run (default 10)")
    parser.add_argument(
        "--holdout", type=float, default=0.2, help="share of examples held out for scoring (default 0.2)"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--skip-bad", action="store_true", help="skip bad lines (counted in the report) instead of failing"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from gliner2_core import SchemaError
    from gliner2_integrations.adapt import adapt
    from gliner2_integrations.cli._imports import import_object

    logging.getLogger("gliner2_integrations.adapt").setLevel(logging.INFO)
    if not sys.stderr.isatty():  # no progress bar: the trainer's log lines instead
        logging.getLogger("gliner2_core.training.trainer").setLevel(logging.INFO)
    try:
        model_cls = import_object(args.model, "--model")
        report = adapt(
            model_cls,
            args.examples,
            args.output,
            base=args.base,
            time_budget_minutes=args.time_budget,
            holdout=args.holdout,
            seed=args.seed,
            skip_bad=args.skip_bad,
        )
    except (ValueError, SchemaError) as err:
        print(f"gliner2-kit adapt: {err}", file=sys.stderr)
        return 2
    summary = {
        "output": args.output,
        "before": report.before["all"],
        "after": report.after["all"],
        "kept": report.kept,
        "minutes": report.minutes,
        "steps": report.steps,
        "stopped_early": report.stopped_early,
        "unaligned": len(report.unaligned),
        "skipped_lines": len(report.skipped_lines),
    }
    print(json.dumps(summary, indent=2))
    return 0
