"""Finding, reading and writing checkpoints (safetensors only, never pickle).

A checkpoint is a folder with the published layout (see :mod:`gliner2_core.config`).
Hub ids (``fastino/gliner2-base-v1``) are downloaded with ``huggingface_hub`` into
its cache; nothing else ever reaches the network.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from gliner2_core.errors import CheckpointError, ModelNotFoundError

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
ENCODER_CONFIG_DIR = "encoder_config"
HUB_PATTERNS = ["config.json", "encoder_config/*", "model.safetensors", "*.json", "*.model", "*.txt"]


def resolve_checkpoint(
    name_or_path: str | Path,
    *,
    revision: str | None = None,
    cache_dir: str | Path | None = None,
    token: str | None = None,
    local_files_only: bool = False,
) -> Path:
    """Return a local folder holding the checkpoint, downloading a hub id if needed.

    Raises:
        ModelNotFoundError: When the path does not exist and the hub id cannot be fetched.
    """
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path
    name = str(name_or_path)
    if path.exists() or name.count("/") != 1 or name.startswith((".", "/")):
        raise ModelNotFoundError(
            f"model {name!r}: no such checkpoint folder; expected a folder with {CONFIG_FILE} and {WEIGHTS_FILE}, "
            "a hub id like 'fastino/gliner2-base-v1', or 'gliner2-mini' for the bundled model"
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    try:
        folder = snapshot_download(
            repo_id=name,
            revision=revision,
            cache_dir=cache_dir,
            token=token,
            allow_patterns=HUB_PATTERNS,
            local_files_only=local_files_only,
        )
    except (LocalEntryNotFoundError, HfHubHTTPError, OSError, ValueError) as err:
        raise ModelNotFoundError(
            f"model {name!r}: could not download it from the Hugging Face hub ({type(err).__name__}: {err}). "
            "If this machine is offline, copy the checkpoint folder here and pass its path, "
            "or use the bundled model with GLiNER2.from_pretrained()"
        ) from err
    return Path(folder)


def load_weights(folder: Path) -> dict[str, torch.Tensor]:
    """Read ``model.safetensors``; pickle files are refused, not loaded."""
    path = folder / WEIGHTS_FILE
    if not path.is_file():
        pickled = [p.name for p in folder.glob("*.bin")] + [p.name for p in folder.glob("*.pt")]
        hint = (
            f" It has {', '.join(pickled)}: pickle files can run code when loaded and are refused; "
            "convert them once with a trusted tool to model.safetensors."
            if pickled
            else ""
        )
        raise CheckpointError(f"checkpoint {str(folder)!r} has no {WEIGHTS_FILE}.{hint}")
    try:
        return load_file(str(path))
    except (SafetensorError, OSError, ValueError) as err:
        raise CheckpointError(f"checkpoint weights {str(path)!r} are corrupt or truncated: {err}") from err


def save_weights(state: dict[str, torch.Tensor], folder: Path) -> None:
    """Write ``model.safetensors`` (contiguous CPU copies; tied tensors are duplicated)."""
    tensors = {k: v.detach().to("cpu").contiguous().clone() for k, v in state.items()}
    save_file(tensors, str(folder / WEIGHTS_FILE), metadata={"format": "pt"})


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_sha256(path: Path, expected: str) -> None:
    """Raise :class:`CheckpointError` unless the file's sha256 is ``expected``."""
    actual = sha256_file(path)
    if actual != expected:
        raise CheckpointError(f"{str(path)!r} failed its integrity check: sha256 {actual}, expected {expected}")
