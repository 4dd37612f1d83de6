"""The comparison report: one GLiNER2 row, then one row per LLM, as text, JSON or a chart."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gliner2_integrations.compare.cascade_hook import CascadeRow
from gliner2_integrations.compare.estimate import LlmEstimate
from gliner2_integrations.compare.gliner import GlinerCost
from gliner2_integrations.compare.machine import MachineInfo
from gliner2_integrations.compare.measure import LlmMeasurement
from gliner2_integrations.compare.plot import plot_report
from gliner2_integrations.compare.prices import BATCH_DISCOUNT, CPU_PRICE_SOURCE, PRICES_AS_OF

COLUMNS = (
    "system",
    "basis",
    "speed",
    "tokens in/out per text",
    "$ per 1k texts",
    "$ per 1M texts",
    "$ per 1M (Batch API)",
    "x gliner2 cost",
    "agreement with gliner2",
)
PRICING_URL = "https://openai.com/api/pricing"


@dataclass(frozen=True)
class ComparisonReport:
    """GLiNER2 measured on this CPU next to LLM extractors, estimated and optionally measured.

    Attributes:
        created: ISO date of the run.
        machine: Where GLiNER2 was measured.
        gliner: The GLiNER2 measurement.
        estimates: One offline estimate per LLM name.
        measurements: Measurements of real chat models, if one was configured.
        cascade: GLiNER2 first and the chat model for the fields it is not sure of, if run.
        cpu_price_source: Where the CPU price comes from.
        prices_as_of: Date of the LLM price table.
    """

    created: str
    machine: MachineInfo
    gliner: GlinerCost
    estimates: list[LlmEstimate] = field(default_factory=list)
    measurements: list[LlmMeasurement] = field(default_factory=list)
    cascade: CascadeRow | None = None
    cpu_price_source: str = CPU_PRICE_SOURCE
    prices_as_of: str = PRICES_AS_OF

    def header(self) -> list[str]:
        """Lines stating the machine, date, price sources and which numbers are estimated."""
        g = self.gliner
        lines = [
            f"gliner2-kit compare, {self.created}",
            f"machine: {self.machine.describe()}; torch threads: {g.threads}",
            f"texts: {g.texts} (mean {g.chars / g.texts:.0f} characters); GLiNER2 measured on this CPU, "
            f"cost = CPU time x ${g.cpu_price_per_hour:.4f} per vCPU-hour ({self.cpu_price_source})",
        ]
        if self.estimates:
            encodings = ", ".join(sorted({e.encoding for e in self.estimates}))
            lines.append(
                f"LLM tokens: ESTIMATED offline with tiktoken ({encodings}) from the requests LangChain's "
                "with_structured_output would send; no API was called"
            )
        for m in self.measurements:
            lines.append(f"{m.label}: tokens MEASURED from usage_metadata over {m.usage_reported} of {m.calls} calls")
        lines.append(f"LLM list prices as of {self.prices_as_of}: re-check {PRICING_URL} before quoting")
        return lines

    def rows(self) -> list[tuple[str, ...]]:
        """Table cells, one tuple per row, in :data:`COLUMNS` order."""
        g = self.gliner
        speed = f"{g.texts_per_second:.1f} texts/s"
        costs: tuple[str, ...] = (_usd(g.cost_per_1k), _usd(g.cost_per_1m), "-")
        rows: list[tuple[str, ...]] = [(f"{g.label} (this CPU)", "measured", speed, "-", *costs, "1x", "(reference)")]
        for e in self.estimates:
            tokens = f"~{e.input_tokens_mean:.0f} / ~{e.output_tokens_mean:.0f}"
            costs = (_usd(e.cost_per_1k), _usd(e.cost_per_1m), _usd(e.batch_cost_per_1m))
            rows.append((e.model, "estimated", "-", tokens, *costs, _ratio(e.cost_per_1m, g.cost_per_1m), "-"))
        for m in self.measurements:
            latency = "-" if m.latency_mean_s is None else f"{m.latency_mean_s:.2f} s/call"
            costs = (_usd(m.cost_per_1k), _usd(m.cost_per_1m), _usd(m.batch_cost_per_1m))
            ratio = _ratio(m.cost_per_1m, g.cost_per_1m)
            rows.append((m.label, "measured", latency, _measured_tokens(m), *costs, ratio, _agreement(m)))
        if self.cascade is not None:
            rows.append(self._cascade_row(self.cascade))
        return rows

    def _cascade_row(self, c: CascadeRow) -> tuple[str, ...]:
        g = self.gliner
        tokens = f"~{c.input_tokens_mean:.0f} / ~{c.output_tokens_mean:.0f}"
        total = c.total_cost_per_1m
        batch = c.cost_per_1m * BATCH_DISCOUNT + (c.gliner_cost_per_1m or 0.0)
        costs = (_usd(total / 1000), _usd(total), _usd(batch))
        share = f"{c.share_texts:.0%} of texts, {c.share_fields:.0%} of fields to the LLM ({c.texts} texts)"
        return (f"cascade: {g.label} + {c.llm}", "measured+estimated", "-", tokens, *costs, _ratio(total, g.cost_per_1m), share)

    def notes(self) -> list[str]:
        """Caveats from every row, each once."""
        g = self.gliner
        notes = [
            f"GLiNER2 numbers come from {g.texts} texts on this machine; other load inflates both wall and CPU time "
            "(waiting threads spin); measure 100+ texts on an idle machine before publishing a number"
        ]
        for e in self.estimates:
            notes.extend(n for n in e.notes if n not in notes)
        if self.cascade is not None:
            notes.append(
                f"cascade: GLiNER2 on every text, then {self.cascade.llm} only for fields it did not find, scored low or "
                "could not validate; its tokens are counted from those requests with tiktoken; cost includes GLiNER2's CPU"
            )
        if any(m.agreement is not None for m in self.measurements):
            notes.append(
                "agreement: share of (text, field) pairs with equal normalised values, nulls included; "
                "'filled' leaves out pairs where both sides are null; it is not accuracy"
            )
        return notes

    def table(self, *, header: bool = True) -> str:
        """A plain-text table (with the header lines and notes unless ``header=False``)."""
        rows = [COLUMNS, *self.rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
        lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
        lines.insert(1, "-+-".join("-" * w for w in widths))
        if not header:
            return "\n".join(lines)
        notes = [f"* {note}" for note in self.notes()]
        return "\n".join([*self.header(), "", *lines, "", *notes]).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-serialisable data (non-finite numbers become ``None``)."""
        return _json_safe(
            {
                "created": self.created,
                "machine": asdict(self.machine),
                "cpu_price_source": self.cpu_price_source,
                "prices_as_of": self.prices_as_of,
                "gliner": self.gliner.to_dict(),
                "llm_estimates": [e.to_dict() for e in self.estimates],
                "llm_measurements": [m.to_dict() for m in self.measurements],
                "cascade": None if self.cascade is None else self.cascade.to_dict(),
                "notes": self.notes(),
            }
        )

    def plot(self, path: str | Path) -> Path:
        """Save a PNG: cost per 1M texts (log scale) and throughput. See :func:`~.plot.plot_report`."""
        return plot_report(self, path)


