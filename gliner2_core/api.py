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
from typing import Any

import torch
from transformers import PreTrainedTokenizerBase

from gliner2_core.checkpoint import resolve_checkpoint
from gliner2_core.config import ModelConfig
from gliner2_core.decoding.format import format_result
from gliner2_core.errors import SchemaError
from gliner2_core.inference.runner import Runner, check_options
from gliner2_core.modeling.loading import load_model, save_model
from gliner2_core.modeling.model import GLiNER2Model
from gliner2_core.processing.encoding import Processor
from gliner2_core.schema.builder import Schema
from gliner2_core.schema.dict_format import coerce_schema, parse_field_spec
from gliner2_core.schema.spec import SchemaSpec

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gliner2-mini"
BACKENDS = ("auto", "torch", "onnx")
QUANTIZATIONS = (None, "int8")
MAX_WINDOW = 512
_POSITION_OFFSET_MODELS = {"roberta", "xlm-roberta", "camembert", "mpnet", "longformer"}

SchemaLike = Schema | SchemaSpec | Mapping[str, Any]


def encoder_window(encoder_config: Any, requested: int | None = None) -> int:
    """Subwords one encoder row may hold: the encoder's limit, capped at 512 unless asked for more."""
    limit = int(getattr(encoder_config, "max_position_embeddings", MAX_WINDOW) or MAX_WINDOW)
    if getattr(encoder_config, "model_type", "") in _POSITION_OFFSET_MODELS:
        limit -= 2
    if requested is None:
        return min(limit, MAX_WINDOW)
    if getattr(encoder_config, "position_biased_input", True) and requested > limit:
        raise SchemaError.invalid("max_positions", requested, f"at most {limit} for this encoder")
    return requested


class GLiNER2:
    """A GLiNER2 model ready for extraction.

    Args:
        model: The network.
        tokenizer: Its tokenizer (with the GLiNER2 special tokens).
        max_positions: Encoder window in subwords (default: the encoder's limit, at most 512).
    """

    def __init__(self, model: GLiNER2Model, tokenizer: PreTrainedTokenizerBase, *, max_positions: int | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.processor = Processor(
            tokenizer, max_positions=encoder_window(model.encoder.config, max_positions), max_width=model.config.max_width
        )
        self._runner = Runner(self.model, self.processor)

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
                once per model and machine; see :mod:`gliner2_core.backend`), ``"torch"``, or
                ``"onnx"`` to run the encoder with ONNX Runtime (CPU).
            quantize: ``"int8"`` to run a dynamically int8-quantized encoder with ONNX Runtime.
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
        if name_or_path is None or str(name_or_path) == DEFAULT_MODEL:
            from gliner2_core.embedded import load_default_model

            model, tokenizer = load_default_model()
        else:
            folder = resolve_checkpoint(
                name_or_path, revision=revision, cache_dir=cache_dir, token=token, local_files_only=local_files_only
            )
            model, tokenizer = load_model(folder)
        instance = cls(model.to(device), tokenizer, max_positions=max_positions)
        from gliner2_core.backend import select_backend

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

    def iter_extract(
        self,
        texts: Iterable[str],
        schema: SchemaLike | Sequence[SchemaLike],
        *,
        batch_size: int = 8,
        threshold: float = 0.5,
        include_confidence: bool = False,
        include_spans: bool = False,
        max_len: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stream results for an iterable of texts, in order (memory bounded by a chunk).

        ``schema`` is one schema for every text, or a list with one per text.
        """
        check_options(threshold=threshold, batch_size=batch_size, max_len=max_len)
        if isinstance(texts, str):
            raise SchemaError.invalid("texts", "a single string", "a list of strings (use extract() for one text)")
        if isinstance(schema, (list, tuple)):
            texts = list(texts)
            if len(schema) != len(texts):
                raise SchemaError.invalid("schemas", f"{len(schema)} schemas", f"one schema per text ({len(texts)})")
            items = zip(texts, [coerce_schema(s) for s in schema])
        else:
            spec = coerce_schema(schema)
            items = ((text, spec) for text in texts)
        for raw in self._runner.run(items, threshold=threshold, batch_size=batch_size, max_len=max_len):
            yield format_result(raw, include_confidence=include_confidence, include_spans=include_spans)

    def batch_extract(self, texts: Iterable[str], schema: SchemaLike | Sequence[SchemaLike], **options: Any) -> list[dict[str, Any]]:
        """Results for many texts (see :meth:`iter_extract` for the options)."""
        return list(self.iter_extract(texts, schema, **options))

    def extract(self, text: str, schema: SchemaLike, **options: Any) -> dict[str, Any]:
        """Everything the schema asks for, from one text, in one forward pass."""
        return self.batch_extract([text], schema, **options)[0]

    # Task-specific shortcuts mirroring the reference API.
    def extract_entities(self, text: str, entity_types: Any, **options: Any) -> dict[str, Any]:
        return self.extract(text, Schema().entities(entity_types), **options)

    def batch_extract_entities(self, texts: Iterable[str], entity_types: Any, **options: Any) -> list[dict[str, Any]]:
        return self.batch_extract(texts, Schema().entities(entity_types), **options)

    def classify_text(self, text: str, tasks: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        return self.extract(text, classification_schema(tasks), **options)

    def batch_classify_text(self, texts: Iterable[str], tasks: Mapping[str, Any], **options: Any) -> list[dict[str, Any]]:
        return self.batch_extract(texts, classification_schema(tasks), **options)

    def extract_json(self, text: str, structures: Mapping[str, Sequence[Any]], **options: Any) -> dict[str, Any]:
        return self.extract(text, json_schema(structures), **options)

    def batch_extract_json(self, texts: Iterable[str], structures: Mapping[str, Sequence[Any]], **options: Any) -> list[dict[str, Any]]:
        return self.batch_extract(texts, json_schema(structures), **options)

    def extract_relations(self, text: str, relation_types: Any, **options: Any) -> dict[str, Any]:
        return self.extract(text, Schema().relations(relation_types), **options)

    def batch_extract_relations(self, texts: Iterable[str], relation_types: Any, **options: Any) -> list[dict[str, Any]]:
        return self.batch_extract(texts, Schema().relations(relation_types), **options)


def classification_schema(tasks: Mapping[str, Any]) -> Schema:
    """``{task: labels | {label: desc} | {"labels": ..., "multi_label": ..., ...}}`` -> schema."""
    schema = Schema()
    for name, config in tasks.items():
        if isinstance(config, Mapping) and "labels" in config:
            options = {k: v for k, v in config.items() if k != "labels"}
            schema.classification(name, config["labels"], **options)
        else:
            schema.classification(name, config)
    return schema


def json_schema(structures: Mapping[str, Sequence[Any]]) -> Schema:
    """``{structure: ["name::dtype::[a|b]::description", ...]}`` -> schema."""
    schema = Schema()
    for name, fields in structures.items():
        builder = schema.structure(name)
        for spec in fields:
            builder.field(**parse_field_spec(spec))
    return schema
