"""The combined report: GLiNER2 measured (tiny random model, plumbing only) next to LLM rows."""

from __future__ import annotations

import json

import pytest

from gliner2_integrations.compare import ComparisonReport, compare, measure_gliner
from tests.gliner2_integrations.compare.fakes import fake_chat_model
from tests.gliner2_integrations.compare.models import Contact

TEXTS = ["Tim Cook is the CEO of Apple in Paris.", "Steve Jobs founded Apple.", "The order was delayed."]


@pytest.fixture(scope="module")
def report(tiny_model) -> ComparisonReport:
    chat = fake_chat_model([{"name": "Tim Cook", "company": "Apple"}])
    return compare(tiny_model, TEXTS, Contact, llms=["gpt-4o", "gpt-4o-mini"], chat_model=chat, sample=2, label="tiny")


def test_gliner_measurement_reports_time_cpu_memory_and_cost(tiny_model):
    cost = measure_gliner(tiny_model, TEXTS, Contact, batch_size=2, cpu_price_per_hour=3600.0, warmup=False)
    assert cost.texts == 3 and cost.batch_size == 2 and len(cost.results) == 3
    assert cost.wall_seconds > 0 and cost.cpu_seconds >= 0
    assert cost.texts_per_second == pytest.approx(3 / cost.wall_seconds)
    # at $3600 per CPU-hour a CPU-second costs $1
    assert cost.cost_per_1k == pytest.approx(cost.cpu_seconds / 3 * 1_000)
    assert cost.cost_per_1m == pytest.approx(cost.cost_per_1k * 1_000)
    assert cost.peak_rss_mb > 0 and cost.peak_rss_delta_mb >= 0
    assert "results" not in cost.to_dict()


def test_gliner_measurement_rejects_empty_input(tiny_model):
    with pytest.raises(ValueError, match="texts"):
        measure_gliner(tiny_model, [], Contact)


def test_table_has_one_row_per_system_with_honest_basis_labels(report):
    table = report.table()
    rows = {row[0]: row for row in report.rows()}
    assert set(rows) == {"tiny (this CPU)", "gpt-4o", "gpt-4o-mini", "gpt-4o-2024-08-06"}
    assert rows["gpt-4o"][1] == "estimated" and rows["gpt-4o"][3].startswith("~")
    measured = rows["gpt-4o-2024-08-06"]
    assert measured[1] == "measured" and measured[3].startswith("300 / 25 (est ~")
    assert "%" in measured[-1]
    assert "ESTIMATED offline with tiktoken" in table and "MEASURED from usage_metadata" in table
    assert "machine:" in table and "as of 2026-11" in table
    assert all(len(line.split(" | ")) == 9 for line in report.table(header=False).splitlines()[2:])


def test_measured_row_is_priced_from_measured_tokens(report):
    measured = report.measurements[0]
    assert measured.cost_per_1m == pytest.approx(300 * 2.50 + 25 * 10.00)
    assert measured.estimated_input_tokens_mean > 0


def test_to_dict_is_json_serialisable_and_labels_each_basis(report):
    data = json.loads(json.dumps(report.to_dict()))
    assert data["gliner"]["basis"] == "measured"
    assert [e["basis"] for e in data["llm_estimates"]] == ["estimated", "estimated"]
    assert data["llm_measurements"][0]["agreement"]["texts"] == 2
    assert data["prices_as_of"] == "2026-11"
    assert data["machine"]["cpu_model"]


def test_plot_writes_a_png(report, tmp_path):
    path = report.plot(tmp_path / "charts" / "cost.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000
