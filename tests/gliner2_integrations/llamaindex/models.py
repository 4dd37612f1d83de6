"""Pydantic models of the LlamaIndex tests (module level, so extractors using them pickle)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from gliner2_integrations.pydantic import model_options


class Visit(BaseModel):
    """A visit of a person to a place."""

    person: str | None = Field(None, description="a person's name")
    location: str | None = Field(None, description="a city or country")


class StrictVisit(BaseModel):
    """A visit whose visitor must be named."""

    model_config = ConfigDict(json_schema_extra=model_options(name="visit"))  # the label the model knows

    person: str = Field(description="a person's name")
    location: str | None = Field(None, description="a city or country")
