"""What a checkpoint folder must satisfy before any tensor is allocated.

A checkpoint's JSON files are read with bounds (size, nesting depth, finite numbers),
and the weights file's header is read without its data, so the config can be checked
as a whole against what the weights hold before the model is built:

* ``config.json``: a numeric ``config_version``, and whatever the architecture's loader
  checks against the tensor shapes (``check_shapes``: the span model matches ``max_count``
  and ``counting_layer`` against the count head's tensors; the boundary model reads its
  own typed schema in :mod:`gliner2_core.architectures.boundary`);
* ``encoder_config/config.json``: every size that shapes a tensor (vocabulary,
  hidden size, layers, feed-forward, positions) bounded by the weights, so an edited
  ``1e9`` is refused by name instead of allocating gigabytes;
* ``model.safetensors``: floating-point tensors only (the integer buffers
  ``position_ids``/``token_type_ids`` excepted), and, once loaded, finite values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open

from gliner2_core.errors import CheckpointError

CONFIG_VERSION = 3
"""The newest ``config_version`` of either architecture's ``config.json``."""
MAX_JSON_BYTES = 16 << 20
"""Largest config file read (the published ones are under 10 KB)."""
MAX_JSON_DEPTH = 32
"""Deepest nesting of objects and arrays accepted in a config file (the published ones: 4)."""
FLOAT_DTYPES = ("F16", "BF16", "F32", "F64")
INTEGER_BUFFERS = ("position_ids", "token_type_ids")
"""Integer buffers some encoders save; they are not weights and are not loaded."""
ENCODER_PREFIX = "encoder."
MAX_POSITIONS = 1 << 16
"""Bound of ``max_position_embeddings`` when no tensor of the weights is as large."""
_LAYER = re.compile(r"^encoder\.(?:.*\.)?layers?\.(\d+)\.")


@dataclass(frozen=True)
class TensorInfo:
    """A tensor's dtype (safetensors' name, e.g. ``"F32"``) and shape, read from the file header."""

    dtype: str
    shape: tuple[int, ...]


def read_json(path: Path, what: str) -> Any:
    """Parse a JSON file of bounded size and nesting whose numbers are all finite.

    Raises:
        CheckpointError: Naming the file and, for a bad value, the key path.
    """
    data = _parse(path, what)
    check_json_tree(data, f"{what} {str(path)!r}")
    return data


def check_parsable(path: Path, what: str) -> None:
    """Refuse a JSON file too large or too deeply nested to parse safely; other faults are left to its reader."""
    try:
        data = _parse(path, what)
    except CheckpointError as err:
        if isinstance(err.__cause__, RecursionError) or path.is_file() and path.stat().st_size > MAX_JSON_BYTES:
            raise
        return
    check_json_tree(data, f"{what} {str(path)!r}", finite=False)


def _parse(path: Path, what: str) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise CheckpointError(f"{what} {str(path)!r}: {size} bytes; expected at most {MAX_JSON_BYTES}")
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError as err:
        raise CheckpointError(
            f"{what} {str(path)!r}: nested too deeply to read; expected at most {MAX_JSON_DEPTH} levels"
        ) from err
    except CheckpointError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CheckpointError(f"cannot read {what} {str(path)!r}: {err}") from err


