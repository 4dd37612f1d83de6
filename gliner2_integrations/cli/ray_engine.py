"""``gliner2-kit extract --engine ray``: the same extraction, run on a Ray cluster.

Inputs are text files (one text per file, read by the driver), or JSONL / parquet
files or folders (read by Ray, in parallel, text in ``--text-column``; the kind is
taken from the suffix, or from ``--input-format``). Every output row holds
the input's columns (``source`` and ``text`` for text files) plus ``gliner2`` (what
``batch_extract`` returns, or the validated record with ``--model``) and
``gliner2_error``. Output: ``--output out.jsonl`` (one file, rows in input order),
``--output out.parquet`` (a parquet folder, one file per block), or JSON lines on stdout.

Before Ray starts, the inputs (globs are expanded; one matching nothing is an error), the
columns, ``--address`` (a HOST:PORT must accept a connection within seconds) and the
output (opened, so an unwritable one fails up front) are checked. Output columns must be
new: a column the input already has is refused, not overwritten (``--output-column`` and
``--error-column`` rename them).

Exit status (as with ``--engine local``): 0 when every row succeeded, 1 when any failed,
2 on a usage error, 74 when the output cannot be written, 130 when interrupted, 141 when
the reader of the output pipe went away.

Example (a cluster: see README, "Ray Data")::

    gliner2-kit extract --engine ray --address auto --concurrency 8 --schema schema.json \\
        --text-column body s3://bucket/chunks/*.parquet --output results.parquet
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
from pathlib import Path
from typing import Any

from gliner2_integrations.cli import output
from gliner2_integrations.cli.inputs import check_encoding, check_not_inputs, read_inputs
from gliner2_integrations.cli.ray_checks import check_address, check_columns, check_tables_exist, expand_inputs
from gliner2_integrations.cli.ray_sink import Sink
from gliner2_integrations.ray.predictor import ERROR_COLUMN, OUTPUT_COLUMN

logger = logging.getLogger(__name__)

ENGINES = ("local", "ray")
INPUT_FORMATS = ("auto", "text", "jsonl", "parquet")
TABLE_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".parquet": "parquet"}


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--address``, ``--concurrency``, ``--text-column``, ``--output`` on ``extract``."""
    group = parser.add_argument_group("engine (--engine ray: Ray Data, on this machine or a cluster)")
    group.add_argument("--engine", choices=ENGINES, default="local", help="where to run (default: local)")
    group.add_argument("--address", default=None, help="Ray cluster address, e.g. 'auto' (default: a local Ray)")
    group.add_argument("--concurrency", type=_positive_int, default=None, help="Ray actors, one model each")
    group.add_argument(
        "--num-cpus", type=_positive_float, default=1.0, help="CPUs (threads) per Ray actor (default: 1)"
    )
    group.add_argument(
        "--text-column", default="text", help="text column of JSONL/parquet inputs (--engine ray; default: text)"
    )
    group.add_argument(
        "--output-column", default=OUTPUT_COLUMN, help=f"--engine ray: column of the results (default: {OUTPUT_COLUMN})"
    )
    group.add_argument(
        "--error-column", default=ERROR_COLUMN, help=f"--engine ray: column of per-row errors (default: {ERROR_COLUMN})"
    )
    group.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="inputs are text files, JSONL or parquet (default: by suffix)",
    )
    group.add_argument(
        "--output",
        default=None,
        help="--engine ray: out.jsonl, or out.parquet (a folder; local or s3://...); default: JSON lines on stdout",
    )


RAY_ONLY = {
    "address": ("--address", None),
    "concurrency": ("--concurrency", None),
    "num_cpus": ("--num-cpus", 1.0),
    "text_column": ("--text-column", "text"),
    "input_format": ("--input-format", "auto"),
    "output": ("--output", None),
    "output_column": ("--output-column", OUTPUT_COLUMN),
    "error_column": ("--error-column", ERROR_COLUMN),
}


def check_local_options(args: argparse.Namespace) -> None:
    """Refuse the options only ``--engine ray`` reads, when given to ``--engine local`` (they would be ignored).

    Raises:
        ValueError: Naming the first such option and its value.
    """
    for attribute, (option, default) in RAY_ONLY.items():
        value = getattr(args, attribute, default)
        if value != default:
            hint = (
                "; the local engine writes JSON lines to stdout (redirect: > out.jsonl)" if option == "--output" else ""
            )
            raise ValueError(f"{option}: got {value!r}; it is read by --engine ray only (add --engine ray){hint}")


