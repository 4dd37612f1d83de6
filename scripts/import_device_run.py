"""Join the shards of a GPU run (``scripts/device_train.py``) and package them as the bundled model.

Usage: ``python scripts/import_device_run.py DEVICE_OUT_DIR [--checkpoint runs/gliner2-mini-gpu/final]``

The shards hold deltas against ``.device/minilm`` (the fp16 copy the GPU started
from); the model is rebuilt from that copy, then re-packaged against the
hash-checked fp32 backbone.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from gliner2_core.backbones import minilm_folder
from gliner2_core.config import ModelConfig
from gliner2_core.embedded.delta import apply_delta
from gliner2_core.modeling.loading import save_model
from gliner2_core.schema.spec import SPECIAL_TOKENS
from gliner2_core.training.export import export_bundled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--recipe", default="recipes/gliner2-mini-gpu.toml")
    parser.add_argument("--checkpoint", type=Path, default=None, help="also write a full checkpoint folder here")
    args = parser.parse_args()
    learned = {}
    for shard in sorted(args.run_dir.glob("learned-*.safetensors")):
        learned.update(load_file(str(shard)))
    run = json.loads((args.run_dir / "run.json").read_text())
    backbone = Path(".device/minilm")
    info = {
        "config": ModelConfig(counting_layer="count_lstm_v2").to_json_dict(),
        "special_token_ids": {t: 30522 + i for i, t in enumerate(SPECIAL_TOKENS)},
        "vocab_size": learned["new_rows"].shape[0] + 30522,
    }
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "learned.safetensors"
        save_file(learned, str(joined))
        model, tokenizer = apply_delta(backbone, joined, info)
    # The vocabulary rows were frozen in training: restore their exact fp32 values.
    base_rows = load_file(str(minilm_folder() / "model.safetensors"))["embeddings.word_embeddings.weight"]
    with torch.no_grad():
        model.encoder.get_input_embeddings().weight[: base_rows.shape[0]] = base_rows
    if args.checkpoint:
        save_model(model, tokenizer, args.checkpoint)
    training = {"recipe": args.recipe, "hardware": run.get("gpu"), "steps": run.get("steps"), "wall_minutes": run.get("wall_minutes")}
    manifest = export_bundled(model, tokenizer, training)
    print(json.dumps({k: manifest[k] for k in ("weights_sha256", "delta", "training")}, indent=2))


if __name__ == "__main__":
    main()
