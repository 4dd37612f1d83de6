"""Type and range checks of training settings, shared by the settings dataclasses.

Each check raises :class:`~gliner2_core.errors.SchemaError` naming the setting
(``run.steps``), the value given and the valid range, so a bad recipe is refused
before any data is read or any model is built.
"""

from __future__ import annotations

import math
from typing import Any

from gliner2_core.errors import SchemaError


def integer(where: str, value: Any, low: int, high: int | None = None, *, optional: bool = False) -> None:
    """``value`` is an integer (not a bool) in ``[low, high]`` (``high=None``: no upper bound)."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bound = f"an integer >= {low}" if high is None else f"an integer from {low} to {high}"
        raise SchemaError.invalid(where, value, bound + (" or null" if optional else ""))


def number(
    where: str, value: Any, low: float, high: float | None = None, *, above: bool = False, below: bool = False, optional: bool = False
) -> None:
    """``value`` is a finite number between ``low`` and ``high``; ``above``/``below`` exclude the ends."""
    if value is None and optional:
        return
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (value > low if above else value >= low) and (high is None or (value < high if below else value <= high))
    if not ok:
        left, right = "(" if above else "[", ")" if below or high is None else "]"
        span = f"a number in {left}{low}, {'inf' if high is None else high}{right}"
        raise SchemaError.invalid(where, value, span + (" or null" if optional else ""))


def text(where: str, value: Any, *, optional: bool = False) -> None:
    """``value`` is a non-empty string."""
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        raise SchemaError.invalid(where, value, "a non-empty string" + (" or null" if optional else ""))


def texts(where: str, value: Any, expected: str) -> None:
    """``value`` is a list (tuple) of non-empty strings; ``expected`` describes them for the message."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise SchemaError.invalid(where, value, expected)


def probabilities(owner: Any, where: str, names: tuple[str, ...]) -> None:
    """Each named attribute of ``owner`` is a number in [0, 1]."""
    for name in names:
        number(f"{where}.{name}", getattr(owner, name), 0.0, 1.0)
