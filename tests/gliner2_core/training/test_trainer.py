"""A tiny training run on a tiny random checkpoint: the loss goes down, state resumes, the result loads."""

import json

import pytest
import torch

from gliner2_core import GLiNER2
from gliner2_core.training import Trainer, load_config, parse_record

RECORDS = [
    {
        "input": "Tim Cook works for Apple in Paris.",
        "output": {
            "entities": {"person": ["Tim Cook"], "company": [{"text": "Apple", "start": 19, "end": 24}], "location": ["Paris"]},
            "relations": [{"works_for": {"head": "Tim Cook", "tail": "Apple"}}],
            "classifications": [{"task": "sentiment", "labels": ["positive", "negative"], "true_label": ["positive"]}],
        },
    },
    {
        "input": "Steve Jobs founded Apple in 1976.",
        "output": {
            "entities": {"person": ["Steve Jobs"], "company": ["Apple"], "location": []},
            "json_structures": [{"founding": {"founder": "Steve Jobs", "year": "1976", "kind": {"value": "new", "choices": ["new", "merger"]}}}],
        },
    },
]


def _config(tmp_path, base, steps, **run):
    return load_config(
        {
            "model": {"base": str(base)},
            "optim": {"batch_size": 2, "encoder_lr": 1e-3, "head_lr": 3e-3, "warmup_ratio": 0.0},
            "run": {"steps": steps, "output_dir": str(tmp_path / "run"), "eval_every": 0, "save_every": 5, "log_every": 1, **run},
        }
    )


@pytest.fixture()
def examples():
    return [parse_record(r, source="toy") for r in RECORDS] * 4


def _losses(folder):
    lines = [json.loads(line) for line in (folder / "metrics.jsonl").read_text().splitlines()]
    return [line["loss"] for line in lines if "loss" in line]


def test_tiny_training_run_lowers_the_loss_and_exports_a_loadable_checkpoint(tiny_checkpoint, tmp_path, examples):
    trainer = Trainer(_config(tmp_path, tiny_checkpoint, 30), train_examples=examples, dev_examples={})
    final = trainer.train()
    losses = _losses(tmp_path / "run")
    assert losses[-1] < 0.8 * losses[0]
    model = GLiNER2.from_pretrained(final)
    assert "entities" in model.extract("Tim Cook works for Apple.", {"entities": ["person"]})


def test_resuming_restores_weights_optimizer_and_step(tiny_checkpoint, tmp_path, examples):
    first = Trainer(_config(tmp_path, tiny_checkpoint, 10), train_examples=examples, dev_examples={})
    first.train()
    saved = {n: p.detach().clone() for n, p in first.model.named_parameters()}
    resumed = Trainer(_config(tmp_path, tiny_checkpoint, 10), train_examples=examples, dev_examples={})
    from gliner2_core.training.state import load_state

    state = load_state(tmp_path / "run" / "state", resumed.model, resumed.optimizer)
    assert state["step"] == 10
    assert all(torch.equal(saved[n], p) for n, p in resumed.model.named_parameters() if p.requires_grad)
    assert resumed.optimizer.state, "optimizer moments were restored"
    longer = Trainer(_config(tmp_path, tiny_checkpoint, 14), train_examples=examples, dev_examples={})
    longer.train(resume=True)
    assert longer.steps_done == 14


def test_resuming_a_finished_run_trains_nothing_and_exports_again(tiny_checkpoint, tmp_path, examples):
    first = Trainer(_config(tmp_path, tiny_checkpoint, 6), train_examples=examples, dev_examples={})
    first.train()
    trained = {n: p.detach().clone() for n, p in first.model.named_parameters()}
    again = Trainer(_config(tmp_path, tiny_checkpoint, 6), train_examples=examples, dev_examples={})
    final = again.train(resume=True)
    assert again.steps_done == 6
    assert all(torch.equal(trained[n], p) for n, p in again.model.named_parameters())
    assert GLiNER2.from_pretrained(final).extract_entities("Tim Cook works for Apple.", ["person"]) is not None


def test_a_run_stopped_between_saves_resumes_from_its_last_step(tiny_checkpoint, tmp_path, examples):
    import dataclasses

    config = _config(tmp_path, tiny_checkpoint, 7)
    config = dataclasses.replace(config, run=dataclasses.replace(config.run, save_every=5))
    Trainer(config, train_examples=examples, dev_examples={}).train()
    from gliner2_core.training.state import load_state

    probe = Trainer(config, train_examples=examples, dev_examples={})
    assert load_state(tmp_path / "run" / "state", probe.model, probe.optimizer)["step"] == 7
    longer = Trainer(dataclasses.replace(config, run=dataclasses.replace(config.run, steps=9)), train_examples=examples, dev_examples={})
    longer.train(resume=True)
    assert longer.steps_done == 9


