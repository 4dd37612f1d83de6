"""Inputs of ``gliner2-kit extract``: files (or stdin lines) read one at a time, decoded, BOM removed.

A file that cannot be read or decoded becomes an :class:`Item` carrying its error
(with a hint, e.g. ``--encoding latin-1``), so the caller decides whether to stop.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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


def check_not_inputs(option: str, path: str | os.PathLike[str] | None, files: Iterable[str], args: Any = None) -> None:
    """Refuse an output ``path`` that names an input, the ``--schema`` file or the ``--model`` module's file.

    Raises:
        ValueError: Naming the option, the path and the input it would overwrite.
    """
    if path is None or "://" in str(path):
        return
    given = [("FILES", name) for name in files if name != STDIN and "://" not in name]
    given += _argument_files(args)
    for where, name in given:
        if _same_file(str(path), name):
            raise ValueError(
                f"{option}: got {str(path)!r}, which is also an input ({where} {name!r}); expected a new path, "
                "so that the input is not overwritten"
            )


def _argument_files(args: Any) -> list[tuple[str, str]]:
    """The files named by ``--schema`` and, once imported, by ``--model MODULE:NAME`` (the module's source)."""
    found = []
    schema = getattr(args, "schema", None)
    if schema is not None:
        found.append(("--schema", str(schema)))
    spec = getattr(args, "model", None)
    module = sys.modules.get(spec.partition(":")[0]) if isinstance(spec, str) else None
    source = getattr(module, "__file__", None)
    if source:
        relative = os.path.relpath(source)
        found.append(("--model", source if relative.startswith("..") else relative))
    return found


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet): compare where they point
        return os.path.realpath(first) == os.path.realpath(second)
