"""``gliner2-kit prepare --out DIR``: convert ../shared/data into GLiNER2 JSONL training files.

Exit statuses: 0 written; 2 a bad option, an unknown dataset or no gliner2-kit checkout
(the converters live in the checkout); 74 ``--out`` cannot be created or written
(checked before any conversion); 130 interrupted.
"""

from __future__ import annotations

import argparse

from gliner2_integrations.cli.output import EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_USAGE, error


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("prepare", help="convert the shared datasets to JSONL", description=__doc__)
    parser.add_argument("--out", required=True, help="output folder (outside the repository)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--max-words", type=int, default=200)
    parser.add_argument("--datasets", nargs="*", default=None)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gliner2_integrations.cli._imports import checkout_datasets

    if checkout_datasets() is None:
        error("prepare", "the dataset converters (gliner2_datasets) are not importable: run prepare inside a "
              "gliner2-kit checkout, or put the checkout on PYTHONPATH")
        return EXIT_USAGE
    from gliner2_core.training.output import RunOutputError, check_output_dir
    from gliner2_datasets.__main__ import main as prepare
    from gliner2_datasets.registry import DATASETS

    if args.max_words < 1:
        error("prepare", f"--max-words: got {args.max_words}; expected a positive integer")
        return EXIT_USAGE
    unknown = [name for name in args.datasets or () if name not in DATASETS]
    if unknown:  # before --out is created: a typo leaves no empty folder behind
        error("prepare", f"--datasets: got {unknown[0]!r}; expected some of {', '.join(sorted(DATASETS))}")
        return EXIT_USAGE
    try:
        check_output_dir(args.out, "--out")
    except RunOutputError as err:
        error("prepare", str(err))
        return EXIT_OUTPUT
    argv = ["prepare", "--out", args.out, "--max-words", str(args.max_words)]
    if args.data_dir:
        argv += ["--data-dir", args.data_dir]
    if args.datasets:
        argv += ["--datasets", *args.datasets]
    try:
        return int(prepare(argv) or 0)
    except KeyboardInterrupt:
        error("prepare", "interrupted")
        return EXIT_INTERRUPTED
    except OSError as err:
        error("prepare", f"--out: cannot write {args.out!r}: {err.strerror or err}")
        return EXIT_OUTPUT
