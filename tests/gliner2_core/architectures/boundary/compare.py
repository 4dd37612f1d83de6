"""Comparing decoded results of ours and the reference, recursively, floats within a tolerance."""

from __future__ import annotations

ATOL = 1e-5


def assert_same(ours, theirs, path="result", *, key_order=False, label_ties=False, atol=ATOL):
    """Equal results, floats within ``atol``.

    Args:
        key_order: Dicts must list their keys in the same order (else: the same keys).
        label_ties: A ``{"label", "confidence"}`` dict may name another label when the two
            confidences agree within ``atol``: random heads can score a group's labels equal to
            within float noise, and then either label is right.
    """
    if (
        label_ties
        and isinstance(theirs, dict)
        and set(theirs) == {"label", "confidence"}
        and ours.get("label") != theirs["label"]
    ):
        assert abs(ours["confidence"] - theirs["confidence"]) <= atol, f"{path}: {ours} != {theirs}"
    elif isinstance(theirs, float):
        assert isinstance(ours, float) and abs(ours - theirs) <= atol, f"{path}: {ours} != {theirs}"
    elif isinstance(theirs, dict):
        same_keys = list(ours) == list(theirs) if key_order else ours.keys() == theirs.keys()
        assert isinstance(ours, dict) and same_keys, f"{path}: {ours} != {theirs}"
        for key in theirs:
            assert_same(ours[key], theirs[key], f"{path}.{key}", key_order=key_order, label_ties=label_ties, atol=atol)
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), f"{path}: {ours} != {theirs}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same(a, b, f"{path}[{i}]", key_order=key_order, label_ties=label_ties, atol=atol)
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"
