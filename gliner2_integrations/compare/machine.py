"""What machine the measurement ran on (stated next to every GLiNER2 number)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MachineInfo:
    """The CPU and platform of this machine.

    Attributes:
        cpu_model: ``model name`` from ``/proc/cpuinfo``, else ``platform.processor()``.
        logical_cpus: ``os.cpu_count()``.
        usable_cpus: CPUs this process may run on (affinity), when the OS tells.
        platform: ``platform.platform()``.
        python: Python version.
    """

    cpu_model: str
    logical_cpus: int | None
    usable_cpus: int | None
    platform: str
    python: str

    def describe(self) -> str:
        """One line, e.g. ``"AMD EPYC, 2 logical CPUs (2 usable), Linux-6.8-x86_64"``."""
        usable = f" ({self.usable_cpus} usable)" if self.usable_cpus not in (None, self.logical_cpus) else ""
        return (
            f"{self.cpu_model}, {self.logical_cpus or '?'} logical CPUs{usable}, {self.platform}, Python {self.python}"
        )


def machine_info() -> MachineInfo:
    """Describe this machine without running anything."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return MachineInfo(
        cpu_model=_cpu_model(),
        logical_cpus=os.cpu_count(),
        usable_cpus=usable,
        platform=platform.platform(terse=True),
        python=platform.python_version(),
    )


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                return value.strip()
    return platform.processor() or platform.machine() or "unknown CPU"
