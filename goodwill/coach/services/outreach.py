"""Asks and invitations, and their answers. A "no" is normal data, not a verdict.

Follow-up rule: an ask still waiting FOLLOW_UP_AFTER days after it was sent gets one
friendly follow-up (a Today action); once followed up, if there is still no answer
LET_GO_AFTER days later it counts as "no reply" and the coach lets it go. Nothing nags
twice. These rules are read by goodwill.coach.queries (effective_answer) and Today.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from goodwill.coach.models import Answer, Outreach, OutreachKind
from goodwill.coach.services.launch import tick_launch_steps
from goodwill.core.rules import check_fields, field_error, parse_day
from goodwill.people.rules import resolve_someone
from goodwill.people.services.cadence import touch


def _kind(value) -> str:
    kind = (value or OutreachKind.COFFEE).strip() if isinstance(value, str) else value
    if kind not in OutreachKind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(OutreachKind.values)}.")
    return kind


def _answer(value) -> str:
    if value not in Answer.values:
        raise field_error("answer", f"{value!r} is not one of {', '.join(Answer.values)}.")
    return value


@transaction.atomic
def record_outreach(
    *, owner, person, kind=OutreachKind.COFFEE, note: str = "", asked_on=None, answer=None
) -> Outreach:
    """Record an ask you sent (and its answer, if you already have it)."""
    who = resolve_someone(owner, person, "person", "Say whom you asked.")
    day = parse_day(asked_on, "asked_on") if asked_on else timezone.localdate()
    if day > timezone.localdate():
        raise field_error("asked_on", "That day has not come yet.")
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise field_error("note", "Keep the note under 300 characters.")
    outreach = Outreach.objects.create(
        owner=owner, person=who, kind=_kind(kind), note=note, asked_on=day
    )
    touch(owner=owner, person_ids=[who.pk], when=day)  # a message sent is contact
    if answer and answer != Answer.PENDING:
        outreach = answer_outreach(owner=owner, outreach=outreach, answer=answer)
    tick_launch_steps(owner=owner)
    return outreach


@transaction.atomic
def answer_outreach(*, owner, outreach: Outreach, answer: str, answered_on=None) -> Outreach:
    """Record the answer: yes, no, no_reply (or pending to take it back)."""
    if outreach.owner_id != owner.pk:
        raise field_error("outreach", f"No outreach with id {outreach.pk}.")
    outreach.answer = _answer(answer)
    if outreach.answer == Answer.PENDING:
        outreach.answered_on = None
    else:
        day = parse_day(answered_on, "answered_on") if answered_on else timezone.localdate()
        if day < outreach.asked_on:
            raise field_error("answered_on", "The answer cannot come before the ask.")
        outreach.answered_on = day
    outreach.save(update_fields=["answer", "answered_on", "updated_at"])
    tick_launch_steps(owner=owner)
    return outreach


@transaction.atomic
def update_outreach(*, owner, outreach: Outreach, **changes) -> Outreach:
    check_fields(changes, ("kind", "note", "asked_on", "answer", "answered_on"))
    if "kind" in changes:
        outreach.kind = _kind(changes["kind"])
    if "note" in changes:
        outreach.note = " ".join((changes["note"] or "").split())[:300]
    if "asked_on" in changes:
        outreach.asked_on = parse_day(changes["asked_on"], "asked_on")
    outreach.save()
    if "answer" in changes:
        outreach = answer_outreach(
            owner=owner,
            outreach=outreach,
            answer=changes["answer"],
            answered_on=changes.get("answered_on"),
        )
    return outreach


@transaction.atomic
def delete_outreach(*, owner, outreach: Outreach) -> None:
    if outreach.owner_id != owner.pk:
        raise field_error("outreach", f"No outreach with id {outreach.pk}.")
    outreach.delete()
