"""The checkpoint's measured default strategy (config.record_strategy) applies when nobody chooses one."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import BaseModel, ConfigDict, Field

from gliner2_core import CheckpointError, GLiNER2, ModelConfig, SchemaError
from gliner2_integrations._runtime import resolve_target, run_extraction
from gliner2_integrations.pydantic import extract_model, model_options
from gliner2_integrations.pydantic.convert import schema_for_extractor, strategy_for


class Ticket(BaseModel):
    customer: str | None = Field(None, description="who wrote in")
    product: str | None = None


class PinnedTicket(Ticket):
    model_config = ConfigDict(json_schema_extra=model_options(strategy="record"))


class Clash(BaseModel):
    """'customer' is both a field and a declared extra entity label: only "record" can express it."""

    model_config = ConfigDict(json_schema_extra=model_options(entities={"customer": "a customer"}))
    customer: str | None = None


@pytest.fixture()
def entities_model(tiny_checkpoint) -> GLiNER2:
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    model.model.config = dataclasses.replace(model.model.config, record_strategy="entities")
    return model


def test_a_checkpoint_without_the_key_reads_records_as_structures(tiny_model):
    assert tiny_model.config.record_strategy == "record"
    assert strategy_for(Ticket, tiny_model) == "record"


def test_the_checkpoint_default_applies_when_nobody_chooses(entities_model):
    assert strategy_for(Ticket, entities_model) == "entities"
    schema = schema_for_extractor(Ticket, entities_model)
    assert schema.strategy == "entities" and schema.spec.entities.names == ("customer", "product")


def test_explicit_choices_and_many_records_win_over_the_checkpoint(entities_model):
    assert strategy_for(Ticket, entities_model, strategy="record") == "record"
    assert strategy_for(PinnedTicket, entities_model) == "record"
    assert strategy_for(Ticket, entities_model, many=True) == "record"
    with pytest.raises(SchemaError, match="strategy: got 'fields'"):
        strategy_for(Ticket, entities_model, strategy="fields")


def test_a_model_the_measured_strategy_cannot_express_falls_back_to_record(entities_model):
    assert schema_for_extractor(Clash, entities_model).strategy == "record"
    with pytest.raises(SchemaError, match="customer"):
        schema_for_extractor(Clash, entities_model, strategy="entities")


def test_extract_model_and_the_hosts_runtime_send_the_measured_schema(entities_model):
    raw_keys = set(run_extraction(entities_model, ["Ada wrote about the X1 phone."], resolve_target(Ticket))[0].raw)
    assert raw_keys == {"entities"}
    many = run_extraction(entities_model, ["Ada wrote."], resolve_target(Ticket), many=True)[0]
    assert "entities" not in many.raw and many.result is not None
    result = extract_model(entities_model, "Ada wrote about the X1 phone.", Ticket, threshold=0.0)
    assert result.error is None and result.value is not None


def test_the_config_key_is_validated_and_saved(tmp_path):
    with pytest.raises(CheckpointError, match="config.record_strategy: got 'fields'; expected one of record, entities"):
        ModelConfig(record_strategy="fields")
    ModelConfig(record_strategy="entities").save(tmp_path)
    assert ModelConfig.load(tmp_path / "config.json").record_strategy == "entities"
