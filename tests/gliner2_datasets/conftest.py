"""Fixtures for the dataset converter tests.

Tests that read the shared data take the ``data_dir`` fixture and are skipped
when the data folder (``$GLINER2_KIT_DATA``, else ``../shared/data`` next to
the repository) is absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gliner2_datasets import available, default_data_dir, load_records


def _data_dir() -> Path:
    return default_data_dir()  # $GLINER2_KIT_DATA, else shared/data beside the checkout


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared data folder; skips the test when it is missing."""
    path = _data_dir()
    if not path.is_dir():
        pytest.skip(f"shared data folder not found at {path}")
    return path


@pytest.fixture(scope="session")
def load(data_dir: Path) -> Callable[..., list[dict[str, Any]]]:
    """``load(name, split, limit=20, **options)``: records of a split; skips when its files are missing."""
    present = set(available(data_dir))

    def _load(name: str, split: str, limit: Any = 20, **options: Any) -> list[dict[str, Any]]:
        if name not in present:
            pytest.skip(f"source files of {name!r} not found under {data_dir}")
        return list(load_records(name, split, data_dir, limit=limit, **options))

    return _load


def pinned_spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every pinned span (``{"text", "start", "end"}``) nested anywhere in a record's output."""
    if isinstance(value, dict):
        if set(value) == {"text", "start", "end"}:
            yield value
        else:
            for item in value.values():
                yield from pinned_spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from pinned_spans(item)


@pytest.fixture(scope="session")
def spans_of() -> Callable[[Any], list[dict[str, Any]]]:
    """``spans_of(output)``: the pinned spans nested in a record output."""
    return lambda output: list(pinned_spans(output))
