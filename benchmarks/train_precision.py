"""Seconds per training step in fp32 and under bf16 autocast, same data, same process.

    PYTHONPATH=. python benchmarks/train_precision.py recipes/gliner2-mini-v4.1.toml --steps 12

Prints the step time of each precision and the ratio fp32 / bf16 (above 1: bf16 is faster),
and the loss of each on the same batches (bf16 should stay close).
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time

import gliner2_datasets
import torch

from gliner2_core.training.config import load_config
from gliner2_core.training.data import load_examples
from gliner2_core.training.trainer import Trainer


def _time(config, examples, steps: int, warmup: int) -> tuple[float, float]:
    trainer = Trainer(config, train_examples=examples, dev_examples={})
    batches_rng_state = trainer.rng.getstate()
    from gliner2_core.training.data import length_batches

    trainer.rng.setstate(batches_rng_state)
    batches = length_batches(trainer.train_examples, config.optim.batch_size, trainer.rng)
    trainer.model.train()
    losses = []
    for _ in range(warmup):
        trainer._step(batches)
    began = time.perf_counter()
    for _ in range(steps):
        losses.append(trainer._step(batches))
    return (time.perf_counter() - began) / steps, sum(losses) / len(losses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("recipe")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--limit", type=int, default=400, help="examples per source (loading all is slow)")
    args = parser.parse_args()
    config = load_config(args.recipe)
    data = dataclasses.replace(config.data, max_per_source=args.limit)
    examples = load_examples(data.train, "train", data_dir=data.data_dir, max_words=data.max_words, limit=data.max_per_source, datasets=gliner2_datasets)
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for precision in ("fp32", "bf16"):
            run = dataclasses.replace(config.run, precision=precision, output_dir=out)
            results[precision] = _time(dataclasses.replace(config, data=data, run=run), examples, args.steps, args.warmup)
    print(f"threads {torch.get_num_threads()}, batch {config.optim.batch_size}, {args.steps} steps")
    for precision, (seconds, loss) in results.items():
        print(f"{precision}: {seconds:.2f} s/step, mean loss {loss:.3f}")
    print(f"bf16 speed-up: {results['fp32'][0] / results['bf16'][0]:.2f}x")


if __name__ == "__main__":
    main()
