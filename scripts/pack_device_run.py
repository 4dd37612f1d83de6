"""Pack what a GPU training run needs into ``.device/`` (git-ignored), for the device tool.

The GPU machine cannot read ../shared/data or install packages from PyPI, and it
takes at most 64 MiB of files. This writes:

* ``.device/minilm/``: the all-MiniLM-L6-v2 backbone with fp16 weights (45 MB);
* ``.device/data/{train,dev}/<dataset>.jsonl.gz``: the recipe's examples.

Usage: ``python scripts/pack_device_run.py recipes/gliner2-mini.toml`` (the CPU recipe's
datasets and caps; ``recipes/gliner2-mini-gpu.toml`` then reads the packed files).
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import sys
from pathlib import Path

from safetensors.torch import load_file, save_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's gliner2_datasets (not in the wheel)

from gliner2_core.backbones import minilm_folder  # noqa: E402
from gliner2_core.training.config import load_config  # noqa: E402
from gliner2_core.training.data import parse_source  # noqa: E402
from gliner2_datasets import default_data_dir, load_records  # noqa: E402

OUT = Path(".device")
BACKBONE_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def pack_backbone() -> None:
    target = OUT / "minilm"
    target.mkdir(parents=True, exist_ok=True)
    source = minilm_folder()
    for name in BACKBONE_FILES:
        shutil.copy(source / name, target / name)
    state = {k: v.half() for k, v in load_file(str(source / "model.safetensors")).items() if v.is_floating_point()}
    save_file(state, str(target / "model.safetensors"), metadata={"format": "pt"})


def pack_split(sources, split: str, max_words: int, limit) -> None:
    folder = OUT / "data" / split
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        name, cap, _ = parse_source(source)
        cap = cap if cap is not None else limit
        records = list(load_records(name, split, default_data_dir(), max_words=max_words))
        if cap is not None and len(records) > cap:
            records = random.Random(f"{name}/{split}").sample(records, cap)
        with gzip.open(folder / f"{name}.jsonl.gz", "wt", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(recipe: str) -> None:
    config = load_config(recipe)
    pack_backbone()
    pack_split(config.data.train, "train", config.data.max_words, config.data.max_per_source)
    pack_split(config.data.dev, "dev", config.data.max_words, config.data.dev_examples)
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"packed {total / 2**20:.1f} MiB into {OUT}/")


if __name__ == "__main__":
    main(sys.argv[1])
