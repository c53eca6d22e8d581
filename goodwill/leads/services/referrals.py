"""Referrals you give: who you referred to whom and why, and the reality check later."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from goodwill.core.rules import clean_instance, field_error, parse_day, resolve_owned
from goodwill.leads.models import Referral, ReferralOutcome
from goodwill.leads.queries import settings_for
from goodwill.people.rules import resolve_someone
from goodwill.people.services.cadence import touch

CHECK_OUTCOMES = [ReferralOutcome.HELPED, ReferralOutcome.NO_LUCK, ReferralOutcome.UNKNOWN]


@transaction.atomic
def create_referral(*, owner, person, referred_to, reason: str, referred_on=None) -> Referral:
    """Record that you referred ``person`` to ``referred_to``; a check falls due later."""

    person = resolve_someone(owner, person, "person", "Say whom you referred.")
    referred_to = resolve_someone(
        owner, referred_to, "referred_to", "Say whom you referred them to."
    )
    if person.pk == referred_to.pk:
        raise field_error("referred_to", "Refer them to someone else than themselves.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise field_error("reason", "Say in a few words why you referred them.")
    if len(reason) > 500:
        raise field_error("reason", "Keep the reason under 500 characters.")
    day = parse_day(referred_on, "referred_on")
    days = settings_for(owner).referral_check_days
    referral = Referral(
        owner=owner,
        person=person,
        referred_to=referred_to,
        reason=reason,
        referred_on=day,
        check_due_on=day + dt.timedelta(days=days),
    )
    clean_instance(referral, exclude=["owner", "person", "referred_to"])
    referral.save()
    touch(owner=owner, person_ids=[person.pk, referred_to.pk], when=day)
    return referral


@transaction.atomic
def check_referral(*, owner, referral, outcome: str, note: str = "") -> Referral:
    """Record how a referral went: helped, no luck, or unknown (with a note)."""
    referral = resolve_owned(Referral, owner, referral, "referral")
    if outcome not in CHECK_OUTCOMES:
        raise field_error("outcome", f"Say how it went: one of {', '.join(CHECK_OUTCOMES)}.")
    note = " ".join((note or "").split())
    if len(note) > 500:
        raise field_error("note", "Keep the note under 500 characters.")
    referral.outcome = outcome
    referral.outcome_note = note
    referral.checked_at = timezone.now()
    referral.save(update_fields=["outcome", "outcome_note", "checked_at", "updated_at"])
    return referral


@transaction.atomic
def delete_referral(*, owner, referral) -> None:
    resolve_owned(Referral, owner, referral, "referral").delete()


def refresh_check_dates(*, owner, days: int) -> None:
    """After the check interval changes: move the due day of referrals not yet checked."""
    pending = Referral.objects.filter(owner=owner, outcome=ReferralOutcome.PENDING)
    changed = []
    for referral in pending.only("pk", "referred_on", "check_due_on"):
        due = referral.referred_on + dt.timedelta(days=days)
        if due != referral.check_due_on:
            referral.check_due_on = due
            changed.append(referral)
    Referral.objects.bulk_update(changed, ["check_due_on"], batch_size=500)
