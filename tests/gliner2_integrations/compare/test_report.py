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


def test_compare_adds_the_row_its_cascade_runner_returns(tiny_model):
    calls = []

    class Row:
        llm, texts, input_tokens_mean, output_tokens_mean = "m", 2, 10.0, 2.0
        cost_per_1m, gliner_cost_per_1m, total_cost_per_1m, share_texts, share_fields = 5.0, 1.0, 6.0, 0.5, 0.25

        def to_dict(self):
            return {"llm": self.llm}

    def runner(model, chat_model, texts, model_cls, **options):
        calls.append((model, chat_model, list(texts), model_cls, options))
        return Row()

    chat = fake_chat_model([{"name": "Tim Cook", "company": "Apple"}])
    result = compare(tiny_model, TEXTS, Contact, llms=[], chat_model=chat, sample=2, cascade=runner, min_confidence=0.4)
    [(model, chat_model, texts, model_cls, options)] = calls
    assert (model, chat_model, texts, model_cls) == (tiny_model, chat, TEXTS[:2], Contact)
    llm = result.measurements[0].model_name or "gpt-4o-mini"
    assert options["llm"] == llm and llm in options["prices"]
    assert options["gliner_cost_per_1m"] == result.gliner.cost_per_1m
    assert (options["threshold"], options["min_confidence"]) == (None, 0.4)
    assert result.to_dict()["cascade"] == {"llm": "m"}
    assert any(row[0] == f"cascade: {result.gliner.label} + m" for row in result.rows())


def test_compare_asks_for_a_cascade_runner_before_measuring_anything():
    chat = fake_chat_model([])
    with pytest.raises(TypeError, match="gliner2_integrations.cascade.measure_cascade"):
        compare(None, TEXTS, Contact, chat_model=chat, cascade=True)  # no model: it must fail first
    with pytest.raises(ValueError, match="cascade: needs chat_model"):
        compare(None, TEXTS, Contact, cascade=lambda *args, **kwargs: None)
