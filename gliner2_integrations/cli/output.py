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
import json
import os
import sys
from typing import IO, Any

EXIT_OK = 0
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 74  # sysexits.h EX_IOERR
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe


class OutputError(Exception):
    """The output stream failed: ``closed`` when its reader went away."""

    def __init__(self, error: OSError, path: str | os.PathLike[str] | None = None, option: str | None = None) -> None:
        self.error = error
        self.closed = isinstance(error, BrokenPipeError)
        where = shown(str(path)) if path is not None else "output"
        prefix = f"{option}: " if option else ""
        super().__init__(f"{prefix}cannot write {where}: {error.strerror or error}")


_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(value: Any, **options: Any) -> str:
    """``value`` as one JSON line: no character in it that a reader could take for a line break.

    ``json.dumps`` escapes ``\\n`` and the other control characters but not U+2028, U+2029
    and NEL, which ``str.splitlines`` (and some JSON-lines readers) break lines at.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text


def check_writable(out: IO[str], path: str | os.PathLike[str] | None = None, option: str | None = None) -> None:
    """Fail now, not after the run, when ``out`` cannot take a write (``/dev/full``, a closed pipe).

    A zero-byte write reaches the device without changing a file. Streams without a file
    descriptor (an ``io.StringIO``) are not checked.

    Raises:
        OutputError: When the write fails.
    """
    try:
        fileno = out.fileno()
    except (OSError, ValueError, AttributeError):
        return
    try:
        out.flush()
        os.write(fileno, b"")
    except OSError as err:
        raise OutputError(err, path, option) from err


def shown(name: str) -> str:
    r"""A name (a file, a pattern) as printed in messages: quoted and escaped when it holds a newline,
    a control or a direction character, so that it cannot forge or disguise a line of output.

    Example:
        >>> print(shown("a.txt"), shown("a.txt\ngliner2-kit extract: ok"))
        a.txt 'a.txt\ngliner2-kit extract: ok'
    """
    return name if name.isprintable() else repr(name)


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
