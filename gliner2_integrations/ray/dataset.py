"""``extract_dataset``: map a Ray dataset through :class:`GLiNER2Predictor` in one call."""

from __future__ import annotations

import logging
from typing import Any

from gliner2_core.errors import SchemaError
from gliner2_integrations.ray.predictor import ERROR_COLUMN, OUTPUT_COLUMN, check_new_columns
from gliner2_integrations.ray.rows import STRING_TYPES, arrow_kind, mark_bytes

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 64  # rows per actor call: small enough for steady progress, large enough for full model batches


def extract_dataset(
    ds: Any,
    schema: Any,
    *,
    text_column: str = "text",
    concurrency: int | None = None,
    ray_batch_size: int = DEFAULT_BATCH_SIZE,
    num_cpus: float | None = None,
    **options: Any,
) -> Any:
    """The dataset with ``gliner2`` and ``gliner2_error`` columns added (lazy, like every Ray transform).

    Args:
        ds: A ``ray.data.Dataset`` with a text column.
        schema: A schema dict, ``Schema``, ``SchemaSpec`` or Pydantic model class.
        text_column: The column holding the texts.
        concurrency: Number of actors, each holding one model; ``None`` lets Ray
            scale the pool from one actor up to what the cluster holds.
        ray_batch_size: Rows per call of an actor (Ray's ``batch_size``; the model's own
            forward batches are ``batch_size`` among the options, default 8).
        num_cpus: CPUs reserved per actor (its thread count); default 1.
        **options: :class:`GLiNER2Predictor` options: ``model``, ``backend``, ``quantize``,
            ``threads``, ``policy``, ``many``, ``output_column``, ``error_column`` and the
            extraction options (``threshold``, ``include_confidence``, ...).

    Returns:
        The mapped dataset.

    Example:
        >>> out = extract_dataset(ray.data.read_parquet("chunks/"), Invoice, concurrency=8, num_cpus=2)
        >>> out.write_parquet("invoices/")
    """
    from ray.data import ActorPoolStrategy

    from gliner2_integrations.ray.predictor import GLiNER2Predictor

    if concurrency is not None and (
        isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1
    ):
        raise SchemaError.invalid("concurrency", concurrency, "a positive integer (actors) or None")
    if isinstance(ray_batch_size, bool) or not isinstance(ray_batch_size, int) or ray_batch_size < 1:
        raise SchemaError.invalid("ray_batch_size", ray_batch_size, "a positive integer (rows per actor call)")
    _check_columns(ds, text_column, options)
    compute = ActorPoolStrategy(size=concurrency) if concurrency else ActorPoolStrategy(min_size=1)
    remote_args = {"num_cpus": num_cpus} if num_cpus is not None else {}
    marked = ds
    if not _one_text_type(ds, text_column):
        # Each block on its own, before Ray joins blocks into batches: which rows really hold bytes.
        # No CPU reserved: the pass is a cheap Arrow scan, and with one it would wait forever for a
        # CPU that the actors hold when they reserve the whole cluster (2 actors x 1 CPU on 2 CPUs).
        marked = ds.map_batches(mark_bytes, fn_args=(text_column,), batch_size=None, batch_format=None, num_cpus=0)
    return marked.map_batches(
        GLiNER2Predictor,
        fn_constructor_kwargs={"schema": schema, "text_column": text_column, **options},
        compute=compute,
        batch_size=ray_batch_size,
        batch_format="numpy",
        **remote_args,
    )


def _one_text_type(ds: Any, text_column: str) -> bool:
    """True when, without running it, the dataset's text column is known to be all strings: joining
    its blocks then retypes no row, and the per-block marking pass (one Ray task per block: seconds
    for datasets of many small blocks) is not needed. A ``binary`` column is marked: Ray reports
    ``binary`` for blocks of strings and bytes together."""
    try:
        schema = ds.schema(fetch_if_missing=False)
        types = dict(zip(schema.names, schema.types, strict=True)) if schema is not None else {}
    except Exception as err:  # noqa: BLE001 - e.g. blocks Ray cannot unify: mark them
        logger.debug("the text column's type is not known before running (%s)", err)
        return False
    return text_column in types and arrow_kind(types[text_column]) in STRING_TYPES


def _check_columns(ds: Any, text_column: str, options: dict[str, Any]) -> None:
    """When the dataset's columns are known without running it: the text column is there, the outputs are new.

    Raises:
        SchemaError: Naming the column and the dataset's columns.
    """
    try:
        schema = ds.schema(fetch_if_missing=False)
    except Exception as err:  # noqa: BLE001 - e.g. blocks Ray cannot unify; the predictor checks each batch
        logger.debug("the dataset's schema is not known before running (%s)", err)
        return
    if schema is None:  # not known before running: the predictor checks each batch
        return
    columns = list(schema.names)
    if text_column not in columns:
        raise SchemaError.invalid("text_column", text_column, f"one of the dataset's columns {sorted(columns)}")
    check_new_columns(columns, options.get("output_column", OUTPUT_COLUMN), options.get("error_column", ERROR_COLUMN))
