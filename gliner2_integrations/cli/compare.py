"""``gliner2-kit compare``: what GLiNER2 costs on this CPU next to LLM extractors.

Exit status: 0 on success, 1 when the run fails (extraction, the chat model,
writing outputs), 2 on a usage error (bad ``module:Class``, unreadable or empty
input, unknown LLM name, bad price file or option value).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gliner2_core.errors import GLiNER2Error
from gliner2_integrations.cli._imports import import_object

if TYPE_CHECKING:
    from gliner2_core import GLiNER2
    from gliner2_integrations.compare import ComparisonReport, ModelPrice
    from gliner2_integrations.compare.cascade_hook import CascadeRunner

logger = logging.getLogger(__name__)

DEFAULT_LLMS = "gpt-4o,gpt-4o-mini,gpt-4.1-nano,gpt-5-nano"


class UsageError(Exception):
    """A problem with the command line or its inputs (exit status 2)."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``compare`` on the ``gliner2-kit`` subcommand parsers."""
    parser = subparsers.add_parser(
        "compare",
        help="cost of GLiNER2 on this CPU vs LLM extractors",
        description="Measure GLiNER2 extraction on this CPU and compare its cost with LLM extractors "
        "(LLM tokens estimated offline, or measured with --chat-model).",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILES", help="input texts: one per file (see --lines)")
    parser.add_argument("--model", required=True, metavar="MODULE:CLASS", help="the Pydantic model to extract")
    parser.add_argument("--lines", action="store_true", help="take one text per non-empty line instead of per file")
    parser.add_argument(
        "--llm", default=DEFAULT_LLMS, help=f"LLMs to estimate, comma-separated (default: {DEFAULT_LLMS})"
    )
    parser.add_argument("--cpu-price", type=float, default=None, metavar="USD", help="USD per vCPU-hour")
    parser.add_argument(
        "--prices", type=Path, metavar="JSON", help="LLM prices (USD per 1M tokens) merged over the table"
    )
    parser.add_argument(
        "--chat-model", metavar="MODULE:FACTORY", help="a callable returning a real LangChain chat model"
    )
    parser.add_argument("--sample", type=int, default=20, help="texts sent to --chat-model (default: 20)")
    parser.add_argument(
        "--cascade", action="store_true", help="add a row for GLiNER2 first, --chat-model only for unsure fields"
    )
    parser.add_argument("--output-tokens", type=float, help="LLM output tokens per text instead of counting ours")
    parser.add_argument("--model-path", help="GLiNER2 checkpoint folder or hub id (default: the bundled gliner2-mini)")
    parser.add_argument("--batch-size", type=int, default=8, help="GLiNER2 texts per forward pass (default: 8)")
    parser.add_argument(
        "--threshold", type=float, default=None, help="GLiNER2 extraction threshold (default: the model's calibrated defaults)"
    )
    parser.add_argument("--plot", type=Path, metavar="PNG", help="save a cost/throughput chart")
    parser.add_argument("--json", type=Path, metavar="JSON", help="save the full report as JSON")
    parser.set_defaults(func=run)
    return parser


@dataclass(frozen=True)
class Inputs:
    """The validated command line."""

    model_cls: type[BaseModel]
    texts: list[str]
    llms: list[str]
    prices: dict[str, ModelPrice]
    cpu_price: float
    chat_model_factory: Callable[[], Any] | None


def run(args: argparse.Namespace) -> int:
    """Run the comparison and print the table; returns the exit status."""
    try:
        inputs = _inputs(args)
        model = _load_model(args.model_path)
    except UsageError as err:
        print(f"gliner2-kit compare: error: {err}", file=sys.stderr)
        return 2
    try:
        report = _compare(args, model, inputs)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
        if args.plot:
            report.plot(args.plot)
    except (GLiNER2Error, OSError, RuntimeError, ValueError) as err:
        logger.debug("compare failed", exc_info=True)
        print(f"gliner2-kit compare: failed: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(report.table(), end="")
    return 0


def _inputs(args: argparse.Namespace) -> Inputs:
    """Validate everything that does not need the model, so usage errors come back fast."""
    from gliner2_integrations.compare import (
        DEFAULT_CPU_PRICE_PER_HOUR,
        PRICES,
        UnknownPriceError,
        load_prices,
        resolve_price,
    )

    model_cls = _import(args.model, "--model")
    if not (isinstance(model_cls, type) and issubclass(model_cls, BaseModel)):
        raise UsageError(f"--model: got {args.model!r}, which is not a Pydantic model class")
    for option, value in (("--sample", args.sample), ("--batch-size", args.batch_size)):
        if value < 1:
            raise UsageError(f"{option}: got {value}; expected an integer >= 1")
    for option, path in (("--json", args.json), ("--plot", args.plot)):
        if path is not None and Path(path).is_dir():  # found now, not after the whole measurement
            raise UsageError(f"{option}: got {str(path)!r}, which is a folder; expected a file path")
    cpu_price = DEFAULT_CPU_PRICE_PER_HOUR if args.cpu_price is None else args.cpu_price
    if cpu_price < 0:
        raise UsageError(f"--cpu-price: got {cpu_price}; expected a non-negative USD amount per vCPU-hour")
    try:
        prices = load_prices(args.prices) if args.prices else dict(PRICES)
    except (OSError, ValueError) as err:
        raise UsageError(f"--prices: {err}") from err
    llms = [name.strip() for name in args.llm.split(",") if name.strip()]
    for name in llms:
        try:
            resolve_price(name, prices)
        except UnknownPriceError:
            known = ", ".join(sorted(prices))
            raise UsageError(f"--llm: got {name!r}; expected one of {known} (add others with --prices)") from None
    factory = _import(args.chat_model, "--chat-model") if args.chat_model else None
    if factory is not None and not callable(factory):
        raise UsageError(f"--chat-model: got {args.chat_model!r}, which is not callable")
    if args.cascade and factory is None:
        raise UsageError("--cascade: needs --chat-model MODULE:FACTORY (the LLM the cascade asks)")
    texts = _read_texts(args.files, lines=args.lines)
    return Inputs(model_cls, texts, llms, prices, cpu_price, factory)


def _load_model(model_path: str | None) -> GLiNER2:
    from gliner2_core import GLiNER2, ModelNotFoundError

    try:
        return GLiNER2.from_pretrained(model_path)
    except ModelNotFoundError as err:
        raise UsageError(f"--model-path: {err}") from err


def _compare(args: argparse.Namespace, model: GLiNER2, inputs: Inputs) -> ComparisonReport:
    from gliner2_integrations.compare import compare

    chat_model = None
    if inputs.chat_model_factory is not None:
        try:
            chat_model = inputs.chat_model_factory()
        except Exception as err:  # user code: report it as a failed run, not a traceback
            raise RuntimeError(f"--chat-model factory {args.chat_model!r} raised {type(err).__name__}: {err}") from err
    cascade: CascadeRunner | None = None
    if args.cascade:  # the cascade's row: the comparison package never imports the cascade package
        from gliner2_integrations.cascade import measure_cascade

        cascade = measure_cascade
    bundled = args.model_path in (None, "gliner2-mini")
    return compare(
        model,
        inputs.texts,
        inputs.model_cls,
        llms=inputs.llms,
        chat_model=chat_model,
        sample=args.sample,
        batch_size=args.batch_size,
        cpu_price_per_hour=inputs.cpu_price,
        prices=inputs.prices,
        output_tokens=args.output_tokens,
        threshold=args.threshold,
        label="gliner2-mini" if bundled else f"gliner2 ({Path(args.model_path).name})",
        cascade=cascade,
    )


def _import(spec: str, option: str) -> Any:
    try:
        return import_object(spec, option)
    except ValueError as err:
        raise UsageError(str(err)) from err


def _read_texts(files: list[Path], *, lines: bool) -> list[str]:
    texts: list[str] = []
    for path in files:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(f"FILES: cannot read {str(path)!r} ({type(err).__name__}: {err})") from err
        if lines:
            texts.extend(line.strip() for line in content.splitlines() if line.strip())
        elif content.strip():
            texts.append(content.strip())
        else:
            logger.warning("skipping empty file %s", path)
    if not texts:
        raise UsageError("FILES: no text found in the given files")
    return texts
