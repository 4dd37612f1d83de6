"""Which Pydantic mapping strategy fills records best for a model, measured on synthetic documents.

Each synthetic record with one instance becomes a Pydantic model (its field names,
descriptions and choices as a user would write them); ``extract_model`` fills it
under each strategy and every field value is compared with the gold text (exact
string match; choices by value). Prints field precision/recall/F1 per strategy and
split (training types and unseen types)::

    python scripts/pydantic_strategies.py --model runs/gliner2-mini-v4/final --limit 200
"""

from __future__ import annotations

import argparse
import keyword
import logging
import re
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from gliner2_core import GLiNER2
from gliner2_core.training.examples import ChoiceGold, parse_record
from gliner2_datasets.synthetic import generate
from gliner2_integrations.pydantic import extract_model

STRATEGIES = ("record", "entities")


def _identifier(name: str) -> str:
    ident = re.sub(r"\W+", "_", name.strip()).strip("_").lower() or "field"
    return f"{ident}_" if keyword.iskeyword(ident) or ident[0].isdigit() else ident


def record_model(name: str, fields: dict[str, Any], descriptions: dict[str, str]) -> tuple[type[BaseModel], dict[str, str]]:
    """A Pydantic model for one record type, and python name -> field name."""
    annotations: dict[str, Any] = {}
    names: dict[str, str] = {}
    for field_name, gold in fields.items():
        ident = _identifier(field_name)
        if ident in names:
            continue
        names[ident] = field_name
        description = descriptions.get(field_name)
        if isinstance(gold, ChoiceGold):
            annotation: Any = Literal[tuple(gold.choices)] | None  # type: ignore[valid-type]
        else:
            annotation = list[str] if len(gold) > 1 else str | None
        default = [] if annotation is list[str] else None
        annotations[ident] = (annotation, Field(default, description=description, title=field_name))
    return create_model(_identifier(name).title().replace("_", "") or "Record", **annotations), names


def _values(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(getattr(value, "value", value))}


def score(model: GLiNER2, split: str, limit: int, strategy: str) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for record in generate(split, limit * 3, seed=7):
        example = parse_record(record)
        if len(example.structures) != 1:
            continue
        name, instance = example.structures[0]
        cls, names = record_model(name, instance, example.structure_descriptions.get(name, {}))
        result = extract_model(model, example.text, cls, strategy=strategy)
        for ident, field_name in names.items():
            gold = instance[field_name]
            wanted = set(gold.selected) if isinstance(gold, ChoiceGold) else {m.text for m in gold}
            got = _values(getattr(result.value, ident, None)) if result.value is not None else set()
            tp += len(got & wanted)
            fp += len(got - wanted)
            fn += len(wanted - got)
        limit -= 1
        if limit <= 0:
            break
    return tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="checkpoint folder (default: the bundled model)")
    parser.add_argument("--limit", type=int, default=150, help="records per split")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    model = GLiNER2.from_pretrained(args.model)
    print("| split | strategy | precision | recall | F1 |\n|---|---|---|---|---|")
    for split in ("dev", "unseen"):
        for strategy in STRATEGIES:
            tp, fp, fn = score(model, split, args.limit, strategy)
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"| {split} | {strategy} | {p:.3f} | {r:.3f} | {f:.3f} |", flush=True)


if __name__ == "__main__":
    main()
