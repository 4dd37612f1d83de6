"""Deterministic train/dev/test assignment for sources that ship without splits.

The split of an example is a function of a stable key only (by default its
normalised text), never of file order or a random seed, so every run and every
machine agrees, and identical texts always land in the same split.
"""

from __future__ import annotations

import hashlib

_BUCKETS = 10_000


def text_key(text: str) -> str:
    """Normalise a text for split assignment and de-duplication (case and whitespace folded)."""
    return " ".join(text.casefold().split())


def assign_split(key: str, dev: float = 0.1, test: float = 0.1) -> str:
    """Assign ``key`` to ``"train"``, ``"dev"`` or ``"test"`` by its SHA-256 hash.

    Args:
        key: A stable identifier, e.g. :func:`text_key` of the example or a document id.
        dev: Share of keys that go to dev.
        test: Share of keys that go to test.

    Returns:
        The split name.
    """
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    bucket = int.from_bytes(digest[:8], "big") % _BUCKETS / _BUCKETS
    if bucket < test:
        return "test"
    if bucket < test + dev:
        return "dev"
    return "train"


def carve_dev(key: str, share: float = 0.1) -> str:
    """Split a source's train set into ``"train"`` and ``"dev"`` (for sources with train/test only)."""
    return assign_split(key, dev=share, test=0.0)
