"""Fixtures of the CLI tests: the bundled model (loaded once per process) and a call spy."""

from __future__ import annotations

import threading

import pytest

from gliner2_integrations._runtime import load_extractor


@pytest.fixture(scope="session")
def bundled_model():
    """The bundled gliner2-mini, shared with every integration that loads it by default."""
    return load_extractor(None)


@pytest.fixture
def spy(monkeypatch):
    """Record every ``batch_extract`` call of a real model: ``spy(model)`` returns the list of calls."""

    def watch(model):
        calls = []
        original = model.batch_extract

        def batch_extract(texts, schema, **options):
            texts = list(texts)
            calls.append({"texts": texts, "options": options, "thread": threading.current_thread()})
            return original(texts, schema, **options)

        monkeypatch.setattr(model, "batch_extract", batch_extract)
        return calls

    return watch