def run_ray(args: argparse.Namespace) -> int:
    """Run ``extract`` on Ray; returns the exit status (that of :mod:`gliner2_integrations.cli.output`)."""
    try:
        plan = _plan(args)
    except ValueError as err:
        output.error("extract", str(err))
        return output.EXIT_USAGE
    try:
        sink = Sink.open(args.output)
    except output.OutputError as err:
        output.error("extract", str(err))
        return output.EXIT_OUTPUT
    except ValueError as err:
        output.error("extract", str(err))
        return output.EXIT_USAGE
    try:
        return _run(args, plan, sink)
    except KeyboardInterrupt:
        output.error("extract", "interrupted")
        return output.EXIT_INTERRUPTED
    except Exception as err:
        return _failed(err)
    finally:
        sink.close()


def _failed(err: Exception) -> int:
    """The exit status (and stderr line) of a run that stopped on ``err``; re-raises what is not ours to report."""
    message = _job_failure(err)
    if message is not None:  # the Ray job failed as a whole (Ray's own error, not one row's)
        output.error("extract", message)
        return output.EXIT_FAILED_INPUTS
    if isinstance(err, output.OutputError):
        output.abandon_stdout()
        if err.closed:
            return output.EXIT_CLOSED_PIPE
        output.error("extract", str(err))
        return output.EXIT_OUTPUT
    if isinstance(err, ValueError):  # found once Ray could look at the inputs (columns), before any row ran
        output.error("extract", str(err))
        return output.EXIT_USAGE
    raise err


def _job_failure(err: Exception) -> str | None:
    """One line for a Ray job that failed as a whole (``None`` when ``err`` is not Ray's)."""
    from ray.exceptions import RayError

    if not isinstance(err, RayError):
        return None
    cause = getattr(err, "cause", None) or err
    lines = [line for line in str(cause).splitlines() if line.strip()]
    first = lines[0] if lines else type(cause).__name__
    hint = ""
    if "Unable to merge" in first or "incompatible types" in first:
        hint = "; every value of a column must have one type across the input (e.g. every text a string)"
    return f"the Ray job failed: {type(cause).__name__}: {first}{hint}"


def _plan(args: argparse.Namespace) -> dict[str, Any]:
    """Everything checked before Ray starts: schema, inputs, columns, address; ``ValueError`` when unusable."""
    if getattr(args, "html", None) is not None:
        raise ValueError(f"--html: got {str(args.html)!r}; the viewer page is written by --engine local only")
    schema = _schema(args)  # first: imports --model, whose file check_not_inputs then protects too
    files = expand_inputs(args.files)
    kind = _input_kind(files, getattr(args, "input_format", "auto"))
    if kind != "text":
        check_tables_exist(files)
    check_not_inputs("--output", args.output, files, args)
    names = {"--text-column": "text" if kind == "text" else args.text_column}
    names.update({"--output-column": args.output_column, "--error-column": args.error_column})
    if len(set(names.values())) != 3 or (kind == "text" and "source" in names.values()):
        taken = "'source', 'text'" if kind == "text" else repr(args.text_column)
        raise ValueError(
            f"--output-column/--error-column: got {args.output_column!r}/{args.error_column!r}; expected two "
            f"distinct names other than {taken}"
        )
    if kind == "text":
        try:
            check_encoding(args.encoding)
        except LookupError as err:
            raise ValueError(str(err)) from err
    _check_model_path(args.model_path, args.address)
    return {"schema": schema, "files": files, "kind": kind, "address": check_address(args.address)}


def _run(args: argparse.Namespace, plan: dict[str, Any], sink: Sink) -> int:
    from gliner2_integrations.ray.dataset import extract_dataset

    ray = _connect(plan["address"])
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    kind = plan["kind"]
    ds = _dataset(ray, plan["files"], kind, getattr(args, "encoding", "utf-8"))
    text_column = "text" if kind == "text" else args.text_column
    if kind != "text":
        check_columns(ds, text_column, args.output_column, args.error_column)
    columns = {"output_column": args.output_column, "error_column": args.error_column}
    out = extract_dataset(
        ds,
        plan["schema"],
        text_column=text_column,
        concurrency=args.concurrency,
        num_cpus=args.num_cpus,
        **columns,
        **_options(args),
    )
    if kind == "text":
        out = out.map_batches(
            _merge_read_errors, fn_kwargs={"error_column": args.error_column}, batch_format="numpy", num_cpus=0
        )
    rows, failed = sink.write(out, args.error_column)
    logger.info("%d rows, %d failed", rows, failed)
    return output.EXIT_FAILED_INPUTS if failed else output.EXIT_OK


