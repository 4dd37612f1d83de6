"""Low-rank adapters on the encoder (with ``peft``), and folding them back in.

Adapters are injected into the encoder in place, so the model keeps its module
names. ``merge_lora`` folds ``B @ A * scale`` into each base weight and removes
the adapter modules, leaving a plain model that saves as a normal checkpoint.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn

from gliner2_core.errors import SchemaError
from gliner2_core.training.config import LoraConfig


def apply_lora(encoder: nn.Module, config: LoraConfig) -> nn.Module:
    """Inject adapters into the encoder's linear layers whose names contain a target."""
    try:
        from peft import LoraConfig as PeftLoraConfig
        from peft import inject_adapter_in_model
    except ImportError as err:
        raise SchemaError("model.lora: needs the 'peft' package (pip install 'gliner2-kit[train]')") from err
    peft_config = PeftLoraConfig(
        r=config.r, lora_alpha=config.alpha, lora_dropout=config.dropout, target_modules=list(config.targets), bias="none"
    )
    return inject_adapter_in_model(peft_config, encoder)


def lora_layers(module: nn.Module) -> Iterator[tuple[str, nn.Module]]:
    from peft.tuners.lora import LoraLayer

    for name, child in module.named_modules():
        if isinstance(child, LoraLayer):
            yield name, child


def lora_deltas(encoder: nn.Module) -> dict[str, torch.Tensor]:
    """``{"<module>.weight": B @ A * scale}`` for every adapted linear layer."""
    deltas = {}
    for name, layer in lora_layers(encoder):
        deltas[f"{name}.weight"] = layer.get_delta_weight("default").detach().clone()
    return deltas


def merge_lora(encoder: nn.Module) -> None:
    """Fold every adapter into its base layer and put the plain layer back."""
    for name, layer in list(lora_layers(encoder)):
        layer.merge()
        parent_name, _, child_name = name.rpartition(".")
        parent = encoder.get_submodule(parent_name) if parent_name else encoder
        setattr(parent, child_name, layer.get_base_layer())
