"""The model a training run starts from: a fresh GLiNER2 on a pretrained encoder, or a checkpoint."""

from __future__ import annotations

import logging
from pathlib import Path

import torch
from transformers import AutoModel, PreTrainedTokenizerBase

from gliner2_core.checkpoint import CONFIG_FILE
from gliner2_core.config import ModelConfig
from gliner2_core.modeling.encoder import load_tokenizer
from gliner2_core.modeling.loading import load_model
from gliner2_core.modeling.model import GLiNER2Model
from gliner2_core.training.config import ModelSettings

logger = logging.getLogger(__name__)


def base_folder(base: str) -> Path:
    """Resolve ``"minilm"`` or a folder path."""
    if base == "minilm":
        from gliner2_core.backbones import minilm_folder

        return minilm_folder()
    return Path(base)


def _is_gliner2_checkpoint(folder: Path) -> bool:
    import json

    path = folder / CONFIG_FILE
    return (folder / "encoder_config").is_dir() and path.is_file() and json.loads(path.read_text()).get("model_type") == "extractor"


def initial_model(settings: ModelSettings, seed: int) -> tuple[GLiNER2Model, PreTrainedTokenizerBase]:
    """Build the starting model (heads seeded with ``seed``).

    A GLiNER2 checkpoint is fine-tuned as it is; a plain encoder folder gets new
    heads and the ten special tokens (their embeddings start at the vocabulary mean).
    """
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
