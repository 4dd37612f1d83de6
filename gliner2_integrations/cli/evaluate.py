"""``gliner2-kit evaluate``: score a model on the datasets of ../shared/data and print the table.

Options are checked before the model is loaded: dataset names (with a "did you mean"),
``--limit``, ``--threshold``, the data folder, and whether ``--json`` can be written.

Exit statuses:

==== ==========================================================================
0    the table was printed
2    a bad option, an unknown or unavailable dataset, a model that cannot be loaded,
     or no gliner2-kit checkout (the dataset tooling lives in the checkout)
74   the output (stdout or ``--json``) cannot be written, checked up front
130  interrupted (Ctrl-C)
==== ==========================================================================
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path
from typing import Any

from gliner2_integrations.cli.output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    OutputError,
    error,
    write,
)


class UsageError(Exception):
    """An option that cannot be used (exit 2)."""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate", help="print the quality table of a model", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    parser.add_argument(
        "--strategy", default=None, choices=("record", "entities"), help="with --pydantic (default: the model's)"
    )
    parser.add_argument("--threshold", type=float, default=None, help="with --pydantic: acceptance threshold in [0, 1]")
    parser.add_argument("--fold", default=None, choices=("a", "b"), help="with --pydantic: one half of the suite")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        _check_options(args)
        return _evaluate(args)
    except KeyboardInterrupt:
        error("evaluate", "interrupted")
        return EXIT_INTERRUPTED
    except UsageError as err:
        error("evaluate", str(err))
        return EXIT_USAGE
    except OutputError as err:
        error("evaluate", str(err))
        return EXIT_OUTPUT


def _evaluate(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from gliner2_core import GLiNER2
    from gliner2_core.errors import GLiNER2Error
    from gliner2_datasets.report import default_datasets, evaluate_datasets, format_table

    try:
        model = GLiNER2.from_pretrained(args.model)
    except GLiNER2Error as err:
        raise UsageError(f"--model: {err}") from err
    if args.pydantic:
        return _pydantic(model, args)
    names = args.datasets or default_datasets(args.data_dir)
    if not names:
        raise UsageError(f"no dataset's files are present under {_data_dir(args)!r}; set --data-dir or $GLINER2_KIT_DATA")
    rows = evaluate_datasets(model, names, limit=args.limit or None, data_dir=args.data_dir)
    write(sys.stdout, format_table(rows) + "\n")
    if args.long_inputs:
        from gliner2_datasets.report import long_input_report

        write(sys.stdout, "\n" + long_input_report(model, data_dir=args.data_dir) + "\n")
    if args.json_path:
        _write_json(args.json_path, [asdict(r) for r in rows])
    return EXIT_OK


def _pydantic(model, args: argparse.Namespace) -> int:
    from gliner2_datasets.agent_suite import load
    from gliner2_datasets.agent_suite.score import score

    examples = load(args.datasets or None, fold=args.fold)
    result = score(model, examples, strategy=args.strategy, threshold=args.threshold)
    write(sys.stdout, result.table() + "\n")
    if args.json_path:
        _write_json(args.json_path, {"all": result.overall.row(), **{k: t.row() for k, t in result.kinds.items()}})
    return EXIT_OK


# -- checks before any work ---------------------------------------------------------------
def _check_options(args: argparse.Namespace) -> None:
    """Refuse bad options before the model loads; prove ``--json`` writable (exit 74 otherwise)."""
    from gliner2_integrations.cli._imports import checkout_datasets

    if args.limit < 0:
        raise UsageError(f"--limit: got {args.limit}; expected 0 (every example) or a positive integer")
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise UsageError(f"--threshold: got {args.threshold}; expected a number in [0, 1]")
    gliner2_datasets = checkout_datasets()
    if gliner2_datasets is None:
        raise UsageError(
            "the dataset tooling (gliner2_datasets) is not importable: run evaluate inside a gliner2-kit "
            "checkout, or put the checkout on PYTHONPATH"
        ) from None
    if args.pydantic:
        from gliner2_datasets.agent_suite import MODELS

        _check_names(args.datasets, list(MODELS), "--datasets (with --pydantic: suite models)")
    else:
        if args.data_dir is not None and not Path(args.data_dir).is_dir():
            raise UsageError(f"--data-dir: got {args.data_dir!r}; no such folder")
        _check_names(args.datasets, list(gliner2_datasets.DATASETS), "--datasets")
        present = gliner2_datasets.available(_data_dir(args))
        missing = [n for n in args.datasets or [] if n not in present]
        if missing:
            raise UsageError(
                f"--datasets: {', '.join(missing)} have no source files under {_data_dir(args)!r}; "
                f"available there: {', '.join(present) or 'none'}"
            )
    if args.json_path:
        _check_writable(args.json_path)


def _data_dir(args: argparse.Namespace) -> str:
    from gliner2_datasets import default_data_dir

    return str(args.data_dir or default_data_dir())


def _check_names(names: list[str] | None, valid: list[str], option: str) -> None:
    for name in names or []:
        if name not in valid:
            close = difflib.get_close_matches(name, valid, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"{option}: unknown dataset {name!r}{hint}; expected one of {', '.join(valid)}")


def _check_writable(path: str) -> None:
    """Fail now, not after the whole run, when ``--json`` cannot be written (a folder, no permission, a full device)."""
    target = Path(path)
    try:
        if target.is_dir():
            raise OSError(f"--json: {path!r} is a folder")
        if target.is_char_device():  # /dev/full refuses any byte, /dev/null takes them (a pipe is never opened early)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write("\n")
                handle.flush()
            return
        if target.exists() and not target.is_file():
            return
        if not target.parent.is_dir():
            raise OSError(f"--json: the folder {str(target.parent)!r} does not exist")
        if not os.access(target if target.exists() else target.parent, os.W_OK):
            raise OSError(f"--json: {path!r} is not writable")
    except OSError as err:
        raise OutputError(err if err.strerror is None else OSError(f"--json: {path!r}: {err.strerror}")) from err


def _write_json(path: str, data: Any) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
    except OSError as err:
        raise OutputError(OSError(f"--json: {path!r}: {err.strerror or err}")) from err
