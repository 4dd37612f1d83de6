"""Turning Python identifiers and values into the words a zero-shot encoder reads.

GLiNER2 matches label text against the input, so ``movie_title`` is shown to the
model as "movie title" and ``SupportTicket`` as "support ticket".
"""

from __future__ import annotations

import re

# Boundaries inside identifiers: "camelCase" -> "camel|Case", "HTTPServer" -> "HTTP|Server". Digits stay
# attached ("sha256", "ipv4", "line2"): splitting them garbles more names than it helps.
_CASE_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[_\s]+")


def humanise(identifier: str) -> str:
    """Words for a field or class name: split at underscores and case changes, lower-cased.

    Args:
        identifier: A Python identifier such as ``movie_title``, ``camelCase`` or ``SupportTicket``.

    Returns:
        Space-separated lower-case words (``"movie title"``, ``"camel case"``, ``"support ticket"``).

    Example:
        >>> humanise("billingAddress_line2")
        'billing address line2'
    """
    spaced = _CASE_BOUNDARY.sub(" ", identifier)
    return " ".join(word.lower() for word in _SEPARATORS.split(spaced) if word)


def humanise_choice(value: object) -> str:
    """Words for a choice value (a ``Literal`` value or an ``Enum`` value).

    Underscores become spaces; an all-capitals value (``"HIGH_PRIORITY"``)
    is lower-cased. Mixed case is kept, because choice values are often proper
    names ("PayPal", "iPhone") that splitting would garble.

    Args:
        value: The value; non-strings are shown through ``str``.

    Returns:
        The label shown to the model.
    """
    text = " ".join(word for word in _SEPARATORS.split(str(value)) if word)
    return text.lower() if text.isupper() else text
