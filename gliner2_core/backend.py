"""Which engine runs the encoder: the fastest one whose outputs equal torch's.

``GLiNER2.from_pretrained(...)`` calls :func:`select_backend` with ``backend="auto"``
unless told otherwise. For each model (by the content hash of its encoder) and each
machine (CPU, thread count, library versions) the choice is made once and stored
next to the exported graph in the ONNX cache:

1. Export the encoder to ONNX (cached: only the first load pays, see
   :mod:`gliner2_core.encoders.onnx_cache`).
2. Run a probe (three texts, a schema with entities, a classification, a structure
   and a relation) through both engines: ONNX is eligible only if the decoded
   results are identical and every probability is within ``1e-4`` of torch's.
3. Time the encoder alone on a single row and on a batch of eight, interleaved,
   and decide each mode on its own: ONNX runs that mode if its time per text is at
   least 5% lower. So a model may run single texts with ONNX and batches with torch
   (``"onnx-single"``) or the reverse (``"onnx-batched"``): on small encoders ONNX
   Runtime's lower per-call overhead wins on one row while torch's kernels win on
   larger batches. While torch runs, the
   process must keep its threads busy (CPU time at least ``MIN_UTILISATION`` of
   wall time x threads): when another program holds the cores the timings mean
   nothing, so this process stays on torch and nothing is stored (the next load
   measures again).

Encoders below ``MIN_ONNX_PARAMS`` parameters (test-sized models) and models on
another device than the CPU stay on torch without exporting; so does any model when
ONNX Runtime is not installed or the export fails (logged). ``backend="torch"``,
``backend="onnx"``, ``quantize="int8"`` and ``quantize="bf16"`` are explicit choices and skip the probe.
The choice is logged at DEBUG level on ``gliner2_core.backend``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from gliner2_core.encoders.onnx_cache import cache_dir, fingerprint, locked, read_json, runtime_versions, write_json
from gliner2_core.errors import SchemaError

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "torch", "onnx")
QUANTIZATIONS = (None, "int8", "bf16")
MIN_ONNX_PARAMS = 2_000_000
PROBABILITY_TOLERANCE = 1e-4
MARGIN = 0.95
REPEATS = 3
PROBE_VERSION = 2
"""Part of the stored choice's key: choices made by an older probe (one decision for both modes) are measured again."""
MIN_UTILISATION = 0.75
"""Share of its threads torch must keep busy while timed (idle machine: about 1.0; two programs on two cores: 0.5)."""
PROBE_TOKENS = 192  # a typical RAG chunk; the time per text of both engines is compared at this length
PROBE_TEXTS = (
    "Tim Cook, the chief executive of Apple, met Angela Merkel in Berlin on 3 May 2021 to discuss a new factory.",
    "The Lakers beat the Celtics 112-104 in Los Angeles on Sunday; LeBron James scored 31 points.",
    "Invoice INV-2093 from Acme Corp to Globex: 40 units at $12.50, total $500.00, due 30 June 2024.",
)


@dataclass(frozen=True)
class Choice:
    """What runs the encoder, and why.

    Attributes:
        backend: ``"torch"``, ``"onnx"``, ``"onnx-single"`` (ONNX for one row, torch for
            batches), ``"onnx-batched"`` (the reverse), ``"onnx-int8"`` or ``"torch-bf16"``.
        reason: One sentence for the log.
        torch_ms: Probe time per text with torch on a single row (when measured).
        onnx_ms: Probe time per text with ONNX Runtime on a single row (when measured).
        max_difference: Largest probability difference on the probe (when compared).
        torch_batch_ms: Probe time per text with torch in a batch of eight (when measured).
        onnx_batch_ms: Probe time per text with ONNX Runtime in a batch of eight (when measured).
    """

    backend: str
    reason: str
    torch_ms: float | None = None
    onnx_ms: float | None = None
    max_difference: float | None = None
    torch_batch_ms: float | None = None
    onnx_batch_ms: float | None = None


