"""Synthetic records go through the real trainer on a tiny random checkpoint."""

from __future__ import annotations

import json
import math

from gliner2_core.training import Trainer, load_config, parse_record
from gliner2_datasets.synthetic import generate


def test_synthetic_records_train_a_tiny_checkpoint_with_finite_losses(tiny_checkpoint, tmp_path):
    short = [r for r in generate("train", 40, seed=1) if len(r["input"].split()) <= 80][:8]
    examples = [parse_record(r, source="synthetic_docs") for r in short]
    config = load_config(
        {
            "model": {"base": str(tiny_checkpoint)},
            "optim": {"batch_size": 2, "encoder_lr": 1e-3, "head_lr": 3e-3, "warmup_ratio": 0.0},
            "run": {"steps": 3, "output_dir": str(tmp_path / "run"), "eval_every": 0, "save_every": 0, "log_every": 1},
        }
    )
    Trainer(config, train_examples=examples, dev_examples={}).train()
    lines = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    losses = [line["loss"] for line in lines if "loss" in line]
    assert len(losses) == 3
    assert all(math.isfinite(loss) and loss > 0 for loss in losses)
