"""Rebuild the model a GPU run (``scripts/device_train.py``) learned, and package it.

Usage: ``python scripts/import_device_run.py RUN_DIR --recipe RECIPE [--checkpoint DIR] [--bundle]``

The shards hold every tensor but the frozen pretrained vocabulary rows (fp16)
plus the new token rows (fp32); the vocabulary rows come from the hash-checked
MiniLM backbone. ``--checkpoint`` writes a full checkpoint folder, ``--bundle``
packages the model as the bundled ``gliner2-mini``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from safetensors.torch import load_file

from gliner2_core.architectures.span.config import ModelConfig
from gliner2_core.architectures.span.loading import save_model
from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.backbones import minilm_folder
from gliner2_core.checkpoint_files import fit_embeddings, load_state
from gliner2_core.encoders.encoder import build_encoder, load_encoder_config, load_tokenizer
from gliner2_core.training.export import export_bundled

EMBEDDINGS = "encoder.embeddings.word_embeddings.weight"


def rebuild(run_dir: Path):
    learned = {}
    for shard in sorted(run_dir.glob("learned-*.safetensors")):
        learned.update(load_file(str(shard)))
    backbone = minilm_folder()
    tokenizer = load_tokenizer(backbone)
    model = GLiNER2Model(ModelConfig(counting_layer="count_lstm_v2"), build_encoder(load_encoder_config(backbone)))
    new_rows = learned.pop("new_rows").float()
    vocabulary = load_file(str(backbone / "model.safetensors"))["embeddings.word_embeddings.weight"]
    fit_embeddings(model, vocabulary.shape[0] + new_rows.shape[0], tokenizer)
    state = {k: v.float() for k, v in learned.items()}
    state[EMBEDDINGS] = torch.cat([vocabulary, new_rows])
    load_state(model, state, str(run_dir))
    return model.eval(), tokenizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--recipe", required=True)
    parser.add_argument("--checkpoint", type=Path, default=None)
    parser.add_argument("--bundle", action="store_true")
    args = parser.parse_args()
    model, tokenizer = rebuild(args.run_dir)
    if args.checkpoint:
        save_model(model, tokenizer, args.checkpoint)
    if args.bundle:
        run = json.loads((args.run_dir / "run.json").read_text())
        training = {"recipe": args.recipe, "hardware": run.get("gpu"), "steps": run.get("steps"), "wall_minutes": run.get("wall_minutes")}
        manifest = export_bundled(model, tokenizer, training)
        print(json.dumps({k: manifest[k] for k in ("weights_sha256", "delta", "training")}, indent=2))


if __name__ == "__main__":
    main()
