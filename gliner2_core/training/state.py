"""Saving and resuming a training run without pickle.

A run folder holds ``trainable.safetensors`` (every trainable tensor, adapters
included), ``optimizer.safetensors`` (AdamW moments), ``rng.safetensors`` and
``trainer_state.json`` (step, schedule, Python RNG state, config).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from gliner2_core.errors import CheckpointError

STATE_FILE = "trainer_state.json"


def save_state(folder: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer, *, step: int, extra: dict[str, Any]) -> None:
    """Write everything needed to continue training at ``step``."""
    folder.mkdir(parents=True, exist_ok=True)
    trainable = {n: p.detach().cpu().contiguous() for n, p in model.named_parameters() if p.requires_grad}
    save_file(trainable, str(folder / "trainable.safetensors"))
    moments: dict[str, torch.Tensor] = {}
    steps: dict[str, float] = {}
    names = {id(p): n for n, p in model.named_parameters()}
    for group in optimizer.param_groups:
        for param in group["params"]:
            state = optimizer.state.get(param)
            if not state:
                continue
            name = names[id(param)]
            moments[f"{name}::exp_avg"] = state["exp_avg"].cpu().contiguous()
            moments[f"{name}::exp_avg_sq"] = state["exp_avg_sq"].cpu().contiguous()
            steps[name] = float(state["step"])
    save_file(moments, str(folder / "optimizer.safetensors"))
    save_file({"torch": torch.get_rng_state()}, str(folder / "rng.safetensors"))
    payload = {"step": step, "adam_steps": steps, "python_rng": _jsonable(random.getstate()), **extra}
    (folder / STATE_FILE).write_text(json.dumps(payload, indent=2), encoding="utf-8")


def load_state(folder: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    """Restore a run saved by :func:`save_state`; returns the JSON state (with ``step``)."""
    if not (folder / STATE_FILE).is_file():
        raise CheckpointError(f"no training state to resume in {str(folder)!r}")
    payload = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    trainable = load_file(str(folder / "trainable.safetensors"))
    params = dict(model.named_parameters())
    with torch.no_grad():
        for name, value in trainable.items():
            params[name].copy_(value)
    moments = load_file(str(folder / "optimizer.safetensors"))
    for name, step in payload["adam_steps"].items():
        param = params[name]
        optimizer.state[param] = {
            "step": torch.tensor(step),
            "exp_avg": moments[f"{name}::exp_avg"].to(param.device),
            "exp_avg_sq": moments[f"{name}::exp_avg_sq"].to(param.device),
        }
    torch.set_rng_state(load_file(str(folder / "rng.safetensors"))["torch"])
    random.setstate(_tupled(payload["python_rng"]))
    return payload


def _jsonable(value: Any) -> Any:
    return [_jsonable(v) for v in value] if isinstance(value, (tuple, list)) else value


def _tupled(value: list[Any]) -> Any:
    return tuple(_tupled(v) if isinstance(v, list) else v for v in value)
