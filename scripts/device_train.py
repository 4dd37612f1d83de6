"""Train on the GPU machine and send back only what training learned, in shards.

Run there (through the device tool) after ``scripts/pack_device_run.py``::

    PYTHONPATH=. python3 scripts/device_train.py recipes/gliner2-mini-gpu.toml $OUT

The device tool returns files of at most 16 MiB, so the learned tensors (heads,
new token rows, encoder deltas against ``.device/minilm``) are written as
``learned-*.safetensors`` shards of at most 15 MiB; ``scripts/import_device_run.py``
joins them back into the bundled model here.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from gliner2_core.embedded.delta import write_delta
from gliner2_core.training import Trainer, load_config

SHARD_BYTES = 15 * 2**20


def shard(path: Path, out: Path) -> int:
    tensors = load_file(str(path))
    shards, current, size = [], {}, 0
    for key in sorted(tensors):
        nbytes = tensors[key].numel() * tensors[key].element_size()
        if current and size + nbytes > SHARD_BYTES:
            shards.append(current)
            current, size = {}, 0
        current[key], size = tensors[key], size + nbytes
    shards.append(current)
    for index, part in enumerate(shards):
        save_file(part, str(out / f"learned-{index:02d}.safetensors"))
    return len(shards)


def main(recipe: str, out: str) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.backends.cuda.matmul.allow_tf32 = True
    out_dir = Path(out)
    began = time.time()
    trainer = Trainer(load_config(recipe))
    final = trainer.train()
    delta = Path("/tmp/learned.safetensors")
    stats = write_delta(trainer.model.cpu(), Path(trainer.config.model.base), delta)
    stats["shards"] = shard(delta, out_dir)
    stats["steps"] = trainer.steps_done
    stats["wall_minutes"] = round((time.time() - began) / 60, 2)
    stats["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    (out_dir / "run.json").write_text(json.dumps(stats, indent=2))
    if (trainer.output / "metrics.jsonl").is_file():
        shutil.copy(trainer.output / "metrics.jsonl", out_dir / "metrics.jsonl")
    logging.info("done: %s (%s)", stats, final)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
