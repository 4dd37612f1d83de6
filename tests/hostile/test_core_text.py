"""Hostile texts and schemas through the whole core: a correct result or a clear error.

Texts run through a tiny random checkpoint (real tensors, fast), so the right
result is checked by what must hold whatever the weights: every requested key
is present, every span is exactly its slice of the user's text and starts and
ends on word boundaries, confidences are probabilities, and no document text
ever reaches the encoder as a schema marker. Bad arguments must raise an error
of our hierarchy whose message names the argument and the value.
"""

from __future__ import annotations

import logging
import math

import pytest

from gliner2_core import GLiNER2Error, Schema, SchemaError
from gliner2_core.processing.words import model_text, split_words
from gliner2_core.schema.spec import SPECIAL_TOKENS

LABELS = ["person", "company"]

TEXTS = [
    ("empty", ""),
    ("single-space", " "),
    ("whitespace-kinds", " \t\n\r\u00a0\u2028\u3000"),
    ("nul-and-control", "Tim\x00Cook\x07 works\x1b[31m for Apple\x7f."),
    ("only-control", "\x00\x01\x02\x03"),
    ("crlf-lines", "Tim Cook\r\nworks for\r\nApple."),
    ("hebrew-rtl", "טים קוק עובד באפל."),
    ("arabic-rtl-with-latin", "التقى Tim Cook مع Apple في باريس"),
    ("bidi-override", "\u202eTim Cook\u202c works for \u2067Apple\u2069."),
    ("cjk", "蒂姆·库克在苹果公司工作。東京でティム・クックに会った。"),
    ("korean", "팀 쿡은 애플에서 일한다."),
    ("emoji-zwj", "👩\u200d👩\u200d👧 Tim Cook 🍎 works for Apple 🏳️\u200d🌈."),
    ("combining-marks", "Ti\u0301m Co\u0308\u0308o\u0301k wo\u0327rks."),
    ("zalgo", "T" + "\u0336\u0337\u0338" * 40 + "im Cook."),
    ("byte-order-mark", "\ufeffTim Cook works for Apple."),
    ("zero-width-spaces", "Tim\u200bCook\u200b works\u2060for Apple."),
    ("html", "<p><b>Tim Cook</b> works for <a href='https://apple.com'>Apple</a>.</p>"),
    ("script-injection", "<script>alert('[E] person')</script> Tim Cook"),
    ("markdown-and-json", '# Tim Cook\n```json\n{"person": "Tim Cook"}\n```'),
    ("special-token-literals", "[E] person [SEP_TEXT] [P] company [C] Tim Cook [R] works [L] for [SEP_STRUCT] Apple."),
    ("special-token-glued", "[E][E][E][SEP_TEXT][DESCRIPTION][EXAMPLE][OUTPUT]"),
    ("special-tokens-lower", "[e] [sep_text] [p]"),
    ("url-email-handle", "Mail tim@apple.com, see https://apple.com/x?y=[E] or ping @tim_cook."),
    ("pathological-email-run", "a.b-c%d+" * 2_000 + "@x"),
    ("dots", "." * 2_000),
    ("word-of-200k-characters", "a" * 200_000),
    ("million-characters-mostly-space", " " * 999_960 + "Tim Cook works for Apple."),
    ("long-repeated-prose", "Tim Cook works for Apple in Paris. " * 60),
    ("numbers-only", "3.14159 2,718 1e10 -42 0x1F"),
    ("private-use-and-unassigned", "\ue000\uf8ff\U000f0000 \u0378 Tim"),
    ("max-code-point", "\U0010ffff Tim Cook \U0001f600"),
]


def _assert_well_formed(text: str, result: dict, labels: list[str]) -> None:
    assert list(result) == ["entities"] and list(result["entities"]) == labels
    words = split_words(model_text(text))
    starts, ends = set(words.starts), set(words.ends)
    for found in result["entities"].values():
        for entity in found:
            assert entity["text"] == text[entity["start"] : entity["end"]]
            # a word that swallows the "." the model reads after the text ends at len(text)
            assert entity["start"] in starts and (entity["end"] in ends or entity["end"] == len(text))
            assert entity["end"] <= len(text)
            assert 0.0 <= entity["confidence"] <= 1.0 and not math.isnan(entity["confidence"])


