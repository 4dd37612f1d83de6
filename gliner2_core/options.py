"""``ExtractOptions``: every extraction option, its default and its validation, in one place.

The public methods keep the reference library's keyword arguments
(``model.extract(text, schema, threshold=0.3, include_spans=True)``); each call
builds one frozen :class:`ExtractOptions` from them, so a default is written
only here and a bad value is rejected the same way on every path.

For integrations (LangChain, LlamaIndex, Pydantic, the CLI, Ray, the cascade):
hold one ``ExtractOptions`` (or build it from your settings with
``ExtractOptions(threshold=..., batch_size=...)``) and pass it to
``GLiNER2.run(texts, schema, options)``, which returns typed
:class:`~gliner2_core.extraction.Extraction` results; never re-declare these
defaults. ``include_confidence`` and ``include_spans`` only shape the
reference-style dicts of ``extract``; :class:`Extraction` always carries
confidences and offsets. Load-time choices (device, backend, quantization,
encoder window) belong to ``GLiNER2.from_pretrained``, not here.

Example:
    >>> options = ExtractOptions(threshold=0.4, field_thresholds={"invoice.total": 0.2})
    >>> options.replace(batch_size=32).batch_size
    32
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from gliner2_core.errors import SchemaError
from gliner2_core.schema.spec import ENTITIES_KEY, RELATIONS_KEY, SchemaSpec, check_threshold

BOOLEANS = (True, False)
DEFAULT_THRESHOLD = 0.5
"""The reference library's default span and choice threshold."""


class OptionKwargs(TypedDict, total=False):
    """The keyword arguments ``extract`` and its siblings accept (the fields of :class:`ExtractOptions`)."""

    threshold: float | None
    field_thresholds: Mapping[str, float]
    batch_size: int
    max_len: int | None
    include_confidence: bool
    include_spans: bool


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise SchemaError.invalid(name, value, BOOLEANS)
    return value


def _check_positive_int(name: str, value: object, *, optional: bool, meaning: str) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SchemaError.invalid(name, value, f"a positive integer ({meaning}){' or None' if optional else ''}")
    return value


