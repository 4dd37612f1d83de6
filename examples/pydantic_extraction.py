"""Pydantic extraction: fill a Pydantic model from text with ``extract_model``.

Shows how a plain Pydantic class (``schemas.Invoice``) becomes a GLiNER2 schema
(``schema_for``), and how ``extract_model`` returns validated instances with
per-field confidences and character spans. Values are copied from the text and
coerced to the field types (``"$4,120.00"`` -> ``4120.0``, ``"March 30, 2025"``
-> ``date(2025, 3, 30)``); what is not found stays ``None``.

Run (a few seconds, no network):

    python examples/pydantic_extraction.py
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything below runs offline

from gliner2_core import GLiNER2  # noqa: E402 - after the offline switch
from gliner2_integrations.pydantic import extract_model, schema_for  # noqa: E402

from schemas import Invoice  # noqa: E402

TEXTS = [
    "Invoice INV-2025-0192 from Harbor Print Co., 14 Dock Street, Portland. Bill to: Lumen Analytics, Inc. "
    "Total due: $4,120.00. Due date: March 30, 2025.",
    "Receipt LYR-24-118230, Kettleworks shop, Lyon. Customer: Camille Dubois. Total 683.43 EUR, paid by card.",
    "Thanks for the quick reply about the backpack zip, I will drop it off on Monday.",
]


def main() -> None:
    print("Schema for Invoice:")
    for field in schema_for(Invoice).spec.structures[0].fields:
        print(f"  {field.name!r:18} dtype={field.dtype:4}  description={field.description!r}")

    model = GLiNER2.from_pretrained()  # the bundled "gliner2-mini"
    results = extract_model(model, TEXTS, Invoice)  # one batched call; one result per text
    for text, result in zip(TEXTS, results, strict=True):
        print(f"\nText: {text[:70]}...")
        if result.value is None:
            print("  no invoice found")
            continue
        print("  value:     ", repr(result.value))
        print("  confidence:", {path: round(score, 2) for path, score in result.confidence.items()})
        print("  spans:     ", {path: [text[s:e] for s, e in spans] for path, spans in result.spans.items()})
        if result.errors:
            print("  not usable:", result.errors)

    # As a dict ready for JSON or document metadata:
    first = results[0].value
    print("\nmodel_dump(mode='json'):", first.model_dump(mode="json") if first else None)


if __name__ == "__main__":
    main()
