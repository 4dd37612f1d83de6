"""Checks shared by every schema type: prompt text, thresholds, unique names.

Every check raises :class:`~gliner2_core.errors.SchemaError` naming where the
value was, the value, and what is valid.
"""

from __future__ import annotations

from gliner2_core.errors import SchemaError

SPECIAL_TOKENS: tuple[str, ...] = (
    "[SEP_STRUCT]",
    "[SEP_TEXT]",
    "[P]",
    "[C]",
    "[E]",
    "[R]",
    "[L]",
    "[EXAMPLE]",
    "[OUTPUT]",
    "[DESCRIPTION]",
)


def check_text(where: str, value: object, *, allow_empty: bool = False) -> str:
    """Validate a label, name, description or prompt that goes into the prompt.

    Schema strings are tokenized with the special tokens active, so a string that
    contains ``[E]`` or ``[SEP_TEXT]`` would silently add schema markers. Such
    strings are rejected here.

    Args:
        where: Location used in the error message.
        value: The candidate string.
        allow_empty: Accept ``""`` (descriptions may be empty).

    Returns:
        The string, unchanged.

    Raises:
        SchemaError: If it is not a string, is blank, or contains a special token.
    """
    if not isinstance(value, str):
        raise SchemaError.invalid(where, value, "a string")
    if not allow_empty and not value.strip():
        raise SchemaError.invalid(where, value, "a non-empty string")
    for token in SPECIAL_TOKENS:
        if token in value:
            raise SchemaError.invalid(
                where, value, f"text without the reserved marker {token!r} (reserved: {', '.join(SPECIAL_TOKENS)})"
            )
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise SchemaError.invalid(where, value, "valid Unicode text (no lone surrogates)")
    return value


def check_threshold(where: str, value: object, *, optional: bool = True) -> float | None:
    """Validate a probability threshold in ``[0, 1]`` (``None`` allowed when optional)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise SchemaError.invalid(where, value, "a number between 0 and 1")
    return float(value)


def check_unique(where: str, names: tuple[str, ...]) -> None:
    """Reject duplicated names, naming the first duplicate."""
    seen = set()
    for name in names:
        if name in seen:
            raise SchemaError(f"{where}: duplicate name {name!r}; names must be unique")
        seen.add(name)