def _options(args: argparse.Namespace) -> dict[str, Any]:
    options = dict(threshold=args.threshold, batch_size=args.batch_size, model=args.model_path)
    if args.model:
        options.update(policy=args.policy, many=args.many)
    else:
        options.update(include_confidence=args.include_confidence, include_spans=args.include_spans)
    return options


def _connect(address: str | None) -> Any:
    """Ray, started locally (no ``--address``) or connected to the cluster at ``address``."""
    import ray

    if ray.is_initialized():
        return ray
    if address is None:
        # A local Ray: workers import --model's module from the current directory, as the driver
        # does. On a cluster, ship it with `ray job submit --working-dir .` instead.
        env = {"PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
        ray.init(runtime_env={"env_vars": env}, log_to_driver=False)
        return ray
    try:
        ray.init(address=address, log_to_driver=False)
    except ConnectionError as err:
        raise ValueError(f"--address: cannot connect to {address!r} ({err})") from err
    return ray


def _schema(args: argparse.Namespace) -> Any:
    """The Pydantic class (``--model``) or the schema dict (``--schema``), checked as the actors will use it.

    Raises:
        ValueError: When it cannot be imported, read or extracted (before Ray starts, not in every actor).
    """
    from gliner2_integrations._runtime import resolve_target

    if args.model:
        from gliner2_integrations.cli._imports import import_object

        value = import_object(args.model, "--model")
        option, given = "--model", repr(args.model)
    else:
        try:
            value = json.loads(args.schema.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"--schema: bad schema file {str(args.schema)!r} ({type(err).__name__}: {err})") from err
        option, given = "--schema", repr(str(args.schema))
    try:
        resolve_target(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{option}: {given} cannot be extracted ({err})") from err
    return value


def _check_model_path(path: str | None, address: str | None) -> None:
    """On a local Ray, a ``--model-path`` that looks like a folder must be one (on a cluster, the workers' disk counts)."""
    if path is None or address is not None or os.path.isdir(path):
        return
    looks_local = path.startswith((".", "/", "~")) or path.count("/") > 1 or os.path.exists(path)
    if looks_local:  # a hub id has one '/', a bundled name none
        raise ValueError(
            f"--model-path: got {path!r}; no such checkpoint folder; expected a folder with config.json and "
            "model.safetensors, a hub id like 'fastino/gliner2-base-v1', or no --model-path for the bundled model"
        )


def _input_kind(files: list[str], input_format: str = "auto") -> str:
    """``"text"``, ``"jsonl"`` or ``"parquet"``: one kind per run (``--input-format``, else by suffix)."""
    if "-" in files:
        raise ValueError("FILES: got '-'; --engine ray reads files, not stdin: write the lines to a .jsonl file first")
    if input_format != "auto":
        return input_format
    kinds = {TABLE_SUFFIXES.get(Path(f).suffix.lower(), "text") for f in files}
    if len(kinds) > 1:
        raise ValueError(
            f"--engine ray: mix of input kinds {sorted(kinds)}; give text files, JSONL or parquet, not several"
        )
    return kinds.pop()


def _dataset(ray: Any, files: list[str], kind: str, encoding: str = "utf-8") -> Any:
    if kind != "text":  # Ray's readers run in workers, whose working directory is not ours
        tables = [name if "://" in name else os.path.abspath(name) for name in files]
        return ray.data.read_json(tables, lines=True) if kind == "jsonl" else ray.data.read_parquet(tables)
    # the files' texts, read by the driver as --engine local reads them; an unreadable one fails its row only
    rows = [{"source": i.source, "text": i.text, "read_error": i.error} for i in read_inputs(files, encoding)]
    return ray.data.from_items(rows)


def _merge_read_errors(batch: dict[str, Any], error_column: str) -> dict[str, Any]:
    """A file that could not be read reports why, not only that its text is missing."""
    read_errors = batch.pop("read_error")
    errors = list(batch[error_column])
    for index, error in enumerate(read_errors):
        if isinstance(error, str):
            errors[index] = error
    batch[error_column] = errors
    return batch


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"got {value!r}; expected a positive integer")
    return number


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 < number < math.inf:
        raise argparse.ArgumentTypeError(f"got {value!r}; expected a positive number (CPUs, e.g. 1 or 0.5)")
    return number
