"""The cascade's settings, checked before anything runs: each error names the option, the value and what is valid."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations._inputs import check_options
from gliner2_integrations.cascade.chain import structured_output


class CascadeTypeError(SchemaError, TypeError):
    """An argument of the wrong kind (a model instance for the model class, a class for a chat model)."""


def check_settings(data: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    """The ``CascadeExtractor(...)`` keyword arguments, checked (``record_to`` paths made ``str``).

    Raises:
        SchemaError: An unknown option (with the closest known one), a missing or out-of-range value.
        CascadeTypeError: ``model`` or ``chat_model`` of the wrong kind (also a ``TypeError``).
    """
    check_names(data, known, "CascadeExtractor option")
    for required in ("model", "chat_model"):
        if required not in data:
            raise SchemaError(f"{required}: missing; CascadeExtractor(model=MyModel, chat_model=ChatOpenAI(...))")
    check_model(data["model"])
    check_chat_model(data["chat_model"])
    check_options(threshold=data.get("threshold"), batch_size=data.get("batch_size", 1))
    confidence = data.get("min_confidence", 0.0)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0.0 <= confidence <= 1.0:
        raise SchemaError.invalid("min_confidence", confidence, "a number between 0 and 1")
    prompt = data.get("system_prompt", "")
    if not isinstance(prompt, str):
        raise SchemaError.invalid("system_prompt", type(prompt).__name__, "a str (sent as it is)")
    checked = dict(data)
    if data.get("record_to") is not None:
        checked["record_to"] = check_record_to(data["record_to"])
    return checked


def check_names(given: Iterable[str], known: Iterable[str], what: str) -> None:
    """Refuse a name not in ``known``, suggesting the closest one (a misspelt ``treshold``)."""
    known = sorted(known)
    for name in given:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise SchemaError(f"{what}: got {name!r}; {hint}expected one of {', '.join(map(repr, known))}")


def check_model(model: Any) -> None:
    if isinstance(model, BaseModel):
        name = type(model).__name__
        raise CascadeTypeError(
            f"model: got an instance of {name} ({model!r:.80}); expected the model class itself: model={name}"
        )
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise CascadeTypeError(
            f"model: got {type(model).__name__} ({model!r:.80}); expected a pydantic BaseModel subclass"
        )


def check_chat_model(chat_model: Any) -> None:
    if isinstance(chat_model, type):
        raise CascadeTypeError(
            f"chat_model: got the class {chat_model.__name__}; expected an instance of a LangChain chat model, "
            f"e.g. chat_model={chat_model.__name__}(...)"
        )
    if not callable(getattr(chat_model, "with_structured_output", None)):
        raise CascadeTypeError(
            f"chat_model: got {type(chat_model).__name__!r}; expected a LangChain chat model with with_structured_output"
        )


def check_structured_output(chat_model: Any, schema: type[BaseModel]) -> None:
    """Build the structured-output runnable once (no call is made), so a model without tool calling fails now."""
    try:
        structured_output(chat_model, schema)
    except Exception as err:  # noqa: BLE001 - e.g. NotImplementedError from bind_tools
        raise SchemaError(
            f"chat_model: {type(chat_model).__name__}.with_structured_output(...) failed "
            f"({type(err).__name__}: {err}); expected a chat model that supports tool calling"
        ) from err


def check_record_to(record_to: Any) -> str:
    if not isinstance(record_to, (str, os.PathLike)) or not str(record_to).strip():
        raise SchemaError.invalid("record_to", record_to, "a JSONL file path (str or Path), or None")
    path = Path(record_to)
    if path.is_dir():
        raise SchemaError.invalid("record_to", str(record_to), "a file path, not a folder")
    if not path.resolve().parent.is_dir():
        raise SchemaError.invalid("record_to", str(record_to), "a file path in an existing folder")
    return os.fspath(record_to)