def _usd(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"${value:,.0f}"
    if value >= 1:
        return f"${value:,.2f}"
    return f"${value:#.2g}" if value > 0 else "$0"


def _ratio(value: float | None, reference: float) -> str:
    if value is None or reference <= 0:
        return "n/a"
    ratio = value / reference
    return f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def _measured_tokens(m: LlmMeasurement) -> str:
    if m.input_tokens_mean is None or m.output_tokens_mean is None:
        return "not reported"
    text = f"{m.input_tokens_mean:.0f} / {m.output_tokens_mean:.0f}"
    if m.estimated_input_tokens_mean is not None and m.estimated_output_tokens_mean is not None:
        text += f" (est ~{m.estimated_input_tokens_mean:.0f} / ~{m.estimated_output_tokens_mean:.0f})"
    return text


def _agreement(m: LlmMeasurement) -> str:
    failures = f"; {m.parse_failures} parse failures" if m.parse_failures else ""
    failures += f"; {m.call_errors} call errors" if m.call_errors else ""
    a = m.agreement
    if a is None or a.agreement is None:
        return "n/a" + failures
    filled = "" if a.filled_agreement is None else f", {a.filled_agreement:.0%} filled"
    return f"{a.agreement:.0%}{filled} ({a.texts} texts){failures}"


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value
