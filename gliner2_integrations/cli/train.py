"""``gliner2-kit train RECIPE``: train or fine-tune a GLiNER2 model from a TOML/JSON recipe.

Everything the recipe alone can show to be wrong is refused before any data is read
or any model is built: invalid TOML/JSON, an unknown key (with a "did you mean"), a
setting of the wrong type or range, no training data, a missing file or unknown
dataset, an unknown ``model.base``, an output folder that cannot be written.

Exit statuses:

==== ==========================================================================
0    trained; the exported checkpoint folder is printed
2    the recipe, its data, its base model or ``--resume`` cannot be used
74   the output folder cannot be created or written (checked up front; also a
     disk that fills during the run)
130  interrupted (Ctrl-C)
==== ==========================================================================
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from gliner2_integrations.cli.output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    OutputError,
    error,
    write,
)

logger = logging.getLogger(__name__)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "train", help="train a model from a recipe (see recipes/)", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("recipe", help="TOML or JSON training recipe")
    parser.add_argument("--resume", action="store_true", help="continue from the run's saved state")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gliner2_integrations.cli._imports import checkout_datasets

    datasets = checkout_datasets()
    from gliner2_core.errors import GLiNER2Error
    from gliner2_core.training import Trainer, load_config
    from gliner2_core.training.output import RunOutputError

    try:
        config = load_config(args.recipe)
        _check_resume(config, args.resume)
        folder = Trainer(config, datasets=datasets).train(resume=args.resume)
    except KeyboardInterrupt:
        error("train", "interrupted")
        return EXIT_INTERRUPTED
    except RunOutputError as err:
        error("train", str(err))
        return EXIT_OUTPUT
    except GLiNER2Error as err:  # a bad recipe, data source, base model or saved state
        error("train", str(err))
        return EXIT_USAGE
    except OSError as err:  # writing the run's files failed part-way (a disk that filled up)
        error("train", f"cannot write the run's output: {err.strerror or err}")
        return EXIT_OUTPUT
    try:
        write(sys.stdout, f"{folder}\n")
    except OutputError as err:
        error("train", str(err))
        return EXIT_OUTPUT
    return EXIT_OK


def _check_resume(config, resume: bool) -> None:
    """``--resume`` needs the state a previous run of this recipe saved."""
    from gliner2_core.errors import SchemaError
    from gliner2_core.training.state import STATE_FILE

    state = Path(config.run.output_dir) / "state" / STATE_FILE
    if resume and not state.is_file():
        raise SchemaError(
            f"--resume: no saved training state at {str(state)!r}; run without --resume to start, "
            "or set run.output_dir to the folder of the run to continue"
        )
