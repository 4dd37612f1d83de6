"""Type analysis: what one Pydantic annotation means for GLiNER2.

:func:`analyse` reduces an annotation to a :class:`Shape`: which kind of value to
extract (a text span, a number, a date, a choice, a nested model), whether it is a
list, and whether ``None`` is allowed. Everything GLiNER2 cannot express raises
:class:`UnsupportedModelError` naming the field path and the annotation.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, RootModel

from gliner2_integrations.pydantic.errors import UnsupportedModelError
from gliner2_integrations.pydantic.labels import humanise, humanise_choice

Kind = Literal["text", "number", "date", "datetime", "time", "bool", "choice", "model"]

SUPPORTED = (
    "str, int, float, Decimal, bool, date, datetime, time, EmailStr, HttpUrl/AnyUrl, Literal[...] of str/int, Enum, a nested BaseModel, "
    "list/set/frozenset/tuple[X, ...] of these (not of bool), and Optional[X] / X | None of any of them"
)
_SEQUENCES = (list, set, frozenset, collections.abc.Sequence, collections.abc.Set, collections.abc.MutableSequence)
_UNIONS = (typing.Union, types.UnionType)
_NUMBERS = (int, float, Decimal)


@dataclass(frozen=True)
class Shape:
    """What to extract for one annotation.

    Attributes:
        kind: ``text``, ``number``, ``date``, ``datetime``, ``time``, ``bool``, ``choice`` or ``model``.
        target: The Python type values are coerced to (``int``, ``date``, an ``Enum``, a model class, ...).
        many: A list/set/tuple of values rather than one.
        optional: ``None`` is an accepted value.
        choices: ``(label shown to the model, Python value)`` pairs of a choice.
        patterns: Regular expressions from ``Field(pattern=...)`` / ``constr`` metadata.
    """

    kind: Kind
    target: Any
    many: bool = False
    optional: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    patterns: tuple[str, ...] = ()


def type_repr(annotation: Any) -> str:
    """A short spelling of an annotation for error messages (``list[int | str]``, ``Literal['a']``)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is type(None):
        return "None"
    if origin in _UNIONS:
        return " | ".join(type_repr(arg) for arg in args)
    if origin is Literal:
        return f"Literal[{', '.join(map(repr, args))}]"
    if origin is typing.Annotated:
        return type_repr(args[0])
    if origin is not None:
        inner = ", ".join("..." if arg is Ellipsis else type_repr(arg) for arg in args)
        return f"{getattr(origin, '__name__', type_repr(origin))}[{inner}]"
    if isinstance(annotation, type):
        return annotation.__name__
    return repr(annotation).replace("typing.", "")


def unsupported(path: str, annotation: Any, reason: str) -> UnsupportedModelError:
    """The standard error: field path, annotation, why, and what is supported."""
    return UnsupportedModelError(
        f"field {path!r}: annotation {type_repr(annotation)} is not supported ({reason}); supported: {SUPPORTED}"
    )


def _strip_annotated(annotation: Any) -> tuple[Any, tuple[str, ...]]:
    """Remove ``Annotated`` layers, collecting ``pattern`` constraints from their metadata."""
    patterns: tuple[str, ...] = ()
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *metadata = typing.get_args(annotation)
        patterns += metadata_patterns(metadata)
    return annotation, patterns


def metadata_patterns(metadata: Any) -> tuple[str, ...]:
    """Regular expressions among Pydantic constraint objects (``Field(pattern=)``, ``StringConstraints``)."""
    found = []
    for item in metadata:
        pattern = getattr(item, "pattern", None)
        if isinstance(pattern, str):
            found.append(pattern)
        elif pattern is not None and isinstance(getattr(pattern, "pattern", None), str):
            found.append(pattern.pattern)  # a compiled re.Pattern
    return tuple(found)


