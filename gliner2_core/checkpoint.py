"""Finding, reading and writing checkpoints (safetensors only, never pickle).

A checkpoint is a folder with the published layout (see :mod:`gliner2_core.architectures.span.config`).
Hub ids (``fastino/gliner2-base-v1``) are downloaded with ``huggingface_hub`` into
its cache; nothing else ever reaches the network.

``save_pretrained`` also writes ``gliner2_manifest.json``: the sha256 digest of
every file it wrote and the ids of the ten special tokens. ``from_pretrained``
verifies it when present, before reading anything else, so a missing, truncated
or edited file (a tokenizer, a config, the weights) is refused by name instead
of loading into a model that silently answers nothing. Checkpoints without a
manifest (the published ones) load as before, with structural checks only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from gliner2_core.errors import CheckpointError, ModelNotFoundError

if TYPE_CHECKING:
    from gliner2_core.checkpoint_checks import ShapeCheck

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
ENCODER_CONFIG_DIR = "encoder_config"
MANIFEST_FILE = "gliner2_manifest.json"
MANIFEST_FORMAT = "gliner2-kit-manifest-1"
# Files that hold a tokenizer's vocabulary; a checkpoint needs at least one.
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "spm.model", "sentencepiece.bpe.model", "tokenizer.model", "vocab.json")
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
    if not isinstance(name_or_path, (str, os.PathLike)) or not str(name_or_path).strip():
        raise ModelNotFoundError(
            f"name_or_path: got {name_or_path!r}; expected a checkpoint folder path, a hub id like "
            "'fastino/gliner2-base-v1', or 'gliner2-mini' (or None) for the bundled model"
        )
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return _readable_configs(path)
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
    return _readable_configs(Path(folder))


def _readable_configs(folder: Path) -> Path:
    """Refuse config files too large or too deeply nested to parse safely, before any reader parses them.

    The architecture is read from ``config.json`` before the manifest is verified, so this
    bound comes first; every other check waits for :func:`load_weights`.
    """
    from gliner2_core.checkpoint_checks import check_parsable

    for relative, what in ((CONFIG_FILE, "model config"), (f"{ENCODER_CONFIG_DIR}/{CONFIG_FILE}", "encoder config")):
        check_parsable(folder / relative, what)
    return folder


def load_weights(folder: Path, check_shapes: ShapeCheck | None = None) -> dict[str, torch.Tensor]:
    """Read ``model.safetensors`` once the folder's configs fit it; pickle files are refused, not loaded.

    Before any tensor is read, the file's header is checked (floating-point tensors only) and
    ``config.json`` and ``encoder_config/config.json`` are validated as a whole and against
    the tensor shapes it lists (see :mod:`gliner2_core.checkpoint_checks`); after loading,
    every weight must be finite.

    Raises:
        CheckpointError: Naming the file, and the key or tensor at fault.
    """
    from gliner2_core.checkpoint_checks import (
        check_config,
        check_dtypes,
        check_encoder_config,
        check_finite,
        read_header,
    )

    path = _weights_path(folder)
    header = read_header(path)
    check_dtypes(header, path)
    if (folder / CONFIG_FILE).is_file():
        check_config(folder, CONFIG_FILE, header, check_shapes)
    if (folder / ENCODER_CONFIG_DIR / CONFIG_FILE).is_file():
        check_encoder_config(folder, f"{ENCODER_CONFIG_DIR}/{CONFIG_FILE}", header)
    try:
        state = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as err:
        raise CheckpointError(f"checkpoint weights {str(path)!r} are corrupt or truncated: {err}") from err
    check_finite(state, path)
    return state


def _weights_path(folder: Path) -> Path:
    """``model.safetensors`` of the folder; a folder with only pickle files is refused, naming them."""
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
    return path


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
    """Raise :class:`CheckpointError` unless the file exists and its sha256 is ``expected``."""
    if not path.is_file():
        raise CheckpointError(f"{str(path)!r} is missing; it is needed and checked by sha256 ({expected})")
    actual = sha256_file(path)
    if actual != expected:
        raise CheckpointError(f"{str(path)!r} failed its integrity check: sha256 {actual}, expected {expected}")


def require_files(folder: Path) -> None:
    """Refuse a folder that lacks a file every checkpoint needs, naming the first one missing."""
    for needed in (CONFIG_FILE, f"{ENCODER_CONFIG_DIR}/{CONFIG_FILE}"):
        if not (folder / needed).is_file():
            raise CheckpointError(
                f"checkpoint {str(folder)!r} has no {needed}; a GLiNER2 checkpoint holds {CONFIG_FILE}, "
                f"{ENCODER_CONFIG_DIR}/{CONFIG_FILE}, {WEIGHTS_FILE} and its tokenizer files"
            )
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise CheckpointError(
            f"checkpoint {str(folder)!r} has no tokenizer.json (nor another tokenizer vocabulary: "
            f"{', '.join(TOKENIZER_FILES[1:])}); copy the tokenizer files saved with the model into it"
        )


def write_manifest(folder: Path, files: Iterable[str], special_token_ids: Mapping[str, int]) -> Path:
    """Write ``gliner2_manifest.json``: sha256 of each file (relative POSIX paths) and the special-token ids."""
    digests = {name: sha256_file(folder / name) for name in sorted(set(files))}
    manifest = {"format": MANIFEST_FORMAT, "files": digests, "special_token_ids": dict(special_token_ids)}
    path = folder / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CheckpointError(f"{str(path)!r} is not readable JSON ({err}); delete it to load without verification") from err
    files = manifest.get("files") if isinstance(manifest, dict) else None
    ids = manifest.get("special_token_ids", {}) if isinstance(manifest, dict) else None
    if (
        not isinstance(files, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        or not isinstance(ids, dict)
        or not all(isinstance(k, str) and isinstance(v, int) for k, v in ids.items())
    ):
        raise CheckpointError(
            f"{str(path)!r}: got {str(manifest)[:200]!r}; expected an object with 'files' "
            "({path: sha256}) and 'special_token_ids' ({token: id})"
        )
    return manifest


def verify_manifest(folder: Path) -> dict[str, Any] | None:
    """Check every file listed in the folder's manifest; ``None`` when it has none.

    Returns:
        The manifest (``files`` and ``special_token_ids``).

    Raises:
        CheckpointError: Naming the first file that is missing or whose digest changed.
    """
    path = folder / MANIFEST_FILE
    if not path.is_file():
        return None
    manifest = _read_manifest(path)
    for name, expected in manifest["files"].items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise CheckpointError(f"{MANIFEST_FILE} lists {name!r}; expected paths inside the checkpoint folder")
        file = folder / relative
        if not file.is_file():
            raise CheckpointError(
                f"checkpoint {str(folder)!r} is missing {name} (listed in {MANIFEST_FILE}); "
                "copy the whole folder that save_pretrained wrote"
            )
        actual = sha256_file(file)
        if actual != expected:
            raise CheckpointError(
                f"checkpoint file {name} in {str(folder)!r} changed after save_pretrained wrote it: "
                f"sha256 {actual}, expected {expected} ({MANIFEST_FILE}); restore the original, "
                f"or delete {MANIFEST_FILE} to load the edited checkpoint unverified"
            )
    return manifest
