"""Checks on what the integrations send to the model: each text on its own, options once.

A bad text (``None``, bytes, a lone surrogate) must fail only its own document, with
an error that names it, so these checks run per text before the batched model
call. Options are checked once, before anything runs, so a bad option fails the
whole call instead of every document alike.

Importing this module does not import torch.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from gliner2_core import SchemaError

logger = logging.getLogger(__name__)

_PREVIEW = 40


class Failed:
    """The error of one text in :func:`call_isolated`'s answer (an exception is never a result)."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def run_typed(model: Any, texts: list[str], spec: Any, **options: Any) -> list[Any]:
    """One batched call returning typed :class:`~gliner2_core.Extraction` objects (``GLiNER2.run``).

    An extractor without ``run`` (e.g. the reference library's model) gives its
    ``batch_extract`` dicts with confidences and offsets instead; the Pydantic
    mapping reads both.
    """
    run = getattr(model, "run", None)
    if callable(run):
        return run(texts, spec, **options)
    return model.batch_extract(texts, spec, include_confidence=True, include_spans=True, **options)


def call_isolated(call: Callable[[list[str]], list[Any]], texts: list[str]) -> list[Any]:
    """``call(texts)``, or, when it fails, the same with the failing texts isolated by halving.

    Args:
        call: One batched model call (returns one output per text, in order).
        texts: The texts.

    Returns:
        One output per text; a :class:`Failed` holding the error for each text that breaks the call.
    """
    if not texts:
        return []
    try:
        return call(texts)
    except Exception as err:  # noqa: BLE001 - isolated per text below
        if len(texts) == 1:
            logger.debug("extraction failed for one text: %s: %s", type(err).__name__, err)
            return [Failed(err)]
        logger.warning("extraction of %d texts failed (%s); splitting the batch to isolate it", len(texts), err)
        middle = len(texts) // 2
        return call_isolated(call, texts[:middle]) + call_isolated(call, texts[middle:])


def text_problem(text: Any, where: str) -> SchemaError | None:
    """Why ``text`` cannot be sent to the model (``None`` when it can).

    Args:
        text: One document's text.
        where: How the caller names it, e.g. ``"documents[3].page_content"``.

    Returns:
        A :class:`SchemaError` naming ``where``, the value and what is valid, or ``None``.

    Example:
        >>> str(text_problem(None, "documents[1].page_content"))
        'documents[1].page_content: got NoneType (None); expected a str'
    """
    if not isinstance(text, str):
        hint = "; decode bytes first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
        return SchemaError(f"{where}: got {type(text).__name__} ({_preview(text)}); expected a str{hint}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return SchemaError(
            f"{where}: holds a lone surrogate {text[err.start]!r} at character {err.start}; expected valid "
            "Unicode (decode your bytes with errors='replace', or encode/decode with 'surrogatepass' first)"
        )
    return None


def check_options(*, threshold: Any, batch_size: Any) -> None:
    """Validate the options every integration passes (before any text is read).

    Raises:
        SchemaError: Naming the option, the value and the valid range.
    """
    if threshold is not None and (  # None: the model's calibrated defaults
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or math.isnan(threshold)
        or not 0.0 <= threshold <= 1.0
    ):
        raise SchemaError.invalid("threshold", threshold, "a number between 0 and 1, or None (the model's default)")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise SchemaError.invalid("batch_size", batch_size, "a positive int")


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 3] + "..."
