"""Leads: record one, move it along, report back to whoever gave it, tune the clocks.

The rules (see docs/leads.md):

* A lead moves forward along new → contacted → meeting set → in progress, may skip
  ahead, and may end as won, lost or parked from any open stage. It never steps back.
* Parked can reopen (to any open stage) or end (won/lost) without ceremony.
* Won and lost are final; only an explicit ``reopen=True`` takes them back to an open
  stage. A won/lost lead is *closed* only once the referrer has been told the outcome.
* Every move is a LeadEvent with its date and note.
* Every report-back is a ReportBack row and an Interaction with the referrer (so it sits
  on their timeline and resets their keep-in-touch clock).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from goodwill.core.rules import UNSET, clean_instance, field_error, parse_day, resolve_owned
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Kind
from goodwill.leads.models import (
    OUTCOMES,
    Lead,
    LeadEvent,
    LeadSettings,
    LeadStatus,
    ReportBack,
    ReportKind,
)
from goodwill.leads.queries import my_first_name, my_line, settings_for, their_needs
from goodwill.leads.rules import (
    CONTACTED_STATES,
    check_move,
    default_report_kind,
    drafts,
    status_label,
)
from goodwill.leads.services.referrals import refresh_check_dates
from goodwill.people import services as people
from goodwill.people.rules import resolve_someone
from goodwill.people.services.cadence import touch

CHANNELS = (Kind.EMAIL, Kind.MESSAGE)


@transaction.atomic
def update_lead_settings(
    *, owner, contact_within_days=UNSET, update_every_days=UNSET, referral_check_days=UNSET
) -> LeadSettings:
    """Change the clocks; open leads not yet contacted get their due day moved."""

    config = LeadSettings.objects.select_for_update().filter(owner=owner).first()
    config = config or LeadSettings(owner=owner)
    for name, value in (
        ("contact_within_days", contact_within_days),
        ("update_every_days", update_every_days),
        ("referral_check_days", referral_check_days),
    ):
        if value is not UNSET:
            if value in (None, ""):
                raise field_error(name, "Give a number of days.")
            setattr(config, name, value)
    clean_instance(config, exclude=["owner"])
    config.save()
    waiting = Lead.objects.filter(owner=owner, first_contacted_at__isnull=True)
    changed = []
    for lead in waiting.only("pk", "received_on", "contact_due_on"):
        due = lead.received_on + dt.timedelta(days=config.contact_within_days)
        if due != lead.contact_due_on:
            lead.contact_due_on = due
            changed.append(lead)
    Lead.objects.bulk_update(changed, ["contact_due_on"], batch_size=500)
    refresh_check_dates(owner=owner, days=config.referral_check_days)
    return config


# ---------------------------------------------------------------- leads


def _opportunity(text) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise field_error("opportunity", "Say in a few words what the opportunity is.")
    if len(text) > 300:
        raise field_error("opportunity", "Keep the opportunity under 300 characters.")
    return text


@transaction.atomic
def create_lead(
    *,
    owner,
    referrer,
    opportunity: str,
    prospect=None,
    prospect_name: str = "",
    details: str = "",
    received_on=None,
    note: str = "",
) -> Lead:
    """Record a lead from ``referrer`` about ``prospect`` (an id/person, or a new name)."""
    referrer = resolve_someone(owner, referrer, "referrer", "Say who gave you this lead.")
    prospect_name = " ".join((prospect_name or "").split())
    if prospect not in (None, "") and prospect_name:
        raise field_error("prospect", "Name an existing person or a new one, not both.")
    opportunity = _opportunity(opportunity)
    day = parse_day(received_on, "received_on")
    if prospect_name:
        if len(prospect_name) > 200:
            raise field_error("prospect_name", "A name is at most 200 characters.")
        prospect = people.create_person(owner=owner, display_name=prospect_name)
    else:
        prospect = resolve_someone(owner, prospect, "prospect", "Say who the lead is about.")
    if prospect.pk == referrer.pk:
        raise field_error("prospect", "The lead is about someone other than who gave it.")
    now = timezone.now()
    config = settings_for(owner)
    lead = Lead(
        owner=owner,
        referrer=referrer,
        prospect=prospect,
        opportunity=opportunity,
        details=(details or "").strip(),
        received_on=day,
        status=LeadStatus.NEW,
        status_changed_at=now,
        contact_due_on=day + dt.timedelta(days=config.contact_within_days),
    )
    clean_instance(lead, exclude=["owner", "referrer", "prospect"])
    lead.save()
    # The arrival is dated when the lead came (noon that day) if that was before today.
    arrived = now
    if day < timezone.localdate(now):
        arrived = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    _event(lead, "", LeadStatus.NEW, arrived, note)
    touch(owner=owner, person_ids=[referrer.pk], when=arrived)  # they got in touch
    return lead


def _event(lead: Lead, before: str, after: str, at, note: str, reopened=False) -> LeadEvent:
    note = " ".join((note or "").split())
    if len(note) > 500:
        raise field_error("note", "Keep the note under 500 characters.")
    return LeadEvent.objects.create(
        owner=lead.owner,
        lead=lead,
        from_status=before,
        to_status=after,
        at=at,
        note=note,
        reopened=reopened,
    )


@transaction.atomic
def update_lead(*, owner, lead, opportunity=UNSET, details=UNSET, received_on=UNSET) -> Lead:
    lead = resolve_owned(Lead, owner, lead, "lead")
    if opportunity is not UNSET:
        lead.opportunity = _opportunity(opportunity)
    if details is not UNSET:
        lead.details = (details or "").strip()
    if received_on is not UNSET:
        lead.received_on = parse_day(received_on, "received_on")
        if lead.first_contacted_at is None:
            days = settings_for(owner).contact_within_days
            lead.contact_due_on = lead.received_on + dt.timedelta(days=days)
    clean_instance(lead, exclude=["owner", "referrer", "prospect"])
    lead.save()
    return lead


@transaction.atomic
def move_lead(*, owner, lead, status: str, note: str = "", reopen: bool = False) -> Lead:
    """Move a lead to ``status`` (dated, with a note), following the rules above."""
    lead = resolve_owned(Lead, owner, lead, "lead")
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    before = lead.status
    check_move(before, status, reopen=bool(reopen))
    now = timezone.now()
    lead.status = status
    lead.status_changed_at = now
    if status in CONTACTED_STATES and lead.first_contacted_at is None:
        lead.first_contacted_at = now
    if status in OUTCOMES:
        lead.closed_at, lead.outcome_told_at = now, None
    else:
        lead.closed_at = lead.outcome_told_at = None
    lead.save()
    _event(lead, before, status, now, note, reopened=bool(reopen))
    return lead


@transaction.atomic
def delete_lead(*, owner, lead) -> None:
    """Delete a lead with its history; messages already sent stay on the timeline."""
    resolve_owned(Lead, owner, lead, "lead").delete()


# ---------------------------------------------------------------- report-backs


SUMMARIES = {
    ReportKind.THANKS: "Thanked {ref} for the lead about {who}",
    ReportKind.STATUS: "Updated {ref} on the lead about {who}",
    ReportKind.CHECK_IN: "Updated {ref} on the lead about {who}",
    ReportKind.OUTCOME: "Told {ref} how the lead about {who} turned out",
}


@transaction.atomic
def send_report_back(
    *,
    owner,
    lead,
    kind: str | None = None,
    subject: str | None = None,
    body: str | None = None,
    channel: str = Kind.EMAIL,
    variant: int | None = None,
) -> ReportBack:
    """Mark a report-back as sent: store it, and log it on the referrer's timeline.

    Without ``kind`` the one that is due is sent; without ``subject``/``body`` the draft.
    """
    lead = resolve_owned(Lead, owner, lead, "lead")
    lead = Lead.objects.select_related("referrer", "prospect").select_for_update().get(pk=lead.pk)
    kind = kind or default_report_kind(lead, settings_for(owner))
    if kind not in ReportKind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(ReportKind.values)}.")
    if kind == ReportKind.OUTCOME and not lead.is_outcome:
        raise field_error(
            "kind", f"There is no outcome to tell yet: the lead is {status_label(lead.status)}."
        )
    if channel not in CHANNELS:
        raise field_error("channel", f"{channel!r} is not one of {', '.join(CHANNELS)}.")
    needs = their_needs(owner, lead.referrer_id) if lead.is_outcome and body is None else []
    draft = drafts.report_draft(
        lead,
        kind,
        me=my_first_name(owner),
        variant=variant,
        their_needs=needs,
        me_line=my_line(owner),
    )
    subject = " ".join((subject if subject is not None else draft.subject).split())[:200]
    body = (body if body is not None else draft.body).strip()
    names = {"ref": drafts.first_name(lead.referrer), "who": lead.prospect.display_name}
    interaction = interactions.log_interaction(
        owner=owner,
        participants=[lead.referrer_id],
        kind=channel,
        summary=SUMMARIES[kind].format(**names)[:200],
        notes=body,
    )
    report = ReportBack.objects.create(
        owner=owner,
        lead=lead,
        kind=kind,
        status=lead.status,
        subject=subject,
        body=body,
        sent_at=interaction.occurred_at,
        interaction=interaction,
    )
    # Every report-back thanks them; the outcome one closes the lead.
    lead.thanked_at = lead.thanked_at or report.sent_at
    lead.last_report_at = report.sent_at
    lead.reported_status = lead.status
    if kind == ReportKind.OUTCOME:
        lead.outcome_told_at = report.sent_at
    lead.save(
        update_fields=[
            "thanked_at",
            "last_report_at",
            "reported_status",
            "outcome_told_at",
            "updated_at",
        ]
    )
    return report