def probe_schema() -> Any:
    from gliner2_core.schema.builder import Schema

    return (
        Schema()
        .entities(["person", "organization", "location", "date"])
        .classification("topic", ["business", "sports", "politics"])
        .structure("invoice")
        .field("number", dtype="str")
        .field("total", dtype="str")
        .relations(["works for", "located in"])
    )


def compare_results(a: Any, b: Any, tolerance: float = PROBABILITY_TOLERANCE) -> tuple[bool, float]:
    """``(same, max_difference)``: same structure and values, floats within ``tolerance``."""
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return False, float("inf")
        diff = abs(float(a) - float(b))
        return diff <= tolerance, diff
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return False, float("inf")
        pairs = [(a[k], b[k]) for k in a]
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return False, float("inf")
        pairs = list(zip(a, b))
    else:
        return a == b, 0.0
    same, worst = True, 0.0
    for x, y in pairs:
        ok, diff = compare_results(x, y, tolerance)
        same, worst = same and ok, max(worst, diff)
    return same, worst


AUTO_BACKENDS = ("torch", "onnx", "onnx-single", "onnx-batched")
"""What ``backend="auto"`` may choose (and store)."""


def decide(
    *,
    same: bool,
    max_difference: float,
    torch_ms: float,
    onnx_ms: float,
    torch_batch_ms: float | None = None,
    onnx_batch_ms: float | None = None,
) -> Choice:
    """Pick ONNX, per mode (one row / a batch), only when its outputs equal torch's and it is clearly faster there."""
    if torch_batch_ms is None or onnx_batch_ms is None:
        torch_batch_ms, onnx_batch_ms = torch_ms, onnx_ms
    measured = dict(
        torch_ms=torch_ms,
        onnx_ms=onnx_ms,
        max_difference=max_difference,
        torch_batch_ms=torch_batch_ms,
        onnx_batch_ms=onnx_batch_ms,
    )
    if not same:
        return Choice(
            "torch", f"ONNX outputs differ from torch on the probe (max difference {max_difference:.2g})", **measured
        )
    single, batched = onnx_ms < MARGIN * torch_ms, onnx_batch_ms < MARGIN * torch_batch_ms
    backend = {(True, True): "onnx", (True, False): "onnx-single", (False, True): "onnx-batched"}.get(
        (single, batched), "torch"
    )
    times = (
        f"ms per text, one row: torch {torch_ms:.1f}, ONNX {onnx_ms:.1f}; "
        f"batch of eight: torch {torch_batch_ms:.1f}, ONNX {onnx_batch_ms:.1f}"
    )
    if backend == "torch":
        return Choice("torch", f"torch is as fast or faster ({times})", **measured)
    return Choice(backend, f"ONNX is faster where chosen, with equal outputs ({times})", **measured)


class SplitEncoder:
    """Runs one row with one engine and batches with the other: ``(input_ids, attention_mask) -> hidden``.

    Attributes:
        name: ``"onnx-single"`` (ONNX for one row) or ``"onnx-batched"`` (ONNX for batches).
    """

    def __init__(self, onnx: Callable, encoder: torch.nn.Module, *, onnx_for_single: bool) -> None:
        self.onnx = onnx
        self.encoder = encoder
        self.onnx_for_single = onnx_for_single
        self.name = "onnx-single" if onnx_for_single else "onnx-batched"

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        if (input_ids.shape[0] == 1) == self.onnx_for_single:
            return self.onnx(input_ids, attention_mask)
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    def __repr__(self) -> str:
        return f"SplitEncoder(name={self.name!r})"


def runner_for_choice(backend: str, onnx: Callable | None, encoder: torch.nn.Module) -> Callable | None:
    """The ``encoder_runner`` for an automatic choice (``None``: the torch encoder)."""
    if backend == "onnx":
        return onnx
    if backend in ("onnx-single", "onnx-batched"):
        return SplitEncoder(onnx, encoder, onnx_for_single=backend == "onnx-single")
    return None


