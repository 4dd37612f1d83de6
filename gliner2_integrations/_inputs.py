"""Checks on what the integrations send to the model: each text on its own, options once.

A bad text (``None``, bytes, a lone surrogate) must fail only its own document, with
an error that names it, so these checks run per text before the batched model
call. Options are checked once, before anything runs, so a bad option fails the
whole call instead of every document alike.

Importing this module does not import torch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from gliner2_core import SchemaError
from gliner2_core.extraction import Extraction
from gliner2_core.options import ExtractOptions
from gliner2_integrations._reference import run_reference

logger = logging.getLogger(__name__)

_PREVIEW = 40
_EXPECTED = {  # the integrations' wording of ExtractOptions' checks, in the order they are reported
    "threshold": "a number between 0 and 1, or None (the model's default)",
    "batch_size": "a positive int",
}


class Failed:
    """The error of one text in :func:`call_isolated`'s answer (an exception is never a result)."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def run_typed(model: Any, texts: list[str], spec: Any, options: ExtractOptions) -> list[Extraction]:
    """One batched call returning typed :class:`~gliner2_core.Extraction` objects (``GLiNER2.run``).

    An extractor without ``run`` (e.g. the reference library's model) is called through
    :func:`gliner2_integrations._reference.run_reference`, the one place its dicts are read.
    """
    run = getattr(model, "run", None)
    if callable(run):
        return run(texts, spec, options)
    return run_reference(model, texts, spec, options)


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


def extract_options(options: ExtractOptions | None = None, **settings: Any) -> ExtractOptions:
    """One :class:`ExtractOptions` from a host's settings (``options`` with ``settings`` applied).

    :class:`ExtractOptions` does the checking; a bad ``threshold`` or ``batch_size`` is reported
    in the integrations' words (what their documentation and error messages have always said).

    Raises:
        SchemaError: Naming the option, the value and what is valid (before any text is read).

    Example:
        >>> extract_options(threshold=1.5)
        Traceback (most recent call last):
        SchemaError: threshold: got 1.5; expected a number between 0 and 1, or None (the model's default)
    """
    for name, expected in _EXPECTED.items():
        if name in settings:
            try:
                ExtractOptions.build(**{name: settings[name]})
            except SchemaError:
                raise SchemaError.invalid(name, settings[name], expected) from None
    return ExtractOptions.build(options, **settings)


def check_options(*, threshold: Any, batch_size: Any) -> None:
    """Validate the options every integration passes (:func:`extract_options`, for callers that keep their own).

    Raises:
        SchemaError: Naming the option, the value and the valid range.
    """
    extract_options(threshold=threshold, batch_size=batch_size)


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 3] + "..."
