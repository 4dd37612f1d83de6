"""``MODULE:NAME`` options (``--model schemas:Invoice``), imported like ``python -m`` would."""

from __future__ import annotations

import logging
import os
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)


def import_object(spec: str, option: str) -> Any:
    """The object ``spec`` names; the current directory is importable.

    Raises:
        ValueError: naming ``option``, the value and the expected form, when ``spec`` is
            malformed or cannot be imported (a missing module or name, a syntax error in the
            module, or any exception its import raises).
    """
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"{option}: got {spec!r}; expected MODULE:NAME, e.g. myapp.schemas:Invoice")
    _working_directory_importable()
    try:
        value: Any = import_module(module_name)
        for part in attribute.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError) as err:
        raise ValueError(f"{option}: cannot import {spec!r} ({type(err).__name__}: {err})") from err
    except SyntaxError as err:  # the user's module does not parse
        where = f"{err.filename}, line {err.lineno}" if err.filename else f"line {err.lineno}"
        raise ValueError(f"{option}: cannot import {spec!r} (SyntaxError: {err.msg} in {where})") from err
    except Exception as err:  # noqa: BLE001 - the module raised while being imported
        raise ValueError(f"{option}: cannot import {spec!r}: importing it raised {type(err).__name__}: {err}") from err
    return value


def _working_directory_importable() -> None:
    """The documented rule: ``MODULE`` names resolve from the current directory, as with ``python -m``."""
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())


def checkout_datasets(package: str = "gliner2_datasets") -> ModuleType | None:
    """The checkout's dataset tooling (``gliner2_datasets``), or None where it is not importable.

    It is not in the wheel: it is found from the current directory (the root of a
    gliner2-kit checkout) or ``PYTHONPATH``, by the same rule as ``--model MODULE:NAME``.
    The CLI hands it to the library as ``datasets=``; the library never imports it.
    """
    _working_directory_importable()
    try:
        return import_module(package)
    except ImportError as err:
        if err.name is not None and err.name != package and not err.name.startswith(f"{package}."):
            logger.warning("%s is there but cannot be imported: %s", package, err)  # e.g. faker not installed
        return None
