"""``MODULE:NAME`` options (``--model schemas:Invoice``), imported like ``python -m`` would."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any


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
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
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


def checkout_on_path(package: str = "gliner2_datasets") -> None:
    """Make the checkout's dataset tooling importable when the CLI runs inside a gliner2-kit checkout.

    ``gliner2_datasets`` (the shared-data converters) is not in the wheel; it is found by
    walking up from the current directory. Outside a checkout nothing changes, and dataset
    names then fail with a message that says so (JSONL files still work).
    """
    folder = os.path.abspath(os.getcwd())
    while True:
        if os.path.isfile(os.path.join(folder, package, "__init__.py")):
            if folder not in sys.path:
                sys.path.insert(0, folder)
            return
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent
