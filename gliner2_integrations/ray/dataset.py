"""``extract_dataset``: map a Ray dataset through :class:`GLiNER2Predictor` in one call."""

from __future__ import annotations

import logging
from typing import Any

from gliner2_core.errors import SchemaError
from gliner2_integrations.ray.predictor import ERROR_COLUMN, OUTPUT_COLUMN, check_new_columns
from gliner2_integrations.ray.rows import mark_bytes

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
    # Each block on its own, before Ray joins blocks into batches: which rows really hold bytes (Ray
    # types a batch of str and bytes rows as binary). With the predictor's own resource arguments the
    # pass fuses into the actors' operator (Ray's map fusion: task map -> actor map) and runs there,
    # block by block: no task per block (seconds each on data of many small blocks), and no task that
    # waits for a CPU the actors hold when they reserve the whole cluster.
    marked = ds.map_batches(mark_bytes, fn_args=(text_column,), batch_size=None, batch_format=None, **remote_args)
    return marked.map_batches(
        GLiNER2Predictor,
        fn_constructor_kwargs={"schema": schema, "text_column": text_column, **options},
        compute=compute,
        batch_size=ray_batch_size,
        batch_format="numpy",
        **remote_args,
    )


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
