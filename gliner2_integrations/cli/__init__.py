"""The ``gliner2-kit`` command.

Subcommands live in their own modules; each exposes ``add_parser(subparsers)``
(which sets ``func`` on its parser) and is listed in :data:`COMMANDS`.
Host libraries are imported only by the subcommand that runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module

COMMANDS = ("extract", "compare", "train", "evaluate", "prepare", "mcp", "adapt")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gliner2-kit", description="GLiNER2 extraction on a CPU.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level to stderr")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = import_module(f"gliner2_integrations.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"gliner2_integrations.cli.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``gliner2-kit``; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
