"""Merging the windows of a long text: nothing found twice, nothing lost at an edge."""

import torch

from gliner2_core import Schema
from gliner2_core.architectures.span.document import DocumentDecoder
from gliner2_core.architectures.span.outputs import TaskScores
from gliner2_core.decoding.format import to_reference_dict


def _rows(tiny_model, text, spec):
    rows = tiny_model.processor.encode(text, spec, max_words=40)
    assert len(rows) > 2
    return rows


def _scores_marking(row, doc_word, width, logit=5.0):
    """Entity logits that mark one document span (if the row holds it) for label 0."""
    n = len(row.word_positions)
    logits = torch.full((1, 1, n, 8), -10.0)
    local = doc_word - row.window.start
    if local >= 0 and local + width < row.window.end - row.window.start:
        logits[0, 0, row.prompt.num_prefix_words + local, width] = logit
    return [TaskScores(count=1, span_logits=logits)]


def test_a_mention_in_the_overlap_of_two_windows_is_reported_once(tiny_model):
    text = " ".join(f"w{i}" for i in range(200)) + " Ada Lovelace " + " ".join(f"v{i}" for i in range(200))
    spec = Schema().entities(["person"]).build()
    rows = _rows(tiny_model, text, spec)
    target = rows[0].words.words.index("ada")
    holders = [r for r in rows if r.window.start <= target and target + 1 < r.window.end]
    assert len(holders) >= 2, "the test needs the mention inside an overlap"
    decoder = DocumentDecoder(spec, text=text, threshold=0.5, windowed=True)
    for row in rows:
        decoder.add(row, _scores_marking(row, target, 1))
    result = to_reference_dict(decoder.finish(), include_spans=True)
    assert result["entities"]["person"] == [{"text": "Ada Lovelace", "start": text.index("Ada"), "end": text.index("Ada") + 12}]


def test_a_mention_straddling_a_window_edge_is_found_by_the_window_that_holds_it(tiny_model):
    rows_probe = _rows(tiny_model, " ".join(f"w{i}" for i in range(400)), Schema().entities(["person"]).build())
    edge = rows_probe[0].window.end - 1  # last word of window 0: a 2-word mention starting here crosses the edge
    words = [f"w{i}" for i in range(400)]
    words[edge], words[edge + 1] = "Grace", "Hopper"
    text = " ".join(words)
    spec = Schema().entities(["person"]).build()
    rows = _rows(tiny_model, text, spec)
    decoder = DocumentDecoder(spec, text=text, threshold=0.5, windowed=True)
    for row in rows:
        decoder.add(row, _scores_marking(row, edge, 1))
    result = to_reference_dict(decoder.finish())
    assert result["entities"]["person"] == ["Grace Hopper"]


def test_long_text_through_the_model_gives_valid_unique_offsets(tiny_model):
    sentence = "Tim Cook works for Apple in Paris, and Ada Lovelace wrote notes in London. "
    text = sentence * 120
    result = tiny_model.extract_entities(text, ["person", "location"], threshold=0.3, include_spans=True)
    seen = set()
    for label, items in result["entities"].items():
        for item in items:
            assert text[item["start"] : item["end"]] == item["text"]
            assert (label, item["start"], item["end"]) not in seen
            seen.add((label, item["start"], item["end"]))
    assert max(item["end"] for items in result["entities"].values() for item in items) > len(text) * 0.9
