"""The one JSON shape of each object, used by the API and by the CLI's --json."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict


class Ref(Schema):
    id: int
    display_name: str


def ref(person) -> dict:
    """A person as a Ref: what every schema that names someone shows of them."""
    return {"id": person.pk, "display_name": person.display_name}


class ErrorOut(Schema):
    """Every API error has this shape."""

    error: str
    message: str
    fields: dict[str, list[str]] = {}


def dump(schema: type[Schema], obj) -> dict:
    """Serialize one object to its JSON-ready dict."""
    return schema.from_orm(obj).model_dump(mode="json")


def dump_many(schema: type[Schema], objs) -> list[dict]:
    return [dump(schema, o) for o in objs]


# An id as the database can hold it: filters with anything larger are a 422, not a 500.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")
