"""Drafts of the short messages the follow-through loop asks for.

Plain, warm and brief, written as the user would write to a friend: thank the person who
passed a lead on, keep them posted, tell them how it ended, check how a referral went.
Never a pitch. The words come from the language layer (goodwill/core/language/letters/,
kinds thank_lead, lead_status, lead_outcome, lead_contact, referral_report); this module
turns a lead into its facts. ``variant`` picks a wording (the default is stable per lead,
so a page shows the same draft until the user asks for another). Pure: nothing here
reads or writes the database beyond the objects passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from django.utils import timezone

from goodwill.core.language.letters import Reader, Voice, write_letter
from goodwill.leads.models import ReportKind
from goodwill.people.rules import looks_like_organization


@dataclass(frozen=True)
class Draft:
    kind: str
    to_name: str
    to_email: str
    subject: str
    body: str
    variant: int
    variants: int

    @property
    def mailto(self) -> str:
        query = f"subject={quote(self.subject, safe='')}&body={quote(self.body, safe='')}"
        return f"mailto:{quote(self.to_email, safe='@')}?{query}"

    @property
    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


def first_name(person) -> str:
    if person is None:
        return "there"
    return (
        person.given_name or person.nickname or (person.display_name.split() or ["there"])[0]
    ).strip()


def greeting_name(person) -> str:
    """The name a message greets: none for a record that names an organization."""
    if person is None:
        return ""
    org = person.organization.name if getattr(person, "organization_id", None) else ""
    if looks_like_organization(person.display_name, person.given_name, org):
        return ""
    return first_name(person)


def first_email(person) -> str:
    emails = list(person.emails.all()) if person is not None else []
    return emails[0].address if emails else ""


def lead_facts(lead) -> dict:
    """The facts of a lead, as the language layer reads them (see coach/rules/owed.py)."""
    contacted = lead.first_contacted_at
    return {
        "prospect": lead.prospect.display_name,
        "what": lead.opportunity,
        "received_on": lead.received_on,
        "state": lead.status,
        "contacted_on": timezone.localdate(contacted) if contacted else None,
        "outcome": lead.status if lead.is_outcome else "",
    }


def _draft(kind: str, to, items, *, me: str, me_line: str, seed: int, variant, today) -> Draft:
    today = today or timezone.localdate()
    voice = Voice(me=me, me_line=me_line)
    reader = Reader(first=greeting_name(to), full=to.display_name) if to is not None else None
    _, _, variants = write_letter(reader, items, today=today, voice=voice)
    index = (seed if variant is None else variant) % variants
    subject, body, _ = write_letter(reader, items, today=today, voice=voice, index=index)
    return Draft(
        kind=kind,
        to_name=to.display_name if to is not None else "",
        to_email=first_email(to),
        subject=subject,
        body=body,
        variant=index,
        variants=variants,
    )


def report_draft(
    lead,
    kind: str,
    *,
    me: str,
    variant: int | None = None,
    me_line: str = "",
    their_needs: list[str] | None = None,
    today: dt.date | None = None,
) -> Draft:
    """The message to the referrer for a report-back of this kind."""
    facts = lead_facts(lead)
    if kind == ReportKind.THANKS:
        item = ("thank_lead", facts)
    elif lead.is_outcome and kind in (ReportKind.OUTCOME, ReportKind.STATUS):
        item = ("lead_outcome", {**facts, "their_needs": list(their_needs or [])})
    else:
        item = ("lead_status", facts)
    return _draft(
        kind,
        lead.referrer,
        [item],
        me=me,
        me_line=me_line,
        seed=lead.pk or 0,
        variant=variant,
        today=today,
    )


def contact_draft(
    lead, *, me: str, variant: int | None = None, me_line: str = "", today=None
) -> Draft:
    """The first message to the prospect."""
    facts = {"referrer": lead.referrer.display_name, "what": lead.opportunity}
    return _draft(
        "contact",
        lead.prospect,
        [("lead_contact", facts)],
        me=me,
        me_line=me_line,
        seed=lead.pk or 0,
        variant=variant,
        today=today,
    )


def referral_check_draft(referral, *, me: str, variant: int | None = None, today=None) -> Draft:
    """Asking the person you referred how it went."""
    facts = {"referred": referral.referred_to.display_name, "referred_on": referral.referred_on}
    return _draft(
        "referral_check",
        referral.person,
        [("referral_report", facts)],
        me=me,
        me_line="",
        seed=referral.pk or 0,
        variant=variant,
        today=today,
    )
