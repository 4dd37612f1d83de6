"""``gliner2-kit extract --engine ray``: the same extraction, run on a Ray cluster.

Inputs are text files (one text per file, read by the driver), or JSONL / parquet
files or folders (read by Ray, in parallel, text in ``--text-column``; the kind is
taken from the suffix, or from ``--input-format``). Every output row holds
the input's columns (``source`` and ``text`` for text files) plus ``gliner2`` (what
``batch_extract`` returns, or the validated record with ``--model``) and
``gliner2_error``. Output: ``--output out.jsonl`` (one file, rows in input order),
``--output out.parquet`` (a parquet folder, one file per block), or JSON lines on stdout.

Exit status: 0 when every row succeeded, 1 when any failed, 2 on a usage error.

Example (a cluster: see README, "Ray Data")::

    gliner2-kit extract --engine ray --address auto --concurrency 8 --schema schema.json \\
        --text-column body s3://bucket/chunks/*.parquet --output results.parquet
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import IO, Any

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
    group.add_argument("--num-cpus", type=float, default=1.0, help="CPUs (threads) per Ray actor (default: 1)")
    group.add_argument(
        "--text-column", default="text", help="text column of JSONL/parquet inputs (--engine ray; default: text)"
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


def run_ray(args: argparse.Namespace) -> int:
    """Run ``extract`` on Ray; returns the exit status."""
    try:
        schema = _schema(args)
        kind = _input_kind(args.files, getattr(args, "input_format", "auto"))
    except ValueError as err:
        print(f"gliner2-kit extract: error: {err}", file=sys.stderr)
        return 2
    import ray

    from gliner2_integrations.ray.dataset import extract_dataset

    if not ray.is_initialized() and args.address is None:
        # A local Ray: workers import --model's module from the current directory, as the driver
        # does. On a cluster, ship it with `ray job submit --working-dir .` instead.
        env = {"PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
        ray.init(runtime_env={"env_vars": env}, log_to_driver=False)
    elif not ray.is_initialized():
        ray.init(address=args.address, log_to_driver=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    ds = _dataset(ray, args.files, kind, getattr(args, "encoding", "utf-8"))
    options = dict(threshold=args.threshold, batch_size=args.batch_size, model=args.model_path)
    if args.model:
        options.update(policy=args.policy, many=args.many)
    else:
        options.update(include_confidence=args.include_confidence, include_spans=args.include_spans)
    text_column = "text" if kind == "text" else args.text_column
    out = extract_dataset(
        ds, schema, text_column=text_column, concurrency=args.concurrency, num_cpus=args.num_cpus, **options
    )
    if kind == "text":
        out = out.map(_merge_read_error)
    out = out.materialize()
    failed = out.filter(lambda row: row["gliner2_error"] is not None).count()
    _write(out, args.output)
    logger.info("%d rows, %d failed", out.count(), failed)
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> Any:
    """The Pydantic class (``--model``) or the schema dict (``--schema``); ``ValueError`` when unusable."""
    if args.model:
        from gliner2_integrations.cli._imports import import_object

        return import_object(args.model, "--model")
    try:
        return json.loads(args.schema.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"--schema: bad schema file {str(args.schema)!r} ({type(err).__name__}: {err})") from err


def _input_kind(files: list[str], input_format: str = "auto") -> str:
    """``"text"``, ``"jsonl"`` or ``"parquet"``: one kind per run (``--input-format``, else by suffix)."""
    if "-" in files:
        raise ValueError("--engine ray reads files, not stdin ('-'); write the lines to a .jsonl file first")
    if input_format != "auto":
        return input_format
    kinds = {TABLE_SUFFIXES.get(Path(f).suffix.lower(), "text") for f in files}
    if len(kinds) > 1:
        raise ValueError(
            f"--engine ray: mix of input kinds {sorted(kinds)}; give text files, JSONL or parquet, not several"
        )
    return kinds.pop()


def _dataset(ray: Any, files: list[str], kind: str, encoding: str = "utf-8") -> Any:
    if kind == "jsonl":
        return ray.data.read_json(files, lines=True)
    if kind == "parquet":
        return ray.data.read_parquet(files)
    rows = []
    for name in files:
        try:
            rows.append({"source": name, "text": Path(name).read_text(encoding=encoding), "read_error": None})
        except (OSError, UnicodeDecodeError) as err:  # the row fails, the job goes on
            rows.append({"source": name, "text": None, "read_error": f"{type(err).__name__}: {err}"})
    return ray.data.from_items(rows)


def _merge_read_error(row: dict[str, Any]) -> dict[str, Any]:
    """A file that could not be read reports why, not only that its text is missing."""
    error = row.pop("read_error", None)
    if error is not None:
        row["gliner2_error"] = error
    return row


def _write(out: Any, output: str | None) -> None:
    if output is not None and output.lower().rstrip("/").endswith(".parquet"):
        out.write_parquet(output)
        return
    if output is None:
        _write_lines(out, sys.stdout)
        return
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as handle:
        _write_lines(out, handle)


def _write_lines(out: Any, handle: IO[str]) -> None:
    for row in out.iter_rows():
        handle.write(json.dumps(_plain(row), ensure_ascii=False, default=str) + "\n")
    handle.flush()


def _plain(value: Any) -> Any:
    """Rows as plain JSON values (Ray hands back numpy arrays and scalars)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    tolist = getattr(value, "tolist", None)
    return _plain(tolist()) if callable(tolist) else value


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"got {value!r}; expected a positive integer")
    return number