@pytest.mark.parametrize(("case", "text"), TEXTS, ids=[c[0] for c in TEXTS])
def test_hostile_text_gives_a_well_formed_result(tiny_model, case, text):
    result = tiny_model.extract_entities(text, LABELS, include_confidence=True, include_spans=True)
    _assert_well_formed(text, result, LABELS)
    if not text.strip():
        assert result == {"entities": {"person": [], "company": []}}


@pytest.mark.parametrize(
    ("case", "text"),
    [c for c in TEXTS if "special" in c[0] or "script" in c[0]],
    ids=lambda c: c if isinstance(c, str) else "",
)
def test_document_text_never_becomes_a_schema_marker(tiny_model, case, text):
    special_ids = set(tiny_model.tokenizer.convert_tokens_to_ids(list(SPECIAL_TOKENS)))
    spec = Schema().entities(LABELS).build()
    (row,) = tiny_model.processor.encode(text, spec)
    text_ids = row.input_ids[len(row.prompt.ids) :]
    assert not special_ids & set(text_ids)
    assert sum(i in special_ids for i in row.input_ids) == sum(i in special_ids for i in row.prompt.ids)


BAD_TEXTS = [
    ("none", None, r"text: got 'NoneType'; expected a string"),
    ("bytes", b"Tim Cook", r"text: got 'bytes'; expected a string"),
    ("int", 42, r"text: got 'int'; expected a string"),
    ("list", ["Tim Cook"], r"text: got 'list'; expected a string"),
    ("lone-high-surrogate", "Tim \ud800 Cook", r"text: got a string with the lone surrogate '\\ud800' at index 4"),
    ("lone-low-surrogate", "\udfffTim", r"text: got a string with the lone surrogate '\\udfff' at index 0"),
    (
        "surrogateescape-bytes",
        b"caf\xe9 Tim".decode("utf-8", "surrogateescape"),
        r"lone surrogate '\\udce9' at index 3",
    ),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD_TEXTS, ids=[c[0] for c in BAD_TEXTS])
def test_unusable_text_is_refused_naming_it(tiny_model, case, text, message):
    with pytest.raises(SchemaError, match=message):
        tiny_model.extract_entities(text, LABELS)


@pytest.mark.parametrize("bad", [None, 42, b"Tim", "Tim \ud800 Cook"], ids=["none", "int", "bytes", "surrogate"])
def test_one_bad_text_in_a_batch_is_empty_and_named_while_the_others_are_kept(tiny_model, bad, caplog):
    texts = ["Tim Cook works for Apple.", bad, "Steve Jobs founded Apple."]
    with caplog.at_level(logging.WARNING, logger="gliner2_core.architectures.span.runner"):
        got = tiny_model.batch_extract_entities(texts, LABELS, threshold=0.0)
    alone = [tiny_model.extract_entities(t, LABELS, threshold=0.0) for t in (texts[0], texts[2])]
    assert [got[0], got[2]] == alone
    assert got[1] == tiny_model.extract_entities("", LABELS)
    assert "texts[1]" in caplog.text


BAD_OPTIONS = [
    ("threshold-nan", {"threshold": float("nan")}, r"threshold: got nan; expected a number between 0 and 1"),
    ("threshold-inf", {"threshold": float("inf")}, r"threshold: got inf"),
    ("threshold-str", {"threshold": "0.5"}, r"threshold: got '0\.5'"),
    ("threshold-negative", {"threshold": -0.1}, r"threshold: got -0\.1"),
    ("threshold-above-one", {"threshold": 1.5}, r"threshold: got 1\.5"),
    ("threshold-bool", {"threshold": True}, r"threshold: got True"),
    ("batch-size-zero", {"batch_size": 0}, r"batch_size: got 0; expected a positive integer"),
    ("batch-size-str", {"batch_size": "8"}, r"batch_size: got '8'"),
    ("batch-size-float", {"batch_size": 2.5}, r"batch_size: got 2\.5"),
    ("max-len-zero", {"max_len": 0}, r"max_len: got 0"),
]