def machine_key(threads: int | None) -> str:
    """Short hash of what makes a timing valid: CPU, cores, threads, library versions."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    parts = [
        f"probe {PROBE_VERSION}",
        cpu,
        str(os.cpu_count()),
        str(threads or torch.get_num_threads()),
        repr(sorted(runtime_versions().items())),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def time_encoders(
    runners: dict[str, Callable], batches: list[tuple[torch.Tensor, torch.Tensor]], repeats: int = REPEATS
) -> tuple[dict[str, float], dict[str, float]]:
    """Milliseconds per text for each runner over ``(input_ids, attention_mask)`` batches, interleaved
    (medians), and each runner's CPU utilisation (process CPU time / wall time) while timed."""
    totals: dict[str, list[float]] = {name: [] for name in runners}
    wall: dict[str, float] = dict.fromkeys(runners, 0.0)
    cpu: dict[str, float] = dict.fromkeys(runners, 0.0)
    texts = sum(len(ids) for ids, _ in batches)
    names = list(runners)
    with torch.inference_mode():
        for name in names:  # warm-up
            for ids, mask in batches:
                runners[name](ids, mask)
        for r in range(repeats):
            for name in names[r % 2 :] + names[: r % 2]:
                started, cpu_started = time.perf_counter(), time.process_time()
                for ids, mask in batches:
                    runners[name](ids, mask)
                elapsed = time.perf_counter() - started
                wall[name] += elapsed
                cpu[name] += time.process_time() - cpu_started
                totals[name].append(1000 * elapsed / texts)
    utilisation = {name: cpu[name] / wall[name] if wall[name] else 0.0 for name in names}
    return {name: _median(values) for name, values in totals.items()}, utilisation


def probe_batches(tokenizer: Any, tokens: int = PROBE_TOKENS) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """A single row and a batch of eight, of real token ids (the probe texts, about ``tokens`` long)."""
    ids = tokenizer(" ".join(PROBE_TEXTS * 4), truncation=True, max_length=tokens)["input_ids"]
    row = torch.tensor([ids], dtype=torch.long)
    return [(row, torch.ones_like(row)), (row.repeat(8, 1), torch.ones_like(row).repeat(8, 1))]


