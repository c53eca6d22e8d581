"""The one JSON shape of each giving-area object (API and the CLI's --json), and the
request bodies of its routes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict

from goodwill.api.schemas import Id, Ref, Schema, ref
from goodwill.giving.services.intros import allowed_actions, next_draft
from goodwill.leads.schemas import DraftOut


class NeedOut(Schema):
    id: int
    person: Ref
    text: str
    details: str
    heard_on: dt.date
    status: str
    status_changed_at: dt.datetime | None
    interaction_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)


class OfferOut(Schema):
    id: int
    person: Ref
    text: str
    details: str
    offered_on: dt.date
    active: bool
    interaction_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)


class GiveOut(Schema):
    id: int
    giver: Ref
    receiver: Ref
    kind: str
    summary: str
    notes: str
    given_on: dt.date
    need_id: int | None
    introduction_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_giver(obj) -> dict:
        return ref(obj.giver)

    @staticmethod
    def resolve_receiver(obj) -> dict:
        return ref(obj.receiver)


class IntroStepOut(Schema):
    step: str
    at: dt.datetime
    message: str
    note: str


class IntroOut(Schema):
    id: int
    a: Ref
    b: Ref
    reason: str
    need_id: int | None
    status: str
    asked_a_at: dt.datetime | None
    asked_b_at: dt.datetime | None
    made_at: dt.datetime | None
    declined_at: dt.datetime | None
    declined_by: str
    outcome: str
    outcome_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_a(obj) -> dict:
        return ref(obj.a)

    @staticmethod
    def resolve_b(obj) -> dict:
        return ref(obj.b)


class IntroDetailOut(IntroOut):
    """An introduction with its steps, what can happen next, and the draft for it."""

    steps: list[IntroStepOut]
    actions: list[str]
    next_draft: DraftOut | None

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())

    @staticmethod
    def resolve_actions(obj) -> list[str]:

        return allowed_actions(obj)

    @staticmethod
    def resolve_next_draft(obj):

        return next_draft(obj, obj.owner)


class MatchOut(Schema):
    person_id: int
    name: str
    score: float
    reasons: list[str]


class NeedMatchOut(Schema):
    need_id: int
    text: str
    person_id: int
    name: str
    score: float
    reasons: list[str]


class BalanceMonthOut(Schema):
    month: str
    given: int
    received: int

    @staticmethod
    def resolve_month(obj) -> str:
        return obj.start.strftime("%Y-%m")


class BalancePersonOut(Schema):
    person: Ref
    given: int
    received: int

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)


class BalanceOut(Schema):
    """Gives you made and received: overall, the last 12 months, and by person."""

    given: int
    received: int
    leading: bool
    summary: str
    months: list[BalanceMonthOut]
    people: list[BalancePersonOut]


# ---------------------------------------------------------------- request bodies


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class NeedIn(In):
    person: Id | None = None
    text: str = ""
    details: str = ""
    heard_on: dt.date | None = None
    interaction: Id | None = None


class NeedPatch(In):
    text: str | None = None
    details: str | None = None
    heard_on: dt.date | None = None
    status: Literal["open", "met", "moot"] | None = None


class OfferIn(In):
    """person: a person id, or "me" for your own offer."""

    person: Id | Literal["me"] | None = None
    text: str = ""
    details: str = ""
    offered_on: dt.date | None = None
    interaction: Id | None = None


class OfferPatch(In):
    text: str | None = None
    details: str | None = None
    offered_on: dt.date | None = None
    active: bool | None = None


class GiveIn(In):
    """giver and receiver: person ids or "me". With need, receiver defaults to the
    need's person; meets_need=true marks the need met."""

    giver: Id | Literal["me"] = "me"
    receiver: Id | Literal["me"] | None = None
    kind: str = "other"
    summary: str = ""
    notes: str = ""
    given_on: dt.date | None = None
    need: Id | None = None
    meets_need: bool = False


class GivePatch(In):
    summary: str | None = None
    notes: str | None = None
    kind: str | None = None
    given_on: dt.date | None = None


class IntroIn(In):
    a: Id | None = None
    b: Id | None = None
    reason: str = ""
    need: Id | None = None


class StepIn(In):
    """message: what you sent (default: the draft). note: a private note."""

    message: str | None = None
    note: str = ""


class MadeIn(StepIn):
    meets_need: bool = False


class OutcomeIn(In):
    outcome: str = ""
    note: str = ""


class DeclineIn(In):
    declined_by: Literal["", "a", "b", "me"] = ""
    note: str = ""


class NeedFilters(Schema):
    status: Literal["", "open", "met", "moot"] = ""
    person: Id | None = None


class OfferFilters(Schema):
    person: Id | Literal["me"] | None = None
    active: bool | None = None


class GiveFilters(Schema):
    person: Id | None = None


class IntroFilters(Schema):
    state: Literal["", "open", "suggested", "asked_a", "asked_b", "made", "declined"] = ""
    person: Id | None = None
