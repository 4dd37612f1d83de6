"""Hostile inputs against the grounded-extraction viewer, in a real headless Chromium: exact outcomes.

Labels named after JavaScript object internals hide like any other; scores that are not
finite numbers show as unknown and keep the page's data valid JSON; direction and
invisible characters cannot make a name look like another; a lone surrogate in a text
cannot stop the page being written; thousands of highlights load and toggle quickly;
LangChain chunks tagged with document offsets (``start_index > 0``) are shown in chunk
coordinates for plain schemas too.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from langchain_core.documents import Document

from gliner2_core import SchemaError
from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.langchain import GLiNER2MetadataTagger
from gliner2_integrations.viz import Highlight, ViewDocument, from_langchain, from_output, render_html, write_html
from tests.gliner2_integrations.viz import conftest as viz_fixtures

browser = viz_fixtures.browser  # the headless Chromium and page opener of the viewer tests
open_page = viz_fixtures.open_page

OBJECT_INTERNALS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__"]
TEXT = "Angela Merkel met Emmanuel Macron in Berlin."


@pytest.fixture(scope="module")
def bundled_model():
    """The bundled gliner2-mini, loaded once per process."""
    return load_extractor(None)


def _span(word: str, label: str, confidence: float | None = 0.9, text: str = TEXT) -> Highlight:
    start = text.index(word)
    return Highlight(start, start + len(word), label, f"entities.{label}", confidence)


def _on(page) -> list[tuple[str, str]]:
    marks = page.locator(".g2-doc:not([hidden]) mark.g2-on")
    return [(marks.nth(i).inner_text(), marks.nth(i).get_attribute("data-label")) for i in range(marks.count())]


def _embedded_data(page_html: str) -> dict:
    raw = re.search(r'<script type="application/json" id="g2-data">(.*?)</script>', page_html, re.S).group(1)
    return json.loads(raw, parse_constant=lambda name: pytest.fail(f"{name} in the page's JSON"))


def _legend_box(page, label: str):
    """The legend checkbox of ``label`` (found by value without a CSS selector, which the label could break)."""
    boxes = page.locator("#g2-legend input")
    values = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    return boxes.nth(values.index(label))


@pytest.mark.parametrize("label", OBJECT_INTERNALS)
def test_a_label_named_after_a_javascript_object_internal_hides_and_shows_like_any_other(open_page, label):
    doc = ViewDocument("d", TEXT, (_span("Angela Merkel", label), _span("Berlin", "location")))
    page, _ = open_page(render_html([doc]))
    assert _on(page) == [("Angela Merkel", label), ("Berlin", "location")]
    box = _legend_box(page, label)
    box.uncheck()
    assert _on(page) == [("Berlin", "location")]
    assert page.locator("nav a .g2-count").first.inner_text() == "1"
    box.check()
    assert _on(page) == [("Angela Merkel", label), ("Berlin", "location")]


@pytest.mark.parametrize("score", [float("nan"), float("inf"), float("-inf")], ids=["nan", "inf", "-inf"])
def test_a_score_that_is_not_a_finite_number_shows_as_unknown_and_the_page_works(open_page, score):
    doc = from_output(
        TEXT,
        {
            "entities": {"person": [{"text": "Angela Merkel", "confidence": score, "start": 0, "end": 13}]},
            "sentiment": {"label": "neutral", "confidence": score},
            "meeting": [{"city": {"text": "Berlin", "confidence": score, "start": 37, "end": 43}}],
        },
    )
    page_html = render_html([doc])
    data = _embedded_data(page_html)  # strict JSON: no NaN or Infinity
    assert [h["confidence"] for h in data["docs"][0]] == [None, None]
    page, _ = open_page(page_html)  # no script error (the fixture asserts it)
    page.locator("#g2-threshold").fill("0.99")  # unknown scores are never hidden by the slider
    assert _on(page) == [("Angela Merkel", "person"), ("Berlin", "meeting.city")]
    page.locator(".g2-doc:not([hidden]) mark.g2-on").first.hover()
    assert page.locator("#g2-tip").inner_text() == "person · entities.person · no score"
    assert page.locator(".g2-chip").inner_text() == "sentiment: neutral unknown"
    assert page.locator(".g2-record td").nth(1).inner_text() == "Berlin unknown"


SPOOFS = {
    "right-to-left-override": ("invoice\u202egpj.exe", "invoice\\u202egpj.exe"),
    "right-to-left-isolate": ("a\u2067b\u2069", "a\\u2067b\\u2069"),
    "left-to-right-mark": ("\u200eadmin", "\\u200eadmin"),
    "zero-width-space": ("adm\u200bin", "adm\\u200bin"),
    "newline-and-escape": ("ok\n\x1b[31mFAILED", "ok\\u000a\\u001b[31mFAILED"),
    "nul": ("a\x00b", "a\\u0000b"),
    "line-separator": ("a\u2028b", "a\\u2028b"),
    "byte-order-mark": ("\ufeffname", "\\ufeffname"),
}


@pytest.mark.parametrize(("name", "shown"), SPOOFS.values(), ids=SPOOFS.keys())
def test_direction_and_invisible_characters_in_names_are_shown_written_out(open_page, name, shown):
    doc = ViewDocument(name, TEXT, (_span("Berlin", name),))
    page_html = render_html([doc], title=name)
    page, _ = open_page(page_html)
    assert page.title() == shown
    assert page.locator("header h1").inner_text() == shown
    assert page.locator(".g2-doc:not([hidden]) h2").inner_text() == shown
    assert page.locator("nav a .g2-title").inner_text() == shown
    assert page.locator("#g2-legend label").inner_text().rsplit(None, 1)[0] == shown
    page.locator(".g2-doc:not([hidden]) mark.g2-on").first.hover()
    assert page.locator("#g2-tip").inner_text().startswith(shown + " · ")
    page.locator("#g2-legend input").first.uncheck()  # the legend still addresses the label's highlights
    assert _on(page) == []


def test_emoji_sequences_in_names_keep_their_joiners():
    from gliner2_integrations.viz.render import shown_name

    assert shown_name("👩\u200d👩\u200d👧 family") == "👩\u200d👩\u200d👧 family"


def test_a_lone_surrogate_in_a_text_is_shown_as_a_replacement_character_and_offsets_still_match(open_page, tmp_path):
    text = "Tim \ud800 Cook met Angela Merkel."
    doc = ViewDocument("s", text, (_span("Angela Merkel", "person", text=text),))
    path = write_html([doc], tmp_path / "page.html")
    page, _ = open_page(path.read_text(encoding="utf-8"))
    assert page.locator(".g2-doc:not([hidden]) .g2-text").inner_text() == text.replace("\ud800", "\ufffd")
    assert _on(page) == [("Angela Merkel", "person")]


def test_sixteen_thousand_highlights_load_and_toggle_in_seconds(open_page):
    text = "word " * 16_000
    highlights = tuple(Highlight(i * 5, i * 5 + 4, f"label{i % 4}", "f", (i % 100) / 100) for i in range(16_000))
    began = time.perf_counter()
    page_html = render_html([ViewDocument("big", text, highlights)])
    assert time.perf_counter() - began < 3.0
    began = time.perf_counter()
    page, _ = open_page(page_html)
    page.locator("#g2-threshold").fill("0.5")
    assert page.locator("nav a .g2-count").inner_text() == "8000"
    assert time.perf_counter() - began < 20.0


@pytest.mark.parametrize("pair", [[1], [3, "x"], "nope", [True, 4], [2.5, 7]], ids=["one", "text", "string", "bool", "float"])
def test_a_malformed_stored_span_is_refused_naming_its_metadata_entry(pair):
    metadata = {"gliner2": {"visit": {"city": "Berlin"}, "spans": {"visit.city": [pair]}}}
    with pytest.raises(SchemaError, match=r"metadata gliner2\.spans\.visit\.city: got .*; expected \[start, end\]"):
        from_langchain([Document(TEXT, metadata=metadata)])


@pytest.mark.parametrize("start", [True, 1.0, -1, 99])
def test_a_highlight_offset_that_is_not_an_index_into_the_text_is_refused(start):
    with pytest.raises(SchemaError, match="highlights of 'd': span 'f'"):
        ViewDocument("d", TEXT, (Highlight(start, 3, "x", "f"),))


def _chunk() -> tuple[str, int]:
    document = "Intro line.\nAngela Merkel visited Paris with Emmanuel Macron.\nThe end."
    start = document.index("Angela")
    return document[start : document.index("\nThe end")], start


@pytest.mark.parametrize("mode", ["json", "flat"])
def test_a_plain_schema_chunk_with_a_start_index_is_shown_in_chunk_coordinates(bundled_model, mode):
    chunk, start = _chunk()
    tagger = GLiNER2MetadataTagger(
        model={"entities": ["person", "city"]},
        extractor=bundled_model,
        metadata_mode=mode,
        include_spans=True,
        include_confidence=True,
    )
    with_start, without = tagger.transform_documents([Document(chunk, metadata={"start_index": start}), Document(chunk)])
    views = from_langchain([with_start, without])
    expected = [("Angela Merkel", "person"), ("Paris", "city"), ("Emmanuel Macron", "person")]
    for view in views:
        assert sorted((chunk[h.start : h.end], h.label) for h in view.highlights) == sorted(expected)
        assert view.classifications == ()  # the stored "offsets" entry is not a classification


def test_offsets_stored_as_chunk_offsets_are_not_shifted_even_when_the_chunk_has_a_start():
    chunk, start = _chunk()
    mention = {"text": "Paris", "confidence": 0.9, "start": chunk.index("Paris"), "end": chunk.index("Paris") + 5}
    metadata = {"start_index": start, "gliner2": {"entities": {"city": [mention]}, "offsets": "chunk"}}
    [view] = from_langchain([Document(chunk, metadata=metadata)])
    assert [chunk[h.start : h.end] for h in view.highlights] == ["Paris"]
