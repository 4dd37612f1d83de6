"""The examples file: every bad line is named with its field; --skip-bad counts them; nothing is modified."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import BaseModel

from gliner2_integrations.adapt import ExamplesError, read_examples


class Receipt(BaseModel):
    store: str | None = None
    total: float | None = None
    paid_by: Literal["cash", "card"] | None = None


def write(tmp_path, lines):
    path = tmp_path / "examples.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"text": "Corner Shop, total 4.50, paid by card", "output": {"store": "Corner Shop", "total": 4.5}})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"line 2: not valid JSON"),
        (json.dumps({"text": "", "output": {}}), r"line 2: 'text' got ''"),
        (json.dumps({"output": {}}), r"line 2: 'text' got None"),
        (json.dumps({"text": "x"}), r"line 2: no 'output'"),
        (json.dumps({"text": "x", "output": {"shop": "A"}}), r"line 2: field 'shop' is not a field of Receipt"),
        (json.dumps({"text": "x", "output": {"total": "lots"}}), r"line 2: field 'total'.*'lots'"),
        (json.dumps({"text": "x", "output": {"paid_by": "cheque"}}), r"line 2: field 'paid_by'.*'cheque'"),
        (json.dumps({"text": "x", "output": "Corner Shop"}), r"line 2: 'output' got str"),
        (GOOD, r"line 2: the same text appears on an earlier line"),
        ("[1, 2]", r"line 2: got list"),
    ],
)
def test_a_bad_line_raises_naming_the_line_and_the_field(tmp_path, line, message):
    path = write(tmp_path, [GOOD, line])
    before = path.read_bytes()
    with pytest.raises(ExamplesError, match=message):
        read_examples(path, Receipt)
    assert path.read_bytes() == before  # the file is only read


def test_skip_bad_skips_and_counts_bad_lines(tmp_path):
    path = write(tmp_path, [GOOD, "{not json", json.dumps({"text": "y", "output": {"total": 2}})])
    read = read_examples(path, Receipt, skip_bad=True)
    assert [item.line for item in read.labelled] == [1, 3]
    assert read.skipped == ["line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)"]


def test_a_list_output_is_several_records_and_reference_lines_are_accepted(tmp_path):
    reference = json.dumps({"input": "Ann met Bob", "output": {"entities": {"person": ["Ann", "Bob"]}}})
    several = json.dumps({"text": "A 1, B 2", "output": [{"store": "A", "total": 1}, {"store": "B", "total": 2}]})
    read = read_examples(write(tmp_path, [several, reference]), Receipt)
    assert [r.store for r in read.labelled[0].records] == ["A", "B"]
    assert read.reference[0].entities["person"][0].text == "Ann"


def test_an_empty_or_unreadable_file_is_refused(tmp_path):
    with pytest.raises(ExamplesError, match="holds no usable example"):
        read_examples(write(tmp_path, [""]), Receipt)
    with pytest.raises(ExamplesError, match="cannot read"):
        read_examples(tmp_path / "missing.jsonl", Receipt)
