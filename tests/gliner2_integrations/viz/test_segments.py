"""Properties of the viewer's segmenting (hypothesis), checked against the definition, and its speed."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from gliner2_integrations.viz import Highlight, segments


@st.composite
def texts_with_highlights(draw: st.DrawFn) -> tuple[str, list[Highlight]]:
    """A text and up to 40 spans inside it: overlapping, nested, identical and adjacent ones included."""
    text = draw(st.text(min_size=1, max_size=60))
    spans = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda p: p[0] < p[1])
    pairs = draw(st.lists(spans, max_size=40))
    labels = st.sampled_from(["person", "__proto__", "constructor", "a.b"])
    return text, [Highlight(s, e, draw(labels), f"f{i}") for i, (s, e) in enumerate(pairs)]


def _covering_by_definition(highlights: list[Highlight], start: int, end: int) -> list[int]:
    return [i for i, h in enumerate(highlights) if h.start <= start and end <= h.end]


@settings(max_examples=300, deadline=None)
@given(texts_with_highlights())
def test_segments_tile_the_text_and_list_exactly_the_highlights_covering_each(case):
    text, highlights = case
    out = segments(text, highlights)
    assert out[0][0] == 0 and out[-1][1] == len(text)
    for (_, end, _), (start, _, _) in zip(out, out[1:], strict=False):
        assert end == start  # contiguous, no gaps or overlaps
    for start, end, covering in out:
        assert start < end
        assert covering == _covering_by_definition(highlights, start, end)


@settings(max_examples=300, deadline=None)
@given(texts_with_highlights())
def test_every_highlight_is_the_union_of_the_segments_that_list_it(case):
    text, highlights = case
    out = segments(text, highlights)
    for index, h in enumerate(highlights):
        pieces = [(s, e) for s, e, covering in out if index in covering]
        assert pieces[0][0] == h.start and pieces[-1][1] == h.end
        assert sum(e - s for s, e in pieces) == h.end - h.start


@settings(max_examples=200, deadline=None)
@given(texts_with_highlights())
def test_segment_boundaries_are_exactly_the_span_boundaries(case):
    text, highlights = case
    cuts = {0, len(text)} | {h.start for h in highlights} | {h.end for h in highlights}
    out = segments(text, highlights)
    assert {s for s, _, _ in out} | {out[-1][1]} == cuts


@given(st.text(max_size=30))
def test_text_without_highlights_is_one_uncovered_segment(text):
    assert segments(text, []) == ([(0, len(text), [])] if text else [])


def test_twenty_thousand_highlights_are_segmented_in_well_under_two_seconds():
    # the former pairwise scan took about 12 s for 16k highlights
    text = "word " * 20_000
    highlights = [Highlight(i * 5, i * 5 + 4, f"label{i % 7}", "f") for i in range(20_000)]
    highlights += [Highlight(i * 5, i * 5 + 9, "pair", "g") for i in range(0, 20_000, 2)]  # overlapping ones too
    began = time.perf_counter()
    out = segments(text, highlights)
    elapsed = time.perf_counter() - began
    assert elapsed < 2.0, elapsed
    assert len(out) == 40_000 and out[0] == (0, 4, [0, 20_000])
