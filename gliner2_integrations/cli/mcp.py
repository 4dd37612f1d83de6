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
    parser.add_argument("--port", type=int, default=8000, help="HTTP port (default: 8000)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the server until the client goes away; returns the exit status (2: the model or options are unusable)."""
    from gliner2_core.errors import GLiNER2Error
    from gliner2_integrations.mcp import serve

    try:
        serve(args.model_path, transport=args.transport, host=args.host, port=args.port, threshold=args.threshold)
    except (GLiNER2Error, OSError) as err:
        print(f"gliner2-kit mcp: error: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    return 0