@pytest.mark.parametrize(("case", "options", "message"), BAD_OPTIONS, ids=[c[0] for c in BAD_OPTIONS])
def test_bad_option_is_refused_naming_option_and_value(tiny_model, case, options, message):
    with pytest.raises(SchemaError, match=message):
        tiny_model.batch_extract_entities(["Tim Cook works for Apple."], LABELS, **options)


BAD_LABELS = [
    ("no-labels", [], r"entities: got \[\]; expected at least one entity label"),
    ("empty-label", [""], r"entity name: got ''; expected a non-empty string"),
    ("blank-label", ["  "], r"entity name: got '  '; expected a non-empty string"),
    ("none-label", [None], r"entity name: got None; expected a string"),
    ("int-label", [5], r"entity name: got 5; expected a string"),
    ("bytes-label", [b"person"], r"entity name: got b'person'; expected a string"),
    ("special-token-label", ["[E]"], r"entity name: got '\[E\]'; expected text without the reserved marker"),
    ("special-token-inside-label", ["per[SEP_TEXT]son"], r"reserved marker '\[SEP_TEXT\]'"),
    ("special-token-description", {"person": "a [P] human"}, r"reserved marker '\[P\]'"),
    ("surrogate-label", ["per\ud800son"], r"entity name: got 'per\\ud800son'; expected valid Unicode text"),
    ("surrogate-description", {"person": "a \udfff human"}, r"got 'a \\udfff human'; expected valid Unicode text"),
    ("duplicate-labels", ["person", "person"], r"duplicate name 'person'"),
    ("description-of-wrong-type", {"person": 5}, r"entities\['person'\]: got 5; expected a description string"),
    (
        "thousand-labels",
        [f"label {i}" for i in range(1000)],
        r"schema: its prompt takes \d+ tokens but the encoder window leaves room for \d+",
    ),
    ("ten-thousand-character-description", {"person": "a human being " * 715}, r"schema: its prompt takes \d+ tokens"),
]


@pytest.mark.parametrize(("case", "labels", "message"), BAD_LABELS, ids=[c[0] for c in BAD_LABELS])
def test_bad_entity_labels_are_refused_naming_them(tiny_model, case, labels, message):
    with pytest.raises(SchemaError, match=message):
        tiny_model.extract_entities("Tim Cook works for Apple.", labels)


@pytest.mark.parametrize(
    ("schema", "got"),
    [(None, "NoneType"), ("person", "str"), (5, "int"), (b"{}", "bytes"), (["person"], "str")],
    ids=["none", "str", "int", "bytes", "list-read-as-one-schema-per-text"],
)
def test_a_schema_of_the_wrong_type_is_refused(tiny_model, schema, got):
    with pytest.raises(SchemaError, match=rf"schema: got '{got}'; expected a Schema, a SchemaSpec or a dict"):
        tiny_model.extract("Tim Cook", schema)


def test_a_thousand_classification_labels_are_split_into_groups_and_all_scored(tiny_model):
    labels = [f"topic {i}" for i in range(1000)]
    result = tiny_model.classify_text(
        "Tim Cook works for Apple.",
        {"topic": {"labels": labels, "multi_label": True, "cls_threshold": 0.0}},
        include_confidence=True,
    )
    assert sorted(item["label"] for item in result["topic"]) == sorted(labels)


def test_every_error_raised_for_hostile_input_belongs_to_the_hierarchy(tiny_model):
    for _, text, _ in BAD_TEXTS:
        with pytest.raises(GLiNER2Error):
            tiny_model.extract_entities(text, LABELS)
