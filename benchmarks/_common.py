"""Helpers shared by the benchmark scripts: setup, machine info, timing, running the reference fairly, output.

Import this module first in a script: it puts the repository on ``sys.path`` (so
``python benchmarks/speed.py`` works from a plain clone) and keeps everything offline.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

logger = logging.getLogger("benchmarks")

Run = Callable[[list[str]], Any]


# -- setup ---------------------------------------------------------------------------
class _HelpWithDefaults(argparse.ArgumentDefaultsHelpFormatter):
    """Shows ``(default: ...)`` only for real defaults (the others say theirs in the help text)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.default in (None, False):
            return action.help or ""
        return super()._get_help_string(action)


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description, formatter_class=_HelpWithDefaults)
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes (seconds): checks the script, numbers mean nothing"
    )
    parser.add_argument(
        "--models",
        default=None,
        help="comma-separated: mini (bundled), base (random DeBERTa-v3-base size); default mini,base (--quick: mini)",
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="torch (and ONNX Runtime) intra-op threads, same for both libraries"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    return parser


def setup(threads: int) -> None:
    """Logging, thread count and quiet third-party warnings."""
    import warnings

    import torch

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("transformers", "gliner2", "onnxruntime", "torch"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    torch.set_num_threads(threads)


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def choices(parser: argparse.ArgumentParser, option: str, value: str, valid: Sequence[str]) -> list[str]:
    """``value`` split on commas; exits with a usage error naming the option when an item is not in ``valid``."""
    items = split_list(value)
    for item in items:
        if item not in valid:
            parser.error(f"{option}: got {item!r}; expected a comma-separated list from {', '.join(valid)}")
    return items


def model_names(args: argparse.Namespace) -> list[str]:
    return split_list(args.models or ("mini" if args.quick else "mini,base"))


def machine_info() -> dict[str, Any]:
    """CPU, cores, library versions, threads and date, for the header of every result."""
    import torch

    cpu = platform.processor() or platform.machine()
    if Path("/proc/cpuinfo").is_file():
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    info = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
    }
    for name in ("transformers", "gliner2", "onnxruntime"):
        try:
            info[name] = __import__(name).__version__
        except ImportError:
            info[name] = None
    return info


def print_header(title: str, info: dict[str, Any]) -> None:
    print(f"# {title}")
    print(f"# {info['date']} | {info['cpu']} | {info['cores']} cores | load {info['load_average']}")
    print(
        f"# python {info['python']} | torch {info['torch']} ({info['torch_threads']} threads) | transformers "
        f"{info['transformers']} | gliner2 (reference) {info['gliner2']} | onnxruntime {info['onnxruntime']}"
    )


# -- timing --------------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def interleaved(runs: dict[str, Run], workloads: Sequence[list[str]]) -> dict[str, list[float]]:
    """Seconds per run: repeat ``r`` gives every engine ``workloads[r]``, starting with a different engine each time."""
    names = list(runs)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r, texts in enumerate(workloads):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            runs[name](texts)
            times[name].append(time.perf_counter() - start)
    return times


# -- running both libraries on the same work -----------------------------------------
def ours_run(model, schema, batch_size: int | None) -> Run:
    """``extract`` in a loop (``batch_size=None``) or ``batch_extract``."""
    if batch_size is None:
        return lambda texts: [model.extract(t, schema) for t in texts]
    return lambda texts: model.batch_extract(texts, schema, batch_size=batch_size)


@dataclass
class ReferencePlan:
    """How the reference runs a workload: ``method`` says it in words; ``run`` is None when it cannot."""

    method: str
    run: Run | None = None


def smallest_window(ours, spec, texts: Sequence[str]) -> int | None:
    """Words in our smallest full window over ``texts``; None when every text fits one window."""
    smallest = None
    for text in texts:
        windows = sorted({(r.window.start, r.window.end) for r in ours.processor.encode(text, spec)})
        for start, end in windows[:-1]:  # the last window of a text is usually short
            smallest = end - start if smallest is None else min(smallest, end - start)
    return smallest


def chunk_overlap(chunk: int) -> int:
    """Like ours: at least 16 words (2 * max_width), about 1/8 of a window."""
    return min(max(16, chunk // 8), chunk // 2)


def fit_chunk(ours, spec, texts: Sequence[str], chunk: int) -> int:
    """The largest chunk size, from ``chunk`` down, at which every reference chunk fits the encoder.

    The reference cuts chunks of a fixed word count at fixed steps, while ours fills each
    window up to the subword budget, so a chunk of our window's word count taken elsewhere
    can overflow. Our input ids are those of the reference, so a chunk fits when ours
    encodes it into a single row.
    """
    from gliner2.inference.chunking import split_text_into_chunks

    while chunk > 16:
        pieces = (c.text for t in texts for c in split_text_into_chunks(t, chunk, chunk_overlap(chunk)))
        if all(len(ours.processor.encode(piece, spec)) == 1 for piece in pieces):
            return chunk
        chunk -= max(1, chunk // 50)
    return chunk


def reference_plan(ours, spec, ref, ref_schema, texts: Sequence[str], batch_size: int | None) -> ReferencePlan:
    """Give the reference the same work as ours.

    The reference (2.1.0) never windows in ``extract``/``batch_extract``: a text longer than a
    BERT encoder's 512 positions fails, and on DeBERTa the whole text goes through one long pass.
    Where we window, the reference runs ``extract_long``/``batch_extract_long`` with chunks of
    about our window's size that fit the encoder, and our overlap. Where we split a label set
    that does not fit the window, the reference has no equivalent: n/a.
    """
    groups = len(ours.processor.variants(spec))
    if groups > 1:
        return ReferencePlan(f"n/a (prompt over the window: ours splits labels into {groups} groups)")
    window = smallest_window(ours, spec, texts)
    if window is None and batch_size is None:
        return ReferencePlan("extract", lambda ts: [ref.extract(t, ref_schema) for t in ts])
    if window is None:
        return ReferencePlan("batch_extract", lambda ts: ref.batch_extract(ts, ref_schema, batch_size=batch_size))
    chunk = fit_chunk(ours, spec, texts, window)
    options = dict(chunk_size=chunk, chunk_overlap=chunk_overlap(chunk))
    described = f"(chunk_size={chunk}, chunk_overlap={options['chunk_overlap']})"
    if batch_size is None:
        return ReferencePlan(
            f"extract_long{described}", lambda ts: [ref.extract_long(t, ref_schema, **options) for t in ts]
        )
    return ReferencePlan(
        f"batch_extract_long{described}",
        lambda ts: ref.batch_extract_long(ts, ref_schema, batch_size=batch_size, **options),
    )


def warm_up(plan: ReferencePlan, texts: list[str]) -> ReferencePlan:
    """Run the plan once; if the reference fails on the workload it is reported as n/a."""
    if plan.run is None:
        return plan
    try:
        plan.run(texts)
    except (RuntimeError, IndexError, ValueError) as error:
        return ReferencePlan(f"n/a ({plan.method} failed: {type(error).__name__}: {str(error)[:80]})")
    return plan


# -- output --------------------------------------------------------------------------
def markdown_table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], *, plain: bool = False) -> str:
    """``columns``: (header, key) pairs; floats get 3 significant digits, None prints as n/a.

    ``plain=True`` gives aligned text columns instead of Markdown.
    """

    def cell(value: Any) -> str:
        if value is None:
            return "n/a"
        if isinstance(value, float):
            return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
        return str(value)

    table = [[h for h, _ in columns]] + [[cell(row.get(k)) for _, k in columns] for row in rows]
    if plain:
        widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in table)
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(columns)]
    return "\n".join(lines + ["| " + " | ".join(line) + " |" for line in table[1:]])


def write_json(path: Path | None, payload: dict[str, Any]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    logger.info("wrote %s", path)
