"""Shared material of the integration hostile-input corpus: hostile texts, models and the bundled model.

``ODD_PREFIXES`` put hostile content before a sentence the bundled model reads well
(``MERKEL``), so each case can assert the right result: the person and the city are
found, and the reported offsets point at the reported text in the hostile document.
Each test module loads the bundled model through ``load_extractor(None)`` (once per process).
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

MERKEL = "Angela Merkel visited Paris."

ODD_PREFIXES = {
    "nul-and-control-characters": "\x00\x01\x07\x1b[31m ",
    "arabic-rtl": "مرحبا بالعالم. ",
    "hebrew-rtl": "שלום עולם. ",
    "cjk": "東京は日本の首都です。",
    "emoji-zwj-sequences": "👩\u200d👩\u200d👧\u200d👦 👨🏽\u200d💻 ",
    "combining-marks": "e\u0301e\u0301 Z\u0324\u0354\u0367a\u0308\u0356 ",
    "html-and-script": "<script>alert(1)</script><b>Note:</b> ",
    "literal-special-tokens": "[P] [E] [C] [R] [L] [SEP_STRUCT] [SEP_TEXT] [DESCRIPTION] [EXAMPLE] [OUTPUT] ",
    "unicode-whitespace-runs": "\t\n\r\u00a0\u2028\u3000 ",
    "bidi-controls": "\u202e\u2066abc\u2069 ",
    "zero-width-characters": "\u200b\u200c\u200d\ufeff ",
}

# Values that cannot be a document's text, and the start of the error each must give.
BAD_TEXTS = {
    "none": (None, "got NoneType (None); expected a str"),
    "bytes": (b"Angela Merkel", "got bytes (b'Angela Merkel'); expected a str; decode bytes first"),
    "bytearray": (bytearray(b"abc"), "got bytearray (bytearray(b'abc')); expected a str; decode bytes first"),
    "int": (42, "got int (42); expected a str"),
    "float-nan": (float("nan"), "got float (nan); expected a str"),
    "list-of-str": (["Angela Merkel"], "got list (['Angela Merkel']); expected a str"),
    "lone-surrogate": ("Tim \ud800 Cook", "holds a lone surrogate '\\ud800' at character 4; expected valid Unicode"),
}


class Visit(BaseModel):
    """A visit of a person to a place."""

    person: str | None = Field(None, description="a person's name")
    location: str | None = Field(None, description="a city or country")


class PickyVisit(BaseModel):
    """A visit whose validator raises something other than a ValueError for one name."""

    person: str | None = Field(None, description="a person's name")
    location: str | None = Field(None, description="a city or country")

    @field_validator("person")
    @classmethod
    def no_steve(cls, value: str | None) -> str | None:
        if value is not None and "Steve" in value:
            raise RuntimeError("Steve is not allowed here")
        return value


def assert_merkel(text: str, person: str | None, location: str | None, spans: list[list[int]] | None) -> None:
    """The bundled model read the Merkel sentence inside ``text``, and its offsets point at what it read."""
    assert person is not None and person.endswith("Angela Merkel"), person
    assert location == "Paris"
    if spans is not None:
        ((start, end),) = spans
        assert text[start:end] == person
