"""Train on the GPU machine and send back only what training learned, in shards.

Run there (through the device tool) after ``scripts/pack_device_run.py`` (data and
backbone) and, to continue from a trained model, ``scripts/pack_device_init.py``::

    PYTHONPATH=. python3 scripts/device_train.py RECIPE $OUT [--init .device/init]

The device tool returns files of at most 16 MiB, so the learned tensors (every
tensor but the frozen pretrained vocabulary rows, fp16) are written as
``learned-*.safetensors`` shards of at most 15 MiB, with ``run.json`` and the
training log; ``scripts/import_device_run.py`` rebuilds the model here.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shutil
import time
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

import gliner2_datasets
from gliner2_core.training import Trainer, load_config

SHARD_BYTES = 15 * 2**20
EMBEDDINGS = "encoder.embeddings.word_embeddings.weight"
BASE_VOCAB = 30522


def rebuild_init(pack: Path, target: Path) -> Path:
    """fp32 checkpoint folder from a ``pack_device_init.py`` pack."""
    shutil.copytree(pack, target, ignore=shutil.ignore_patterns("*.safetensors"), dirs_exist_ok=True)
    state = {k: v.float() for k, v in load_file(str(pack / "weights.fp16.safetensors")).items()}
    packed = load_file(str(pack / "word_embeddings.int8.safetensors"))
    state[EMBEDDINGS] = packed["q"].float() * packed["scale"]
    save_file(state, str(target / "model.safetensors"))
    return target


def write_shards(state: dict, out: Path) -> int:
    learned = {k: v.detach().cpu().half().contiguous() for k, v in state.items() if k != EMBEDDINGS}
    learned["new_rows"] = state[EMBEDDINGS][BASE_VOCAB:].detach().cpu().float().contiguous()
    shards, current, size = [], {}, 0
    for key in sorted(learned):
        nbytes = learned[key].numel() * learned[key].element_size()
        if current and size + nbytes > SHARD_BYTES:
            shards.append(current)
            current, size = {}, 0
        current[key], size = learned[key], size + nbytes
    shards.append(current)
    for index, part in enumerate(shards):
        save_file(part, str(out / f"learned-{index:02d}.safetensors"))
    return len(shards)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("recipe")
    parser.add_argument("out", type=Path)
    parser.add_argument("--init", type=Path, default=None, help="a pack_device_init.py folder to start from")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.backends.cuda.matmul.allow_tf32 = True
    began = time.time()
    config = load_config(args.recipe)
    if args.init is not None:
        base = rebuild_init(args.init, Path("/tmp/init"))
        config = dataclasses.replace(config, model=dataclasses.replace(config.model, base=str(base)))
    trainer = Trainer(config, datasets=gliner2_datasets)
    trainer.train()
    stats = {"shards": write_shards(trainer.model.state_dict(), args.out), "steps": trainer.steps_done}
    stats["wall_minutes"] = round((time.time() - began) / 60, 2)
    stats["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    (args.out / "run.json").write_text(json.dumps(stats, indent=2))
    if (trainer.output / "metrics.jsonl").is_file():
        shutil.copy(trainer.output / "metrics.jsonl", args.out / "metrics.jsonl")
    logging.info("done: %s", stats)


if __name__ == "__main__":
    main()
