"""GLiNER2 on Ray Data: extraction over millions of texts, on one machine or a cluster.

Example:
    >>> import ray
    >>> from gliner2_integrations.ray import GLiNER2Predictor, extract_dataset
    >>> ds = ray.data.read_parquet("s3://bucket/chunks/")                       # a 'text' column
    >>> out = ds.map_batches(GLiNER2Predictor, fn_constructor_kwargs={"schema": {"entities": ["person"]}},
    ...                      concurrency=4, batch_size=64)
    >>> out = extract_dataset(ds, {"entities": ["person"]}, concurrency=4)      # the same, in one call

Each actor loads the model once; every row gets a ``gliner2`` column (what
``GLiNER2.batch_extract`` returns for its text, or the validated Pydantic record as a
dict) and a ``gliner2_error`` column (``None``, or why that row failed: one bad row
never fails the job; a row without text, e.g. a JSON line missing the key, says so).
Columns the dataset already has are never overwritten: such a name is refused before
any row runs (``output_column=`` / ``error_column=`` choose others). Needs the ``ray``
extra (``pip install 'gliner2-kit[ray]'``); importing this package imports neither Ray nor torch.
"""

from importlib import import_module
from typing import Any

_LAZY = {
    "GLiNER2Predictor": "gliner2_integrations.ray.predictor",
    "extract_dataset": "gliner2_integrations.ray.dataset",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gliner2_integrations.ray' has no attribute {name!r}")
