"""Quickstart: the core GLiNER2 API on a few sentences, with the bundled offline model.

Shows the four kinds of extraction, each one call on a loaded model:

* ``extract_entities``: spans by label (people, companies, places...);
* ``classify_text``: one label per task (sentiment, urgency...);
* ``extract_json``: records with named fields (``"name::dtype::description"``);
* ``extract_relations``: (head, tail) pairs per relation type.

Run (a few seconds, no network):

    python examples/quickstart.py
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything below runs offline

from gliner2_core import GLiNER2  # noqa: E402 - after the offline switch

TICKET = (
    "Hello, this is Maria Keller from Brightleaf Foods in Leeds. Six pallets shipped with "
    "Northwind Logistics never reached Rotterdam, and the RouteSense app says they were delivered. "
    "Please call me back today."
)
REVIEW = "The Aurora X2 from Kettleworks makes the best espresso I have had at home. Worth every euro."


def main() -> None:
    model = GLiNER2.from_pretrained()  # the bundled "gliner2-mini"; pass a folder or hub id for another
    print(f"Model: {model.config.model_name} backbone, on {model.device}\n")

    entities = model.extract_entities(TICKET, ["person", "company", "city", "product"])
    print("Entities:", entities["entities"])

    for text in (TICKET, REVIEW):
        labels = model.classify_text(
            text, {"sentiment": ["positive", "negative", "neutral"], "request": ["complaint", "praise", "question"]}
        )
        print("Classification:", labels, "<-", text[:48] + "...")

    records = model.extract_json(
        TICKET,
        {
            "shipment": [
                "carrier::str::company moving the goods",
                "destination::str::where the goods should go",
                "quantity::str",
            ]
        },
    )
    print("Records:", records)

    relations = model.extract_relations(TICKET, ["works for", "located in"])
    print("Relations:", relations)

    # Confidences and character offsets on request, for any of the calls above.
    detailed = model.extract_entities(REVIEW, ["product", "company"], include_confidence=True, include_spans=True)
    print("With confidence and spans:", detailed["entities"])


if __name__ == "__main__":
    main()
