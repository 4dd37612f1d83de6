import pytest

from gliner2_core.processing.windows import plan_windows


def test_a_text_that_fits_is_one_window():
    assert [(w.start, w.end, w.own_start, w.own_end) for w in plan_windows([2] * 10, budget=100)] == [(0, 10, 0, 10)]


@pytest.mark.parametrize("words, budget, max_words", [(1000, 120, None), (300, 512, 50), (77, 40, None)])
def test_windows_cover_every_word_and_own_every_start_exactly_once(words, budget, max_words):
    lengths = [1 + (i % 3) for i in range(words)]
    windows = plan_windows(lengths, budget=budget, max_words=max_words, min_overlap=16)
    assert windows[0].start == 0 and windows[-1].end == words
    owned = [i for w in windows for i in range(w.own_start, w.own_end)]
    assert owned == list(range(words))
    for w in windows:
        assert sum(lengths[w.start : w.end]) <= budget or w.end - w.start == 1
        if max_words:
            assert w.end - w.start <= max_words


def test_spans_up_to_max_width_that_start_in_an_owned_range_fit_in_that_window():
    windows = plan_windows([1] * 500, budget=60, min_overlap=16)
    for w in windows:
        for start in range(w.own_start, w.own_end):
            assert w.start <= start and min(start + 8, 500) <= w.end
