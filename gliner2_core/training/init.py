"""The model a training run starts from: a fresh GLiNER2 on a pretrained encoder, or a checkpoint."""

from __future__ import annotations

import logging
from pathlib import Path

import torch
from transformers import AutoModel, PreTrainedTokenizerBase

from gliner2_core.architectures.span.config import ModelConfig
from gliner2_core.architectures.span.loading import load_model
from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.checkpoint import CONFIG_FILE
from gliner2_core.encoders.encoder import load_tokenizer
from gliner2_core.errors import CheckpointError, SchemaError
from gliner2_core.training.config import ModelSettings

logger = logging.getLogger(__name__)


BUNDLED_ENCODER, BUNDLED_MODEL = "minilm", "gliner2-mini"


def check_base(base: str) -> None:
    """Refuse a ``model.base`` that names no folder, bundled model or hub id, before any work.

    Raises:
        SchemaError: Naming the value and the valid forms.
    """
    if base in (BUNDLED_ENCODER, BUNDLED_MODEL) or Path(base).expanduser().is_dir():
        return
    if base.count("/") == 1 and not base.startswith((".", "/", "~")) and not Path(base).exists():
        return  # a hub id such as "microsoft/deberta-v3-small": transformers fetches it
    raise SchemaError.invalid(
        "model.base",
        base,
        f"{BUNDLED_ENCODER!r} (the bundled encoder), {BUNDLED_MODEL!r} (the bundled model), "
        "an encoder or GLiNER2 checkpoint folder, or a hub id (no such folder)",
    )


def base_folder(base: str) -> Path:
    """Resolve ``"minilm"`` or a folder path."""
    if base == BUNDLED_ENCODER:
        from gliner2_core.backbones import minilm_folder

        return minilm_folder()
    return Path(base).expanduser()


def _is_gliner2_checkpoint(folder: Path) -> bool:
    """A folder with ``encoder_config/`` and a ``config.json`` that is not an encoder's own (broken ones count: load_model names the fault)."""
    from gliner2_core.checkpoint_checks import read_json

    path = folder / CONFIG_FILE
    if not ((folder / "encoder_config").is_dir() and path.is_file()):
        return False
    try:
        data = read_json(path, "model config")
    except CheckpointError:
        return True
    return not isinstance(data, dict) or data.get("model_type") == "extractor"


def initial_model(settings: ModelSettings, seed: int) -> tuple[GLiNER2Model, PreTrainedTokenizerBase]:
    """Build the starting model (heads seeded with ``seed``).

    A GLiNER2 checkpoint is fine-tuned as it is; a plain encoder folder gets new
    heads and the ten special tokens (their embeddings start at the vocabulary mean).
    """
    if settings.base == BUNDLED_MODEL:
        from gliner2_core.embedded import load_default_model

        model, tokenizer = load_default_model()
        return model.train(), tokenizer
    folder = base_folder(settings.base)
    if _is_gliner2_checkpoint(folder):
        model, tokenizer = load_model(folder)
        return model.train(), tokenizer
    tokenizer = load_tokenizer(folder)
    encoder = AutoModel.from_pretrained(str(folder), use_safetensors=True, trust_remote_code=False, attn_implementation="sdpa")
    encoder.resize_token_embeddings(len(tokenizer), mean_resizing=True)
    torch.manual_seed(seed)
    config = ModelConfig(model_name=settings.base, counting_layer=settings.counting_layer, max_width=settings.max_width)
    logger.info("new %s heads on encoder %s", settings.counting_layer, folder)
    return GLiNER2Model(config, encoder.float()).train(), tokenizer
