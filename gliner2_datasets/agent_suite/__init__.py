"""The agent-style dev suite: Pydantic models as agent tools write them, and texts with gold values.

Ten models (support tickets, meeting requests, restaurant bookings, expense claims, return
requests, clinic visits, legal matters, flight changes, apartment listings, incident reports)
of 25 hand-written texts each, in ``data/<name>.jsonl`` as ``{"text", "output"}`` lines
(``output``: the model's JSON as an LLM's structured output gives it, ``null`` where the text
does not say). None of these types entered training, so the suite measures what users' unseen
schemas get; the defaults of the Pydantic path (strategy, acceptance, calibration) are chosen
on it. Two folds (``"a"``: the first five models, ``"b"``: the other five) let a default be
chosen on one and checked on the other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gliner2_datasets.agent_suite.models_a import MODELS_A
from gliner2_datasets.agent_suite.models_b import MODELS_B

DATA = Path(__file__).parent / "data"
FOLDS: dict[str, dict[str, type[BaseModel]]] = {"a": MODELS_A, "b": MODELS_B}
MODELS: dict[str, type[BaseModel]] = {**MODELS_A, **MODELS_B}


@dataclass(frozen=True)
class Example:
    """One suite text: which model, the text, and the gold output (validated)."""

    name: str
    model: type[BaseModel]
    text: str
    gold: BaseModel
    line: int


def load(names: list[str] | None = None, fold: str | None = None) -> list[Example]:
    """The suite's examples, model by model (all, one fold, or the named models)."""
    chosen = FOLDS[fold] if fold else MODELS
    if names:
        chosen = {n: MODELS[n] for n in names}
    examples = []
    for name, model in chosen.items():
        with open(DATA / f"{name}.jsonl", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    row: dict[str, Any] = json.loads(line)
                    examples.append(Example(name, model, row["text"], model.model_validate(row["output"]), number))
    return examples
