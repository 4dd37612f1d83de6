"""The cascade that learns: record, adapt on the records, run the cascade on the adapted model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gliner2_core import GLiNER2
from gliner2_integrations.adapt import adapt, read_examples
from gliner2_integrations.cascade import CascadeExtractor
from gliner2_integrations.cascade.offline import GoldAnswerChatModel
from tests.gliner2_integrations.adapt.models import Ticket

SUITE = Path(__file__).parents[3] / "gliner2_datasets" / "agent_suite" / "data" / "support_ticket.jsonl"


def test_record_adapt_and_rerun_round_trip(tmp_path, bundled_model):
    gold = [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines()[:12]]
    answers = {row["text"]: row["output"] for row in gold}
    records = tmp_path / "records.jsonl"
    llm = GoldAnswerChatModel(messages=iter(()), answers=answers)
    cascade = CascadeExtractor(model=Ticket, chat_model=llm, extractor=bundled_model, record_to=str(records))
    first = cascade.batch([row["text"] for row in gold])
    lines = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    assert [line["text"] for line in lines] == [row["text"] for row in gold]
    for line, result in zip(lines, first, strict=True):
        assert line["output"] == result.value.model_dump(mode="json") and line["sources"] == result.sources
    assert any("llm" in line["sources"].values() for line in lines)  # the LLM's answers are recorded too
    assert len(read_examples(records, Ticket).labelled) == 12  # adapt reads the records as they are

    report = adapt(Ticket, records, tmp_path / "adapted", time_budget_minutes=0.5, holdout=0.25)
    assert report.train_examples == 9
    adapted = GLiNER2.from_pretrained(str(tmp_path / "adapted"))
    again = CascadeExtractor(model=Ticket, chat_model=llm, extractor=adapted).batch([row["text"] for row in gold])
    assert len(again) == 12 and all(result.value is not None for result in again)


def test_record_to_in_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="record_to"):  # pydantic wraps the SchemaError
        CascadeExtractor(
            model=Ticket, chat_model=GoldAnswerChatModel(messages=iter(())), record_to=str(tmp_path / "no" / "r.jsonl")
        )
