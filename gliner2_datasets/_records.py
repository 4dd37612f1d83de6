"""Building the parts of a GLiNER2 training record.

A record is ``{"input": text, "output": {...}}`` with any of the output keys
``entities``, ``classifications``, ``json_structures`` and ``relations``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from gliner2_datasets.text import Span

Record = dict[str, Any]


def entity_map(labels: Sequence[str], mentions: Iterable[tuple[str, Span]]) -> dict[str, list[Span]]:
    """Group pinned mentions by label, with every label present.

    Args:
        labels: The full label set; labels without mentions map to ``[]`` (negatives).
        mentions: ``(label, span)`` pairs; duplicates are dropped.

    Returns:
        Label to spans, sorted by position.
    """
    entities: dict[str, list[Span]] = {label: [] for label in labels}
    for label, span in mentions:
        if span not in entities[label]:
            entities[label].append(span)
    for spans in entities.values():
        spans.sort(key=lambda span: (span["start"], span["end"]))
    return entities


def classification(
    task: str, labels: Sequence[str], true_labels: Sequence[str], multi_label: bool = False
) -> dict[str, Any]:
    """Build one classification task.

    Args:
        task: The task name, e.g. ``"intent"``.
        labels: Every label of the task.
        true_labels: The correct labels (one unless ``multi_label``).
        multi_label: Whether several labels may be true.

    Raises:
        ValueError: If a true label is not in ``labels``, or several are given for a single-label task.
    """
    unknown = [label for label in true_labels if label not in labels]
    if unknown or not true_labels or (len(true_labels) > 1 and not multi_label):
        raise ValueError(f"task {task!r}: got true labels {list(true_labels)}; expected labels from {list(labels)}")
    return {"task": task, "labels": list(labels), "true_label": list(true_labels), "multi_label": multi_label}


def classification_record(text: str, *tasks: dict[str, Any]) -> Record:
    """A record that carries only classification tasks."""
    return {"input": text, "output": {"classifications": list(tasks)}}