def test_unknown_config_keys_are_rejected(tmp_path):
    from gliner2_core import SchemaError

    with pytest.raises(SchemaError, match="'batch_size'"):
        load_config({"optim": {"batch_sise": 4}})


def test_lora_training_updates_only_adapters_and_exports_a_plain_checkpoint(tiny_checkpoint, tmp_path, examples):
    config = _config(tmp_path, tiny_checkpoint, 6)
    import dataclasses

    from gliner2_core.training import LoraConfig

    config = dataclasses.replace(config, model=dataclasses.replace(config.model, lora=LoraConfig(r=4, targets=("query", "value"))))
    trainer = Trainer(config, train_examples=examples, dev_examples={})
    frozen = {n: p.detach().clone() for n, p in trainer.model.encoder.named_parameters() if not p.requires_grad}
    assert any("lora_" in n for n, p in trainer.model.named_parameters() if p.requires_grad)
    final = trainer.train()
    assert all(torch.equal(frozen[n], p) for n, p in trainer.model.encoder.named_parameters() if n in frozen)
    reloaded = GLiNER2.from_pretrained(final)
    assert not any("lora" in key for key in reloaded.model.state_dict())
    assert "entities" in reloaded.extract("Tim Cook works for Apple.", {"entities": ["person"]})


def test_bf16_autocast_training_lowers_the_loss_and_keeps_fp32_weights(tiny_checkpoint, tmp_path, examples):
    trainer = Trainer(_config(tmp_path, tiny_checkpoint, 30, precision="bf16"), train_examples=examples, dev_examples={})
    final = trainer.train()
    losses = _losses(tmp_path / "run")
    assert losses[-1] < 0.8 * losses[0]
    assert all(p.dtype == torch.float32 for p in trainer.model.parameters())
    model = GLiNER2.from_pretrained(final)
    assert "entities" in model.extract("Tim Cook works for Apple.", {"entities": ["person"]})


def test_an_unknown_precision_is_rejected_with_the_valid_ones():
    from gliner2_core import SchemaError

    with pytest.raises(SchemaError, match=r"run\.precision.*'fp16'.*bf16"):
        load_config({"run": {"precision": "fp16"}})


@pytest.mark.parametrize("native, expected", [(True, "bf16"), (False, "fp32")])
def test_auto_precision_uses_bf16_only_where_the_device_has_it(monkeypatch, native, expected):
    from gliner2_core.training import trainer as trainer_module

    monkeypatch.setattr(trainer_module, "device_has_bf16", lambda device: native)
    assert trainer_module.resolve_precision("auto", "cpu") == expected
    assert trainer_module.resolve_precision("fp32", "cpu") == "fp32"


def test_explicit_bf16_on_a_cpu_without_native_bf16_is_kept_with_a_warning(monkeypatch, caplog):
    from gliner2_core.training import trainer as trainer_module

    monkeypatch.setattr(trainer_module, "device_has_bf16", lambda device: False)
    with caplog.at_level("WARNING", logger="gliner2_core.training.trainer"):
        assert trainer_module.resolve_precision("bf16", "cpu") == "bf16"
    assert "no native bfloat16" in caplog.text and "'auto'" in caplog.text


def test_the_host_cpu_answer_matches_onednn():
    from gliner2_core.encoders.bf16_encoder import cpu_has_bf16
    from gliner2_core.training.trainer import device_has_bf16

    assert device_has_bf16("cpu") == cpu_has_bf16()
    assert load_config({"run": {"precision": "auto"}}).run.precision == "auto"


def test_base_gliner2_mini_fine_tunes_the_bundled_model_without_a_hub_lookup(tmp_path, examples):
    config = _config(tmp_path, "gliner2-mini", 1, save_every=0)
    trainer = Trainer(config, train_examples=examples, dev_examples={})
    from gliner2_core import GLiNER2

    bundled = GLiNER2.from_pretrained().model.state_dict()
    assert trainer.model.state_dict()["count_pred.0.weight"].shape == bundled["count_pred.0.weight"].shape
    folder = trainer.train()
    assert GLiNER2.from_pretrained(folder).extract_entities("Tim Cook works for Apple.", ["person"])["entities"].keys() == {"person"}


def test_an_invalid_run_is_refused_before_the_output_folder_is_touched(tiny_checkpoint, tmp_path, examples):
    from gliner2_core import SchemaError

    with pytest.raises(SchemaError, match=r"run\.steps: got -5; expected an integer >= 1"):
        _config(tmp_path, tiny_checkpoint, -5)
    with pytest.raises(SchemaError, match=r"data\.train: got \[\]"):
        Trainer(_config(tmp_path, tiny_checkpoint, 1), dev_examples={})
    assert not (tmp_path / "run").exists()
