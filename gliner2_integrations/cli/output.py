"""Writing ``gliner2-kit`` output safely: a closed pipe or a full disk ends the run with a clean status.

Exit statuses shared by the subcommands that stream to stdout:

==== ==========================================================================
0    every input succeeded
1    at least one input failed (unreadable, undecodable, or its extraction failed)
2    usage error: a bad option, a ``MODULE:NAME`` that does not import, a bad schema
     file, an unknown ``--encoding``, a model that cannot be loaded
74   the output could not be written (disk full, I/O error); message on stderr
130  interrupted (Ctrl-C)
141  the output pipe was closed by its reader (``| head``); nothing is printed
==== ==========================================================================
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO

EXIT_OK = 0
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 74  # sysexits.h EX_IOERR
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe


class OutputError(Exception):
    """The output stream failed: ``closed`` when its reader went away."""

    def __init__(self, error: OSError) -> None:
        self.error = error
        self.closed = isinstance(error, BrokenPipeError)
        super().__init__(f"cannot write output: {error.strerror or error}")


def write(out: IO[str], text: str) -> None:
    """Write and flush ``text``.

    Raises:
        OutputError: When the stream fails (closed pipe, full disk, I/O error).
    """
    try:
        out.write(text)
        out.flush()
    except OSError as err:
        raise OutputError(err) from err


def abandon_stdout() -> None:
    """Point stdout at ``/dev/null`` so the interpreter's final flush cannot fail again (and print a traceback)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def error(command: str, message: str) -> None:
    """One line on stderr: ``gliner2-kit <command>: error: <message>`` (never raises)."""
    with contextlib.suppress(OSError, ValueError):
        print(f"gliner2-kit {command}: error: {message}", file=sys.stderr, flush=True)
