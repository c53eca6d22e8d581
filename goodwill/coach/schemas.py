"""The one JSON shape of each coach-area object (API and the CLI's --json), and the
request bodies of its routes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from goodwill.api.schemas import Id, Ref, Schema, ref


class ActionOut(Schema):
    key: str
    kind: str
    title: str
    reason: str
    url: str
    draft: str
    subject: str
    to_name: str
    to_email: str
    mailto: str
    person_id: int | None
    days_overdue: int
    rule: str  # the planner's rule that chose it (see `rules` of TodayOut)
    why: str  # that rule in plain words
    keys: list[str]  # the items it covers (the key joins them with "+")


class RuleOut(Schema):
    rule: str
    text: str


class GiveRatioOut(Schema):
    gives: int
    asks: int
    days: int


class TodayOut(Schema):
    """Today's plan: its sentence, the profile rules that shaped it and the actions."""

    day: dt.date
    sentence: str
    situation: str
    situation_words: str
    scores: dict[str, int]
    rules: list[RuleOut]
    give_ratio: GiveRatioOut | None
    ratio_text: str
    tidy_day: bool  # Monday: a minute for the weekly tidy (let go or revive old things)
    actions: list[ActionOut]


class TidyOut(Schema):
    key: str
    title: str
    since: dt.date
    age_days: int
    url: str


class RetiredOut(Schema):
    key: str
    title: str
    choice: str  # retired (set aside twice) or let_go (from the tidy list)
    day: dt.date


class KeyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(max_length=700)


class ActIn(Schema):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(max_length=700)  # one key, or a group's keys joined with "+"
    choice: Literal["done", "snoozed", "skipped"]
    days: int | None = Field(None, ge=1, le=30)
    # with "done": the message as actually sent (the draft as edited), kept on the timeline
    subject: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=20000)


class ActionStateOut(Schema):
    key: str
    day: dt.date
    choice: str
    until: dt.date


class GoalOut(Schema):
    coffees: int
    gives: int
    reach_outs: int


class GoalIn(Schema):
    model_config = ConfigDict(extra="forbid")
    coffees: int | None = Field(None, ge=0, le=50)
    gives: int | None = Field(None, ge=0, le=50)
    reach_outs: int | None = Field(None, ge=0, le=50)


class WeekOut(Schema):
    start: dt.date
    coffees: int
    gives: int
    reach_outs: int
    goal_coffees: int
    goal_gives: int
    goal_reach_outs: int
    streak: int


class StatementOut(Schema):
    key: str
    cause: str
    text: str


class AssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, int]
    # employed, business, between_jobs, new or "" (not said); omitted: keep the last one
    situation: str | None = None


class SituationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    situation: str


class SituationOut(Schema):
    situation: str  # "" when not said
    label: str
    choices: list[dict[str, str]]


class CauseOut(Schema):
    cause: str
    name: str
    score: int
    high: bool
    summary: str
    helps: str
    change: int | None


class AssessmentOut(Schema):
    id: int
    taken_at: dt.datetime
    answers: dict[str, int]
    scores: dict[str, int]
    situation: str


class StepOut(Schema):
    id: int
    key: str
    cause: str
    title: str
    detail: str
    position: int
    done: bool
    done_at: dt.datetime | None
    by_itself: bool
    person: Ref | None  # whom the ready words go to
    words: str  # ready words to send ("" when the step needs none)


def step_dict(item) -> dict:
    s = item.step
    return {
        "id": s.pk,
        "key": s.key,
        "cause": s.cause,
        "title": item.title,
        "person": ref(item.person) if item.person else None,
        "words": item.words,
        "detail": s.detail,
        "position": s.position,
        "done": item.done,
        "done_at": s.done_at,
        "by_itself": item.by_itself,
    }


class StepDoneIn(Schema):
    model_config = ConfigDict(extra="forbid")
    done: bool = True


class OutreachOut(Schema):
    id: int
    person: Ref
    kind: str
    note: str
    asked_on: dt.date
    answer: str
    answered_on: dt.date | None
    followed_up_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)


class OutreachIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person: Id
    kind: Literal["coffee", "intro", "advice", "other"] = "coffee"
    note: str = Field("", max_length=300)
    asked_on: dt.date | None = None
    answer: Literal["pending", "yes", "no", "no_reply"] | None = None


class OutreachPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["coffee", "intro", "advice", "other"] | None = None
    note: str | None = Field(None, max_length=300)
    asked_on: dt.date | None = None
    answer: Literal["pending", "yes", "no", "no_reply"] | None = None
    answered_on: dt.date | None = None


class MonthOut(Schema):
    month: str
    yes: int
    answered: int


class OutreachStatsOut(Schema):
    asked: int
    yes: int
    no: int
    no_reply: int
    waiting: int
    answered: int
    rate: int | None  # percent of answered asks that got a yes
    months: list[MonthOut]


def stats_dict(stats) -> dict:
    return {
        **{k: getattr(stats, k) for k in ("asked", "yes", "no", "no_reply", "waiting")},
        "answered": stats.answered,
        "rate": stats.rate,
        "months": [{"month": m, "yes": y, "answered": a} for m, y, a in stats.months],
    }


class ContactOut(Schema):
    id: int
    name: str
    line: str
    person_id: int | None
    followed_up_at: dt.datetime | None


class EventOut(Schema):
    id: int
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    goal: str
    notes: str
    debriefed_at: dt.datetime | None
    people: list[Ref]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_people(obj) -> list[dict]:
        return [{"id": p.pk, "display_name": p.display_name} for p in obj.people.all()]

    @staticmethod
    def resolve_contacts(obj) -> list:
        return list(obj.contacts.all())


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str = Field("", max_length=200)
    goal: str | None = Field(None, max_length=300)
    notes: str = ""
    people: list[Id] = []


class EventPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=200)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = Field(None, max_length=200)
    goal: str | None = Field(None, max_length=300)
    notes: str | None = None
    people: list[Id] | None = None


class CaptureEntry(Schema):
    name: str = Field(max_length=200)
    line: str = Field("", max_length=300)


class CaptureIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str = ""
    entries: list[CaptureEntry] = []


class DebriefIn(Schema):
    model_config = ConfigDict(extra="forbid")
    drop: list[Id] = []
    together: list[Id] = []  # contacts who know each other (at least two): linked


class BriefOut(Schema):
    person: Ref
    open_asks: list[str]
    last_interactions: list[dict]
    needs: list[str]
    their_offers: list[str]
    my_offers: list[str]
    mutual: list[Ref]
    leads_given: list[str]
    leads_about: list[str]
    openers: list[str]
    questions: list[str]
    listen_for: list[str]


def brief_dict(brief) -> dict:
    p = brief.person
    return {
        "person": {"id": p.pk, "display_name": p.display_name},
        "open_asks": [a.text for a in brief.open_asks],
        "last_interactions": [
            {"occurred_at": i.occurred_at.isoformat(), "kind": i.kind, "summary": i.summary}
            for i in brief.timeline
        ],
        "needs": [n.text for n in brief.needs],
        "their_offers": [o.text for o in brief.their_offers],
        "my_offers": [o.text for o in brief.my_offers],
        "mutual": [{"id": r.dst.pk, "display_name": r.dst.display_name} for r in brief.mutual],
        "leads_given": [lead.opportunity for lead in brief.leads.given],
        "leads_about": [lead.opportunity for lead in brief.leads.about],
        "openers": brief.openers,
        "questions": brief.questions,
        "listen_for": brief.listen_for,
    }
