"""Pack a trained checkpoint as the starting point of a further GPU run, within the device tool's 64 MiB.

Writes ``.device/init/``: the checkpoint's config, encoder config and tokenizer,
every tensor except the word embeddings in fp16, and the word embeddings as
per-row int8 with scales (they are frozen in training; the exact fp32 rows are
restored by ``scripts/import_device_run.py``). ``scripts/device_train.py --init``
rebuilds an fp32 checkpoint from it on the GPU machine.

Usage: ``python scripts/pack_device_init.py CHECKPOINT_DIR``
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

EMBEDDINGS = "encoder.embeddings.word_embeddings.weight"
OUT = Path(".device/init")


def main(checkpoint: str) -> None:
    source = Path(checkpoint)
    if OUT.exists():
        shutil.rmtree(OUT)
    shutil.copytree(source, OUT, ignore=shutil.ignore_patterns("model.safetensors"))
    state = load_file(str(source / "model.safetensors"))
    embeddings = state.pop(EMBEDDINGS)
    scale = embeddings.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127.0
    save_file({"q": torch.round(embeddings / scale).to(torch.int8), "scale": scale}, str(OUT / "word_embeddings.int8.safetensors"))
    save_file({k: v.half() if v.is_floating_point() else v for k, v in state.items()}, str(OUT / "weights.fp16.safetensors"))
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"packed {total / 2**20:.1f} MiB into {OUT}/")


if __name__ == "__main__":
    main(sys.argv[1])
