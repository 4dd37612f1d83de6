"""``adapt``: fine-tune a checkpoint for one Pydantic model from examples, on a CPU, within a time budget.

Steps: read and check the examples; hold out a share of them; score the base model on the
held-out texts; turn the rest into training records (values aligned to spans); fine-tune the
whole model briefly (encoder at a low learning rate, heads higher) until the time budget left
for the final evaluation runs out; score again; keep the adapted weights only if they score at
least as well as the base on the held-out texts (else the base is saved, and the report says
so); write the checkpoint and ``adapt_report.json`` atomically: an interrupted run leaves
nothing at the output folder.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import random
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations.adapt.build import add_replay, build, long_fields
from gliner2_integrations.adapt.examples import ExamplesError, Labelled, read_examples
from gliner2_integrations.adapt.score import Tally
from gliner2_integrations.pydantic import extract_model, schema_for

logger = logging.getLogger(__name__)

REPORT = "adapt_report.json"
EVAL_SHARE = 0.25
"""Share of the time budget kept for loading, scoring before and after, and saving."""
ENCODER_LR = 1e-5
HEAD_LR = 3e-4
"""Learning rates of the short fine-tune (see MODEL_CARD, "Adaptation", for how they were chosen)."""


@dataclass
class AdaptReport:
    """What one ``adapt`` run did and measured (written as ``adapt_report.json``)."""

    model: str
    base: str
    examples: int
    train_examples: int
    holdout_examples: int
    skipped_lines: list[str]
    unaligned: list[dict[str, Any]]
    aligned_values: int
    replayed_mentions: int
    long_fields: list[str]
    before: dict[str, dict[str, float | int]]
    after: dict[str, dict[str, float | int]]
    steps: int
    minutes: float
    budget_minutes: float
    stopped_early: bool
    kept: str
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _score(model: Any, items: list[Labelled], model_cls: type[BaseModel]) -> dict[str, dict[str, float | int]]:
    tallies: dict[str, Tally] = {name: Tally() for name in ("all", *model_cls.model_fields)}
    if not items:
        return {name: t.row() for name, t in tallies.items()}
    results = extract_model(model, [i.text for i in items], model_cls, strategy="entities")
    for item, result in zip(items, results, strict=True):
        gold = item.records[0] if item.records else None
        for name in model_cls.model_fields:
            got = getattr(result.value, name, None) if result.value is not None else None
            want = getattr(gold, name, None) if gold is not None else None
            tallies[name].add(got, want)
            tallies["all"].add(got, want)
    return {name: t.row() for name, t in tallies.items()}


def _split(items: list[Labelled], holdout: float, seed: int) -> tuple[list[Labelled], list[Labelled]]:
    order = list(items)
    random.Random(seed).shuffle(order)
    count = round(len(order) * holdout) if len(order) >= 5 else 0
    return order[count:], order[:count]


def _check(model_cls: Any, output_dir: Path, holdout: float, budget: float) -> None:
    if not (isinstance(model_cls, type) and issubclass(model_cls, BaseModel)):
        raise SchemaError.invalid("model_cls", model_cls, "a pydantic BaseModel subclass")
    if isinstance(holdout, bool) or not isinstance(holdout, (int, float)) or not 0.0 <= holdout < 1.0:
        raise SchemaError.invalid("holdout", holdout, "a fraction in [0, 1)")
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0:
        raise SchemaError.invalid("time_budget_minutes", budget, "a positive number of minutes")
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise SchemaError(f"output_dir: {str(output_dir)!r} exists and is not an empty folder; choose a new one")
    parent = output_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SchemaError(f"output_dir: cannot create {str(parent)!r} ({err.strerror})") from None
    if not os.access(parent, os.W_OK):
        raise SchemaError(f"output_dir: cannot write in {str(parent)!r}")


class _Data(NamedTuple):
    read: Any
    schema: Any
    held: list
    built: Any
    training: list


def _prepare(model_cls: type[BaseModel], examples: str | Path, holdout: float, seed: int, skip_bad: bool) -> _Data:
    """Read and check the examples, split off the held-out texts, align the rest to spans."""
    read = read_examples(examples, model_cls, skip_bad=skip_bad)
    schema = schema_for(model_cls, strategy="entities")
    train_items, held = _split(read.labelled, holdout, seed)
    built = build(train_items, schema)
    training = built.examples + read.reference
    if not training:
        raise ExamplesError("examples: nothing left to train on after the holdout")
    return _Data(read, schema, held, built, training)


def _train_config(base_dir: Path, run_dir: Path, max_width: int, minutes: float, seed: int):
    """The fine-tuning run: the adapt learning rates, descriptions always shown, stopped by the clock."""
    from gliner2_core.training.config import ModelSettings, OptimSettings, RunSettings, TrainConfig
    from gliner2_core.training.sampling import SamplingConfig

    return TrainConfig(
        model=ModelSettings(base=str(base_dir), max_width=max_width),
        optim=OptimSettings(encoder_lr=ENCODER_LR, head_lr=HEAD_LR, warmup_ratio=0.1, batch_size=8),
        sampling=SamplingConfig(use_descriptions=1.0, drop_label=0.05, drop_field=0.0, negative_tasks=0),
        run=RunSettings(
            steps=100_000,
            max_minutes=max(minutes, 0.1),
            seed=seed,
            output_dir=str(run_dir),
            eval_every=0,
            save_every=0,
            log_every=10,
            precision="auto",
        ),
    )


def _report(
    model_cls: type[BaseModel], base: str | None, data: _Data, *, replayed: int, width: int, before: dict, after: dict,
    better: bool, steps: int, stopped_early: bool, minutes: float, budget: float,
) -> AdaptReport:
    long = long_fields(data.schema, data.built, width)
    return AdaptReport(
        model=f"{model_cls.__module__}:{model_cls.__qualname__}",
        base=base or "gliner2-mini (bundled)",
        examples=len(data.read.labelled) + len(data.read.reference),
        train_examples=len(data.training),
        holdout_examples=len(data.held),
        skipped_lines=data.read.skipped,
        unaligned=data.built.unaligned,
        aligned_values=data.built.aligned,
        replayed_mentions=replayed,
        long_fields=long,
        before=before,
        after=after,
        steps=steps,
        minutes=round(minutes, 2),
        budget_minutes=budget,
        stopped_early=stopped_early,
        kept="adapted" if better else "base (the adapted weights scored lower on the held-out texts)",
        notes=_notes(long, width),
    )


def _fine_tune(staging: Path, max_width: int, training: list, minutes: float, seed: int) -> tuple[Path, int, bool]:
    """Train from ``staging/base`` for at most ``minutes``: (the final checkpoint, steps done, stopped by the clock)."""
    from gliner2_core.training.trainer import Trainer

    config = _train_config(staging / "base", staging / "run", max_width, minutes, seed)
    trainer = Trainer(config, train_examples=training, dev_examples={})
    final = trainer.train()
    steps = getattr(trainer, "steps_done", 0)
    return Path(final), steps, steps < config.run.steps


def _notes(long: list[str], max_width: int) -> list[str]:
    if not long:
        return []
    return [
        f"fields {long} have values longer than the span width ({max_width} words); "
        "they are decoded from joined parts (addresses) or not at all"
    ]


def _publish(kept_folder: Path, report: AdaptReport, staging: Path, output_dir: Path) -> None:
    """Copy the kept weights and the report beside them, then move the folder into place in one step."""
    shutil.copytree(kept_folder, staging / "out")
    (staging / "out" / REPORT).write_text(json.dumps(report.to_json(), indent=2, default=str), encoding="utf-8")
    if output_dir.exists():
        output_dir.rmdir()  # checked empty up front
    os.replace(staging / "out", output_dir)


def adapt(
    model_cls: type[BaseModel],
    examples: str | Path,
    output_dir: str | Path,
    base: str | None = None,
    time_budget_minutes: float = 10.0,
    *,
    holdout: float = 0.2,
    seed: int = 42,
    skip_bad: bool = False,
) -> AdaptReport:
    """Fine-tune ``base`` for ``model_cls`` on ``examples`` and save a normal checkpoint at ``output_dir``.

    Args:
        model_cls: The Pydantic model the examples fill.
        examples: JSONL file (see :mod:`~gliner2_integrations.adapt.examples`).
        output_dir: New folder for the checkpoint (``GLiNER2.from_pretrained(output_dir)`` loads it).
        base: Checkpoint folder or hub id to start from (``None``: the bundled gliner2-mini).
        time_budget_minutes: Wall-clock budget of the whole run, evaluation included.
        holdout: Share of the examples kept out of training and scored before and after.
        seed: Seeds the split and the training.
        skip_bad: Skip (and count in the report) bad lines instead of raising.

    Returns:
        The :class:`AdaptReport` (also written to ``output_dir/adapt_report.json``).

    Raises:
        ExamplesError: A bad line (naming it and the field), unless ``skip_bad``.
        SchemaError: A bad argument, before any work.
    """
    from gliner2_core import GLiNER2

    began = time.monotonic()
    output_dir = Path(output_dir)
    _check(model_cls, output_dir, holdout, time_budget_minutes)
    data = _prepare(model_cls, examples, holdout, seed, skip_bad)
    base_model = GLiNER2.from_pretrained(base)
    replayed = add_replay(data.built.examples, base_model)
    before = _score(base_model, data.held, model_cls)
    logger.info("adapt %s: %d train / %d held-out texts; before: %s", model_cls.__name__, len(data.training), len(data.held), before["all"])
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.partial-", dir=output_dir.resolve().parent))
    try:
        base_model.save_pretrained(staging / "base")
        left = time_budget_minutes * (1 - EVAL_SHARE) - (time.monotonic() - began) / 60
        width = base_model.config.max_width
        final, steps, stopped_early = _fine_tune(staging, width, data.training, left, seed)
        after = _score(GLiNER2.from_pretrained(str(final)), data.held, model_cls)
        better = not data.held or (after["all"]["accuracy"] >= before["all"]["accuracy"])
        report = _report(
            model_cls, base, data, replayed=replayed, width=width, before=before, after=after, better=better,
            steps=steps, stopped_early=stopped_early, minutes=(time.monotonic() - began) / 60, budget=time_budget_minutes,
        )
        _publish(final if better else staging / "base", report, staging, output_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("adapt %s: after %s, kept %s, %.1f min", model_cls.__name__, report.after["all"], report.kept, report.minutes)
    return report
