"""``GLiNER2``: load a model, extract with a schema, save it back.

Example:
    >>> model = GLiNER2.from_pretrained()                       # bundled gliner2-mini, offline
    >>> model.extract_entities("Tim Cook leads Apple.", ["person", "company"])
    {'entities': {'person': ['Tim Cook'], 'company': ['Apple']}}
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Unpack

import torch
from transformers import PreTrainedTokenizerBase

from gliner2_core.architectures import ExtractionRunner, build_runner, load_checkpoint
from gliner2_core.architectures.span.config import ModelConfig
from gliner2_core.architectures.span.loading import save_model
from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.backend import BACKENDS, QUANTIZATIONS, select_backend
from gliner2_core.checkpoint import resolve_checkpoint
from gliner2_core.decoding.format import to_reference_dict
from gliner2_core.encoders.encoder import encoder_window
from gliner2_core.errors import SchemaError
from gliner2_core.extraction import Extraction
from gliner2_core.options import ExtractOptions, OptionKwargs
from gliner2_core.processing.encoding import Processor
from gliner2_core.processing.words import text_problem
from gliner2_core.schema.builder import Schema, coerce_schema
from gliner2_core.schema.shortcuts import classification_schema, json_schema
from gliner2_core.schema.spec import SchemaSpec

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gliner2-mini"

SchemaLike = Schema | SchemaSpec | Mapping[str, Any]

__all__ = ["GLiNER2", "encoder_window"]


def _pairs(texts: Iterable[str], schema: SchemaLike | Sequence[SchemaLike]) -> Iterable[tuple[str, SchemaSpec]]:
    """``(text, spec)`` pairs: one schema for every text, or one per text."""
    if isinstance(texts, str):
        raise SchemaError.invalid("texts", "a single string", "a list of strings (use extract() for one text)")
    if isinstance(schema, (list, tuple)):
        texts = list(texts)
        if len(schema) != len(texts):
            raise SchemaError.invalid("schemas", f"{len(schema)} schemas", f"one schema per text ({len(texts)})")
        return list(zip(texts, [coerce_schema(s) for s in schema]))
    spec = coerce_schema(schema)
    return ((text, spec) for text in texts)


def _load(name_or_path: str | Path | None, **hub: Any) -> tuple[Any, PreTrainedTokenizerBase]:
    """The network and tokenizer: the bundled model, or a folder / hub id of either architecture."""
    if name_or_path is None or str(name_or_path) == DEFAULT_MODEL:
        from gliner2_core.embedded import load_default_model

        return load_default_model()
    return load_checkpoint(resolve_checkpoint(name_or_path, **hub))  # span, or GLiNER2.5 boundary (config.json's architecture)


class GLiNER2:
    """A GLiNER2 model ready for extraction.

    Args:
        model: The network.
        tokenizer: Its tokenizer (with the GLiNER2 special tokens).
        max_positions: Encoder window in subwords (default: the encoder's limit, at most 512).
        runner: What turns texts and schemas into :class:`Extraction` results (default: the span
            model's :class:`~gliner2_core.architectures.span.runner.Runner`); another architecture plugs in here.
    """

    def __init__(
        self,
        model: GLiNER2Model,
        tokenizer: PreTrainedTokenizerBase,
        *,
        max_positions: int | None = None,
        runner: ExtractionRunner | None = None,
    ) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self._runner: ExtractionRunner = runner if runner is not None else build_runner(self.model, tokenizer, max_positions)

    @property
    def processor(self) -> Processor:
        """The prompt and tokenization of this model's runner (shared by both architectures)."""
        return self._runner.processor

    # -- loading and saving ---------------------------------------------------------
    @classmethod
    def from_pretrained(
        cls,
        name_or_path: str | Path | None = None,
        *,
        device: str | torch.device = "cpu",
        threads: int | None = None,
        max_positions: int | None = None,
        backend: str = "auto",
        quantize: str | None = None,
        revision: str | None = None,
        cache_dir: str | Path | None = None,
        token: str | None = None,
        local_files_only: bool = False,
    ) -> GLiNER2:
        """Load a checkpoint: the bundled model, a local folder or a hub id.

        Args:
            name_or_path: ``None`` or ``"gliner2-mini"`` for the bundled model, a folder,
                or a hub id such as ``"fastino/gliner2-base-v1"``.
            device: Where to run the model.
            threads: Set ``torch`` intra-op threads (CPU).
            max_positions: Encoder window in subwords; longer texts are windowed.
            backend: ``"auto"`` (default: the fastest backend whose outputs equal torch's, chosen
                once per model and machine, for single texts and for batches separately; see
                :mod:`gliner2_core.backend`), ``"torch"``, or
                ``"onnx"`` to run the encoder with ONNX Runtime (CPU).
            quantize: ``"int8"`` to run a dynamically int8-quantized encoder with ONNX Runtime, or
                ``"bf16"`` to run a bfloat16 copy of the encoder with torch (fast on CPUs with
                AVX512-BF16/AMX). Neither is exact: see ``benchmarks/accuracy_backends.py``.
            revision: Hub revision.
            cache_dir: Hub cache folder.
            token: Hub token for private models.
            local_files_only: Never touch the network.

        Returns:
            The loaded model, in eval mode.

        Raises:
            ModelNotFoundError: The name cannot be resolved.
            CheckpointError: The checkpoint is incomplete, corrupt or not safetensors.
        """
        if backend not in BACKENDS:
            raise SchemaError.invalid("backend", backend, BACKENDS)
        if quantize not in QUANTIZATIONS:
            raise SchemaError.invalid("quantize", quantize, QUANTIZATIONS)
        if threads is not None:
            torch.set_num_threads(threads)
        model, tokenizer = _load(name_or_path, revision=revision, cache_dir=cache_dir, token=token, local_files_only=local_files_only)
        instance = cls(
            model.to(device), tokenizer, max_positions=max_positions
        )
        select_backend(instance, backend=backend, quantize=quantize, threads=threads)
        return instance

    def save_pretrained(self, directory: str | Path) -> None:
        """Write a full checkpoint folder (readable by ``from_pretrained`` and the reference library)."""
        save_model(self.model, self.tokenizer, Path(directory))

    @property
    def config(self) -> ModelConfig:
        return self.model.config

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    def to(self, device: str | torch.device) -> GLiNER2:
        self.model.to(device)
        return self

    # -- extraction -------------------------------------------------------------------
    @staticmethod
    def create_schema() -> Schema:
        """A new, empty schema builder."""
        return Schema()

    def stream(
        self,
        texts: Iterable[str],
        schema: SchemaLike | Sequence[SchemaLike],
        options: ExtractOptions | None = None,
        **overrides: Unpack[OptionKwargs],
    ) -> Iterator[Extraction]:
        """Typed results for an iterable of texts, lazily and in order (memory bounded by a chunk).

        Args:
            texts: The texts (not a single string).
            schema: One schema for every text, or a list with one per text.
            options: Extraction options (default: ``ExtractOptions()``).
            **overrides: Options to change, by name (``threshold=0.3``).

        Raises:
            SchemaError: On a bad option, schema or text, before any text is run.
        """
        options = ExtractOptions.build(options, **overrides)
        return self._runner.run(_pairs(texts, schema), options)

    def run(
        self,
        texts: Iterable[str],
        schema: SchemaLike | Sequence[SchemaLike],
        options: ExtractOptions | None = None,
        **overrides: Unpack[OptionKwargs],
    ) -> list[Extraction]:
        """Typed results for many texts: the core entry point every other method goes through.

        Example:
            >>> [extraction] = model.run(["Tim Cook leads Apple."], Schema().entities(["person"]))
            >>> [(s.text, s.start, s.end) for s in extraction.entities["person"]]  # doctest: +SKIP
            [('Tim Cook', 0, 8)]
        """
        return list(self.stream(texts, schema, options, **overrides))

    def iter_extract(
        self,
        texts: Iterable[str],
        schema: SchemaLike | Sequence[SchemaLike],
        *,
        options: ExtractOptions | None = None,
        **overrides: Unpack[OptionKwargs],
    ) -> Iterator[dict[str, Any]]:
        """Reference-style dicts for an iterable of texts, lazily and in order (see :meth:`stream`)."""
        options = ExtractOptions.build(options, **overrides)
        return (to_reference_dict(extraction, options) for extraction in self.stream(texts, schema, options))

    def batch_extract(
        self,
        texts: Iterable[str],
        schema: SchemaLike | Sequence[SchemaLike],
        *,
        options: ExtractOptions | None = None,
        **overrides: Unpack[OptionKwargs],
    ) -> list[dict[str, Any]]:
        """Reference-style dicts for many texts (see :class:`ExtractOptions` for the options)."""
        return list(self.iter_extract(texts, schema, options=options, **overrides))

    def extract(
        self, text: str, schema: SchemaLike, *, options: ExtractOptions | None = None, **overrides: Unpack[OptionKwargs]
    ) -> dict[str, Any]:
        """Everything the schema asks for, from one text, in one forward pass.

        Raises:
            SchemaError: When ``text`` is not a string or holds a lone surrogate (the ``batch_*``
                forms give such an item an empty result instead, so the others are kept).
        """
        problem = text_problem(text, "text")
        if problem is not None:
            raise problem
        return self.batch_extract([text], schema, options=options, **overrides)[0]

    # Task-specific shortcuts mirroring the reference API (same options as extract).
    def extract_entities(self, text: str, entity_types: Any, **options: Any) -> dict[str, Any]:
        return self.extract(text, Schema().entities(entity_types), **options)

    def batch_extract_entities(self, texts: Iterable[str], entity_types: Any, **options: Any) -> list[dict[str, Any]]:
        return self.batch_extract(texts, Schema().entities(entity_types), **options)

    def classify_text(self, text: str, tasks: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        return self.extract(text, classification_schema(tasks), **options)

    def batch_classify_text(
        self, texts: Iterable[str], tasks: Mapping[str, Any], **options: Any
    ) -> list[dict[str, Any]]:
        return self.batch_extract(texts, classification_schema(tasks), **options)

    @property
    def _forms_records(self) -> bool:
        """Whether the checkpoint has a record head (boundary, ``enable_records``): json shortcuts then form records."""
        head = getattr(getattr(self.model, "config", None), "head", None)
        return bool(getattr(head, "enable_records", False)) and getattr(self.model, "record_decoder", None) is not None

    def extract_json(self, text: str, structures: Mapping[str, Sequence[Any]], **options: Any) -> dict[str, Any]:
        return self.extract(text, json_schema(structures, records=self._forms_records), **options)

    def batch_extract_json(
        self, texts: Iterable[str], structures: Mapping[str, Sequence[Any]], **options: Any
    ) -> list[dict[str, Any]]:
        return self.batch_extract(texts, json_schema(structures, records=self._forms_records), **options)

    def extract_relations(self, text: str, relation_types: Any, **options: Any) -> dict[str, Any]:
        return self.extract(text, Schema().relations(relation_types), **options)

    def batch_extract_relations(
        self, texts: Iterable[str], relation_types: Any, **options: Any
    ) -> list[dict[str, Any]]:
        return self.batch_extract(texts, Schema().relations(relation_types), **options)
