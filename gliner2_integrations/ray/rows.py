"""Rows in and out of Ray: which value is a text, which is missing, and rows as valid JSON.

Ray hands rows back in the shapes of its blocks: a missing JSON key or a null is
``None`` or a float NaN (pandas' missing value), numbers are numpy scalars, lists are
numpy arrays. And when blocks whose text column is ``str`` meet a block whose text
column is ``bytes``, Ray concatenates them into one binary column, so every text of the
batch arrives as bytes. :func:`mark_bytes` runs on each block before that happens and
records which rows really held bytes; :func:`restore_texts` undoes the promotion, so each
row is extracted from as its own block held it. (The text column of the output is then
typed by Ray again: Arrow has one type per column, so a batch mixing ``str`` and ``bytes``
rows comes back as one or the other, with the same content.)

Importing this module imports neither Ray nor torch (``pyarrow`` only inside :func:`mark_bytes`).
"""

from __future__ import annotations

import contextlib
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from gliner2_core.errors import SchemaError
from gliner2_integrations._inputs import text_problem

BYTES_MARK = "_gliner2_text_was_bytes"  # a column added by extract_dataset, removed by the predictor
BINARY_TYPES = ("binary", "large_binary", "fixed_size_binary", "binary_view")
STRING_TYPES = ("string", "large_string", "string_view")


def is_missing(value: Any) -> bool:
    """``True`` for the values Ray and pandas use for "no value": ``None``, NaN, ``pd.NA``, ``NaT``."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value)


def row_text_problem(value: Any, column: str, where: str) -> SchemaError | None:
    """Why ``value`` (a row's ``column``) cannot be extracted from; ``None`` when it can.

    Example:
        >>> str(row_text_problem(float("nan"), "body", "body[2]"))
        "body[2]: no text (the row has no 'body' value, or it is null); expected a str"
    """
    if is_missing(value):
        return SchemaError(f"{where}: no text (the row has no {column!r} value, or it is null); expected a str")
    return text_problem(value, where)


def plain(value: Any) -> Any:
    """``value`` as plain JSON values: numpy arrays and scalars as Python ones, NaN and infinities as ``None``.

    Example:
        >>> plain({"error": float("nan"), "ids": (1, 2)})
        {'error': None, 'ids': [1, 2]}
    """
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (str, bytes, bool, int)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    tolist = getattr(value, "tolist", None)
    if callable(tolist):  # numpy arrays and scalars
        return plain(tolist())
    return None if is_missing(value) else value


def arrow_kind(arrow_type: Any) -> str:
    """The name of an Arrow type without its parameters: ``"string"``, ``"binary"``, ``"list"``."""
    return str(arrow_type).split("[")[0].split("<")[0]


def mark_bytes(block: Any, column: str) -> Any:
    """``block`` (a pyarrow table or a pandas frame, as Ray stores it) with a :data:`BYTES_MARK` column.

    The column says, for each row, whether its text is bytes. The block keeps its format,
    so no column is retyped (a pandas block of mixed values stays a pandas block).
    """
    is_pandas = hasattr(block, "iloc")
    columns = list(block.columns) if is_pandas else block.column_names
    if column not in columns or BYTES_MARK in columns:
        return block
    if is_pandas:
        marked = block.copy(deep=False)
        marked[BYTES_MARK] = [isinstance(value, (bytes, bytearray)) for value in block[column]]
        return marked
    import pyarrow as pa

    values = block.column(column)
    kind = arrow_kind(values.type)
    if kind in BINARY_TYPES:
        flags = [value is not None for value in values.to_pylist()]
    elif kind in STRING_TYPES:
        flags = [False] * block.num_rows
    else:  # Python objects (a mixed column Ray could not type): look at each value
        flags = [isinstance(value, (bytes, bytearray)) for value in values.to_pylist()]
    return block.append_column(BYTES_MARK, pa.array(flags, type=pa.bool_()))


def restore_texts(texts: Sequence[Any], was_bytes: Sequence[Any] | None) -> list[Any]:
    """The texts as their rows held them: ``str`` again where Ray promoted a ``str`` row to bytes, and
    ``None`` where numpy shows a missing text as ``NaN``.

    Example:
        >>> restore_texts([b"Tim", b"\\xff"], [False, True])
        ['Tim', b'\\xff']
    """
    flags = [True] * len(texts) if was_bytes is None else was_bytes  # unmarked: bytes stay bytes
    restored = []
    for text, flag in zip(texts, flags, strict=True):
        if isinstance(text, float) and math.isnan(text):  # a missing text (an Arrow null) as numpy shows it
            text = None
        elif isinstance(text, (bytes, bytearray)) and not bool(flag):
            with contextlib.suppress(UnicodeDecodeError):  # Arrow stores str as UTF-8: the promotion is exact
                text = bytes(text).decode("utf-8")
        restored.append(text)
    return restored
