"""The bundled gliner2-mini: loads offline, checks its hashes, extracts the obvious."""

import pytest

from gliner2_core import CheckpointError, GLiNER2, embedded


@pytest.fixture(scope="module")
def mini():
    return GLiNER2.from_pretrained()


def test_bundled_model_loads_offline_by_name_and_by_default(mini):
    assert GLiNER2.from_pretrained("gliner2-mini").config == mini.config
    assert embedded.WEIGHTS.stat().st_size <= 40 * 10**6


def test_tampered_bundled_weights_are_refused(monkeypatch):
    embedded.manifest.cache_clear()
    original = embedded.manifest()
    monkeypatch.setattr(embedded, "manifest", lambda: {**original, "weights_sha256": "0" * 64})
    with pytest.raises(CheckpointError, match="integrity check"):
        GLiNER2.from_pretrained()


def test_finds_the_obvious_entities(mini):
    result = mini.extract_entities("Angela Merkel met Emmanuel Macron in Berlin to discuss Airbus.", ["person", "location", "organisation"])
    assert result == {"entities": {"person": ["Angela Merkel", "Emmanuel Macron"], "location": ["Berlin"], "organisation": ["Airbus"]}}


def test_picks_the_obvious_class(mini):
    intents = ["book flight", "cancel reservation", "weather", "play music"]
    assert mini.classify_text("Please cancel my reservation at the Italian restaurant tonight.", {"intent": intents}) == {"intent": "cancel reservation"}
    assert mini.classify_text("This movie was absolutely wonderful, I loved every minute.", {"sentiment": ["positive", "negative"]}) == {"sentiment": "positive"}


def test_fills_the_obvious_fields_of_a_record(mini):
    result = mini.extract_json(
        "Contact: Priya Raman, Head of Data at Northwind Logistics, Seattle.",
        {"contact": ["name::str", "company::str", "job title::str", "city::str"]},
    )
    (record,) = result["contact"]
    assert (record["name"], record["company"], record["city"]) == ("Priya Raman", "Northwind Logistics", "Seattle")


def test_save_pretrained_writes_a_normal_full_checkpoint(mini, tmp_path):
    mini.save_pretrained(tmp_path / "mini")
    again = GLiNER2.from_pretrained(tmp_path / "mini")
    text = "Angela Merkel met Emmanuel Macron in Berlin."
    assert again.extract_entities(text, ["person"]) == mini.extract_entities(text, ["person"])
