"""The viewer page in a real headless Chromium: highlights, legend toggles, slider, hover, navigation, pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest

from gliner2_integrations.viz import from_output, render_html
from gliner2_integrations.viz.assets import PALETTE

TEXTS = [
    "Angela Merkel met Emmanuel Macron in Berlin.",
    "Siemens opened an office in Paris.",
    "Nothing to see here.",
]


def _mention(text: str, word: str, confidence: float) -> dict:
    start = text.index(word)
    return {"text": word, "confidence": confidence, "start": start, "end": start + len(word)}


def _outputs() -> list[dict]:
    a, b = TEXTS[0], TEXTS[1]
    return [
        {
            "entities": {
                "person": [_mention(a, "Angela Merkel", 0.95), _mention(a, "Emmanuel Macron", 0.55)],
                "location": [_mention(a, "Berlin", 0.80)],
            },
            "sentiment": {"label": "neutral", "confidence": 0.7},
        },
        {"entities": {"person": [], "location": [_mention(b, "Paris", 0.9)]}, "company": [{"name": _mention(b, "Siemens", 0.6)}]},
        {"entities": {"person": [], "location": []}},
    ]


@pytest.fixture
def viewer(open_page):
    docs = [from_output(t, o, title=f"doc{i}.txt") for i, (t, o) in enumerate(zip(TEXTS, _outputs(), strict=True))]
    return open_page(render_html(docs, title="test page"))


def _on(page) -> list[tuple[str, str]]:
    """(text, label) of the visible document's highlighted segments."""
    marks = page.locator(".g2-doc:not([hidden]) mark.g2-on")
    return [(marks.nth(i).inner_text(), marks.nth(i).get_attribute("data-label")) for i in range(marks.count())]


def test_page_loads_without_network_requests_and_highlights_every_span(viewer):
    page, requests = viewer
    assert requests == []
    assert _on(page) == [("Angela Merkel", "person"), ("Emmanuel Macron", "person"), ("Berlin", "location")]
    assert page.locator(".g2-doc:not([hidden]) .g2-chip").inner_text().startswith("sentiment: neutral")
    legend = page.locator("#g2-legend label")
    assert [legend.nth(i).inner_text().split()[0] for i in range(legend.count())] == ["person", "location", "company.name"]


def test_threshold_slider_hides_spans_scored_below_it(viewer):
    page, _ = viewer
    page.locator("#g2-threshold").fill("0.6")
    assert _on(page) == [("Angela Merkel", "person"), ("Berlin", "location")]
    assert page.locator("#g2-threshold-value").inner_text() == "0.60"
    assert page.locator("nav a").first.locator(".g2-count").inner_text() == "2"
    page.locator("#g2-threshold").fill("0.99")
    assert _on(page) == []
    page.locator("#g2-threshold").fill("0")
    assert len(_on(page)) == 3


def test_legend_checkbox_toggles_one_label(viewer):
    page, _ = viewer
    page.locator('#g2-legend input[value="person"]').uncheck()
    assert _on(page) == [("Berlin", "location")]
    page.locator('#g2-legend input[value="person"]').check()
    assert len(_on(page)) == 3


def test_hover_shows_label_field_and_confidence(viewer):
    page, _ = viewer
    page.locator(".g2-doc:not([hidden]) mark.g2-on").first.hover()
    tip = page.locator("#g2-tip")
    assert tip.is_visible()
    assert tip.inner_text() == "person · entities.person · 0.950"


def test_navigation_by_list_buttons_and_keys_shows_one_document_at_a_time(viewer):
    page, _ = viewer
    visible = page.locator(".g2-doc:not([hidden]) h2")
    assert visible.inner_text() == "doc0.txt"
    page.locator(".g2-doc:not([hidden]) .g2-next").click()
    assert visible.inner_text() == "doc1.txt"
    assert _on(page) == [("Siemens", "company.name"), ("Paris", "location")]
    assert page.locator(".g2-doc:not([hidden]) .g2-record h3").inner_text() == "company[0]"
    page.keyboard.press("ArrowRight")
    assert visible.inner_text() == "doc2.txt" and _on(page) == []
    page.keyboard.press("ArrowRight")  # wraps around
    assert visible.inner_text() == "doc0.txt"
    page.locator("nav a").nth(2).click()
    assert visible.inner_text() == "doc2.txt"
    assert page.locator("nav a.g2-current").inner_text().startswith("doc2.txt")
    assert page.locator(".g2-doc:not([hidden])").count() == 1


def test_document_text_cannot_inject_markup_or_script(open_page):
    text = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> Bob </script>'
    start = text.index("Bob")
    output = {"entities": {"</script><script>window.pwned=3</script>": [{"text": "Bob", "confidence": 0.9, "start": start, "end": start + 3}]}}
    page, requests = open_page(render_html([from_output(text, output, title="<b>x</b>")]))
    assert page.evaluate("window.pwned") is None
    assert page.locator(".g2-doc:not([hidden]) .g2-text").inner_text() == text
    assert page.locator(".g2-doc:not([hidden]) h2").inner_text() == "<b>x</b>"
    assert _on(page) == [("Bob", "</script><script>window.pwned=3</script>")]
    assert requests == []


def test_screenshot_shows_each_highlight_in_its_label_colour(viewer):
    from PIL import Image

    page, _ = viewer
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    assert shot.size == (1280, 800)
    for index, colour in ((0, PALETTE[0]), (2, PALETTE[1])):  # person, location
        mark = page.locator(".g2-doc:not([hidden]) mark.g2-on").nth(index)
        box = mark.bounding_box()
        assert box is not None
        area = shot.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
        expected = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        pixels = np.asarray(area, dtype=int).reshape(-1, 3)
        matching = int((np.abs(pixels - np.array(expected)).max(axis=1) <= 8).sum())
        assert matching > 0.4 * len(pixels), (matching, len(pixels), expected)  # the background; glyphs are the rest
