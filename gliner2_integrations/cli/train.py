"""``gliner2-kit train RECIPE``: train or fine-tune a GLiNER2 model from a TOML/JSON recipe."""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("train", help="train a model from a recipe (see recipes/)", description=__doc__)
    parser.add_argument("recipe", help="TOML or JSON training recipe")
    parser.add_argument("--resume", action="store_true", help="continue from the run's saved state")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gliner2_integrations.cli._imports import checkout_on_path

    checkout_on_path()
    from gliner2_core.training import Trainer, load_config

    folder = Trainer(load_config(args.recipe)).train(resume=args.resume)
    print(folder)
    return 0
