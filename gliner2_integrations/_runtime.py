"""Running GLiNER2 for the integrations (LangChain, LlamaIndex, the ``extract`` command).

* :class:`LazyExtractor` holds what the user passed as ``extractor`` (a loaded
  ``GLiNER2``, a model name or path, or ``None`` for the bundled model) and loads
  it on first use. Loaded models are shared per process and name, and a holder
  pickles without its model when it can load it again, so LlamaIndex's
  ``num_workers > 1`` (spawn + pickle) ships a name, not the weights.
* :func:`resolve_target` turns a Pydantic model class or a schema into an
  :class:`ExtractionTarget` with a fingerprint for cache keys.
* :func:`run_extraction` makes one batched model call for many texts and returns
  one :class:`Outcome` per text. A text that breaks the batch, or whose result
  fails validation, gets its own error; the other texts are unaffected.

Importing this module does not import torch.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gliner2_core import Schema, SchemaError, SchemaSpec
from gliner2_core.extraction import Extraction
from gliner2_core.options import ExtractOptions
from gliner2_core.schema import coerce_schema
from gliner2_integrations._inputs import Failed, call_isolated, extract_options, run_typed, text_problem
from gliner2_integrations._reference import native, reference_dict
from gliner2_integrations.metadata import record_key_for, to_metadata
from gliner2_integrations.pydantic import ExtractionResult, ModelSchema, partial_model, schema_for, to_result
from gliner2_integrations.pydantic.calibration import calibration_for
from gliner2_integrations.pydantic.convert import schema_for_extractor
from gliner2_integrations.pydantic.instances import check_many
from gliner2_integrations.pydantic.result import MissingPolicy, parse_policy

if TYPE_CHECKING:
    from gliner2_core import GLiNER2

logger = logging.getLogger(__name__)

DEFAULT_EXTRACTOR = "gliner2-mini"
DEFAULTS = ExtractOptions()  # the core's option defaults, never re-declared here
_LOADED: dict[str, GLiNER2] = {}
_LOAD_LOCK = threading.Lock()


def _is_reference(extractor: Any) -> bool:
    """A name, a path or ``None``: something :func:`load_extractor` can load (again)."""
    return extractor is None or isinstance(extractor, (str, os.PathLike))


def extractor_name(extractor: Any) -> str:
    """A stable label for an ``extractor`` argument (part of cache keys and fingerprints)."""
    if extractor is None:
        return DEFAULT_EXTRACTOR
    if _is_reference(extractor):
        return os.fspath(extractor)
    config = getattr(extractor, "config", None)
    digest = hashlib.sha256(repr(config).encode()).hexdigest()[:12]
    return f"in-memory {type(extractor).__name__} (config {digest})"


def load_extractor(extractor: Any) -> GLiNER2:
    """A usable model for an ``extractor`` argument: itself when loaded, else loaded once per process.

    Raises:
        TypeError: When ``extractor`` is neither a model (an object with ``batch_extract``), a name/path nor ``None``.
        ModelNotFoundError / CheckpointError: When the name or path cannot be loaded.
    """
    if not _is_reference(extractor):
        if not callable(getattr(extractor, "batch_extract", None)):
            raise TypeError(
                f"extractor: got {type(extractor).__name__}; expected a GLiNER2 instance, a model name or path, "
                "or None (the bundled model)"
            )
        return extractor
    name = extractor_name(extractor)
    key = os.path.abspath(name) if os.path.exists(name) else name
    with _LOAD_LOCK:
        if key not in _LOADED:
            from gliner2_core import GLiNER2

            logger.info("loading GLiNER2 model %s", name)
            _LOADED[key] = GLiNER2.from_pretrained(None if extractor is None else extractor)
        return _LOADED[key]


class LazyExtractor:
    """The model behind an integration: loaded on first use, picklable without its weights.

    Args:
        extractor: A loaded ``GLiNER2`` (kept, and pickled with it), a name or path, or ``None``.
    """

    def __init__(self, extractor: Any = None) -> None:
        self.source = extractor
        # A loaded model passes through load_extractor unchanged (it only checks its type).
        self._model: Any = None if _is_reference(extractor) else load_extractor(extractor)

    @property
    def name(self) -> str:
        return extractor_name(self.source)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def get(self) -> GLiNER2:
        """The model, loading it now if needed."""
        if self._model is None:
            self._model = load_extractor(self.source)
        return self._model

    def __getstate__(self) -> dict[str, Any]:
        return {"source": self.source, "_model": None if _is_reference(self.source) else self._model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"LazyExtractor({self.name!r}, loaded={self.loaded})"


@dataclass(frozen=True)
class ExtractionTarget:
    """What to extract: a schema, and the Pydantic model when there is one.

    Attributes:
        spec: The GLiNER2 schema.
        model_schema: The converted model (``None`` for a plain schema).
    """

    spec: SchemaSpec
    model_schema: ModelSchema | None = None

    def for_extractor(self, model: Any, *, many: bool = False) -> ExtractionTarget:
        """This target as ``model`` reads it: a Pydantic model gets the strategy the checkpoint
        measured best (``config.record_strategy``) unless its own options choose one."""
        if self.model_schema is None:
            return self
        bound = schema_for_extractor(self.model_schema.model_cls, model, many=many)
        return self if bound is self.model_schema else ExtractionTarget(bound.spec, bound)

    @property
    def model_cls(self) -> type[BaseModel] | None:
        return self.model_schema.model_cls if self.model_schema is not None else None

    @property
    def record_key(self) -> str | None:
        """Payload key of the model's records (``None`` for a plain schema)."""
        return record_key_for(self.model_cls) if self.model_cls is not None else None

    @functools.cached_property
    def fingerprint(self) -> str:
        """sha256 of the schema and the model's qualified name and JSON schema: changes when either changes."""
        parts: dict[str, Any] = {"spec": repr(self.spec)}
        if self.model_cls is not None:
            parts["model"] = f"{self.model_cls.__module__}.{self.model_cls.__qualname__}"
            try:
                parts["json_schema"] = self.model_cls.model_json_schema()
            except Exception:  # noqa: BLE001 - a schema pydantic cannot render; the fields' reprs still differ
                parts["json_schema"] = repr(self.model_cls.model_fields)
        text = json.dumps(parts, sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()


def resolve_target(target: Any) -> ExtractionTarget:
    """An :class:`ExtractionTarget` from a Pydantic model class, a ``Schema``, a ``SchemaSpec`` or a schema dict.

    Raises:
        UnsupportedModelError: (a ``TypeError``) for a model GLiNER2 cannot express.
        SchemaError: (a ``ValueError``) for an invalid schema dict.
        TypeError: For anything else.
    """
    if isinstance(target, type) and issubclass(target, BaseModel):
        model_schema = schema_for(target)
        return ExtractionTarget(model_schema.spec, model_schema)
    if isinstance(target, (Schema, SchemaSpec, Mapping)) or hasattr(target, "build"):
        return ExtractionTarget(coerce_schema(target))
    raise TypeError(
        f"model: got {target!r}; expected a pydantic BaseModel subclass, a Schema, a SchemaSpec or a schema dict"
    )


@dataclass(frozen=True)
class Outcome:
    """One text's extraction.

    Attributes:
        output: The model output, typed (an extractor that only returns dicts: read from its
            dict, see :mod:`gliner2_integrations._reference`); ``None`` when skipped or failed.
        result: The validated result (Pydantic targets only).
        error: What went wrong for this text, if anything.
        skipped: A blank text, not sent to the model.
    """

    output: Extraction | None = None
    result: ExtractionResult[Any] | None = None
    error: Exception | None = None
    skipped: bool = False

    @property
    def typed(self) -> Extraction | None:
        """The output as ``GLiNER2.run`` made it (``None`` when skipped, failed, or run by an
        extractor that only returns dicts)."""
        return native(self.output)

    @functools.cached_property
    def raw(self) -> dict[str, Any] | None:
        """The output as the reference library's dict (with confidences and spans), made on first
        use for the edges that promise it; ``None`` when skipped or failed."""
        if self.result is not None:
            return self.result.raw
        return None if self.output is None else reference_dict(self.output)

    @property
    def extraction(self) -> ExtractionResult[Any] | dict[str, Any] | None:
        """The result for a Pydantic target, else the raw output."""
        return self.result if self.result is not None else self.raw


def run_extraction(
    model: GLiNER2 | LazyExtractor,
    texts: Sequence[Any],
    target: ExtractionTarget,
    *,
    options: ExtractOptions | None = None,
    policy: MissingPolicy | str = MissingPolicy.PARTIAL,
    many: bool = False,
    skip_blank: bool = True,
    where: str = "texts[{index}]",
    **overrides: Any,
) -> list[Outcome]:
    """Extract from many texts with one batched model call (chunked by ``batch_size``).

    Each text succeeds or fails on its own: a text that is not a ``str`` or holds a lone
    surrogate gets a :class:`SchemaError` naming it (``where``) without reaching the model,
    and when the batched call fails it is split in halves until the failing texts are
    found, so the others still get their results.

    Args:
        model: The model, or its :class:`LazyExtractor` (loaded only when a text is sent; a load error raises).
        texts: The texts, in order (anything: non-strings become error outcomes).
        target: What to extract.
        options: The extraction options (a host's settings build them once; default: ``ExtractOptions()``).
        policy: Missing-field policy for Pydantic targets.
        many: Every record per text (Pydantic targets).
        skip_blank: Do not send empty or whitespace-only texts to the model (their outcome is ``skipped``).
        where: How error messages name a text; ``{index}`` is its position in ``texts``.
        **overrides: Options to change, by name (``threshold=0.3``, ``batch_size=16``).

    Returns:
        One outcome per text, in order.

    Raises:
        SchemaError: On invalid options (nothing is extracted then).
    """
    policy = parse_policy(policy)
    options = extract_options(options, **overrides)
    if target.model_schema is not None:
        check_many(target.model_schema, many)
    outcomes: list[Outcome] = []
    sent: list[int] = []
    for index, text in enumerate(texts):
        problem = text_problem(text, where.format(index=index))
        if problem is None and not (skip_blank and not text.strip()):
            sent.append(index)
        outcomes.append(Outcome(error=problem) if problem is not None else Outcome(skipped=True))
    if not sent:
        return outcomes
    model = model.get() if isinstance(model, LazyExtractor) else model
    target = target.for_extractor(model, many=many)
    reading = {"policy": policy, "many": many, "threshold": options.threshold, "calibration": calibration_for(model)}
    outputs = call_isolated(lambda batch: run_typed(model, batch, target.spec, options), [texts[i] for i in sent])
    for index, output in zip(sent, outputs, strict=True):
        outcomes[index] = (
            Outcome(error=output.error) if isinstance(output, Failed) else _outcome(output, target, reading)
        )
    return outcomes


def _outcome(output: Extraction, target: ExtractionTarget, reading: dict[str, Any]) -> Outcome:
    """One text's outcome from its typed output; ``reading``: :func:`to_result`'s keyword arguments."""
    if target.model_schema is None:
        return Outcome(output=output)
    try:
        result = to_result(output, target.model_schema, **reading)
    except Exception as err:  # noqa: BLE001 - e.g. ExtractionValidationError under policy "raise"
        return Outcome(output=output, error=err)
    if result.value is None and not reading["many"] and reading["policy"] is MissingPolicy.PARTIAL:
        empty = empty_instance(target.model_schema.model_cls)
        if empty is not None:  # nothing found: a record with no values, so every text gets the same keys
            result = dataclasses.replace(result, value=empty, values=[empty])
    return Outcome(output=output, result=result)


def empty_instance(model_cls: type[BaseModel]) -> BaseModel | None:
    """The model with no values (its partial view when fields are required); ``None`` if validation rejects both."""
    for cls in (model_cls, partial_model(model_cls)):
        try:
            return cls.model_validate({})
        except Exception:  # noqa: BLE001, S112 - required fields, or a validator rejecting emptiness
            continue
    logger.debug("model %s cannot be built without values", model_cls.__name__)
    return None


def describe_error(error: BaseException) -> str:
    """``"ExtractionValidationError: required fields not found: total"``: what goes into metadata and JSON lines."""
    return f"{type(error).__name__}: {error}"


def outcome_metadata(
    outcome: Outcome,
    target: ExtractionTarget,
    *,
    error_key: str,
    raise_on_error: bool,
    **options: Any,
) -> dict[str, Any]:
    """Metadata for one outcome: ``{}`` when skipped, ``{error_key: message}`` on error, else :func:`to_metadata`.

    Raises:
        Exception: The outcome's error (or a metadata error) when ``raise_on_error``.
    """
    if outcome.skipped:
        return {}
    error = outcome.error
    if error is None:
        found = outcome.result if outcome.result is not None else outcome.output
        try:
            return to_metadata(found if found is not None else {}, record_key=target.record_key, **options)
        except SchemaError as err:
            error = err
    if raise_on_error:
        raise error
    logger.warning("extraction failed for one document: %s", describe_error(error))
    return {error_key: describe_error(error)}
