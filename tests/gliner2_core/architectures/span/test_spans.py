import random

from gliner2_core.architectures.span.spans import Span, select


def _naive(spans):
    kept = []
    for span in sorted(spans, key=lambda s: s.confidence, reverse=True):
        if all(span.start >= k.end or k.start >= span.end for k in kept):
            kept.append(span)
    return kept


def test_greedy_selection_keeps_the_most_confident_non_overlapping_spans():
    spans = [Span("Tim Cook", 0.9, 0, 8), Span("Tim", 0.95, 0, 3), Span("Cook works", 0.5, 4, 14), Span("Apple", 0.8, 19, 24)]
    assert select(spans) == [Span("Tim", 0.95, 0, 3), Span("Apple", 0.8, 19, 24), Span("Cook works", 0.5, 4, 14)]
    assert select(spans, "str") == [Span("Tim", 0.95, 0, 3)]


def test_fast_selection_equals_the_quadratic_definition():
    rng = random.Random(0)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 60)):
            start = rng.randint(0, 100)
            spans.append(Span("x", rng.random(), start, start + rng.randint(1, 12)))
        assert select(spans) == _naive(spans)


def test_equal_confidences_keep_text_order():
    spans = [Span("a", 0.5, 0, 2), Span("b", 0.5, 1, 3), Span("c", 0.5, 5, 6)]
    assert select(spans) == [Span("a", 0.5, 0, 2), Span("c", 0.5, 5, 6)]
