"""Loading training examples (dataset names or JSONL files) and batching them by length."""

from __future__ import annotations

import difflib
import logging
import random
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from gliner2_core.errors import SchemaError, TrainingDataError
from gliner2_core.training.examples import TrainingExample, parse_record, read_jsonl

logger = logging.getLogger(__name__)


def parse_source(source: str) -> tuple[str, int | None, int]:
    """``"name[:limit][*repeat]"`` -> (name, limit, repeat); e.g. ``"imdb:2000"``, ``"conll04*3"``."""
    name, _, repeat = source.partition("*")
    name, _, limit = name.partition(":")
    try:
        return name, int(limit) if limit else None, int(repeat) if repeat else 1
    except ValueError:
        raise SchemaError.invalid("data source", source, "'name', 'name:limit', 'name*repeat' or 'name:limit*repeat'") from None


class DatasetRegistry(Protocol):
    """What resolves dataset names such as ``"conll2003:2000"`` (the checkout's ``gliner2_datasets`` is one).

    The library takes it as an argument and never imports it: the dataset converters are
    tooling of a gliner2-kit checkout, not of the wheel. JSONL files need none.
    """

    DATASETS: Mapping[str, object]

    def default_data_dir(self) -> Path: ...

    def available(self, data_dir: Path) -> list[str]: ...

    def load_records(self, name: str, split: str, data_dir: Path, *, max_words: int) -> list[dict]: ...

    def entity_label_catalog(self) -> Mapping[str, tuple[str, tuple[str, ...]]]:
        """``{label: (description, synonyms)}`` for the datasets' entity labels (used by schema sampling)."""
        ...


def _registry_for(source: str, datasets: DatasetRegistry | None) -> DatasetRegistry:
    if datasets is None:
        raise TrainingDataError(
            f"data source {source!r}: a dataset name needs a dataset registry (datasets=...; "
            "`gliner2-kit train` passes the checkout's gliner2_datasets when run inside a gliner2-kit checkout); "
            "expected a .jsonl path otherwise"
        )
    return datasets


def _is_file_source(name: str) -> bool:
    return name.endswith((".jsonl", ".jsonl.gz")) or Path(name).is_file()


def check_sources(
    sources: Sequence[str], setting: str, *, data_dir: str | None = None, datasets: DatasetRegistry | None = None
) -> None:
    """Refuse a missing JSONL file or an unknown dataset name before anything is read.

    Raises:
        TrainingDataError: Naming ``setting``, the source and the valid dataset names (with a "did you mean").
    """
    for source in sources:
        name, _, _ = parse_source(source)
        if _is_file_source(name):
            if not Path(name).is_file():
                raise TrainingDataError(f"{setting}: {source!r}: no such file; expected a .jsonl file or a dataset name")
            continue
        registry = _registry_for(source, datasets)
        if name not in registry.DATASETS:
            close = difflib.get_close_matches(name, list(registry.DATASETS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise TrainingDataError(
                f"{setting}: unknown dataset {name!r}{hint}; expected a .jsonl file or one of {', '.join(registry.DATASETS)}"
            )
        folder = Path(data_dir) if data_dir else registry.default_data_dir()
        if name not in registry.available(folder):
            raise TrainingDataError(
                f"{setting}: dataset {name!r} has no source files under {str(folder)!r}; "
                f"available there: {', '.join(registry.available(folder)) or 'none'} (set data.data_dir)"
            )


def load_examples(
    sources: Sequence[str],
    split: str,
    *,
    data_dir: str | None = None,
    max_words: int = 200,
    limit: int | None = None,
    datasets: DatasetRegistry | None = None,
) -> list[TrainingExample]:
    """Examples from dataset names (converted from ``../shared/data``) or JSONL files.

    Args:
        sources: Dataset names that ``datasets`` resolves, or ``.jsonl``
            paths, each optionally ``":limit"`` (examples kept) and ``"*repeat"`` (copies, for upsampling).
        split: Split to read for dataset names (``train``, ``dev``, ``test``).
        data_dir: Shared data folder (default: ``$GLINER2_KIT_DATA`` or ``../shared/data``).
        max_words: Window size for long documents.
        limit: Default cap on examples per source (a fixed random sample).
        datasets: Resolves dataset names (e.g. the checkout's ``gliner2_datasets`` module).
    """
    examples: list[TrainingExample] = []
    for source in sources:
        name, own_limit, repeat = parse_source(source)
        cap = own_limit if own_limit is not None else limit
        if _is_file_source(name):
            try:
                loaded = list(read_jsonl(name))
            except (OSError, EOFError) as err:  # missing, unreadable, or a truncated .gz
                raise TrainingDataError(f"data source {source!r}: cannot read {name!r}: {err}") from err
        else:
            registry = _registry_for(source, datasets)
            folder = Path(data_dir) if data_dir else registry.default_data_dir()
            records = registry.load_records(name, split, folder, max_words=max_words)
            loaded = [parse_record(r, where=f"{name}/{split}[{i}]", source=name) for i, r in enumerate(records)]
        if cap is not None and len(loaded) > cap:
            # files are often sorted by label: take a fixed random sample, not the head
            loaded = random.Random(f"{name}/{split}").sample(loaded, cap)
        logger.info("%s/%s: %d examples x %d", name, split, len(loaded), repeat)
        examples.extend(loaded * repeat)
    return examples


def length_batches(examples: Sequence[TrainingExample], batch_size: int, rng: random.Random) -> Iterator[list[TrainingExample]]:
    """Endless batches: shuffled each epoch, grouped by similar length to limit padding."""
    pool = batch_size * 32
    while True:
        order = list(examples)
        rng.shuffle(order)
        for start in range(0, len(order), pool):
            chunk = sorted(order[start : start + pool], key=lambda ex: len(ex.text))
            batches = [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
            rng.shuffle(batches)
            yield from batches
