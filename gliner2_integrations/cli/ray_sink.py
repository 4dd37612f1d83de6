"""Where ``extract --engine ray`` writes: JSON lines (a file or stdout), or a parquet folder.

The output is opened (and checked) before Ray starts, so an unwritable path or a full
disk stops the run up front; JSON lines are streamed as rows finish, so a failing
stream stops it at the first rows, not after the whole dataset. Every line is valid
JSON: NaN (Ray's and pandas' missing value) is written as ``null``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO, Any

from gliner2_integrations.cli import output
from gliner2_integrations.ray.rows import plain

LINES_PER_FLUSH = 256


def is_parquet(path: str | None) -> bool:
    return path is not None and path.lower().rstrip("/").endswith(".parquet")


class Sink:
    """An opened output; :meth:`write` returns ``(rows, failed rows)``."""

    def __init__(self, path: str | None, handle: IO[str] | None) -> None:
        self.path, self.handle = path, handle

    @classmethod
    def open(cls, path: str | None) -> Sink:
        """Open (or check) ``path`` for writing; ``None`` is stdout.

        Raises:
            OutputError: When it cannot be written (no permission, a full disk, a folder where a file is asked).
            ValueError: For JSON lines to a remote URI.
        """
        try:
            if path is None:
                output.check_writable(sys.stdout)
                return cls(None, None)
            if is_parquet(path):
                if "://" not in path:
                    Path(path).mkdir(parents=True, exist_ok=True)
                    if not os.access(path, os.W_OK):
                        raise PermissionError(13, "Permission denied", path)
                return cls(path, None)
            if "://" in path:
                raise ValueError(
                    f"--output: got {path!r}; JSON lines go to a local file or stdout, expected a local path, or "
                    "a .parquet folder for a remote one (e.g. s3://bucket/results.parquet)"
                )
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        except OSError as err:
            raise output.OutputError(err, path, "--output" if path else None) from err
        sink = cls(path, handle)
        try:
            output.check_writable(handle, path, "--output")
        except output.OutputError:
            sink.close()
            raise
        return sink

    def write(self, out: Any, error_column: str) -> tuple[int, int]:
        if is_parquet(self.path):
            out = out.materialize()
            out.write_parquet(self.path)
            return out.count(), out.filter(lambda row: isinstance(row[error_column], str)).count()
        handle = self.handle if self.handle is not None else sys.stdout
        rows = failed = 0
        lines: list[str] = []
        for row in out.iter_rows():
            rows += 1
            failed += isinstance(row.get(error_column), str)
            lines.append(output.json_line(plain(row), allow_nan=False, default=str))
            if len(lines) >= LINES_PER_FLUSH:
                self._emit(handle, lines)
                lines = []
        if lines:
            self._emit(handle, lines)
        return rows, failed

    def _emit(self, handle: IO[str], lines: list[str]) -> None:
        try:
            output.write(handle, "\n".join(lines) + "\n")
        except output.OutputError as err:
            if self.path is None:  # stdout: the message of --engine local
                raise
            raise output.OutputError(err.error, self.path, "--output") from err

    def close(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):  # already reported by write
                self.handle.close()
