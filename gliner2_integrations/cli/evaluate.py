"""``gliner2-kit evaluate``: score a model on the datasets of ../shared/data and print the table."""

from __future__ import annotations

import argparse
import json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("evaluate", help="print the quality table of a model", description=__doc__)
    parser.add_argument("--model", default=None, help="checkpoint folder or hub id (default: the bundled gliner2-mini)")
    parser.add_argument("--datasets", nargs="*", default=None, help="dataset names (default: every available one)")
    parser.add_argument("--limit", type=int, default=500, help="examples per dataset, a fixed random sample (0 = all)")
    parser.add_argument("--data-dir", default=None, help="shared data folder (default: $GLINER2_KIT_DATA or ../shared/data)")
    parser.add_argument("--json", dest="json_path", default=None, help="also write the rows as JSON here")
    parser.add_argument(
        "--long-inputs", action="store_true", help="also print recall against input length (300 to 50,000 characters)"
    )
    parser.add_argument(
        "--pydantic",
        action="store_true",
        help="score extract_model on the agent-style suite (10 Pydantic models x 25 texts never trained on): "
        "field accuracy, non-null accuracy and wrong-when-filled per field kind",
    )
    parser.add_argument("--strategy", default=None, help="with --pydantic: 'record' or 'entities' (default: the model's)")
    parser.add_argument("--threshold", type=float, default=None, help="with --pydantic: acceptance threshold")
    parser.add_argument("--fold", default=None, choices=("a", "b"), help="with --pydantic: one half of the suite")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from gliner2_core import GLiNER2
    from gliner2_integrations.cli._imports import checkout_on_path

    checkout_on_path()
    from gliner2_datasets.report import default_datasets, evaluate_datasets, format_table

    model = GLiNER2.from_pretrained(args.model)
    if args.pydantic:
        return _pydantic(model, args)
    names = args.datasets or default_datasets(args.data_dir)
    rows = evaluate_datasets(model, names, limit=args.limit or None, data_dir=args.data_dir)
    print(format_table(rows))
    if args.long_inputs:
        from gliner2_datasets.report import long_input_report

        print()
        print(long_input_report(model, data_dir=args.data_dir))
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump([asdict(r) for r in rows], handle, indent=2)
    return 0


def _pydantic(model, args: argparse.Namespace) -> int:
    from gliner2_datasets.agent_suite import load
    from gliner2_datasets.agent_suite.score import score

    examples = load(args.datasets or None, fold=args.fold)
    result = score(model, examples, strategy=args.strategy, threshold=args.threshold)
    print(result.table())
    if args.json_path:
        rows = {"all": result.overall.row(), **{k: t.row() for k, t in result.kinds.items()}}
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
    return 0
