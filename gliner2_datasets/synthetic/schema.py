"""Structure schemas with paraphrased names and descriptions, and the record they become.

Each document type declares its structures with canonical field keys. For
every record the names the model sees are drawn from paraphrases ("total",
"amount due", "grand total"), descriptions are shown or not, some fields are
left out of the schema, and choice options are shuffled, so the model learns
what a field means rather than one template.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gliner2_datasets.synthetic.core import Doc, FieldValue, Span

if TYPE_CHECKING:
    from gliner2_datasets.synthetic.values import Ctx


@dataclass(frozen=True)
class FieldSpec:
    """One field: its paraphrased names, descriptions and (for choice fields) options.

    Attributes:
        names: Names the field may be given; the first is canonical.
        descriptions: What the field means, in a few wordings.
        choices: The options of a choice field; empty for span fields.
        required: Never left out of the schema.
    """

    names: tuple[str, ...]
    descriptions: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    required: bool = False


def spec(names: str, *descriptions: str, choices: Sequence[str] = (), required: bool = False) -> FieldSpec:
    """Shorthand: ``spec("total|amount due|grand total", "the total amount to pay")``."""
    return FieldSpec(tuple(names.split("|")), descriptions, tuple(choices), required)


@dataclass(frozen=True)
class StructSpec:
    """A structure: its paraphrased names and its fields by canonical key."""

    names: tuple[str, ...]
    fields: Mapping[str, FieldSpec]

    @staticmethod
    def of(names: str, **fields: FieldSpec) -> StructSpec:
        return StructSpec(tuple(names.split("|")), fields)


@dataclass(frozen=True)
class Shown:
    """How one structure is shown in one record: its name and its kept fields with their names."""

    name: str
    fields: tuple[tuple[str, str], ...]
    descriptions: dict[str, str]


def show(struct: StructSpec, rng: random.Random, *, keep: float = 0.85) -> Shown:
    """Draw the names, descriptions and kept fields of ``struct`` for one record."""
    keys = [k for k, f in struct.fields.items() if f.required or rng.random() < keep]
    if len(keys) < 2:
        keys = list(struct.fields)[: max(2, len(keys))]
    with_descriptions = rng.random() < 0.5
    names: list[tuple[str, str]] = []
    descriptions: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        field = struct.fields[key]
        name = rng.choice(field.names)
        name = name if name not in used else field.names[0]
        used.add(name)
        names.append((key, name))
        if with_descriptions and field.descriptions and rng.random() < 0.8:
            descriptions[name] = rng.choice(field.descriptions)
    return Shown(rng.choice(struct.names), tuple(names), descriptions)


def _gold(field: FieldSpec, value: FieldValue, rng: random.Random) -> Any:
    if field.choices:
        if value is not None and value not in field.choices:
            raise ValueError(f"choice {value!r} is not among {field.choices!r}")
        options = list(field.choices)
        rng.shuffle(options)
        return {"value": value, "choices": options}
    if value is None:
        return []
    if isinstance(value, str):
        raise ValueError(f"span field got the bare string {value!r}")
    return value if isinstance(value, list) else [value]


def structures(doc: Doc, specs: Mapping[str, StructSpec], rng: random.Random) -> tuple[list[dict], dict]:
    """The ``json_structures`` and ``json_descriptions`` of a document.

    Every instance of a structure in the record uses the same names; fields in
    the schema without a value in the text get ``[]`` (or a ``null`` choice).

    Raises:
        ValueError: If a generator filled a field its structure does not declare.
    """
    shown: dict[str, Shown] = {}
    out: list[dict] = []
    for key, values in doc.instances:
        struct = specs[key]
        unknown = set(values) - set(struct.fields)
        if unknown:
            raise ValueError(f"structure {key!r}: undeclared fields {sorted(unknown)}")
        if key not in shown:
            shown[key] = show(struct, rng)
        view = shown[key]
        fields = {name: _gold(struct.fields[k], values.get(k), rng) for k, name in view.fields}
        out.append({view.name: fields})
    descriptions = {view.name: view.descriptions for view in shown.values() if view.descriptions}
    return out, descriptions


def spans(*values: Span | None) -> list[Span]:
    """The non-empty spans among ``values``, as a list."""
    return [v for v in values if v is not None]


@dataclass(frozen=True)
class DocType:
    """One kind of document.

    Attributes:
        name: Registry key, also its document-type label (e.g. ``"invoice"``).
        structures: The structures its generator fills, by key.
        build: Writes one document of this type.
    """

    name: str
    structures: Mapping[str, StructSpec]
    build: Callable[[Ctx], Doc]
