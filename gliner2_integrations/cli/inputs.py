"""Inputs of ``gliner2-kit extract``: files (or stdin lines) read one at a time, decoded, BOM removed.

A file that cannot be read or decoded becomes an :class:`Item` carrying its error
(with a hint, e.g. ``--encoding latin-1``), so the caller decides whether to stop.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

STDIN = "-"
BOM = "\ufeff"


@dataclass(frozen=True)
class Item:
    """One input: its text, or why it could not be read."""

    source: str
    text: str | None = None
    error: str | None = None


def check_encoding(name: str) -> str:
    """The codec's canonical name.

    Raises:
        LookupError: For an unknown codec, naming it.
    """
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise LookupError(
            f"--encoding: got {name!r}; expected a Python codec name, e.g. utf-8, latin-1, cp1252"
        ) from None


def read_inputs(files: Iterable[str], encoding: str = "utf-8", stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Inputs, one file at a time (``-``: one per stdin line); read and decode errors become error items.

    A leading byte-order mark is removed from each file (and from the first stdin line).
    """
    for name in files:
        if name == STDIN:
            yield from _stdin_lines(stdin if stdin is not None else sys.stdin.buffer, encoding)
            continue
        try:
            data = Path(name).read_bytes()
        except OSError as err:
            yield Item(name, error=f"{type(err).__name__}: cannot read: {err.strerror or err}")
            continue
        try:
            yield Item(name, text=data.decode(encoding).removeprefix(BOM))
        except UnicodeDecodeError as err:
            yield Item(name, error=_decode_error(err, encoding))


def _stdin_lines(stream: BinaryIO, encoding: str) -> Iterator[Item]:
    for number, line in enumerate(stream, start=1):
        source = f"<stdin>:{number}"
        try:
            text = line.decode(encoding).rstrip("\r\n")
        except UnicodeDecodeError as err:
            yield Item(source, error=_decode_error(err, encoding))
            continue
        yield Item(source, text=text.removeprefix(BOM) if number == 1 else text)


def _decode_error(err: UnicodeDecodeError, encoding: str) -> str:
    bad = err.object[err.start : err.start + 4]
    return (
        f"UnicodeDecodeError: not {encoding} text: byte {bad[:1]!r} at offset {err.start} ({err.reason}); "
        "pass --encoding, e.g. --encoding latin-1"
    )
