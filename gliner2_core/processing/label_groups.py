"""Splitting classification label sets that do not fit in one encoder window.

A 151-intent task takes ~600 prompt tokens, more than a 512-position encoder
holds. Such schemas are run as several variants of the same prompt: the first
keeps every span task plus the first group of each classification task's
labels, the others carry further label groups only. Label logits are computed
independently per label (the classifier reads each ``[L]`` marker), so the
decoder joins the groups' logits and applies softmax/sigmoid over all labels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from gliner2_core.errors import SchemaError
from gliner2_core.schema.spec import ClassificationTask, SchemaSpec


def _part(task: ClassificationTask, labels: Sequence[str]) -> ClassificationTask:
    """The task with some of its labels, for the prompt only (decoding reads the whole task).

    Its activation is reset to ``"auto"``: a one-label group of a softmax task is
    still a valid prompt, and the activation of a part is never used.
    """
    keep = set(labels)
    return dataclasses.replace(
        task,
        labels=tuple(labels),
        activation="auto",
        label_descriptions=tuple((label, d) for label, d in task.label_descriptions if label in keep),
        examples=tuple((text, label) for text, label in task.examples if label in keep),
    )


def _chunks(labels: Sequence[str], parts: int) -> list[Sequence[str]]:
    size = -(-len(labels) // parts)
    return [labels[i : i + size] for i in range(0, len(labels), size)]


def split_labels(spec: SchemaSpec, cost: Callable[[SchemaSpec], int], limit: int) -> list[SchemaSpec]:
    """Variants of ``spec`` whose prompts each cost at most ``limit`` tokens.

    Args:
        spec: The schema.
        cost: Prompt length of a schema, in tokens.
        limit: Largest prompt allowed.

    Returns:
        ``[spec]`` when it fits, else variants covering every label exactly once.

    Raises:
        SchemaError: When even one label per group does not fit.
    """
    if cost(spec) <= limit:
        return [spec]
    if not spec.classifications:
        raise SchemaError(
            f"schema: its prompt takes {cost(spec)} tokens but the encoder window leaves room for {limit}; "
            "expected fewer or shorter labels, fields or descriptions"
        )
    most = max(len(t.labels) for t in spec.classifications)
    for parts in range(2, most + 1):
        variants = []
        for index in range(parts):
            tasks = []
            for task in spec.classifications:
                groups = _chunks(task.labels, parts)
                if index < len(groups):
                    tasks.append(_part(task, groups[index]))
            if index == 0:
                variants.append(dataclasses.replace(spec, classifications=tuple(tasks)))
            elif tasks:
                variants.append(SchemaSpec(classifications=tuple(tasks)))
        if all(cost(v) <= limit for v in variants):
            return variants
    raise SchemaError(
        f"schema: does not fit the encoder window ({limit} prompt tokens) even with one classification label per pass"
    )
