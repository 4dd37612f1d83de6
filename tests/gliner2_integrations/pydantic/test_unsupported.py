# ruff: noqa: UP007, UP045 - the typing.Optional/Union spellings are tested on purpose
"""Annotations and shapes GLiNER2 cannot express raise at conversion time, naming the field path."""

from __future__ import annotations

from typing import Any, Optional, Union

import pytest
from pydantic import AliasPath, BaseModel, Field, RootModel

from gliner2_integrations.pydantic import UnsupportedModelError, schema_for


class A(BaseModel):
    x: str


class B(BaseModel):
    y: str


class Leaf(BaseModel):
    value: str


class Middle(BaseModel):
    name: str
    leaf: Leaf


class Node(BaseModel):
    label: str
    children: list[Node] = []


class Tags(RootModel[list[str]]):
    pass


def model_with(annotation: Any) -> type[BaseModel]:
    return type("Holder", (BaseModel,), {"__annotations__": {"name": str, "bad_field": annotation}})


@pytest.mark.parametrize(
    ("annotation", "reason"),
    [
        (Union[A, B], "union of several types"),
        (Union[int, str], "union of several types"),
        (Optional[Union[int, str]], "union of several types"),
        (list[Union[int, str]], "union of several types"),
        (dict[str, str], "dicts"),
        (Optional[dict[str, int]], "dicts"),
        (Any, "Any"),
        (tuple[str, int], "fixed-length or mixed tuples"),
        (tuple[str, str], "fixed-length or mixed tuples"),
        (list[list[str]], "container of containers"),
        (list[bool], "list of booleans"),
        (list, "needs an element type"),
        (bytes, "no extraction rule for bytes"),
        (Tags, "RootModel"),
    ],
)
def test_unsupported_annotation_raises_type_error_with_field_path(annotation, reason):
    with pytest.raises(TypeError, match=reason) as caught:
        schema_for(model_with(annotation))
    message = str(caught.value)
    assert "'Holder.bad_field'" in message
    assert "supported: str, int, float" in message
    assert isinstance(caught.value, UnsupportedModelError)


def test_union_of_models_raises_type_error_with_field_path():
    class Wrapper(BaseModel):
        name: str
        part: A | B

    with pytest.raises(TypeError, match=r"'Wrapper\.part': annotation A \| B"):
        schema_for(Wrapper)


def test_nesting_deeper_than_one_level_raises_type_error_with_field_path():
    class Top(BaseModel):
        middle: Middle

    with pytest.raises(TypeError, match=r"'Top\.middle\.leaf'.*more than one level"):
        schema_for(Top)


def test_recursive_model_raises_type_error():
    with pytest.raises(TypeError, match=r"'Node\.children'.*recursive"):
        schema_for(Node)


def test_nested_model_without_fields_raises_type_error():
    class Empty(BaseModel):
        pass

    class Outer(BaseModel):
        name: str
        empty: Empty

    with pytest.raises(TypeError, match="no fields"):
        schema_for(Outer)


def test_choice_values_that_read_the_same_raise_type_error():
    from typing import Literal

    with pytest.raises(TypeError, match="both read as"):
        schema_for(model_with(Literal["in_progress", "in progress"]))


def test_alias_path_raises_type_error():
    class Aliased(BaseModel):
        name: str = Field(validation_alias=AliasPath("a", 0))

    with pytest.raises(TypeError, match="AliasPath"):
        schema_for(Aliased)


def test_non_model_class_raises_type_error():
    with pytest.raises(TypeError, match="BaseModel subclass"):
        schema_for(dict)  # type: ignore[arg-type]
