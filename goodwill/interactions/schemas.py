from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import field_validator

from goodwill.api.schemas import Id, In, Ref, Schema, dump_many
from goodwill.interactions.models import Kind
from goodwill.people.queries import today


class AskNextOut(Schema):
    id: int
    person_id: int
    text: str
    source_id: int | None
    done_at: dt.datetime | None
    done_in_id: int | None
    created_at: dt.datetime


class PromiseOut(Schema):
    id: int
    person: Ref
    text: str
    due_on: dt.date
    days_left: int | None  # from today; negative: overdue by that many days
    source_id: int | None
    done_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_person(obj) -> dict:
        return {"id": obj.person_id, "display_name": obj.person.display_name}

    @staticmethod
    def resolve_days_left(obj) -> int | None:
        return None if obj.done_at else (obj.due_on - today()).days


class InteractionOut(Schema):
    id: int
    occurred_at: dt.datetime
    kind: str
    summary: str
    notes: str
    participants: list[Ref]
    initiated_by: Ref | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_participants(obj) -> list[dict]:
        return [{"id": p.pk, "display_name": p.display_name} for p in obj.participants.all()]


class DuePersonOut(Schema):
    id: int
    display_name: str
    organization: str | None
    next_due_on: dt.date
    last_contact_at: dt.datetime | None
    days_overdue: int

    @staticmethod
    def resolve_organization(obj) -> str | None:
        return obj.organization.name if obj.organization_id else None

    @staticmethod
    def resolve_days_overdue(obj) -> int:

        return (today() - obj.next_due_on).days


class CadenceOut(Schema):
    """A person's keep-in-touch settings. cadence_days is their own interval;
    effective_cadence_days is what applies (their own, else the shortest of their tags')."""

    person_id: int
    cadence_days: int | None
    effective_cadence_days: int | None
    cadence_from: str | None  # "person", "tag" or null
    snoozed_until: dt.date | None
    last_contact_at: dt.datetime | None
    next_due_on: dt.date | None


# ---------------------------------------------------------------- interactions


class AskNextNew(In):
    """Something to ask next time, added while logging an interaction."""

    text: str
    person: int | None = None  # a participant's id; the first participant if omitted


class PromiseNew(In):
    """Something promised, added while logging an interaction (due in 3 days if no date)."""

    text: str
    person: int | None = None  # a participant's id; the first participant if omitted
    due_on: dt.date | None = None


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
    promised: list[str | PromiseNew] = []

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


class PromiseIn(In):
    text: str
    due_on: dt.date | None = None  # default: three days from today


class PromisePatch(In):
    done: bool


class PromiseFilters(Schema):
    done: bool | None = None


class AskNextPatch(In):
    done: bool


class AskNextFilters(Schema):
    done: bool | None = None


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


def person_page_json(parts: dict) -> dict:
    """The interactions section of `goodwill person show --json`."""
    return {
        "ask_next": dump_many(AskNextOut, parts["open_asks"]),
        "promises": dump_many(PromiseOut, parts["promises"]),
        "timeline": dump_many(InteractionOut, parts["timeline"]),
    }