def _strip_optional(annotation: Any, path: str, original: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; unions of several non-None types are rejected."""
    if typing.get_origin(annotation) not in _UNIONS:
        return annotation, False
    args = typing.get_args(annotation)
    rest = [a for a in args if a is not type(None)]
    if len(rest) != 1:
        raise unsupported(path, original, "a union of several types; GLiNER2 fills one kind of value per field")
    return rest[0], len(rest) < len(args)


def analyse(annotation: Any, path: str) -> Shape:
    """Reduce a field annotation to a :class:`Shape`.

    Args:
        annotation: The field's annotation (``FieldInfo.annotation``).
        path: Dotted field path for error messages (``"Invoice.billing_address.city"``).

    Returns:
        The shape.

    Raises:
        UnsupportedModelError: For unions of several types, dicts, ``Any``, mixed or
            fixed-length tuples, nested containers, lists of bools and other types.
    """
    inner, patterns = _strip_annotated(annotation)
    inner, optional = _strip_optional(inner, path, annotation)
    inner, more = _strip_annotated(inner)
    element = _sequence_element(inner, path, annotation)
    if element is None:
        shape = _scalar(inner, path, annotation)
        return Shape(shape.kind, shape.target, False, optional, shape.choices, patterns + more)
    element, element_patterns = _strip_annotated(element)
    element, _ = _strip_optional(element, path, annotation)  # lists never hold None; tolerate the spelling
    if _sequence_element(element, path, annotation) is not None:
        raise unsupported(path, annotation, "a container of containers")
    shape = _scalar(element, path, annotation)
    if shape.kind == "bool":
        raise unsupported(path, annotation, "a list of booleans has no span to extract")
    return Shape(shape.kind, shape.target, True, optional, shape.choices, patterns + more + element_patterns)


def _sequence_element(annotation: Any, path: str, original: Any) -> Any | None:
    """The element type of a homogeneous sequence annotation, or ``None`` when it is not one."""
    origin = typing.get_origin(annotation) or annotation
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        raise unsupported(path, original, "only tuple[X, ...] is supported, not fixed-length or mixed tuples")
    if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping) or (
        isinstance(origin, type) and issubclass(origin, dict)
    ):
        raise unsupported(path, original, "dicts have no fixed field names to extract")
    if origin in _SEQUENCES:
        args = typing.get_args(annotation)
        if not args:
            raise unsupported(path, original, "a container needs an element type, e.g. list[str]")
        return args[0]
    return None


def _scalar(annotation: Any, path: str, original: Any) -> Shape:
    """The shape of one non-container value."""
    if annotation is Any or annotation is object:
        raise unsupported(path, original, "Any says nothing about what to extract")
    if typing.get_origin(annotation) is Literal:
        return _literal(annotation, path, original)
    if not isinstance(annotation, type):
        raise unsupported(path, original, "not a concrete type")
    if issubclass(annotation, enum.Enum):
        return _enum(annotation, path, original)
    if annotation is bool:
        return Shape("bool", bool, choices=(("yes", True), ("no", False)))
    name = annotation.__name__
    if name in ("EmailStr", "NameEmail") or name.endswith("Url"):
        return Shape("text", annotation)  # a span; Pydantic validates it into the type
    if issubclass(annotation, str):
        return Shape("text", str)
    if issubclass(annotation, _NUMBERS):
        return Shape("number", next(t for t in _NUMBERS if issubclass(annotation, t)))
    if issubclass(annotation, dt.datetime):
        return Shape("datetime", dt.datetime)
    if issubclass(annotation, dt.date):
        return Shape("date", dt.date)
    if issubclass(annotation, dt.time):
        return Shape("time", dt.time)
    if issubclass(annotation, RootModel):
        raise unsupported(path, original, "RootModel has no named fields")
    if issubclass(annotation, BaseModel):
        return Shape("model", annotation)
    raise unsupported(path, original, f"no extraction rule for {annotation.__name__}")


def _literal(annotation: Any, path: str, original: Any) -> Shape:
    values = typing.get_args(annotation)
    if not values or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
        raise unsupported(path, original, "Literal values must be strings or integers")
    return Shape(
        "choice", annotation, choices=_unique_choices([(humanise_choice(v), v) for v in values], path, original)
    )


def _enum(annotation: type, path: str, original: Any) -> Shape:
    """Enum members as choices: a string value is shown as words, other values by the member's name."""
    pairs = []
    for member in annotation:  # type: ignore[attr-defined]
        value = member.value
        pairs.append((humanise_choice(value) if isinstance(value, str) else humanise(member.name), member))
    if not pairs:
        raise unsupported(path, original, "the Enum has no members")
    return Shape("choice", annotation, choices=_unique_choices(pairs, path, original))


def _unique_choices(pairs: list, path: str, original: Any) -> tuple[tuple[str, Any], ...]:
    seen: dict = {}
    for label, value in pairs:
        key = label.lower()
        if key in seen:
            raise unsupported(path, original, f"choices {seen[key]!r} and {value!r} both read as {label!r}")
        seen[key] = value
    return tuple(pairs)
