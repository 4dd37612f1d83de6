"""Measure what GLiNER2 extraction costs on this machine."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gliner2_core.options import ExtractOptions
from gliner2_integrations.compare.prices import DEFAULT_CPU_PRICE_PER_HOUR
from gliner2_integrations.pydantic import ExtractionResult, extract_model

if TYPE_CHECKING:
    from gliner2_core import GLiNER2

logger = logging.getLogger(__name__)
DEFAULT_OPTIONS = ExtractOptions()  # the core's defaults, never re-declared here


@dataclass(frozen=True)
class GlinerCost:
    """Measured cost of extracting with GLiNER2 on this CPU.

    Cost is CPU time (all threads, plus child processes) times the price of a
    vCPU-hour: what the work costs on rented vCPUs kept busy. ``wall_cost_per_1m``
    is the alternative basis: wall time times the price of the ``threads`` vCPUs
    the model ran on, i.e. a machine reserved for this job alone. Model loading
    and one warm-up batch are excluded.

    Attributes:
        label: Row name, e.g. ``"gliner2-mini"``.
        texts: Number of texts extracted.
        chars: Total characters of those texts.
        batch_size: Texts per forward pass.
        threads: torch intra-op threads during the run.
        wall_seconds: Elapsed time (``time.perf_counter``).
        cpu_seconds: User + system CPU time of this process and its children (``os.times``).
        texts_per_second: ``texts / wall_seconds``.
        cpu_seconds_per_text: ``cpu_seconds / texts``.
        peak_rss_mb: Peak resident memory of the process after the run (``getrusage``).
        peak_rss_delta_mb: How much the run raised that peak (0 when an earlier peak was higher).
        cpu_price_per_hour: USD per vCPU-hour used for the costs.
        cost_per_1k: USD per 1,000 texts like these (CPU-time basis).
        cost_per_1m: USD per 1M texts (CPU-time basis).
        wall_cost_per_1m: USD per 1M texts on ``threads`` dedicated vCPUs (wall-time basis).
        results: The extraction results, in text order (not serialised).
    """

    label: str
    texts: int
    chars: int
    batch_size: int
    threads: int
    wall_seconds: float
    cpu_seconds: float
    texts_per_second: float
    cpu_seconds_per_text: float
    peak_rss_mb: float
    peak_rss_delta_mb: float
    cpu_price_per_hour: float
    cost_per_1k: float
    cost_per_1m: float
    wall_cost_per_1m: float
    results: list[ExtractionResult[Any]] = field(default_factory=list, repr=False, compare=False)

    @property
    def values(self) -> list[BaseModel | None]:
        """The extracted record of each text (``None`` when nothing usable was found)."""
        return [result.value for result in self.results]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable fields (results left out), with ``basis: "measured"``."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "results"}
        return {"basis": "measured", **data}


def measure_gliner(
    model: GLiNER2,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    *,
    batch_size: int = DEFAULT_OPTIONS.batch_size,
    cpu_price_per_hour: float = DEFAULT_CPU_PRICE_PER_HOUR,
    threshold: float | None = None,
    label: str = "gliner2",
    warmup: bool = True,
) -> GlinerCost:
    """Extract ``model_cls`` from ``texts`` with GLiNER2 and measure time, CPU, memory and cost.

    Args:
        model: A loaded :class:`gliner2_core.GLiNER2`.
        texts: The texts (chunks) to extract from.
        model_cls: The Pydantic model to fill.
        batch_size: Texts per forward pass.
        cpu_price_per_hour: USD per vCPU-hour (default: AWS c7i.large on demand / 2 vCPU,
            see :mod:`~gliner2_integrations.compare.prices`).
        threshold: Extraction threshold passed to :func:`~gliner2_integrations.pydantic.extract_model`.
        label: Row name in reports.
        warmup: Run the first batch once before timing: first calls pay one-off allocation and
            kernel selection, which is not a per-text cost.

    Returns:
        The measurements, with the extraction results attached.

    Raises:
        ValueError: ``texts`` is empty, or ``batch_size``/``cpu_price_per_hour`` is out of range.
    """
    import torch  # already imported by the model; needed for the thread count

    texts = list(texts)
    _check_run(texts, batch_size, cpu_price_per_hour)
    if warmup:
        extract_model(model, texts[:batch_size], model_cls, threshold=threshold, batch_size=batch_size)
    run = _timed_run(model, texts, model_cls, threshold, batch_size)
    threads = torch.get_num_threads()
    logger.info("%s: %d texts in %.2fs wall, %.2fs CPU (%d threads)", label, len(texts), run.wall, run.cpu, threads)
    return _gliner_cost(run, texts, label=label, batch_size=batch_size, threads=threads, price=cpu_price_per_hour)


@dataclass(frozen=True)
class _Run:
    """One timed extraction: its results, wall and CPU seconds, and the peak RSS before and after (MB)."""

    results: list[ExtractionResult[Any]]
    wall: float
    cpu: float
    rss_before: float
    rss_after: float


def _check_run(texts: Sequence[str], batch_size: int, cpu_price_per_hour: float) -> None:
    """Raise on no texts, a batch size below 1 or a negative price, before any extraction."""
    if not texts:
        raise ValueError("texts: got an empty list; expected at least one text")
    if batch_size < 1:
        raise ValueError(f"batch_size: got {batch_size}; expected an integer >= 1")
    if cpu_price_per_hour < 0:
        raise ValueError(f"cpu_price_per_hour: got {cpu_price_per_hour}; expected a non-negative USD amount")


def _timed_run(
    model: GLiNER2, texts: list[str], model_cls: type[BaseModel], threshold: float | None, batch_size: int
) -> _Run:
    """Extract ``texts`` once, measuring wall time, CPU time and peak memory around it."""
    rss_before = _peak_rss_mb()
    cpu_before = _cpu_seconds()
    wall_before = time.perf_counter()
    results = extract_model(model, texts, model_cls, threshold=threshold, batch_size=batch_size)
    wall = time.perf_counter() - wall_before
    cpu = _cpu_seconds() - cpu_before
    return _Run(results, wall, cpu, rss_before, _peak_rss_mb())


def _gliner_cost(run: _Run, texts: list[str], *, label: str, batch_size: int, threads: int, price: float) -> GlinerCost:
    """Throughput, memory and USD per text of ``run`` at ``price`` per vCPU-hour."""
    per_text_cost = run.cpu / len(texts) / 3600 * price
    return GlinerCost(
        label=label,
        texts=len(texts),
        chars=sum(len(text) for text in texts),
        batch_size=batch_size,
        threads=threads,
        wall_seconds=run.wall,
        cpu_seconds=run.cpu,
        texts_per_second=len(texts) / run.wall if run.wall > 0 else float("inf"),
        cpu_seconds_per_text=run.cpu / len(texts),
        peak_rss_mb=run.rss_after,
        peak_rss_delta_mb=max(0.0, run.rss_after - run.rss_before),
        cpu_price_per_hour=price,
        cost_per_1k=per_text_cost * 1_000,
        cost_per_1m=per_text_cost * 1_000_000,
        wall_cost_per_1m=run.wall / len(texts) / 3600 * price * threads * 1_000_000,
        results=run.results,
    )


def _cpu_seconds() -> float:
    # os.times covers every thread of this process (torch's intra-op pool) plus waited-for children.
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: no getrusage; report 0 rather than guess
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
