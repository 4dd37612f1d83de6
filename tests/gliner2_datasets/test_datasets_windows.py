"""Multi-sentence windows of tagged documents, and the document-level sets built on them."""

from __future__ import annotations

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_datasets._windows import document_windows
from gliner2_datasets.documents import _gum_sentence, drop_pronouns, read_documents, split_articles
from gliner2_datasets.splits import text_key

LABELS = {"PER": "person", "LOC": "location"}
DOCUMENT = [
    [("Storm", "O"), ("hits", "O"), ("Leeds", "B-LOC")],
    [("LEEDS", "B-LOC"), ("1996-08-22", "O")],
    [("Ann", "B-PER"), ("Lee", "I-PER"), ("saw", "O"), ("it", "O"), (".", "O")],
    [("Bob", "B-PER"), ("left", "O"), ("York", "B-LOC"), ("early", "O"), (".", "O")],
]
DOCUMENT_SETS = [
    ("gum", "train"),
    ("re3d", "train"),
    ("sec_filings", "test"),
    ("conll2003_docs", "dev"),
    ("anem", "dev"),
]


def _pinned(record):
    for spans in record["output"]["entities"].values():
        for span in spans:
            assert record["input"][span["start"] : span["end"]] == span["text"]
            yield span["text"]


def test_a_whole_short_document_is_one_window_with_every_mention_pinned():
    (record,) = document_windows(DOCUMENT, LABELS, ["person", "location"], max_words=100)
    assert record["input"] == "Storm hits Leeds\nLEEDS 1996-08-22\nAnn Lee saw it . Bob left York early ."
    assert sorted(_pinned(record)) == ["Ann Lee", "Bob", "LEEDS", "Leeds", "York"]


def test_windows_pack_whole_sentences_up_to_max_words():
    records = list(document_windows(DOCUMENT, LABELS, ["person", "location"], max_words=8))
    assert [record["input"] for record in records] == [
        "Storm hits Leeds\nLEEDS 1996-08-22",
        "Ann Lee saw it .",
        "Bob left York early .",
    ]
    assert [sorted(_pinned(record)) for record in records] == [["LEEDS", "Leeds"], ["Ann Lee"], ["Bob", "York"]]


def test_a_sentence_longer_than_max_words_is_cut_and_a_mention_across_the_cut_dropped():
    records = list(document_windows([DOCUMENT[2]], LABELS, ["person", "location"], max_words=1))
    assert [record["input"] for record in records] == ["Ann", "Lee", "saw", "it", "."]
    assert not [text for record in records for text in _pinned(record)]


def test_every_label_is_a_key_even_without_mentions():
    (record,) = document_windows([DOCUMENT[0]], LABELS, ["person", "location"], max_words=50)
    assert record["output"]["entities"]["person"] == []


def test_read_documents_splits_conll_columns_at_docstart(tmp_path):
    path = tmp_path / "filings.txt"
    path.write_text("-DOCSTART- -X- O O\n\nLoan NN - O\nBank NNP - I-ORG\n\n-DOCSTART- -X- O O\n\nBob NNP - I-PER\n")
    assert read_documents(path) == [[[("Loan", "O"), ("Bank", "I-ORG")]], [[("Bob", "I-PER")]]]


def test_read_documents_rejects_a_line_without_a_tag(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text("Loan\n")
    with pytest.raises(TrainingDataError, match=r"broken.txt:1: got 'Loan'"):
        read_documents(path)


def test_conll_articles_start_at_the_headline_before_the_dateline_and_byline():
    headline = [("Rain", "O"), ("falls", "O"), (".", "O")]
    byline = [("Peter", "B-person"), ("Blackburn", "I-person")]
    dateline = [("BRUSSELS", "B-location"), ("1996-08-22", "O")]
    body = [("It", "O"), ("rained", "O"), (".", "O")]
    sentences = [headline, dateline, body, headline, byline, dateline, body]
    assert [len(article) for article in split_articles(sentences)] == [3, 4]


def test_gum_sentences_take_iob2_tags_only_when_they_agree_with_the_io_tags():
    sentence = [("that", "abstract"), ("my", "person"), ("nickname", "O")]
    agreeing = {("that", "my", "nickname"): ["B-abstract", "B-person", "O"]}
    assert [tag for _, tag in _gum_sentence(sentence, agreeing)] == ["B-abstract", "B-person", "O"]
    disagreeing = {("that", "my", "nickname"): ["B-abstract", "O", "O"]}
    assert [tag for _, tag in _gum_sentence(sentence, disagreeing)] == ["I-abstract", "I-person", "O"]


def test_mentions_made_only_of_pronouns_are_untagged():
    sentence = [("I", "B-person"), ("met", "O"), ("her", "B-person"), ("sister", "I-person"), ("there", "B-place")]
    assert [tag for _, tag in drop_pronouns(sentence)] == ["O", "O", "B-person", "I-person", "O"]


def test_gum_and_re3d_offer_no_pronoun_mentions(load):
    for name in ("gum", "re3d"):
        texts = {
            span["text"].casefold() for record in load(name, "train", limit=None) for span in _pinned_spans(record)
        }
        assert texts and not texts & {"i", "you", "it", "they", "we", "he", "she"}


def _pinned_spans(record):
    return [span for spans in record["output"]["entities"].values() for span in spans]


@pytest.mark.parametrize(("name", "split"), DOCUMENT_SETS)
def test_document_windows_respect_max_words_and_hold_several_sentences(load, name, split):
    records = load(name, split, limit=80, max_words=120)
    assert all(len(record["input"].split()) <= 120 for record in records)
    assert sum(len(record["input"].split()) for record in records) / len(records) > 60
    assert any(list(_pinned(record)) for record in records)


@pytest.mark.parametrize("name", ["gum", "re3d"])
def test_documents_split_by_hash_share_no_window_across_splits(load, name):
    texts = [{text_key(r["input"]) for r in load(name, split, limit=None)} for split in ("train", "dev", "test")]
    assert texts[0] and texts[1] and texts[2]
    assert not texts[0] & texts[1] and not texts[0] & texts[2] and not texts[1] & texts[2]


def test_sec_filings_dev_is_carved_from_train_windows(load):
    train, dev = (load("sec_filings", split, limit=None) for split in ("train", "dev"))
    assert dev and not {r["input"] for r in train} & {r["input"] for r in dev}


def test_conll2003_articles_keep_every_sentence_level_mention(load):
    def count(name, **options):
        records = load(name, "dev", limit=None, **options)
        return sum(len(spans) for record in records for spans in record["output"]["entities"].values())

    assert count("conll2003_docs", max_words=400) == count("conll2003")


def test_conll2003_articles_are_rebuilt_from_datelines(load):
    records = load("conll2003_docs", "dev", limit=None, max_words=10_000)
    assert 200 <= len(records) <= 216  # the dev set has 216 articles; a few lack a dateline
    assert records[0]["input"].startswith("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY .")


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("gum", {"person", "place", "organisation", "quantity", "time", "event", "abstract concept"}),
        ("re3d", {"person", "organisation", "location", "military platform", "weapon", "date or time"}),
        ("sec_filings", {"person", "organisation", "location"}),
    ],
)
def test_document_sets_use_natural_labels(load, name, labels):
    assert labels <= set(load(name, "train", limit=1)[0]["output"]["entities"])
