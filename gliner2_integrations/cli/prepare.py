"""``gliner2-kit prepare --out DIR``: convert ../shared/data into GLiNER2 JSONL training files."""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("prepare", help="convert the shared datasets to JSONL", description=__doc__)
    parser.add_argument("--out", required=True, help="output folder (outside the repository)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--max-words", type=int, default=200)
    parser.add_argument("--datasets", nargs="*", default=None)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gliner2_integrations.cli._imports import checkout_on_path

    checkout_on_path()
    from gliner2_datasets.__main__ import main as prepare

    argv = ["prepare", "--out", args.out, "--max-words", str(args.max_words)]
    if args.data_dir:
        argv += ["--data-dir", args.data_dir]
    if args.datasets:
        argv += ["--datasets", *args.datasets]
    return int(prepare(argv) or 0)
