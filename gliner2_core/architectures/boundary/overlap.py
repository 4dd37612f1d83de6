"""Choosing among overlapping candidate spans of one label (the boundary model's ``overlap_policy``).

Candidates are ``(score, start, end)`` with half-open ``[start, end)``. Exact
duplicates keep their best-ranked copy; then:

* ``"flat"``: the non-overlapping set with the highest total score (weighted
  interval scheduling; equal totals prefer more spans, then the better-ranked set);
* ``"nested"``: greedily keep spans that nest in or are disjoint from kept ones;
* ``"longest"``: drop spans strictly inside another candidate;
* ``"allow"``: keep every distinct span.

The result is ranked by descending score, then start, then end.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Candidate = tuple[float, int, int]


def _rank(item: tuple[int, Candidate]) -> tuple:
    index, (score, start, end) = item
    return (-score, start, end, index)


def _flat(items: list[tuple[int, Candidate]]) -> list[tuple[int, Candidate]]:
    by_end = sorted(items, key=lambda it: (it[1][2], it[1][1], -it[1][0], it[0]))
    ends = [c[2] for _, c in by_end]
    # best[i]: (total, chosen positions in by_end) using the first i spans
    best: list[tuple[float, tuple[int, ...]]] = [(0.0, ())]

    def ranked(chosen: tuple[int, ...]) -> tuple:
        return tuple(sorted(_rank(by_end[i]) for i in chosen))

    for i, (_, (score, start, _end)) in enumerate(by_end):
        before = bisect.bisect_right(ends, start, 0, i)  # spans ending at or before this start
        total, chosen = best[before]
        take = (total + score, chosen + (i,))
        skip = best[i]
        if take[0] != skip[0]:
            best.append(take if take[0] > skip[0] else skip)
        elif len(take[1]) != len(skip[1]):
            best.append(take if len(take[1]) > len(skip[1]) else skip)
        else:
            best.append(take if ranked(take[1]) < ranked(skip[1]) else skip)
    return [by_end[i] for i in best[-1][1]]


def _nested(items: list[tuple[int, Candidate]]) -> list[tuple[int, Candidate]]:
    kept: list[tuple[int, Candidate]] = []
    for item in items:
        _, s, e = item[1]
        crossing = any(
            s < ke and ks < e and not ((s <= ks and ke <= e) or (ks <= s and e <= ke)) for _, (_, ks, ke) in kept
        )
        if not crossing:
            kept.append(item)
    return kept


def _longest(items: list[tuple[int, Candidate]]) -> list[tuple[int, Candidate]]:
    return [
        item
        for item in items
        if not any(
            os <= item[1][1] and item[1][2] <= oe and (os < item[1][1] or item[1][2] < oe) for _, (_, os, oe) in items
        )
    ]


def resolve_overlaps(candidates: Sequence[Candidate], policy: str) -> list[Candidate]:
    """Apply an overlap policy (see the module docstring); ``policy`` is already validated."""
    ranked = sorted(enumerate(candidates), key=_rank)
    distinct, seen = [], set()
    for item in ranked:
        key = (item[1][1], item[1][2])
        if key not in seen:
            seen.add(key)
            distinct.append(item)
    chosen = {"flat": _flat, "nested": _nested, "longest": _longest}.get(policy, lambda items: items)(distinct)
    return [candidate for _, candidate in sorted(chosen, key=_rank)]
