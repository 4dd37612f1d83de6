"""Package a trained MiniLM-based checkpoint folder as the bundled ``gliner2-mini``.

Usage: ``python scripts/bundle_checkpoint.py CHECKPOINT_DIR --training training.json``

``training.json`` is the training record stored in the manifest (recipes, hardware,
steps, minutes of each stage). The weights file is written only if it stays within
the 40 MB budget.

The checkpoint is loaded with every integrity check of ``from_pretrained`` (its
``gliner2_manifest.json`` when present, the tokenizer against the weights), and the
bundle is loaded back the way users load it (weights hash, backbone hashes,
special-token ids) before the script reports success. Exit status 0 on success,
1 when the checkpoint or the written bundle is refused (the reason on stderr).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from gliner2_core.architectures.span.loading import load_model
from gliner2_core.errors import GLiNER2Error
from gliner2_core.training.export import export_bundled


def _reload_bundle() -> None:
    """Load the written bundle as ``GLiNER2.from_pretrained()`` does, with fresh caches."""
    from gliner2_core import embedded
    from gliner2_core.backbones import minilm_folder

    embedded.manifest.cache_clear()
    minilm_folder.cache_clear()
    embedded.load_default_model()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("--training", type=Path, required=True, help="JSON training record for the manifest")
    parser.add_argument(
        "--window-words", type=int, default=None, help="store this inference window (words) in the config (see ModelConfig)"
    )
    parser.add_argument(
        "--record-strategy",
        choices=("record", "entities"),
        default=None,
        help="store the Pydantic default strategy measured best (scripts/pydantic_strategies.py) in the config",
    )
    parser.add_argument(
        "--record-threshold",
        type=float,
        default=None,
        help="store the structure-field threshold measured best (scripts/calibrate_record_threshold.py) in the config",
    )
    args = parser.parse_args()
    try:
        model, tokenizer = load_model(args.checkpoint)
        if args.window_words is not None:
            model.config = dataclasses.replace(model.config, window_words=args.window_words)
        if args.record_threshold is not None:
            model.config = dataclasses.replace(model.config, record_threshold=args.record_threshold)
        if args.record_strategy is not None:
            model.config = dataclasses.replace(model.config, record_strategy=args.record_strategy)
        manifest = export_bundled(model, tokenizer, json.loads(args.training.read_text()))
        _reload_bundle()
    except (GLiNER2Error, ValueError, OSError) as err:
        sys.stderr.write(f"bundle_checkpoint: {type(err).__name__}: {err}\n")
        raise SystemExit(1) from err
    print(json.dumps({k: manifest[k] for k in ("weights_sha256", "delta")}, indent=2))


if __name__ == "__main__":
    main()
