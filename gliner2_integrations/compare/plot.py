"""A PNG of the comparison: cost per 1M texts (log scale) and throughput.

Drawn on matplotlib's Agg canvas directly, so it neither needs a display nor
changes the pyplot backend of the calling program.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from gliner2_integrations.compare.estimate import LlmEstimate
from gliner2_integrations.compare.gliner import GlinerCost
from gliner2_integrations.compare.machine import MachineInfo
from gliner2_integrations.compare.measure import LlmMeasurement


class ChartData(Protocol):
    """What the chart reads: a :class:`~.report.ComparisonReport` has it (this module does not import the report)."""

    @property
    def machine(self) -> MachineInfo: ...

    @property
    def gliner(self) -> GlinerCost: ...

    @property
    def estimates(self) -> Sequence[LlmEstimate]: ...

    @property
    def measurements(self) -> Sequence[LlmMeasurement]: ...

    @property
    def prices_as_of(self) -> str: ...


_COLOURS = {"gliner": "#2a9d8f", "estimated": "#8d99ae", "measured": "#e76f51", "batch": "#d9dde3"}


def plot_report(report: ChartData, path: str | Path) -> Path:
    """Save the comparison chart as a PNG.

    Left: USD per 1M texts per row on a log axis (LLMs at list price, with the
    Batch API price as a lighter bar). Right: texts per second: GLiNER2's measured
    batch throughput and, for measured LLMs, one over the mean sequential latency.

    Args:
        report: The comparison.
        path: Where to write the PNG.

    Returns:
        The path written.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = len(report.estimates) + len(report.measurements) + 1
    figure = Figure(figsize=(12, 0.6 * rows + 2.5), layout="constrained")
    FigureCanvasAgg(figure)
    cost_axes, speed_axes = figure.subplots(1, 2, width_ratios=(3, 2))
    _cost_panel(cost_axes, report)
    _speed_panel(speed_axes, report)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, format="png", dpi=110)
    return out


def _cost_panel(axes: Any, report: ChartData) -> None:
    g = report.gliner
    labels, colours = [f"{g.label}\n(this CPU)"], [_COLOURS["gliner"]]
    costs: list[float | None] = [g.cost_per_1m]
    batch: list[float | None] = [None]
    for e in report.estimates:
        labels.append(f"{e.model}\n(estimated)")
        costs.append(e.cost_per_1m)
        batch.append(e.batch_cost_per_1m)
        colours.append(_COLOURS["estimated"])
    for m in report.measurements:
        labels.append(f"{m.label}\n(measured)")
        costs.append(m.cost_per_1m)
        batch.append(m.batch_cost_per_1m)
        colours.append(_COLOURS["measured"])
    positions = list(range(len(labels)))
    axes.barh(positions, [_positive(c) for c in costs], color=colours, height=0.45, label="list price")
    batch_positions = [p + 0.45 for p in positions]
    axes.barh(
        batch_positions, [_positive(b) for b in batch], color=_COLOURS["batch"], height=0.35, label="Batch API (-50%)"
    )
    for position, cost in zip(positions, costs, strict=True):
        if cost is not None and cost > 0:
            axes.annotate(f" ${cost:,.2f}", (cost, position), va="center", fontsize=8)
    axes.set_xscale("log")
    finite = [c for c in costs + batch if c is not None and c > 0]
    if finite:  # room for the value labels right of the longest bar
        axes.set_xlim(min(finite) / 2, max(finite) * 6)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("USD per 1M texts (log scale)")
    axes.set_title(f"Cost per 1M texts (LLM list prices as of {report.prices_as_of})", fontsize=9)
    axes.legend(fontsize=8, loc="lower right")


def _speed_panel(axes: Any, report: ChartData) -> None:
    g = report.gliner
    labels, speeds = [f"{g.label}\n(this CPU, batched)"], [g.texts_per_second]
    for m in report.measurements:
        if m.latency_mean_s:
            labels.append(f"{m.label}\n(sequential calls)")
            speeds.append(1.0 / m.latency_mean_s)
    positions = list(range(len(speeds)))
    colours = [_COLOURS["gliner"]] + [_COLOURS["measured"]] * (len(speeds) - 1)
    axes.barh(positions, speeds, height=0.5, color=colours)
    for position, speed in zip(positions, speeds, strict=True):
        axes.annotate(f" {speed:.2f}", (speed, position), va="center", fontsize=8)
    if max(speeds) / min(speeds) > 20:  # batched GLiNER2 vs sequential LLM calls: orders of magnitude apart
        axes.set_xscale("log")
        axes.set_xlim(min(speeds) / 2, max(speeds) * 6)
        axes.set_xlabel("texts per second (log scale)")
    else:
        axes.set_xlim(0, max(speeds) * 1.3)
        axes.set_xlabel("texts per second")
    axes.set_ylim(len(speeds) - 0.5, -0.5)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_title(f"Throughput on {report.machine.cpu_model}", fontsize=9)


def _positive(value: float | None) -> float:
    return value if value is not None and value > 0 else float("nan")
