"""Shared fixtures: tiny random checkpoints, built once per session."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
logging.getLogger("transformers").setLevel(logging.ERROR)

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory) -> Path:
    """A random BERT/count_lstm_v2 checkpoint saved by our own code."""
    from tests.tiny import build_checkpoint

    return build_checkpoint(tmp_path_factory.mktemp("tiny") / "ckpt", "bert", "count_lstm_v2")


@pytest.fixture(scope="session")
def tiny_model(tiny_checkpoint):
    from gliner2_core import GLiNER2

    return GLiNER2.from_pretrained(tiny_checkpoint)
