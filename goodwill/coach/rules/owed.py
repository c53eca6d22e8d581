"""The contract between Today's planner and the drafts: what is owed to one person.

The planner (``goodwill.coach.queries``) decides *what* is owed to whom and groups it,
one action per person per day; the drafts (``goodwill.coach.rules.drafts.write_for``)
decide *how to say it*, in one message for everything in the group. This module is
plain data: no database, no wording.

Facts are plain values (``str``, ``int``, ``datetime.date``, lists of ``str``), named
per kind below. Text the user typed is passed exactly as typed: the drafts turn it into
phrases. A fact that is unknown is left out (or empty), never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Situation:
    """The user's situation, asked once in the check-in (stored by the coach)."""

    EMPLOYED = "employed"  # building before I need it
    BUSINESS = "business"  # growing a business: freelancer, founder
    BETWEEN_JOBS = "between_jobs"  # between jobs or changing careers
    NEW = "new"  # new in a place or a field
    UNKNOWN = ""


# kind -> the facts it may carry (all optional unless the draft cannot exist without it)
KINDS: dict[str, tuple[str, ...]] = {
    # a no-ask hello to someone going quiet (catch-up)
    "hello": ("last_contact_on", "met_on", "how_met", "org", "ask_next", "their_need"),
    # a first hello to someone never logged with (e.g. just imported), met recently or
    # when unknown
    "first_hello": ("met_on", "how_met", "org", "title"),
    # a first hello to someone connected with long ago (LinkedIn "Connected On")
    "reconnect": ("met_on", "how_met", "org", "title"),
    # thanks for a lead they passed on; ``state`` is a leads.models.LeadStatus value
    "thank_lead": ("what", "prospect", "received_on", "state", "me_line"),
    # where a lead they gave stands now
    "lead_status": ("what", "prospect", "received_on", "state", "contacted_on"),
    # how a lead they gave ended (``outcome``: won / lost / ...); their open needs, so
    # the report can offer help back
    "lead_outcome": ("what", "prospect", "received_on", "outcome", "their_needs"),
    # the user referred ``referred`` to this person: ask how it went
    "referral_report": ("what", "referred", "referred_on"),
    # an ask that got no reply: follow up once, saying what was asked
    "follow_up": ("asked", "asked_on", "ask_kind"),
    # double opt-in: ask this person whether they would like to meet ``other``; ``side``
    # is "a" (asked first) or "b" (asked once A said yes); ``other_about`` says who the
    # other is ("Head of Growth at RouteWise")
    "intro_ask": ("other", "reason", "side", "other_about"),
    # both said yes: the introduction itself, to this person and ``other``; ``about`` and
    # ``other_about`` say who each is
    "intro_make": ("other", "other_email", "reason", "about", "other_about"),
    # this person needs something the user (or someone they know) can help with
    "help_offer": ("need", "offer", "helper"),
    # met at an event: follow up
    "event_follow_up": ("event", "event_on", "line"),
    # invite to a coffee or a call
    "coffee_invite": ("last_contact_on", "how_met", "met_on"),
    # the user promised something; this is the message that keeps it
    "promise": ("promise", "promised_on", "due_on"),
    # an advice ask (a job seeker's ask is always phrased as one)
    "ask_advice": ("topic", "last_contact_on"),
    # (added by the drafts) the first note to a prospect whom ``referrer`` passed on
    "lead_contact": ("referrer", "what", "me_line"),
}


@dataclass(frozen=True)
class Owed:
    """One thing owed to (or planned with) the recipient."""

    kind: str  # a key of KINDS
    key: str = ""  # the planner's key of the underlying object, e.g. "lead:12"
    facts: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of owed item: {self.kind!r}")


@dataclass(frozen=True)
class Tone:
    """How to speak, from the check-in: the drafts read nothing else about the user."""

    situation: str = Situation.UNKNOWN
    gentle: bool = False  # high fear of rejection: shorter, with an easy out
    me: str = ""  # the user's first name, to sign with
    me_line: str = ""  # what the user does, in their words ("I design websites")
