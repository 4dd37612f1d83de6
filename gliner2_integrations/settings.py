"""One settings block for every host integration: each option, its default and its bounds, written once.

* :class:`ExtractionSettings`: what to extract and how (``model``, ``extractor``,
  ``threshold``, ``batch_size``, ``policy``); the base of the LangChain
  structured-output runnable.
* :class:`MetadataSettings`: plus how results become document metadata; the base of
  the LangChain tagger and the LlamaIndex extractor, so both hosts take the same
  options with the same defaults and write the same layout.

The defaults keep every document's metadata and our results (``on_conflict="keep_both"``)
and store the vector-store-safe flat layout (``metadata_mode="flat"``,
``flat_lists="json"``, ``flat_nulls="drop"``: only ``str``, ``int``, ``float`` and
``bool`` values, which Chroma, Qdrant, Pinecone and LlamaIndex's flat stores all accept).
Unknown options are refused (a misspelt ``treshold`` is an error, not a silent default).

Both classes are pydantic models: a host class inherits one of them together with its
host base class. The model is loaded on first use (see
:class:`~gliner2_integrations._runtime.LazyExtractor`).

Importing this module does not import torch or any host library.
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from gliner2_core.options import ExtractOptions
from gliner2_integrations._inputs import extract_options
from gliner2_integrations._runtime import (
    ExtractionTarget,
    LazyExtractor,
    Outcome,
    outcome_metadata,
    resolve_target,
    run_extraction,
)

__all__ = ["ExtractionSettings", "MetadataSettings"]

DEFAULTS = ExtractOptions()  # the core's defaults, never re-declared here

Policy = Literal["partial", "drop", "raise"]


class ExtractionSettings(BaseModel):
    """What to extract, with which model, and how (shared by every host integration).

    Raises:
        UnsupportedModelError: (a ``TypeError``) at construction, for a model GLiNER2 cannot express.
        ValidationError: (a ``ValueError``) for an option out of its bounds or unknown, naming it.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    model: Any = Field(exclude=True, description="Pydantic model class, or a Schema / SchemaSpec / schema dict.")
    extractor: Any = Field(
        default=None, exclude=True, description="GLiNER2 instance, model name or path; None = bundled model."
    )
    threshold: float | None = Field(
        default=DEFAULTS.threshold,
        ge=0.0,
        le=1.0,
        allow_inf_nan=False,
        description="Span/choice confidence threshold; None: the model's calibrated defaults (0.5 for spans).",
    )
    batch_size: int = Field(default=DEFAULTS.batch_size, ge=1, le=1024, description="Texts per forward pass.")
    policy: Policy = Field(
        default="partial", description="Required fields not found: keep a partial record, drop it, or fail the item."
    )

    _target: ExtractionTarget = PrivateAttr(default=None)  # type: ignore[assignment]
    _extractor: LazyExtractor = PrivateAttr(default=None)  # type: ignore[assignment]
    _options: ExtractOptions = PrivateAttr(default=None)  # type: ignore[assignment]

    @model_validator(mode="before")
    @classmethod
    def _known_options(cls, data: Any) -> Any:
        """Refuse an unknown option with the closest known one ("treshold": did you mean "threshold"?)."""
        if not isinstance(data, dict):
            return data
        known = set(cls.model_fields) | {f.alias for f in cls.model_fields.values() if f.alias}
        for key in data:
            if isinstance(key, str) and key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"{cls.__name__}: unknown option {key!r}{hint} (options: {', '.join(sorted(known))})")
        return data

    def model_post_init(self, context: Any, /) -> None:
        self._target = resolve_target(self.model)
        self._extractor = LazyExtractor(self.extractor)

    @property
    def extract_options(self) -> ExtractOptions:
        """The one :class:`ExtractOptions` these settings run with, from ``threshold`` and ``batch_size``
        (built on first use, and again only when one of them was changed)."""
        built = self._options
        if built is None or (built.threshold, built.batch_size) != (self.threshold, self.batch_size):
            self._options = built = extract_options(threshold=self.threshold, batch_size=self.batch_size)
        return built

    def run(self, texts: list[Any], *, where: str, threshold: float | None = None, **kwargs: Any) -> list[Outcome]:
        """One outcome per text (one batched model call; the model is loaded only when a text is sent).

        ``threshold`` replaces the settings' own for this call (``None``: keep it).
        """
        options = self.extract_options
        if threshold is not None:
            options = extract_options(options, threshold=threshold)
        return run_extraction(
            self._extractor, texts, self._target, options=options, policy=self.policy, where=where, **kwargs
        )


class MetadataSettings(ExtractionSettings):
    """:class:`ExtractionSettings` plus the metadata layout (the LangChain tagger and the LlamaIndex extractor)."""

    many: bool = Field(default=False, description="Store every record found in a document (a list), not the first.")
    metadata_mode: Literal["json", "flat"] = Field(  # type: ignore[assignment]
        default="flat", description="Output layout: 'flat' (one vector-store-safe value per key) or 'json' (nested)."
    )
    namespace: str | None = Field(default="gliner2", min_length=1, description="Key (json) or key prefix (flat).")
    flat_lists: Literal["keep", "json"] = Field(
        default="json", description="Flat layout: JSON-encode lists (scalar-only stores such as Chroma) or keep them."
    )
    flat_nulls: Literal["keep", "drop"] = Field(
        default="drop", description="Flat layout: leave out fields not found (Chroma rejects None) or store None."
    )
    on_conflict: Literal["keep_both", "keep", "overwrite", "error"] = Field(
        default="keep_both",
        description="A key already in the metadata with another value: keep both (ours under <key>_2), keep "
        "the document's and discard ours, overwrite it, or fail. Every choice but 'error' logs a warning.",
    )
    include_confidence: bool = Field(default=False, description="Store per-field confidences under 'confidence'.")
    include_spans: bool = Field(
        default=False, description="Store per-field [start, end] offsets under 'spans' and their base under 'offsets'."
    )
    raise_on_error: bool = Field(default=False, description="Raise on a failing document instead of recording it.")
    error_key: str = Field(default="gliner2_error", min_length=1, description="Metadata key for a failure message.")

    def metadata_for(self, outcome: Outcome, *, span_offset: int | None) -> dict[str, Any]:
        """Metadata for one outcome; ``span_offset`` is the chunk's start in its document (``None``: unknown).

        Raises:
            Exception: The outcome's error, only when ``raise_on_error``.
        """
        return outcome_metadata(
            outcome,
            self._target,
            error_key=self.error_key,
            raise_on_error=self.raise_on_error,
            mode=self.metadata_mode,
            namespace=self.namespace,
            many=self.many,
            include_confidence=self.include_confidence,
            include_spans=self.include_spans,
            span_offset=span_offset or 0,
            offsets="chunk" if span_offset is None else "document",
            lists=self.flat_lists,
            nulls=self.flat_nulls,
        )
