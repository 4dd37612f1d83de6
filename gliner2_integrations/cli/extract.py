"""``gliner2-kit extract``: extract from files (or stdin lines) into JSON lines.

Each input is one file's text, or one line of standard input for ``-``. Files
are read one at a time (decoded with ``--encoding``, default UTF-8; a byte-order
mark is removed) and texts are extracted in batches; after each batch one JSON
line per input is written to stdout, in input order, and flushed::

    {"source": "a.txt", "ok": true, "result": {"invoice": {"total": 12.5}}}
    {"source": "b.txt", "ok": false, "error": "ExtractionValidationError: ..."}

``result`` has the shape of :func:`gliner2_integrations.metadata.to_metadata` in
JSON mode without a namespace: the record under its structure name (``--model``),
or the plain GLiNER2 output (``--schema``). An input whose extraction fails (e.g.
``--policy raise``) gets an error line and the run goes on. An input that cannot be
read or decoded gets an error line and a message on stderr, and stops the run unless
``--keep-going``. A progress bar goes to stderr when it is a terminal (not with ``--quiet``).

Exit status (see :mod:`gliner2_integrations.cli.output`): 0 when every input
succeeded, 1 when any failed, 2 on a usage error (bad option, ``MODULE:CLASS`` that
does not import or has a syntax error, bad schema file, unknown encoding, unloadable
model, an option only ``--engine ray`` reads, an ``--html`` page that names an input, the
schema or the model's module), 74 when the output cannot be written (e.g. disk full;
stdout and the ``--html`` page are checked before any input is read), 130 when
interrupted, 141 when the reader of the output pipe went away. Names of inputs are
quoted and escaped on stderr when they hold a newline or another control character.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from gliner2_core.errors import GLiNER2Error
from gliner2_core.options import ExtractOptions
from gliner2_integrations.cli import html, output
from gliner2_integrations.cli._imports import import_object
from gliner2_integrations.cli.inputs import STDIN, Item, check_encoding, read_inputs
from gliner2_integrations.cli.ray_engine import add_engine_arguments, check_local_options

EPILOG = (
    "exit status: 0 all inputs succeeded; 1 some input failed; 2 usage error; "
    "74 output write error (e.g. disk full); 130 interrupted; 141 output pipe closed"
)


class UsageError(Exception):
    """A problem with the command line or its inputs (exit status 2)."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``extract`` on the ``gliner2-kit`` subcommand parsers."""
    parser = subparsers.add_parser(
        "extract",
        help="extract a Pydantic model or a schema from files into JSON lines",
        description="Extract from each FILE (or each stdin line, for '-') and write one JSON line per input.",
        epilog=EPILOG,
    )
    parser.add_argument("files", nargs="+", metavar="FILES", help="input texts, one per file; '-' = one per stdin line")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--model", metavar="MODULE:CLASS", help="the Pydantic model to extract, e.g. app.schemas:Invoice"
    )
    target.add_argument("--schema", type=Path, metavar="JSON", help="a schema in the dict form (Schema.from_dict)")
    defaults = ExtractOptions()
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=defaults.threshold,
        help="confidence threshold 0-1 (default: the model's calibrated defaults, 0.5 for spans)",
    )
    parser.add_argument(
        "--batch-size",
        type=_positive_int,
        default=defaults.batch_size,
        help="texts per forward pass (default: %(default)s)",
    )
    parser.add_argument(
        "--policy", choices=("partial", "drop", "raise"), default="partial", help="required fields not found (--model)"
    )
    parser.add_argument("--many", action="store_true", help="every record per text, as a list (--model)")
    parser.add_argument("--include-confidence", action="store_true", help="add confidences to the results")
    parser.add_argument("--include-spans", action="store_true", help="add character offsets to the results")
    parser.add_argument("--model-path", help="GLiNER2 checkpoint folder or hub id (default: the bundled gliner2-mini)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files and stdin (default: utf-8)")
    parser.add_argument(
        "--keep-going", action="store_true", help="go on past inputs that cannot be read or decoded (default: stop)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_engine_arguments(parser)
    html.add_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``extract``; returns the exit status (documented in the module docstring)."""
    if args.engine == "ray":
        from gliner2_integrations.cli.ray_engine import run_ray

        return run_ray(args)
    from gliner2_integrations._runtime import load_extractor

    try:
        _check_local(args)
        encoding = _encoding(args.encoding)
        target = _target(args)
        _check_outputs(args)
        try:
            model = load_extractor(args.model_path)
        except (GLiNER2Error, OSError) as err:
            raise UsageError(f"--model-path: cannot load {args.model_path!r} ({type(err).__name__}: {err})") from err
    except UsageError as err:
        output.error("extract", str(err))
        return output.EXIT_USAGE
    except output.OutputError as err:  # up front: an unwritable page or stdout, before any input is read
        output.error("extract", str(err))
        return output.EXIT_OUTPUT
    try:
        failed = _extract_all(args, model, target, encoding)
        html.write(args)
    except output.OutputError as err:
        output.abandon_stdout()
        if err.closed:
            return output.EXIT_CLOSED_PIPE
        output.error("extract", str(err))
        return output.EXIT_OUTPUT
    except KeyboardInterrupt:
        output.error("extract", "interrupted")
        return output.EXIT_INTERRUPTED
    return output.EXIT_FAILED_INPUTS if failed else output.EXIT_OK


def _extract_all(args: argparse.Namespace, model: Any, target: Any, encoding: str) -> int:
    """Extract every input, batch by batch; returns how many failed."""
    from tqdm import tqdm

    failed = 0
    total = None if STDIN in args.files else len(args.files)
    items = _stop_at_unreadable(read_inputs(args.files, encoding), args.keep_going)
    with tqdm(total=total, unit="text", file=sys.stderr, disable=args.quiet or not sys.stderr.isatty()) as bar:
        for batch in _batches(items, args.batch_size):
            failed += _write_batch(batch, model, target, args, sys.stdout)
            bar.update(len(batch))
    return failed


def _stop_at_unreadable(items: Iterable[Item], keep_going: bool) -> Iterator[Item]:
    """Every item, with a stderr message for each unreadable one; without ``keep_going``, none after it."""
    for item in items:
        yield item
        if item.error is not None:
            output.error("extract", f"{output.shown(item.source)}: {item.error}")
            if not keep_going:
                output.error("extract", "stopped at the first unreadable input (--keep-going goes on)")
                return


def _check_local(args: argparse.Namespace) -> None:
    try:
        check_local_options(args)
    except ValueError as err:
        raise UsageError(str(err)) from err


def _check_outputs(args: argparse.Namespace) -> None:
    """``--html`` overwrites no input and can be written; stdout can take a write (not ``/dev/full``)."""
    try:
        html.check(args, args.files)
    except ValueError as err:
        raise UsageError(str(err)) from err
    output.check_writable(sys.stdout)


def _encoding(name: str) -> str:
    try:
        return check_encoding(name)
    except LookupError as err:
        raise UsageError(str(err)) from err


def _target(args: argparse.Namespace) -> Any:
    from gliner2_integrations._runtime import resolve_target

    if args.model:
        model_cls = _import(args.model)
        try:
            return resolve_target(model_cls)
        except (TypeError, ValueError) as err:
            raise UsageError(f"--model: {args.model!r} cannot be extracted ({err})") from err
    try:
        data = json.loads(args.schema.read_text(encoding="utf-8"))
        return resolve_target(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError) as err:
        raise UsageError(f"--schema: bad schema file {str(args.schema)!r} ({type(err).__name__}: {err})") from err


def _import(spec: str) -> Any:
    """``MODULE:CLASS`` (the current directory is importable, as with ``python -m``)."""
    try:
        return import_object(spec, "--model")
    except ValueError as err:
        raise UsageError(str(err)) from err


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive items holding ``size`` readable texts each (read errors ride along, keeping the order)."""
    batch: list[Item] = []
    texts = 0
    for item in items:
        batch.append(item)
        texts += item.text is not None
        if texts >= size:
            yield batch
            batch, texts = [], 0
    if batch:
        yield batch


def _write_batch(batch: list[Item], model: Any, target: Any, args: argparse.Namespace, out: IO[str]) -> int:
    """Extract one batch and write its lines; returns how many inputs failed."""
    from gliner2_integrations._runtime import describe_error, run_extraction
    from gliner2_integrations.metadata import to_metadata

    readable = [item for item in batch if item.text is not None]
    results = run_extraction(
        model,
        [item.text or "" for item in readable],
        target,
        threshold=args.threshold,
        batch_size=args.batch_size,
        policy=args.policy,
        many=args.many,
        skip_blank=False,
    )
    outcomes = iter(results)
    failed = 0
    lines: list[str] = []
    for item in batch:
        line: dict[str, Any] = {"source": item.source, "ok": False, "error": item.error}
        outcome = None
        if item.text is not None:
            outcome = next(outcomes)
            try:
                if outcome.error is not None:
                    raise outcome.error
                result = to_metadata(
                    outcome.extraction or {},
                    namespace=None,
                    record_key=target.record_key,
                    many=args.many,
                    include_confidence=args.include_confidence,
                    include_spans=args.include_spans,
                )
                line = {"source": item.source, "ok": True, "result": result}
            except Exception as err:  # noqa: BLE001 - reported on the input's line; the run goes on
                line["error"] = describe_error(err)
                output.error("extract", f"{output.shown(item.source)}: {line['error']}")
        html.collect(args, item, outcome, None if line["ok"] else line["error"])
        failed += not line["ok"]
        lines.append(output.json_line(line))
    output.write(out, "\n".join(lines) + "\n")
    return failed


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"got {value!r}; expected a number between 0 and 1")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"got {value!r}; expected a positive integer")
    return number
