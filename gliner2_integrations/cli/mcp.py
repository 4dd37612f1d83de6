"""``gliner2-kit mcp``: run the GLiNER2 MCP server (stdio by default, or streamable HTTP on localhost).

A desktop agent starts it as a subprocess (``"command": "gliner2-kit", "args": ["mcp"]``)
and talks to it over stdin/stdout; nothing else is written to stdout.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``mcp`` on the ``gliner2-kit`` subcommand parsers."""
    parser = subparsers.add_parser(
        "mcp",
        help="run a Model Context Protocol server with GLiNER2 extraction tools",
        description="Serve extract_entities, classify_text, extract_json and extract to MCP clients.",
    )
    parser.add_argument("--model-path", help="GLiNER2 checkpoint folder or hub id (default: the bundled gliner2-mini)")
    parser.add_argument(
        "--threshold", type=float, default=None, help="default confidence threshold 0-1 (default: the model's calibrated defaults)"
    )
    parser.add_argument("--transport", choices=("stdio", "streamable-http"), default="stdio", help="default: stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="HTTP port 1-65535 (default: 8000)")
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="with --host other than localhost: a Host header name clients use to reach this machine "
        "(repeatable; DNS-rebinding protection accepts only these, the bind address and loopback)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the server until the client goes away; returns the exit status (2: the model or options are unusable)."""
    from gliner2_core.errors import GLiNER2Error
    from gliner2_integrations.mcp import serve

    try:
        serve(
            args.model_path,
            transport=args.transport,
            host=args.host,
            port=args.port,
            threshold=args.threshold,
            allowed_hosts=args.allowed_host,
        )
    except (GLiNER2Error, OSError) as err:
        print(f"gliner2-kit mcp: error: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    return 0


def _port(value: str) -> int:
    """``--port``: a whole number 1-65535, else an argparse error naming the value."""
    from gliner2_integrations.mcp.http import MAX_PORT

    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"got {value!r}; expected a whole number from 1 to {MAX_PORT}")
    return port
