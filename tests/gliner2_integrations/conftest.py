"""Fixtures of the integration tests: the bundled model (loaded once per process) and a call spy."""

from __future__ import annotations

import threading

import pytest

from gliner2_core.options import ExtractOptions
from gliner2_integrations._runtime import load_extractor


@pytest.fixture(scope="session")
def bundled_model():
    """The bundled gliner2-mini, shared with every integration that loads it by default."""
    return load_extractor(None)


@pytest.fixture
def spy(monkeypatch):
    """Record every batched call of a real model: ``spy(model)`` returns the list of calls.

    It watches ``GLiNER2.stream``, which every entry point goes through (``run``, which the
    integrations call, and ``batch_extract``); each call records its texts, its effective
    :class:`ExtractOptions` and the thread it ran on.
    """

    def watch(model):
        calls = []
        original = model.stream

        def stream(texts, schema, options=None, **overrides):
            texts = list(texts)
            built = ExtractOptions.build(options, **overrides)
            calls.append({"texts": texts, "options": built, "thread": threading.current_thread()})
            return original(texts, schema, built)

        monkeypatch.setattr(model, "stream", stream)
        return calls

    return watch
