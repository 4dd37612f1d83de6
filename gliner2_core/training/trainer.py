"""The training loop: AdamW with separate encoder/head learning rates, warm-up and
linear decay, gradient accumulation and clipping, periodic dev evaluation,
checkpoints that resume exactly, and a time budget.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Sequence
from pathlib import Path

import torch
from tqdm.auto import tqdm

from gliner2_core.architectures.span.loading import save_model
from gliner2_core.encoders.bf16_encoder import cpu_has_bf16
from gliner2_core.encoders.encoder import encoder_window
from gliner2_core.errors import SchemaError, TrainingDataError
from gliner2_core.processing.batch import collate
from gliner2_core.processing.encoding import Processor
from gliner2_core.training.config import TrainConfig
from gliner2_core.training.data import DatasetRegistry, check_sources, length_batches, load_examples
from gliner2_core.training.evaluate import evaluate
from gliner2_core.training.examples import TrainingExample
from gliner2_core.training.init import check_base, initial_model
from gliner2_core.training.lora import apply_lora, merge_lora
from gliner2_core.training.output import check_output_dir
from gliner2_core.training.packing import pack_examples
from gliner2_core.training.sampling import LabelPool, sample_schema
from gliner2_core.training.state import load_state, save_state
from gliner2_core.training.targets import build_targets

logger = logging.getLogger(__name__)


def device_has_bf16(device: str) -> bool:
    """Whether ``device`` multiplies bfloat16 matrices natively (AVX512-BF16/AMX on CPU)."""
    kind = torch.device(device).type
    if kind == "cuda":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    return kind == "cpu" and cpu_has_bf16()


def resolve_precision(precision: str, device: str) -> str:
    """The precision a run uses: ``auto`` becomes ``bf16`` where ``device`` has native bfloat16,
    else ``fp32``; an explicit ``bf16`` on a device without it is kept, with a warning."""
    if precision == "fp32":
        return precision
    native = device_has_bf16(device)
    if precision == "auto":
        resolved = "bf16" if native else "fp32"
        logger.info("run.precision='auto': %s on %s", resolved, device)
        return resolved
    if not native:
        logger.warning(
            "run.precision='bf16' on %s, which has no native bfloat16 matrix products: each step "
            "will be many times slower than fp32; use 'fp32' or 'auto'",
            device,
        )
    return precision


def _schedule(progress: float, warmup: float) -> float:
    """Linear warm-up over the first ``warmup`` fraction of the run, then linear decay to 0."""
    if progress < warmup:
        return max(progress / warmup, 1e-3)
    return max(0.0, (1.0 - progress) / max(1e-9, 1.0 - warmup))


class Trainer:
    """Trains a GLiNER2 model as a :class:`TrainConfig` describes.

    Args:
        config: The run's settings.
        train_examples: Use these instead of ``config.data.train``.
        dev_examples: ``{name: examples}`` to evaluate on, instead of ``config.data.dev``.
        datasets: Resolves the dataset names of ``config.data`` and gives their label catalog
            (the checkout's ``gliner2_datasets`` module; ``gliner2-kit train`` passes it).
            Without it, only ``.jsonl`` files and the examples given here can be used.
    """

    def __init__(
        self,
        config: TrainConfig,
        *,
        train_examples: Sequence[TrainingExample] | None = None,
        dev_examples: dict[str, Sequence[TrainingExample]] | None = None,
        datasets: DatasetRegistry | None = None,
    ) -> None:
        self.config = config
        self.datasets = datasets
        self._check_before_work(train_examples, dev_examples)
        self.output = check_output_dir(config.run.output_dir)
        if config.run.threads:
            torch.set_num_threads(config.run.threads)
        random.seed(config.run.seed)
        torch.manual_seed(config.run.seed)
        data = config.data
        self.train_examples = list(train_examples) if train_examples is not None else load_examples(
            data.train, "train", data_dir=data.data_dir, max_words=data.max_words, limit=data.max_per_source,
            datasets=datasets,
        )
        if not self.train_examples:
            raise TrainingDataError(f"data.train: no training examples were loaded from {list(data.train)}")
        packed = pack_examples(
            self.train_examples, share=data.pack_share, max_words=data.pack_words or data.max_words, rng=random.Random(config.run.seed)
        )
        if packed:
            logger.info("packed %d long examples (up to %d words)", len(packed), data.pack_words or data.max_words)
            self.train_examples.extend(packed)
        self.dev_examples = dict(dev_examples) if dev_examples is not None else {
            name: load_examples(
                [name], "dev", data_dir=data.data_dir, max_words=data.max_words, limit=data.dev_examples, datasets=datasets
            )
            for name in data.dev
        }
        self.pool = LabelPool.from_examples(self.train_examples, catalog=datasets.entity_label_catalog() if datasets is not None else None)
        self.model, self.tokenizer = initial_model(config.model, config.run.seed)
        self._freeze_embeddings()
        if config.model.lora is not None:
            apply_lora(self.model.encoder, config.model.lora)
            for name, param in self.model.encoder.named_parameters():
                param.requires_grad = "lora_" in name or "LayerNorm" in name or name.endswith("word_embeddings.weight")
        self.model.to(config.run.device)
        self.precision = resolve_precision(config.run.precision, config.run.device)
        self.processor = Processor(
            self.tokenizer, max_positions=encoder_window(self.model.encoder.config), max_width=self.model.config.max_width
        )
        self.optimizer = self._optimizer()
        self.rng = random.Random(config.run.seed)

    def _check_before_work(self, train_examples, dev_examples) -> None:
        """Refuse what the settings alone show to be unusable: no data, a missing file, an unknown base or device."""
        data, run = self.config.data, self.config.run
        if train_examples is None:
            if not data.train:
                raise SchemaError.invalid("data.train", [], "at least one dataset name or .jsonl file")
            check_sources(data.train, "data.train", data_dir=data.data_dir, datasets=self.datasets)
        if dev_examples is None:
            check_sources(data.dev, "data.dev", data_dir=data.data_dir, datasets=self.datasets)
        check_base(self.config.model.base)
        kind = torch.device(run.device).type
        if kind == "cuda" and not torch.cuda.is_available():
            raise SchemaError.invalid("run.device", run.device, "'cpu' (this machine has no CUDA device)")

    def _freeze_embeddings(self) -> None:
        """Only the rows of the added special tokens learn; the pretrained vocabulary stays fixed."""
        embeddings = self.model.encoder.get_input_embeddings().weight
        first_new = min(self.tokenizer.convert_tokens_to_ids(["[SEP_STRUCT]", "[DESCRIPTION]"]))
        mask = torch.zeros(embeddings.shape[0], 1)
        mask[first_new:] = 1.0
        embeddings.register_hook(lambda grad: grad * mask.to(grad.device, grad.dtype))

    def _optimizer(self) -> torch.optim.Optimizer:
        optim = self.config.optim
        encoder, embeddings, heads = [], [], []
        for name, param in self.model.named_parameters():
            if not param.requires_grad:
                continue
            if name.endswith("word_embeddings.weight"):
                embeddings.append(param)
            elif name.startswith("encoder."):
                encoder.append(param)
            else:
                heads.append(param)
        groups = [
            {"params": encoder, "lr": optim.encoder_lr, "weight_decay": optim.weight_decay},
            {"params": embeddings, "lr": optim.encoder_lr, "weight_decay": 0.0},
            {"params": heads, "lr": optim.head_lr, "weight_decay": optim.weight_decay},
        ]
        for group in groups:
            group["initial_lr"] = group["lr"]
        return torch.optim.AdamW([g for g in groups if g["params"]])

    # -- one step --------------------------------------------------------------------
    def _rows(self, examples: list[TrainingExample]):
        rows, targets = [], []
        for ex in examples:
            try:
                spec, gold = sample_schema(ex, self.pool, self.config.sampling, self.rng)
                encoded = self.processor.encode(ex.text, spec, max_words=self.config.data.max_words)
            except SchemaError as err:
                logger.debug("skipped an example: %s", err)
                continue
            if encoded:
                rows.append(encoded[0])
                targets.append(build_targets(encoded[0], gold, max_width=self.model.config.max_width))
        return rows, targets

    def _step(self, batches) -> float:
        total = 0.0
        for _ in range(self.config.optim.grad_accum):
            rows, targets = self._rows(next(batches))
            if not rows:
                continue
            batch = collate(rows).to(self.config.run.device)
            with self._autocast():
                output = self.model(batch, targets)
            loss = output.loss.float() / (len(rows) * self.config.optim.grad_accum)
            loss.backward()
            total += float(loss.detach())
        torch.nn.utils.clip_grad_norm_([p for p in self.model.parameters() if p.requires_grad], self.config.optim.max_grad_norm)
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return total

    def _autocast(self):
        device_type = torch.device(self.config.run.device).type
        return torch.autocast(device_type, dtype=torch.bfloat16, enabled=self.precision == "bf16")

    def _progress(self, step: int, minutes: float) -> float:
        """Fraction of the run done: by steps, or by the time budget when that ends it sooner."""
        run = self.config.run
        progress = step / run.steps
        if run.max_minutes:
            progress = max(progress, minutes / run.max_minutes)
        return min(progress, 1.0)

    def _set_lr(self, progress: float) -> None:
        factor = _schedule(progress, self.config.optim.warmup_ratio)
        for group in self.optimizer.param_groups:
            group["lr"] = group["initial_lr"] * factor

    # -- the loop --------------------------------------------------------------------
    def evaluate(self) -> dict[str, dict[str, float]]:
        """Dev metrics per dataset with the current weights."""
        from gliner2_core.api import GLiNER2

        was_training = self.model.training
        wrapper = GLiNER2(self.model, self.tokenizer)
        results = {name: evaluate(wrapper, examples) for name, examples in self.dev_examples.items() if examples}
        self.model.train(was_training)
        return results

    def train(self, *, resume: bool = False) -> Path:
        """Run to ``run.steps`` (or the time budget); returns the exported checkpoint folder."""
        run = self.config.run
        state_dir = self.output / "state"
        start, previous_minutes, running = 0, 0.0, None
        if resume:
            state = load_state(state_dir, self.model, self.optimizer)
            start, previous_minutes, running = state["step"], state.get("minutes", 0.0), state.get("loss")
        batches = length_batches(self.train_examples, self.config.optim.batch_size, self.rng)
        self.output.mkdir(parents=True, exist_ok=True)
        (self.output / "train_config.json").write_text(json.dumps(self.config.to_dict(), indent=2), encoding="utf-8")
        began = time.monotonic()
        self.model.train()
        bar = tqdm(
            range(start, run.steps), initial=start, total=run.steps, desc="training", dynamic_ncols=True, disable=None
        )  # disable=None: a bar on a terminal only
        done, minutes = start, previous_minutes
        for step in bar:
            minutes = previous_minutes + (time.monotonic() - began) / 60
            progress = self._progress(step, minutes)
            if progress >= 1.0:
                logger.info("time budget of %.1f minutes reached at step %d", run.max_minutes or 0, step)
                break
            self._set_lr(progress)
            loss = self._step(batches)
            running = loss if running is None else 0.98 * running + 0.02 * loss
            bar.set_postfix(loss=f"{running:.3f}")
            done = step + 1
            if done % run.log_every == 0:
                self._log({"step": done, "loss": running, "minutes": round(minutes, 2), "lr_factor": round(self.optimizer.param_groups[0]["lr"] / self.optimizer.param_groups[0]["initial_lr"], 4)})
            if run.eval_every and done % run.eval_every == 0 and self.dev_examples:
                self._log({"step": done, "dev": self.evaluate()})
            if run.save_every and done % run.save_every == 0:
                save_state(state_dir, self.model, self.optimizer, step=done, extra={"loss": running, "minutes": minutes})
        bar.close()
        self.steps_done = done
        if done != start:
            # the end of a run is a checkpoint too: resuming a finished run exports it again and trains nothing
            save_state(state_dir, self.model, self.optimizer, step=done, extra={"loss": running, "minutes": minutes})
        return self.export(self.output / "final")

    def export(self, folder: Path) -> Path:
        """Fold adapters in and write a normal checkpoint folder."""
        if self.config.model.lora is not None:
            merge_lora(self.model.encoder)
        save_model(self.model.eval(), self.tokenizer, folder)
        return folder

    def _log(self, record: dict) -> None:
        logger.info("%s", record)
        with open(self.output / "metrics.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
