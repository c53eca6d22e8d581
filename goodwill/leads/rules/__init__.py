"""The leads' rules, pure and shared by their services and queries: which moves a lead
may make, which report-back its referrer is owed and when. ``drafts`` holds the words."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from goodwill.core.rules import field_error
from goodwill.leads.models import OPEN_STAGES, OUTCOMES, Lead, LeadSettings, LeadStatus, ReportKind

CONTACTED_STATES = {
    LeadStatus.CONTACTED,
    LeadStatus.MEETING,
    LeadStatus.IN_PROGRESS,
    LeadStatus.WON,
}


def overdue_phrase(days: int) -> str:
    """How late, as a duration: "1 day overdue", "603 days overdue"."""
    return f"{days} day{'s' if days != 1 else ''} overdue"


def allowed_moves(status: str, *, reopen: bool = False) -> list[str]:
    """The statuses a lead in ``status`` may move to (with ``reopen`` for won/lost)."""
    if status in OUTCOMES:
        return list(OPEN_STAGES) if reopen else []
    if reopen:
        return []
    if status == LeadStatus.PARKED:
        return [s for s in LeadStatus.values if s != LeadStatus.PARKED]
    ahead = OPEN_STAGES[OPEN_STAGES.index(status) + 1 :]
    return [*ahead, LeadStatus.WON, LeadStatus.LOST, LeadStatus.PARKED]


def status_label(status: str) -> str:
    return LeadStatus(status).label.lower()


def check_move(current: str, target: str, *, reopen: bool = False) -> None:
    """Raise a ValidationError naming ``status`` (or ``reopen``) for a refused move."""
    if not target:
        raise field_error("status", "Say which status the lead moves to.")
    if target not in LeadStatus.values:
        raise field_error(
            "status", f"{target!r} is not a lead status; use one of {', '.join(LeadStatus.values)}."
        )
    if reopen and current not in OUTCOMES:
        raise field_error(
            "reopen",
            f"Only a won or lost lead needs reopening; this one is {status_label(current)}.",
        )
    if target == current:
        raise field_error("status", f"The lead is already {status_label(current)}.")
    if target in allowed_moves(current, reopen=reopen):
        return
    if current in OUTCOMES and not reopen:
        raise field_error(
            "status",
            f"The lead is {status_label(current)}, which is final; reopen it to move it to "
            f"{status_label(target)}.",
        )
    if reopen:
        raise field_error(
            "status", "A reopened lead goes back to new, contacted, meeting set or in progress."
        )
    options = ", ".join(status_label(s) for s in allowed_moves(current))
    raise field_error(
        "status",
        f"A lead moves forward: from {status_label(current)} it can go to {options}, "
        f"not back to {status_label(target)}.",
    )


def report_due(lead: Lead, config: LeadSettings, today: dt.date) -> tuple[str, dt.date] | None:
    """The report-back the referrer is owed now, with the day it fell due; else None."""
    if lead.is_outcome:
        if lead.outcome_told_at is None:
            return ReportKind.OUTCOME, timezone.localdate(lead.closed_at or lead.status_changed_at)
        return None
    if lead.thanked_at is None:
        return ReportKind.THANKS, lead.received_on
    if lead.status != lead.reported_status:
        return ReportKind.STATUS, timezone.localdate(lead.status_changed_at)
    if lead.status == LeadStatus.PARKED:
        return None
    last = timezone.localdate(lead.last_report_at or lead.thanked_at)
    due = last + dt.timedelta(days=config.update_every_days)
    return (ReportKind.CHECK_IN, due) if due <= today else None


def default_report_kind(lead: Lead, config: LeadSettings | None = None) -> str:
    due = report_due(lead, config or LeadSettings(), timezone.localdate())
    if due:
        return due[0]
    if lead.is_outcome:
        return ReportKind.OUTCOME
    return ReportKind.STATUS if lead.status != lead.reported_status else ReportKind.CHECK_IN
