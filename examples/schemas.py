"""The Pydantic models the examples extract: plain classes with field descriptions.

``ChunkFacts`` is the metadata the RAG demos attach to every chunk; ``Invoice``
is the record of ``pydantic_extraction.py`` and ``SupportTicket`` the output of
the agent tool in ``agent_tool.py``. GLiNER2 copies values from the text,
so every field names something a reader could underline (no summaries, no
computed values), and every field is optional: a chunk rarely mentions
everything, and a missing value should be ``None`` or ``[]``, never invented.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gliner2_integrations.pydantic import field_options, model_options


class ChunkFacts(BaseModel):
    """Who and what one passage of a business document mentions, and its tone.

    The fields are spans copied from the passage. One passage holds one such record,
    so the model uses the ``"entities"`` strategy: each field is read by GLiNER2's
    entity head, the strongest part of the small bundled model. The tone is a
    judgement about the whole passage rather than a span, so it is declared as a
    GLiNER2 classification task: taggers store it beside the record
    (``gliner2.sentiment``) and it is not a field of the model.
    """

    model_config = ConfigDict(
        json_schema_extra=model_options(
            strategy="entities", classifications={"sentiment": ["positive", "negative", "neutral"]}
        )
    )

    # Labels: the small bundled model was trained on singular type names ("person",
    # "organisation"), so each field names the type it holds; the field name stays the key.
    companies: list[str] = Field(
        default_factory=list,
        json_schema_extra=field_options(label="organisation", description="a company or organisation"),
    )
    people: list[str] = Field(
        default_factory=list, json_schema_extra=field_options(label="person", description="a person's name")
    )
    locations: list[str] = Field(
        default_factory=list,
        json_schema_extra=field_options(label="location", description="a city, region or country"),
    )
    products: list[str] = Field(
        default_factory=list,
        json_schema_extra=field_options(label="product", description="a product, app or service sold by a company"),
    )


class Invoice(BaseModel):
    """An invoice or a shop receipt."""

    invoice_number: str | None = Field(default=None, description="the invoice or receipt number")
    seller: str | None = Field(default=None, description="the company that issued the invoice")
    customer: str | None = Field(default=None, description="the company or person billed")
    total: float | None = Field(default=None, description="the total amount to pay")
    due_date: date | None = Field(default=None, description="the date by which payment is due")


class SupportTicket(BaseModel):
    """A customer's message to a support desk."""

    customer: str | None = Field(default=None, description="the name of the person writing in")
    company: str | None = Field(default=None, description="the customer's company")
    product: str | None = Field(default=None, description="the product or service the message is about")
    order_number: str | None = Field(default=None, description="an order, consignment or ticket number")
    urgency: Literal["low", "medium", "high"] | None = Field(default=None, description="how urgent the request is")
