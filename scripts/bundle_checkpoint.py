"""Package a trained MiniLM-based checkpoint folder as the bundled ``gliner2-mini``.

Usage: ``python scripts/bundle_checkpoint.py CHECKPOINT_DIR --training training.json``

``training.json`` is the training record stored in the manifest (recipes, hardware,
steps, minutes of each stage). The weights file is written only if it stays within
the 40 MB budget.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gliner2_core.modeling.loading import load_model
from gliner2_core.training.export import export_bundled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("--training", type=Path, required=True, help="JSON training record for the manifest")
    args = parser.parse_args()
    model, tokenizer = load_model(args.checkpoint)
    manifest = export_bundled(model, tokenizer, json.loads(args.training.read_text()))
    print(json.dumps({k: manifest[k] for k in ("weights_sha256", "delta")}, indent=2))


if __name__ == "__main__":
    main()