@dataclass(frozen=True)
class ExtractOptions:
    """Settings of one extraction call (independent of the model's architecture and backend).

    Attributes:
        threshold: Probability a span or choice needs to be returned (``[0, 1]``), unless the
            schema or ``field_thresholds`` set their own. ``None`` (the default): 0.5, except that
            structure fields use the model's calibrated ``config.record_threshold`` when its
            checkpoint has one (see :meth:`thresholds`); a number applies to every task.
        field_thresholds: Per-field thresholds, keyed by the field's path in the result:
            ``"entities.<label>"``, ``"<structure>.<field>"`` or
            ``"relation_extraction.<relation>"``. They override both ``threshold`` and a
            threshold set in the schema. Unknown paths are rejected when the call runs.
        batch_size: Encoder rows per forward pass.
        max_len: Words per window (``None``: the model's own window, ``config.window_words``,
            else as many words as the encoder window holds).
        include_confidence: Reference-style dicts carry ``confidence`` (``extract`` only).
        include_spans: Reference-style dicts carry ``start``/``end`` (``extract`` only).

    Raises:
        SchemaError: On construction, naming the option, the bad value and what is valid;
            ``"false"`` is not a boolean and ``"0.5"`` is not a threshold.
    """

    threshold: float | None = None
    field_thresholds: Mapping[str, float] = field(default_factory=dict)
    batch_size: int = 8
    max_len: int | None = None
    include_confidence: bool = False
    include_spans: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", check_threshold("threshold", self.threshold))
        if not isinstance(self.field_thresholds, Mapping):
            raise SchemaError.invalid("field_thresholds", self.field_thresholds, "a dict of field path -> threshold")
        checked: dict[str, float] = {}
        for path, value in self.field_thresholds.items():
            if not isinstance(path, str):
                raise SchemaError.invalid("field_thresholds key", path, "a field path such as 'entities.person'")
            checked[path] = check_threshold(f"field_thresholds[{path!r}]", value, optional=False)  # type: ignore[assignment]
        object.__setattr__(self, "field_thresholds", checked)
        _check_positive_int("batch_size", self.batch_size, optional=False, meaning="rows per forward pass")
        _check_positive_int("max_len", self.max_len, optional=True, meaning="words per window")
        _check_bool("include_confidence", self.include_confidence)
        _check_bool("include_spans", self.include_spans)

    def __hash__(self) -> int:
        thresholds = tuple(sorted(self.field_thresholds.items()))
        return hash((self.threshold, thresholds, self.batch_size, self.max_len, self.include_confidence, self.include_spans))

    def thresholds(self, record_threshold: float | None = None) -> tuple[float, float]:
        """``(span threshold, structure-field threshold)`` for a model whose config calibrated
        ``record_threshold`` (``None``: it did not): the call's ``threshold`` for both when it
        set one, else 0.5 and the model's record threshold (0.5 without one)."""
        if self.threshold is not None:
            return self.threshold, self.threshold
        return DEFAULT_THRESHOLD, DEFAULT_THRESHOLD if record_threshold is None else record_threshold

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The option names, in declaration order."""
        return tuple(f.name for f in dataclasses.fields(cls))

    def replace(self, **changes: Any) -> ExtractOptions:
        """A copy with some options changed (validated like the constructor).

        Raises:
            SchemaError: For an unknown option name or a bad value.
        """
        for name in changes:
            if name not in self.names():
                raise SchemaError.invalid("extraction option", name, self.names())
        return dataclasses.replace(self, **changes)

    @classmethod
    def build(cls, options: ExtractOptions | None = None, **overrides: Any) -> ExtractOptions:
        """``options`` (or the defaults) with keyword ``overrides`` applied: what every public method calls."""
        if options is not None and not isinstance(options, ExtractOptions):
            raise SchemaError.invalid("options", type(options).__name__, "an ExtractOptions or None")
        base = options if options is not None else _DEFAULT
        return base.replace(**overrides) if overrides else base

    def apply_to(self, spec: SchemaSpec) -> SchemaSpec:
        """The schema with ``field_thresholds`` written into its fields (a new spec; ``spec`` is unchanged).

        Raises:
            SchemaError: When a path names no field of the schema (the valid paths are listed).
        """
        if not self.field_thresholds:
            return spec
        paths = threshold_paths(spec)
        for path in self.field_thresholds:
            if path not in paths:
                raise SchemaError.invalid("field_thresholds key", path, sorted(paths))
        get = self.field_thresholds.get
        structures = tuple(
            dataclasses.replace(
                s,
                fields=tuple(
                    dataclasses.replace(f, threshold=get(f"{s.name}.{f.name}", f.threshold)) for f in s.fields
                ),
            )
            for s in spec.structures
        )
        entities = spec.entities
        if entities is not None:
            entities = dataclasses.replace(
                entities,
                types=tuple(
                    dataclasses.replace(e, threshold=get(f"{ENTITIES_KEY}.{e.name}", e.threshold)) for e in entities.types
                ),
            )
        relations = tuple(
            dataclasses.replace(r, threshold=get(f"{RELATIONS_KEY}.{r.name}", r.threshold)) for r in spec.relations
        )
        return dataclasses.replace(spec, structures=structures, entities=entities, relations=relations)


def threshold_paths(spec: SchemaSpec) -> set[str]:
    """Every path ``field_thresholds`` may name for this schema."""
    paths: set[str] = {f"{s.name}.{f.name}" for s in spec.structures for f in s.fields}
    if spec.entities is not None:
        paths.update(f"{ENTITIES_KEY}.{name}" for name in spec.entities.names)
    paths.update(f"{RELATIONS_KEY}.{r.name}" for r in spec.relations)
    return paths


_DEFAULT = ExtractOptions()
