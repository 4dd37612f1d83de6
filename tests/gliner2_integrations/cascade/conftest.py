"""Fixtures of the cascade tests: the bundled model, loaded once per process."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def bundled_model():
    from gliner2_integrations._runtime import load_extractor

    return load_extractor(None)
