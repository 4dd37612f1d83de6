"""One model shared by many threads gives exactly the results of sequential calls.

Caches (word ids, prompts) and the runner are shared between threads; a race
would show up as a result that differs from the sequential one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from gliner2_core import Schema

TEXTS = [
    "Tim Cook works for Apple in Paris.",
    "Steve Jobs founded Apple.",
    "",
    "Google announced a new product in London [E] [SEP_TEXT].",
    "The customer support ticket about the delayed order was urgent.",
    "東京 and Berlin are cities; 🙂 é ü.",
    "Invoice total due: 1,250.00 by 2026-01-31.",
    "He wrote a book about music.",
]


def _schemas() -> list[Schema]:
    return [
        Schema().entities(["person", "company", "location"]),
        Schema().classification("tone", ["positive", "negative", "neutral"]).entities({"product": "a thing sold"}),
        Schema().relations(["works for", "founded"]),
    ]


def test_eight_threads_times_sixteen_calls_match_sequential_results(tiny_model):
    schemas = _schemas()
    calls = [(TEXTS[i % len(TEXTS)], schemas[i % len(schemas)]) for i in range(16)]
    options = {"include_confidence": True, "include_spans": True}
    expected = [tiny_model.extract(text, schema, **options) for text, schema in calls]

    def worker(offset: int) -> list[dict]:
        order = calls[offset:] + calls[:offset]  # each thread in a different order
        results = [tiny_model.extract(text, schema, **options) for text, schema in order]
        return results[-offset:] + results[:-offset] if offset else results

    with ThreadPoolExecutor(max_workers=8) as pool:
        per_thread = list(pool.map(worker, range(8)))
    assert all(results == expected for results in per_thread)


def test_threads_mixing_batch_and_single_calls_match_sequential_results(tiny_model):
    schema = _schemas()[0]
    expected = tiny_model.batch_extract(TEXTS, schema, batch_size=3)

    def worker(index: int) -> list[dict]:
        if index % 2:
            return tiny_model.batch_extract(TEXTS, schema, batch_size=1 + index % 4)
        return [tiny_model.extract(text, schema) for text in TEXTS]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(results == expected for results in pool.map(worker, range(8)))
