"""Drafts of the short messages the follow-through loop asks for.

Plain, warm and brief, written as the user would write to a friend: thank the person who
passed a lead on, keep them posted, tell them how it ended, check how a referral went.
Never a pitch. Each situation has a few wordings; ``variant`` picks one (the default
is stable per lead, so a page shows the same draft until the user asks for another).
Pure functions: nothing here reads or writes the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from goodwill.leads.models import LeadStatus, ReportKind


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


def first_email(person) -> str:
    emails = list(person.emails.all()) if person is not None else []
    return emails[0].address if emails else ""


def _clause(text: str) -> str:
    """The opportunity as it can sit inside a sentence."""
    text = " ".join((text or "").split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


# ---------------------------------------------------------------- the wordings
# Placeholders: {ref} referrer's first name, {who} prospect's name, {who_first} their
# first name, {what} the opportunity, {me} the user's first name, {state} a status word.

THANKS = [
    (
        "Thank you for thinking of me",
        "Hi {ref},\n\nThank you for passing on {who}'s name. It means a lot that you thought "
        "of me. I'll get in touch with {who_first} in the next few days and let you know how "
        "it goes.\n\n{me}",
    ),
    (
        "Thanks for the introduction to {who}",
        "Hi {ref},\n\nI really appreciate you sending {who} my way ({what}). I'll reach out "
        "soon and keep you posted.\n\nThanks again,\n{me}",
    ),
    (
        "You made my day",
        "Hi {ref},\n\nJust a quick thank you for mentioning me to {who}. I know it takes a "
        "moment of your time and some trust. I'll let you know where it leads.\n\n{me}",
    ),
]

STATUS = {
    LeadStatus.CONTACTED: [
        (
            "I got in touch with {who_first}",
            "Hi {ref},\n\nA quick update: I've been in touch with {who}. Thanks again for "
            "making it easy to say hello. I'll let you know how it goes.\n\n{me}",
        ),
        (
            "Update on {who}",
            "Hi {ref},\n\nI wrote to {who} today, so the ball is rolling. I wanted you to "
            "know your introduction didn't go to waste.\n\n{me}",
        ),
    ],
    LeadStatus.MEETING: [
        (
            "{who_first} and I are meeting",
            "Hi {ref},\n\nGood news: {who} and I have found a time to talk. None of this "
            "would be happening without you. I'll tell you how it goes.\n\n{me}",
        ),
        (
            "A meeting with {who}",
            "Hi {ref},\n\nSmall update: I'm meeting {who} soon about {what}. Thank you for "
            "opening that door.\n\n{me}",
        ),
    ],
    LeadStatus.IN_PROGRESS: [
        (
            "Things are moving with {who_first}",
            "Hi {ref},\n\nThings are moving with {who}: we're working out the details now. "
            "I'll let you know how it lands. Thanks again for thinking of me.\n\n{me}",
        ),
        (
            "Update on {who}",
            "Hi {ref},\n\nA short update: {who} and I are now working on it together. I'm "
            "grateful you connected us.\n\n{me}",
        ),
    ],
    LeadStatus.PARKED: [
        (
            "{who} — on hold for now",
            "Hi {ref},\n\nA small update on {who}: we've put things on hold for now. Nothing "
            "went wrong, the timing just isn't right yet. I'm still grateful you thought of "
            "me.\n\n{me}",
        ),
        (
            "Update on {who}",
            "Hi {ref},\n\nI wanted you to hear it from me: {who} and I agreed to pause for "
            "the moment. I'll tell you if it picks up again. Thanks for the introduction.\n\n"
            "{me}",
        ),
    ],
}
# A lead reopened (or moved back to "new") is reported like an ongoing lead.
STATUS[LeadStatus.NEW] = STATUS[LeadStatus.IN_PROGRESS]

CHECK_IN = [
    (
        "Still going with {who_first}",
        "Hi {ref},\n\nI didn't want things to go quiet: it's still going with {who} ({state}). "
        "Nothing needed from you. I'll write again when there's news.\n\n{me}",
    ),
    (
        "A quick update on {who}",
        "Hi {ref},\n\nA short note to keep you in the loop: {who} and I are still at it "
        "({state}). Thanks again for connecting us. Hope all is well with you!\n\n{me}",
    ),
]

OUTCOME = {
    LeadStatus.WON: [
        (
            "It worked out with {who_first} — thank you",
            "Hi {ref},\n\nI wanted you to hear it from me first: it worked out with {who}. "
            "That started with you, so thank you. If there's ever anything I can do for you, "
            "just say.\n\n{me}",
        ),
        (
            "Good news about {who}",
            "Hi {ref},\n\nGood news: {who} and I are going ahead ({what}). Thank you for "
            "thinking of me. I owe you one, and I mean it.\n\n{me}",
        ),
    ],
    LeadStatus.LOST: [
        (
            "Closing the loop on {who}",
            "Hi {ref},\n\nI wanted to close the loop: it didn't come together with {who} this "
            "time. I'm still really glad you thought of me, and it was good to meet "
            "{who_first}. Thank you.\n\n{me}",
        ),
        (
            "Update on {who}",
            "Hi {ref},\n\nA quick update so you're not left wondering: {who} went another way "
            "in the end. No hard feelings at all, and thank you for the introduction. It "
            "meant a lot.\n\n{me}",
        ),
    ],
}

CONTACT = [
    (
        "{ref_full} suggested we talk",
        "Hi {who_first},\n\n{ref_full} gave me your name and thought we should talk. "
        "{ref} mentioned: {what}. Would a short call or a coffee in the next week or two "
        "suit you? No pressure either way.\n\n{me}",
    ),
    (
        "Hello from a friend of {ref}",
        "Hi {who_first},\n\n{ref_full} passed on your details. I'd be glad to hear more "
        "about what you're working on ({what}) and see if I can help. Is there a time that "
        "works for you?\n\n{me}",
    ),
]

REFERRAL_CHECK = [
    (
        "How did it go with {other_first}?",
        "Hi {who_first},\n\nI've been wondering how it went with {other} since I put you "
        "in touch. No need for a long reply, I'd just love to know.\n\n{me}",
    ),
    (
        "Curious about {other}",
        "Hi {who_first},\n\nDid you and {other_first} manage to connect? If it wasn't a "
        "fit, that's fine too, it helps me know for next time.\n\n{me}",
    ),
]


def _fill(kind: str, options, variant: int | None, seed: int, to, values: dict) -> Draft:
    index = (seed if variant is None else variant) % len(options)
    subject, body = options[index]
    return Draft(
        kind=kind,
        to_name=to.display_name if to is not None else "",
        to_email=first_email(to),
        subject=subject.format(**values),
        body=body.format(**values),
        variant=index,
        variants=len(options),
    )


def _lead_values(lead, me: str) -> dict:
    return {
        "ref": first_name(lead.referrer),
        "ref_full": lead.referrer.display_name,
        "who": lead.prospect.display_name,
        "who_first": first_name(lead.prospect),
        "what": _clause(lead.opportunity),
        "state": lead.get_status_display().lower(),
        "me": me,
    }


def report_draft(lead, kind: str, *, me: str, variant: int | None = None) -> Draft:
    """The message to the referrer for a report-back of this kind."""

    values = _lead_values(lead, me)
    if kind == ReportKind.THANKS:
        options = THANKS
    elif kind == ReportKind.OUTCOME:
        options = OUTCOME.get(lead.status, CHECK_IN)
    elif kind == ReportKind.STATUS:
        options = STATUS.get(lead.status) or OUTCOME.get(lead.status) or CHECK_IN
    else:
        options = CHECK_IN
    return _fill(kind, options, variant, lead.pk or 0, lead.referrer, values)


def contact_draft(lead, *, me: str, variant: int | None = None) -> Draft:
    """The first message to the prospect."""
    return _fill("contact", CONTACT, variant, lead.pk or 0, lead.prospect, _lead_values(lead, me))


def referral_check_draft(referral, *, me: str, variant: int | None = None) -> Draft:
    """Asking the person you referred how it went."""
    values = {
        "who_first": first_name(referral.person),
        "other": referral.referred_to.display_name,
        "other_first": first_name(referral.referred_to),
        "me": me,
    }
    return _fill(
        "referral_check", REFERRAL_CHECK, variant, referral.pk or 0, referral.person, values
    )
