"""Request bodies and query filters. Bodies forbid unknown fields, so a misspelt field
name is a 422 that names it instead of being silently ignored."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from goodwill.models import Kind, RelKind

# An id as the database can hold it: filters with anything larger are a 422, not a 500.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- people


class EmailIn(In):
    label: str = ""
    address: str


class PhoneIn(In):
    label: str = ""
    number: str


class BirthdayIn(In):
    year: int | None = None
    month: int
    day: int


class PersonIn(In):
    """A person. On create every field is optional but a name (display_name, given or
    family name, nickname or an email) is needed; on PATCH only the fields sent change.
    Lists (emails, phones, tags) replace the whole list."""

    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    nickname: str | None = None
    organization: str | None = None
    title: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    website: str | None = None
    birthday: BirthdayIn | None = None
    met_how: str | None = None
    met_on: dt.date | None = None
    introduced_by: int | None = None
    tags: list[str] | None = None
    emails: list[EmailIn] | None = None
    phones: list[PhoneIn] | None = None
    about: str | None = None
    cadence_days: int | None = None


class PersonPatch(PersonIn):
    archived: bool | None = None


class PeopleFilters(Schema):
    q: str = ""
    tag: str = ""
    show: Literal["all", "due", "dormant", "archived"] = "all"


# ---------------------------------------------------------------- interactions


class AskNextNew(In):
    """Something to ask next time, added while logging an interaction."""

    text: str
    person: int | None = None  # a participant's id; the first participant if omitted


def _date_only(value):
    """A plain date means "that day" (noon, local time), not midnight UTC."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class InteractionIn(In):
    participants: list[int] = []
    new_people: list[str] = []
    kind: Kind = Kind.COFFEE
    occurred_at: dt.datetime | dt.date | None = None
    summary: str = ""
    notes: str = ""
    initiated_by: Literal["me"] | int | None = None
    ask_next: list[str | AskNextNew] = []
    asked: list[int] = []

    _occurred = field_validator("occurred_at", mode="before")(_date_only)


class InteractionPatch(In):
    participants: list[int] | None = None
    kind: Kind | None = None
    occurred_at: dt.datetime | dt.date | None = None
    summary: str | None = None
    notes: str | None = None
    initiated_by: Literal["me"] | int | None = None

    _occurred = field_validator("occurred_at", mode="before")(_date_only)


class InteractionFilters(Schema):
    person: Id | None = None
    kind: Kind | None = None
    since: dt.date | None = None
    before: dt.date | None = None


class AskNextIn(In):
    text: str


class AskNextPatch(In):
    done: bool


class AskNextFilters(Schema):
    done: bool | None = None


# ---------------------------------------------------------------- network, cadence


class RelationshipIn(In):
    other: int
    kind: RelKind = RelKind.KNOWS
    strength: int = 3
    since: dt.date | None = None


class RelationshipUpdate(In):
    kind: RelKind = RelKind.KNOWS
    strength: int = 3
    since: dt.date | None = None


class SnoozeIn(In):
    """Snooze for a number of days, or until a date (give one of the two)."""

    days: int | None = None
    until: dt.date | None = None


class CadenceIn(In):
    """cadence_days null falls back to the person's tags; snooze null ends a snooze."""

    cadence_days: int | None = None
    snooze: SnoozeIn | None = None


class DueFilters(Schema):
    on: dt.date | None = None


# ---------------------------------------------------------------- tags, organizations, tokens


class TagIn(In):
    name: str
    cadence_days: int | None = None


class TagPatch(In):
    name: str | None = None
    cadence_days: int | None = None


class NameFilter(Schema):
    q: str = ""


class OrganizationIn(In):
    name: str
    domain: str = ""
    website: str = ""


class OrganizationPatch(In):
    name: str | None = None
    domain: str | None = None
    website: str | None = None


class TokenIn(In):
    name: str
    scope: Literal["read", "write"] = "write"
