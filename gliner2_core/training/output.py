"""Checking a run's output folder up front, so a full disk or a bad path fails before training, not after."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gliner2_core.errors import GLiNER2Error

PROBE_BYTES = 1 << 16
"""Bytes written (and removed again) to prove the folder takes data: a full disk refuses them."""


class RunOutputError(GLiNER2Error, OSError):
    """A training run's output folder cannot be created or written (the command exits 74)."""


def check_output_dir(folder: str | Path, setting: str = "run.output_dir") -> Path:
    """Create ``folder`` if needed and prove it is writable by writing and removing a probe file.

    Raises:
        RunOutputError: Naming ``setting``, the path and the reason (not a folder, no permission, disk full).
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise RunOutputError(f"{setting}: got {str(folder)!r}, which exists and is not a folder; expected a folder path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RunOutputError(f"{setting}: cannot create {str(folder)!r}: {err.strerror or err}") from err
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-probe-", delete=True) as probe:
            probe.write(bytes(PROBE_BYTES))
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as err:
        raise RunOutputError(f"{setting}: cannot write to {str(folder)!r}: {err.strerror or err}") from err
    return folder
