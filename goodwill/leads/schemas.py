"""The one JSON shape of each leads-area object (API and the CLI's --json), and the
request bodies of its routes. Kept beside schemas.py so the areas do not collide."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict

from goodwill.api.schemas import Id, Ref, Schema, ref


class DraftOut(Schema):
    kind: str
    to_name: str
    to_email: str
    subject: str
    body: str
    mailto: str
    variant: int
    variants: int


class LeadOut(Schema):
    id: int
    referrer: Ref
    prospect: Ref
    opportunity: str
    details: str
    received_on: dt.date
    status: str
    state: str  # the status, or "tell" while a won/lost outcome waits to be reported
    closed: bool
    status_changed_at: dt.datetime
    contact_due_on: dt.date
    first_contacted_at: dt.datetime | None
    closed_at: dt.datetime | None
    thanked_at: dt.datetime | None
    last_report_at: dt.datetime | None
    reported_status: str
    outcome_told_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_referrer(obj) -> dict:
        return ref(obj.referrer)

    @staticmethod
    def resolve_prospect(obj) -> dict:
        return ref(obj.prospect)

    @staticmethod
    def resolve_closed(obj) -> bool:
        return obj.is_closed


class LeadEventOut(Schema):
    id: int
    from_status: str
    to_status: str
    at: dt.datetime
    note: str
    reopened: bool


class ReportBackOut(Schema):
    id: int
    lead_id: int
    kind: str
    status: str
    subject: str
    body: str
    sent_at: dt.datetime
    interaction_id: int | None


class LeadDetailOut(LeadOut):
    """A lead with its whole story: moves, report-backs, the moves open to it, and the
    drafts it calls for (report_kind is the report-back due now, or null)."""

    events: list[LeadEventOut]
    report_backs: list[ReportBackOut]
    moves: list[str]
    report_kind: str | None
    report_draft: DraftOut | None
    contact_draft: DraftOut | None

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.page.events

    @staticmethod
    def resolve_report_backs(obj) -> list:
        return obj.page.report_backs

    @staticmethod
    def resolve_moves(obj) -> list[str]:
        return obj.page.moves

    @staticmethod
    def resolve_report_kind(obj) -> str | None:
        return obj.page.report_kind

    @staticmethod
    def resolve_report_draft(obj):
        return obj.page.report_draft

    @staticmethod
    def resolve_contact_draft(obj):
        return obj.page.contact_draft


class LeadActionOut(Schema):
    kind: str
    reason: str
    due_on: dt.date
    days_overdue: int
    person: Ref
    lead_id: int | None
    referral_id: int | None
    draft: DraftOut

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)

    @staticmethod
    def resolve_lead_id(obj) -> int | None:
        return obj.lead.pk if obj.lead else None

    @staticmethod
    def resolve_referral_id(obj) -> int | None:
        return obj.referral.pk if obj.referral else None


class ReferralOut(Schema):
    id: int
    person: Ref
    referred_to: Ref
    reason: str
    referred_on: dt.date
    check_due_on: dt.date
    outcome: str
    outcome_note: str
    checked_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)

    @staticmethod
    def resolve_referred_to(obj) -> dict:
        return ref(obj.referred_to)


class LeadSettingsOut(Schema):
    contact_within_days: int
    update_every_days: int
    referral_check_days: int


class ReferrerStatOut(Schema):
    person: Ref
    leads: int
    won: int
    open: int
    unthanked: int
    last_received_on: dt.date | None

    @staticmethod
    def resolve_person(obj) -> dict:
        return ref(obj.person)


class MonthStatOut(Schema):
    month: str  # YYYY-MM
    received: int
    won: int
    follow_through_rate: float | None

    @staticmethod
    def resolve_month(obj) -> str:
        return obj.start.strftime("%Y-%m")

    @staticmethod
    def resolve_follow_through_rate(obj) -> float | None:
        return obj.follow_through


class LeadStatsOut(Schema):
    total: int
    follow_through_rate: float | None
    median_days_to_contact: float | None
    report_back_rate: float | None
    by_outcome: dict[str, int]
    by_referrer: list[ReferrerStatOut]
    months: list[MonthStatOut]


# ---------------------------------------------------------------- request bodies


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class LeadIn(In):
    """A lead: referrer and prospect are person ids; or give prospect_name to add the
    prospect as a new person on the spot."""

    referrer: Id | None = None
    prospect: Id | None = None
    prospect_name: str = ""
    opportunity: str = ""
    details: str = ""
    received_on: dt.date | None = None
    note: str = ""


class LeadPatch(In):
    opportunity: str | None = None
    details: str | None = None
    received_on: dt.date | None = None


class MoveIn(In):
    """Move a lead. Won and lost are final unless reopen is true."""

    status: str | None = None
    note: str = ""
    reopen: bool = False


class ReportBackIn(In):
    """Mark a report-back as sent. Leave out kind for the one due; leave out subject and
    body to record the draft as it stands."""

    kind: Literal["thanks", "status", "check_in", "outcome"] | None = None
    subject: str | None = None
    body: str | None = None
    channel: Literal["email", "message"] = "email"


class ReferralIn(In):
    person: Id | None = None
    referred_to: Id | None = None
    reason: str = ""
    referred_on: dt.date | None = None


class ReferralCheckIn(In):
    outcome: str | None = None
    note: str = ""


class LeadSettingsIn(In):
    contact_within_days: int | None = None
    update_every_days: int | None = None
    referral_check_days: int | None = None


class LeadFilters(Schema):
    referrer: Id | None = None
    status: str = ""
    state: Literal["", "open", "tell", "closed"] = ""


def draft_dict(draft) -> dict | None:
    if draft is None:
        return None
    return DraftOut.from_orm(draft).model_dump(mode="json")


def detail_object(page):
    """The lead of a leads.queries.LeadPage, carrying its page for LeadDetailOut."""
    page.lead.page = page
    return page.lead


def lead_detail_dict(page) -> dict:
    return LeadDetailOut.from_orm(detail_object(page)).model_dump(mode="json")
