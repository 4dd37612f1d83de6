"""Texts and schemas shared by the parity tests (reference dict form, readable by both libraries)."""

TEXTS = [
    "Tim Cook works for Apple in Paris.",
    "Steve Jobs founded Apple with Steve Wozniak in 1976, and the company released the iPhone in 2007!",
    "Invoice 2024-17: total due 1,250.00 EUR by March 3rd; contact billing@example.com or @acme_support.",
    "Customer support ticket: my order to Berlin, Germany was delayed again. I want a refund?",
    # In the tiny DeBERTa vocabulary 東京, 🙂 and — all begin with the bare "▁" piece, so with
    # first-subword pooling spans ending on adjacent ones scored within 2e-7 of each other and
    # float rounding decided which one greedy decoding kept; the emoji sits apart from them.
    "İstanbul'da doğdu. Müller wrote a book 🙂 about Zürich and 東京 — naïve café déjà vu.",
    "See https://example.com/path?q=1 for the new Google product; the price is high.",
    "Short one.",
    "A much longer review: the movie was great, the director was bad, the music was positive, "
    "and the year was 1999. Microsoft and Google were named in the credits, as was London.",
]

SCHEMAS = {
    "entities_with_descriptions": {
        "entities": {
            "person": "a named human being",
            "company": {"description": "a business", "threshold": 0.45},
            "location": {"dtype": "str"},
            "date": "",
        }
    },
    "classification_single_and_multi": {
        "classifications": [
            {"task": "sentiment", "labels": ["positive", "negative", "neutral"]},
            {
                "task": "topics",
                "labels": {"technology": "computers and phones", "business": "", "travel": "places"},
                "multi_label": True,
                "cls_threshold": 0.4,
            },
            {"task": "urgency", "labels": ["low", "high"], "prompt": "how urgent is it", "examples": [["asap please", "high"]]},
            {"task": "tone", "labels": ["formal", "casual", "angry"], "multi_label": True, "top_k": 1, "class_act": "softmax"},
        ]
    },
    "structures_with_choices": {
        "structures": {
            "product": {
                "fields": [
                    {"name": "name", "dtype": "str", "description": "product name"},
                    {"name": "features", "dtype": "list"},
                    {"name": "tier", "dtype": "str", "choices": ["basic", "pro", "premium"]},
                    {"name": "channels", "dtype": "list", "choices": ["email", "phone number", "web"]},
                ]
            },
            "person record": {"fields": [{"name": "name", "dtype": "str"}, {"name": "employer", "threshold": 0.55}]},
        }
    },
    "relations": {"relations": ["works_for", "located_in", "founded"]},
    "everything": {
        "entities": ["person", "company", "location"],
        "structures": {"order": {"fields": [{"name": "destination", "dtype": "str"}, {"name": "status", "choices": ["delayed", "shipped"]}]}},
        "classifications": [{"task": "sentiment", "labels": ["positive", "negative"]}],
        "relations": ["works_for"],
    },
}

FLAGS = [
    {"include_confidence": False, "include_spans": False},
    {"include_confidence": True, "include_spans": False},
    {"include_confidence": False, "include_spans": True},
    {"include_confidence": True, "include_spans": True},
]