def check_json_tree(data: Any, where: str, *, finite: bool = True) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` and (``finite``) NaN/Infinity anywhere, without recursion."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, key, depth = stack.pop()
        if finite and isinstance(value, float) and not math.isfinite(value):
            raise CheckpointError(f"{where}: {key or 'the file'}: got {value!r}; expected a finite number")
        if isinstance(value, (dict, list)):
            if depth >= MAX_JSON_DEPTH:
                raise CheckpointError(
                    f"{where}: {key or 'the file'} is nested more than {MAX_JSON_DEPTH} levels deep; "
                    "expected a flat config object"
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for name, item in items:
                child = f"{key}.{name}" if isinstance(value, dict) else f"{key}[{name}]"
                stack.append((item, child.lstrip("."), depth + 1))


def read_header(path: Path) -> dict[str, TensorInfo]:
    """Every tensor's dtype and shape, from the safetensors header only (no tensor data is read).

    Raises:
        CheckpointError: When the file is not a valid safetensors file (corrupt, truncated, a pickle).
    """
    try:
        with safe_open(str(path), framework="pt") as handle:
            return {
                name: TensorInfo(handle.get_slice(name).get_dtype(), tuple(handle.get_slice(name).get_shape()))
                for name in handle.keys()  # noqa: SIM118 - a safetensors handle is not iterable
            }
    except (SafetensorError, OSError, ValueError, RuntimeError) as err:
        raise CheckpointError(f"checkpoint weights {str(path)!r} are corrupt or truncated: {err}") from err


def check_dtypes(header: Mapping[str, TensorInfo], path: Path) -> None:
    """Refuse integer or boolean weights: loading would cast them to floats silently."""
    for name, info in header.items():
        if info.dtype not in FLOAT_DTYPES and not name.endswith(INTEGER_BUFFERS):
            raise CheckpointError(
                f"checkpoint weights {str(path)!r}: tensor {name!r} has dtype {info.dtype}; "
                f"expected a floating-point dtype ({', '.join(FLOAT_DTYPES)})"
            )


def check_finite(state: Mapping[str, torch.Tensor], path: Path) -> None:
    """Refuse NaN or infinite weights, naming the first tensor that holds one."""
    for name, tensor in state.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            bad = int((~torch.isfinite(tensor)).sum())
            raise CheckpointError(
                f"checkpoint weights {str(path)!r}: tensor {name!r} holds {bad} NaN or infinite values; "
                "expected finite numbers (the file was damaged, or saved from a diverged training run)"
            )


ShapeCheck = Callable[[dict[str, Any], dict[str, tuple[int, ...]]], None]
"""An architecture's check of its ``config.json`` dict against the tensor shapes of the weights' header."""


def check_config(
    folder: Path, config_file: str, header: Mapping[str, TensorInfo], check_shapes: ShapeCheck | None = None
) -> None:
    """Check ``config.json`` as a whole, and against the weights with the architecture's ``check_shapes``."""
    path = folder / config_file
    data = read_json(path, "model config")
    if not isinstance(data, dict):
        return  # the architecture's reader refuses it, naming the JSON type
    check_config_version(data.get("config_version"))
    if check_shapes is not None:
        check_shapes(data, {name: info.shape for name, info in header.items()})


def check_config_version(value: Any) -> None:
    """``config_version`` is missing (``None``) or an integer from 0 to :data:`CONFIG_VERSION`."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= CONFIG_VERSION:
        newer = isinstance(value, int) and not isinstance(value, bool) and value > CONFIG_VERSION
        hint = " (written by a newer library: upgrade gliner2-kit)" if newer else ""
        raise CheckpointError(
            f"config.config_version: got {value!r}; expected an integer from 0 to {CONFIG_VERSION} or null{hint}"
        )


def _embedding(header: Mapping[str, TensorInfo]) -> tuple[str, tuple[int, ...]] | None:
    names = [n for n in header if n.startswith(ENCODER_PREFIX) and n.endswith(("word_embeddings.weight", "tok_embeddings.weight"))]
    return (names[0], header[names[0]].shape) if len(names) == 1 and len(header[names[0]].shape) == 2 else None


def _size(data: Mapping[str, Any], key: str, where: str, *, low: int, high: int, why: str = "") -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        expected = str(low) if low == high else f"an integer from {low} to {high}"
        raise CheckpointError(f"{where}: {key}: got {value!r}; expected {expected}{why}")
    return value


def check_encoder_config(folder: Path, config_file: str, header: Mapping[str, TensorInfo]) -> None:
    """Bound every size of the encoder config that shapes a tensor by what the weights hold."""
    path = folder / config_file
    data = read_json(path, "encoder config")
    if not isinstance(data, dict):
        return  # the encoder loader refuses it, naming the file
    where = f"encoder config {str(path)!r}"
    largest = max((max(info.shape, default=1) for info in header.values()), default=1)
    embedding = _embedding(header)
    if embedding is not None:
        name, (rows, columns) = embedding
        _size(data, "vocab_size", where, low=1, high=2 * rows, why=f" (the weights embed {rows} tokens in {name})")
        if data.get("embedding_size") in (None, data.get("hidden_size")):
            _size(data, "hidden_size", where, low=columns, high=columns, why=f" (the width of {name})")
    hidden = _size(data, "hidden_size", where, low=1, high=largest, why=" (the largest tensor dimension of the weights)")
    for key in ("intermediate_size", "embedding_size", "position_buckets"):
        _size(data, key, where, low=1, high=largest, why=" (the largest tensor dimension of the weights)")
    # relative-attention encoders (DeBERTa) hold no tensor of this size: a generous bound
    _size(data, "max_position_embeddings", where, low=1, high=max(largest, MAX_POSITIONS))
    _size(data, "type_vocab_size", where, low=0, high=largest, why=" (the largest tensor dimension of the weights)")
    layers = {int(m.group(1)) for n in header if (m := _LAYER.match(n))}
    if layers:
        count = len(layers)
        _size(data, "num_hidden_layers", where, low=count, high=count, why=f" (the weights hold {count} encoder layers)")
    heads = _size(data, "num_attention_heads", where, low=1, high=hidden or largest)
    if heads and hidden and hidden % heads:
        raise CheckpointError(f"{where}: num_attention_heads: got {heads}; expected a divisor of hidden_size ({hidden})")
    eps = data.get("layer_norm_eps")
    if eps is not None and (isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 <= eps < 1):
        raise CheckpointError(f"{where}: layer_norm_eps: got {eps!r}; expected a number in [0, 1)")
