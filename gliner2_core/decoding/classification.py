"""Classification decoding shared by both architectures: label probabilities and the chosen labels.

A single-label task with one label is a yes/no question (sigmoid); other single-label
tasks use a softmax, multi-label tasks a sigmoid per label (``class_act`` overrides).
"""

from __future__ import annotations

import torch

from gliner2_core.extraction import Choice
from gliner2_core.schema.spec import ClassificationTask


def is_yes_no(task: ClassificationTask) -> bool:
    """A single-label task with one label: scored as a sigmoid yes/no (see the module docstring)."""
    return not task.multi_label and len(task.labels) == 1


def class_probabilities(task: ClassificationTask, logits: torch.Tensor) -> torch.Tensor:
    """Label probabilities ``[L]`` from logits ``[L]``: softmax for single-label, sigmoid for multi-label,
    yes/no and ``class_act="sigmoid"``."""
    activation = task.activation
    if activation == "auto":
        activation = "sigmoid" if task.multi_label or is_yes_no(task) else "softmax"
    return torch.sigmoid(logits) if activation == "sigmoid" else torch.softmax(logits, dim=-1)


def decode_classification(task: ClassificationTask, probs: torch.Tensor) -> tuple[Choice, ...]:
    """The label (single-label), the label if it reaches ``cls_threshold`` (yes/no), or the labels over
    ``cls_threshold`` (multi-label, argmax fallback, at most ``top_k``)."""
    values = probs.tolist()
    best = max(range(len(values)), key=lambda i: values[i])
    if is_yes_no(task):
        return (Choice(task.labels[0], values[0]),) if values[0] >= task.cls_threshold else ()
    if not task.multi_label:
        return (Choice(task.labels[best], values[best]),)
    chosen = [Choice(label, p) for label, p in zip(task.labels, values) if p >= task.cls_threshold]
    if not chosen:
        chosen = [Choice(task.labels[best], values[best])]
    if task.top_k is not None:
        chosen = sorted(chosen, key=lambda choice: choice.confidence, reverse=True)[: task.top_k]
    return tuple(chosen)
