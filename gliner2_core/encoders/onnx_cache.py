"""The on-disk cache of exported encoders: keyed, verified, rebuilt when in doubt.

An entry is one file, ``<cache>/<content hash>/encoder.<variant>.onnx``, next to a
``.json`` record of what it was built from::

    {"format": 2, "content": "<sha256 of the encoder's tensors>", "variant": "fp32-fused",
     "options": {...}, "onnxruntime": "1.32.0", "torch": "2.13.0", "onnx": "1.23.2",
     "sha256": "<sha256 of the .onnx file>", "bytes": 90329825}

An entry is used only when its record matches the key asked for exactly (same weights,
same runtime versions, same options) *and* the file's bytes still hash to the recorded
sha256. Anything else (a missing or unreadable record, another runtime version, a
truncated or edited file) is rebuilt, never trusted. Builds write to a temporary name
and are renamed into place, under a lock file, so concurrent processes (Ray actors on
one node) never read a half-written file and export only once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import torch
from torch import nn

from gliner2_core.checkpoint import sha256_file

logger = logging.getLogger(__name__)

FORMAT = 2
LOCK_TIMEOUT_S = 1800.0


def cache_dir() -> Path:
    """``$GLINER2_KIT_CACHE/onnx``, else ``~/.cache/gliner2-kit/onnx``."""
    return Path(os.environ.get("GLINER2_KIT_CACHE", Path.home() / ".cache" / "gliner2-kit")) / "onnx"


def fingerprint(encoder: nn.Module) -> str:
    """sha256 over the encoder's tensors (names, shapes, dtypes and bytes), 24 hex digits."""
    digest = hashlib.sha256()
    for name, tensor in encoder.state_dict().items():
        digest.update(f"{name}:{tuple(tensor.shape)}:{tensor.dtype}".encode())
        digest.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()[:24]


def runtime_versions() -> dict[str, str | None]:
    """Versions of the libraries an exported file depends on."""
    versions: dict[str, str | None] = {}
    for name in ("onnxruntime", "torch", "onnx"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def entry_key(content: str, variant: str, options: dict[str, Any]) -> dict[str, Any]:
    """What an entry must have been built from to be reused."""
    return {"format": FORMAT, "content": content, "variant": variant, "options": options, **runtime_versions()}


def _valid(path: Path, record_path: Path, key: dict[str, Any]) -> bool:
    """True when ``path`` exists, its record matches ``key`` and its bytes match the recorded hash."""
    if not path.is_file() or not record_path.is_file():
        return False
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        logger.warning("ONNX cache record %s is unreadable (%s); rebuilding", record_path, err)
        return False
    if not isinstance(record, dict) or {k: record.get(k) for k in key} != key:
        logger.info("ONNX cache entry %s was built for another key; rebuilding", path)
        return False
    if record.get("bytes") != path.stat().st_size or record.get("sha256") != sha256_file(path):
        logger.warning("ONNX cache entry %s does not match its recorded hash (corrupt or edited); rebuilding", path)
        return False
    return True


@contextlib.contextmanager
def locked(folder: Path, name: str = ".lock") -> Iterator[None]:
    """An exclusive lock on the file ``name`` in ``folder`` (a no-op where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:  # Windows: builds are still atomic, only not deduplicated
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "a+b") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"ONNX cache folder {folder} stayed locked for {LOCK_TIMEOUT_S:.0f} s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_file(content: str, variant: str, options: dict[str, Any], build: Callable[[Path], None]) -> Path:
    """The verified cache file for ``(content, variant, options)``, built with ``build(path)`` if needed.

    Args:
        content: Content hash of the weights (:func:`fingerprint`).
        variant: File variant, e.g. ``"fp32-fused"`` or ``"int8-per-channel"``.
        options: Build options that change the file (part of the key).
        build: Writes the file at the path it is given.

    Returns:
        The path of a file whose record matches the key and whose bytes match their hash.
    """
    folder = cache_dir() / content
    path = folder / f"encoder.{variant}.onnx"
    record_path = path.with_suffix(".json")
    key = entry_key(content, variant, options)
    if _valid(path, record_path, key):
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        if _valid(path, record_path, key):  # another process built it while we waited
            return path
        started = time.perf_counter()
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        try:
            build(tmp)
            size, digest = tmp.stat().st_size, sha256_file(tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        record_tmp = folder / f".{record_path.name}.{os.getpid()}.tmp"
        record_tmp.write_text(json.dumps({**key, "sha256": digest, "bytes": size}, indent=1), encoding="utf-8")
        os.replace(record_tmp, record_path)
        logger.info("built ONNX cache entry %s in %.1f s", path, time.perf_counter() - started)
    return path


def read_json(path: Path) -> dict[str, Any] | None:
    """A small JSON file of the cache, or None when missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write a small JSON file of the cache atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)
