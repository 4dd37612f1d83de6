"""De-duplicating the relation edges of one document, with the reference's rules.

Relation pairs come from a capped head x tail cross product, so the same fact
shows up several times: with a mention and a mention contained in it, or with
two occurrences of the same name. The rules, in order:

1. a head (tail) mention contained in another head (tail) mention of the same
   relation is replaced by the longest (then leftmost) mention containing it;
2. equal (head, tail) offsets keep the best-scoring edge;
3. equal (head, tail) texts (case- and space-insensitive) keep the closest pair,
   then the best score, then the leftmost;
4. an edge whose head (tail) words are a strict subset of another edge's, with
   the same other side, is dropped.

Edges come out sorted by head start, tail start, then descending score.
"""

from __future__ import annotations

from typing import NamedTuple

from gliner2_core.extraction import Span


class Edge(NamedTuple):
    """A scored relation pair: the pair probability and both mentions (with their own probabilities)."""

    score: float
    head: Span
    tail: Span


def _canonical(mentions: list[Span]) -> dict[tuple[int, int], Span]:
    by_offsets = {(m.start, m.end): m for m in mentions}
    out = {}
    for start, end in by_offsets:
        containing = [m for m in by_offsets.values() if m.start <= start and m.end >= end]
        out[(start, end)] = max(containing, key=lambda m: (m.end - m.start, -m.start))
    return out


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def _distance(edge: Edge) -> int:
    return max(edge.head.start - edge.tail.end, edge.tail.start - edge.head.end, 0)


def deduplicate_edges(edges: list[Edge]) -> list[Edge]:
    """Apply the rules of the module docstring."""
    if len(edges) < 2:
        return edges
    heads = _canonical([e.head for e in edges])
    tails = _canonical([e.tail for e in edges])
    exact: dict[tuple[int, int, int, int], Edge] = {}
    for edge in edges:
        head, tail = heads[(edge.head.start, edge.head.end)], tails[(edge.tail.start, edge.tail.end)]
        key = (head.start, head.end, tail.start, tail.end)
        if key not in exact or edge.score > exact[key].score:
            exact[key] = Edge(edge.score, head, tail)
    semantic: dict[tuple[str, str], Edge] = {}
    for edge in exact.values():
        key = (_words(edge.head.text), _words(edge.tail.text))
        rank = (_distance(edge), -edge.score, edge.head.start, edge.tail.start)
        previous = semantic.get(key)
        if previous is None or rank < (_distance(previous), -previous.score, previous.head.start, previous.tail.start):
            semantic[key] = edge
    values = list(semantic.values())
    token_sets = [(set(_words(e.head.text).split()), set(_words(e.tail.text).split())) for e in values]
    kept = [
        edge
        for i, edge in enumerate(values)
        if not any(
            j != i
            and ((token_sets[i][0] < h and token_sets[i][1] == t) or (token_sets[i][1] < t and token_sets[i][0] == h))
            for j, (h, t) in enumerate(token_sets)
        )
    ]
    return sorted(kept, key=lambda e: (e.head.start, e.tail.start, -e.score))
