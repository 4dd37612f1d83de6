"""Training records (the reference JSONL format) parsed into typed examples.

One record::

    {"input": "...", "output": {
        "entities": {"person": ["Ann", {"text": "Bob", "start": 10, "end": 13}], "place": []},
        "entity_descriptions": {"person": "a human"},
        "classifications": [{"task": "intent", "labels": [...], "true_label": ["book"], "multi_label": false}],
        "json_structures": [{"order": {"item": "tea", "size": {"value": "large", "choices": ["small", "large"]}}}],
        "json_descriptions": {"order": {"item": "what was ordered"}},
        "relations": [{"works for": {"head": "Ann", "tail": "Acme"}}]}}

Gold values are strings (every occurrence in the text counts) or pinned spans
``{"text", "start", "end"}`` (character offsets into ``input``).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gliner2_core.errors import TrainingDataError


@dataclass(frozen=True)
class Mention:
    """A gold value: its text, and its character offsets when pinned."""

    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ChoiceGold:
    """The selected option(s) of a choice field, and all its options."""

    selected: tuple[str, ...]
    choices: tuple[str, ...]


FieldGold = tuple[Mention, ...] | ChoiceGold


@dataclass(frozen=True)
class ClassificationGold:
    task: str
    labels: tuple[str, ...]
    true_labels: tuple[str, ...]
    multi_label: bool = False
    label_descriptions: tuple[tuple[str, str], ...] = ()
    prompt: str | None = None


@dataclass
class TrainingExample:
    """Everything one record teaches.

    Attributes:
        text: The input text.
        entities: ``label -> mentions`` in label order (empty lists are negatives).
        entity_descriptions: ``label -> description``.
        structures: ``(name, {field: gold})`` per instance, in record order.
        structure_descriptions: ``name -> {field: description}``.
        relations: ``(name, head, tail)`` per instance.
        classifications: Classification tasks with their gold labels.
        source: Where the record came from (a dataset name or file), for label pools.
    """

    text: str
    entities: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    entity_descriptions: dict[str, str] = field(default_factory=dict)
    structures: list[tuple[str, dict[str, FieldGold]]] = field(default_factory=list)
    structure_descriptions: dict[str, dict[str, str]] = field(default_factory=dict)
    relations: list[tuple[str, Mention, Mention]] = field(default_factory=list)
    classifications: list[ClassificationGold] = field(default_factory=list)
    source: str = ""


def _mention(where: str, value: Any, text: str) -> Mention | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Mention(value)
    if isinstance(value, Mapping) and {"text", "start", "end"} <= value.keys():
        start, end = value["start"], value["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise TrainingDataError(f"{where}: offsets [{start}, {end}) are outside the text of length {len(text)}")
        if text[start:end] != value["text"]:
            raise TrainingDataError(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {value['text']!r}")
        return Mention(value["text"], start, end)
    raise TrainingDataError(f"{where}: got {value!r}; expected a string or {{'text', 'start', 'end'}}")


def _mentions(where: str, value: Any, text: str) -> tuple[Mention, ...]:
    values = value if isinstance(value, list) else [value]
    found = (_mention(f"{where}[{i}]", v, text) for i, v in enumerate(values))
    return tuple(m for m in found if m is not None)


def _field(where: str, value: Any, text: str) -> FieldGold:
    if isinstance(value, Mapping) and "choices" in value:
        selected = value.get("value")
        selected = [] if selected in (None, "") else (selected if isinstance(selected, list) else [selected])
        choices = tuple(str(c) for c in value["choices"])
        unknown = [s for s in selected if s not in choices]
        if unknown:
            raise TrainingDataError(f"{where}: selected {unknown!r} not among choices {list(choices)!r}")
        return ChoiceGold(tuple(str(s) for s in selected), choices)
    return _mentions(where, value, text)


def _classification(where: str, item: Mapping[str, Any]) -> ClassificationGold:
    try:
        labels = tuple(item["labels"])
        true = item.get("true_label", [])
    except (KeyError, TypeError) as err:
        raise TrainingDataError(f"{where}: expected a dict with 'task', 'labels' and 'true_label'") from err
    true = tuple(true if isinstance(true, list) else [true])
    unknown = [t for t in true if t not in labels]
    if unknown:
        raise TrainingDataError(f"{where}: true_label {unknown!r} not among labels")
    descriptions = item.get("label_descriptions") or {}
    return ClassificationGold(
        str(item["task"]), labels, true, bool(item.get("multi_label", False)), tuple(descriptions.items()), item.get("prompt")
    )


def parse_record(record: Mapping[str, Any], *, where: str = "record", source: str = "") -> TrainingExample:
    """Parse one JSONL record.

    Raises:
        TrainingDataError: Naming the record and field that cannot be used.
    """
    text = record.get("input", record.get("text"))
    output = record.get("output", record.get("schema"))
    if not isinstance(text, str) or not isinstance(output, Mapping):
        raise TrainingDataError(f"{where}: expected {{'input': str, 'output': dict}}")
    example = TrainingExample(text=text, source=source)
    for label, value in (output.get("entities") or {}).items():
        example.entities[label] = _mentions(f"{where}.entities[{label!r}]", value, text)
    example.entity_descriptions = dict(output.get("entity_descriptions") or {})
    for i, item in enumerate(output.get("json_structures") or []):
        for name, fields in item.items():
            example.structures.append(
                (name, {f: _field(f"{where}.json_structures[{i}].{name}.{f}", v, text) for f, v in fields.items()})
            )
    example.structure_descriptions = {k: dict(v) for k, v in (output.get("json_descriptions") or {}).items()}
    for i, item in enumerate(output.get("relations") or []):
        for name, pair in item.items():
            head = _mention(f"{where}.relations[{i}].{name}.head", pair.get("head"), text)
            tail = _mention(f"{where}.relations[{i}].{name}.tail", pair.get("tail"), text)
            if head is not None and tail is not None:
                example.relations.append((name, head, tail))
    example.classifications = [
        _classification(f"{where}.classifications[{i}]", item) for i, item in enumerate(output.get("classifications") or [])
    ]
    return example


def read_jsonl(path: str | Path, *, limit: int | None = None) -> Iterator[TrainingExample]:
    """Parse a JSONL file (``.jsonl`` or ``.jsonl.gz``); errors name the file and line."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    source = path.name.split(".")[0]
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and number > limit:
                break
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise TrainingDataError(f"{where}: invalid JSON ({err})") from err
            yield parse_record(record, where=where, source=source)
