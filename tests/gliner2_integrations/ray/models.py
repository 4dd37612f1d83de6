"""A Pydantic model importable by Ray workers (test modules defined in a test are not)."""

from pydantic import BaseModel


class Contact(BaseModel):
    """A person and the company they work for."""

    name: str | None = None
    company: str | None = None
