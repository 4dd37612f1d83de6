"""Ray row conversion, as properties: missing values, JSON-safe rows, bytes rows among str rows."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gliner2_integrations.ray.rows import BYTES_MARK, is_missing, mark_bytes, plain, restore_texts, row_text_problem

TEXTS = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXTS,
    st.floats(allow_nan=True, width=32).map(np.float32),
    st.integers(min_value=-(2**31), max_value=2**31 - 1).map(np.int64),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(TEXTS, inner, max_size=4),
        st.lists(st.floats(allow_nan=True), max_size=4).map(np.array),
    ),
    max_leaves=20,
)
# A column's values as users put them in Ray: texts, bytes, and the missing values of Ray and pandas.
CELLS = st.one_of(TEXTS, st.binary(max_size=12), st.none(), st.just(float("nan")))


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_every_row_becomes_valid_json_whatever_numpy_or_nan_it_holds(value):
    converted = plain(value)
    text = json.dumps(converted, allow_nan=False)  # raises on NaN or infinity
    assert plain(json.loads(text)) == json.loads(text)
    assert plain(converted) == converted


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(TEXTS, st.one_of(st.none(), st.booleans(), st.integers(), TEXTS), max_size=6))
def test_rows_of_plain_json_values_come_back_unchanged(row):
    assert plain(row) == row


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_floats_are_kept_and_non_finite_ones_become_null(number):
    assert plain(number) == number and plain(np.float64(number)) == number
    assert plain([float("nan"), math.inf, -math.inf]) == [None, None, None]


@pytest.mark.parametrize("value", [None, float("nan"), np.float64("nan"), np.float32("nan"), pd.NA, pd.NaT])
def test_the_missing_values_of_ray_and_pandas_are_missing_texts(value):
    assert is_missing(value)
    assert str(row_text_problem(value, "body", "body[3]")) == (
        "body[3]: no text (the row has no 'body' value, or it is null); expected a str"
    )


@given(st.one_of(TEXTS, st.integers(), st.floats(allow_nan=False), st.binary(), st.booleans()))
def test_values_that_are_present_are_never_missing(value):
    assert not is_missing(value)
    problem = row_text_problem(value, "text", "text[0]")
    assert (problem is None) == isinstance(value, str)
    assert problem is None or "no text" not in str(problem)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=5))
def test_a_bytes_row_turns_no_str_row_of_the_other_blocks_into_bytes(blocks):
    """Ray joins blocks into one batch; a bytes block promotes every str of the batch to bytes, restore_texts undoes it."""
    tables = [_block(cells) for cells in blocks]
    assume(all(table is not None for table in tables))
    marked = [mark_bytes(table, "text") for table in tables]
    batch = pa.concat_tables(marked, promote_options="permissive").combine_chunks()
    texts, flags = batch.column("text").to_pylist(), batch.column(BYTES_MARK).to_pylist()
    assert restore_texts(texts, flags) == [value for table in tables for value in table.column("text").to_pylist()]


@given(st.lists(CELLS, min_size=1, max_size=8))
def test_pandas_blocks_keep_their_values_and_get_one_flag_per_row(cells):
    frame = pd.DataFrame({"id": range(len(cells)), "text": pd.Series(cells, dtype=object)})
    marked = mark_bytes(frame, "text")
    assert list(marked[BYTES_MARK]) == [isinstance(cell, bytes) for cell in cells]
    assert list(marked["id"]) == list(range(len(cells))) and list(frame.columns) == ["id", "text"]


def test_a_block_without_the_text_column_is_left_as_it_is():
    table = pa.table({"body": ["x"]})
    assert mark_bytes(table, "text") is table


def _block(cells: list) -> pa.Table | None:
    """One block as Ray's ``from_items`` types it (pyarrow's inference); ``None`` where pyarrow cannot type it."""
    try:
        return pa.table({"text": pa.array([None if is_missing(cell) else cell for cell in cells])})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