def calibrate(model: Any, runner: Callable) -> tuple[Choice, float]:
    """Compare ``runner`` with the torch encoder on the probe: outputs, then speed.

    Returns:
        The choice, and the share of its threads torch kept busy while timed (see :func:`busy_machine`).
    """
    network, schema = model.model, probe_schema()
    options = dict(include_confidence=True, include_spans=True)
    network.encoder_runner = None
    expected = model.batch_extract(list(PROBE_TEXTS), schema, **options)
    network.encoder_runner = runner
    try:
        got = model.batch_extract(list(PROBE_TEXTS), schema, **options)
    finally:
        network.encoder_runner = None
    same, difference = compare_results(expected, got)

    def torch_encoder(ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return network.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

    runners = {"torch": torch_encoder, "onnx": runner}
    single, batch = probe_batches(model.tokenizer)
    times, _ = time_encoders(runners, [single])
    batch_times, batch_utilisation = time_encoders(runners, [batch])
    choice = decide(
        same=same,
        max_difference=difference,
        torch_ms=times["torch"],
        onnx_ms=times["onnx"],
        torch_batch_ms=batch_times["torch"],
        onnx_batch_ms=batch_times["onnx"],
    )
    # one small row may not keep every thread busy even on an idle machine: the batch tells
    return choice, batch_utilisation["torch"] / max(torch.get_num_threads(), 1)


def busy_machine(utilisation: float) -> bool:
    """Whether torch kept less than :data:`MIN_UTILISATION` of its threads busy: another program held the cores."""
    return utilisation < MIN_UTILISATION


def _auto(model: Any, threads: int | None, min_params: int) -> Choice:
    """The ``backend="auto"`` path (see the module docstring)."""
    network = model.model
    encoder = getattr(network, "encoder", None)
    if encoder is None or not hasattr(network, "encoder_runner"):
        return Choice("torch", "this architecture has no replaceable encoder")
    if next(network.parameters()).device.type != "cpu":
        return Choice("torch", "the model is not on the CPU (the ONNX backend runs on the CPU)")
    params = sum(p.numel() for p in encoder.parameters())
    if params < min_params:
        return Choice("torch", f"encoder of {params:,} parameters: too small for an export to pay off")
    try:
        from gliner2_core.encoders.onnx_encoder import onnx_encoder, require_onnxruntime

        require_onnxruntime()
    except (ImportError, OSError) as err:
        return Choice("torch", f"ONNX Runtime is not available ({err})")
    content = fingerprint(encoder)
    path = cache_dir() / content / f"choice-{machine_key(threads)}.json"
    with locked(path.parent, ".choice.lock"):  # the export inside takes its own lock
        stored = read_json(path)
        if stored is None or stored.get("backend") not in AUTO_BACKENDS:
            runner = onnx_encoder(encoder, threads=threads, content=content)
            choice, utilisation = calibrate(model, runner)
            if busy_machine(utilisation):
                logger.info(
                    "backend='auto': timed while another program used the CPU (torch kept %.0f%% of its threads "
                    "busy); torch for this process, measured again at the next load",
                    100 * utilisation,
                )
                reason = f"timings taken on a busy machine ({choice.reason}); torch until measured again"
                choice = Choice(**{**asdict(choice), "backend": "torch", "reason": reason})
            else:
                write_json(path, asdict(choice))
        else:
            fields = {k: stored.get(k) for k in Choice.__dataclass_fields__}
            choice = Choice(**{**fields, "reason": f"{fields['reason']} (decided earlier: {path})"})
            runner = onnx_encoder(encoder, threads=threads, content=content) if choice.backend != "torch" else None
    network.encoder_runner = runner_for_choice(choice.backend, runner, encoder)
    return choice


def select_backend(
    model: Any,
    *,
    backend: str = "auto",
    quantize: str | None = None,
    threads: int | None = None,
    min_params: int = MIN_ONNX_PARAMS,
) -> Choice:
    """Set ``model.model.encoder_runner`` for the requested or fastest exact backend.

    Args:
        model: A loaded :class:`~gliner2_core.GLiNER2`.
        backend: ``"auto"`` (fastest exact), ``"torch"`` or ``"onnx"``.
        quantize: ``"int8"`` for the dynamically quantized ONNX encoder, ``"bf16"`` for a
            bfloat16 torch encoder (neither is exact).
        threads: ONNX Runtime threads (default: torch's).
        min_params: ``"auto"`` keeps encoders smaller than this on torch without exporting.

    Returns:
        The choice, with its reason.

    Raises:
        SchemaError: ``backend`` or ``quantize`` is not a known option.
        CheckpointError: ONNX was asked for explicitly and ONNX Runtime is missing.
    """
    if backend not in BACKENDS:
        raise SchemaError.invalid("backend", backend, BACKENDS)
    if quantize not in QUANTIZATIONS:
        raise SchemaError.invalid("quantize", quantize, QUANTIZATIONS)
    network = model.model
    if quantize == "bf16":
        from gliner2_core.encoders.bf16_encoder import Bf16Encoder, cpu_has_bf16

        if backend == "onnx":
            raise SchemaError("quantize='bf16' runs the encoder with torch; it cannot be combined with backend='onnx'")
        if not cpu_has_bf16():
            logger.warning(
                "quantize='bf16': this CPU has no native bfloat16 matrix products; it will be slower than fp32"
            )
        network.encoder_runner = Bf16Encoder(network.encoder)
        choice = Choice(network.encoder_runner.name, "asked for")
    elif quantize == "int8" or backend == "onnx":
        from gliner2_core.encoders.onnx_encoder import onnx_encoder

        network.encoder_runner = onnx_encoder(network.encoder, quantize=quantize == "int8", threads=threads)
        choice = Choice(network.encoder_runner.name, "asked for")
    elif backend == "torch":
        choice = Choice("torch", "asked for")
    else:
        try:
            choice = _auto(model, threads, min_params)
        except Exception as err:  # noqa: BLE001 - the fast path is optional; torch always works
            logger.warning("backend='auto': falling back to torch (%s: %s)", type(err).__name__, err)
            network.encoder_runner = None
            choice = Choice("torch", f"the ONNX path failed ({type(err).__name__})")
    logger.debug("backend: %s (%s)", choice.backend, choice.reason)
    return choice
