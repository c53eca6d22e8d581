"""The pieces every letter is made of: the voice, the reader, a part per owed item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from goodwill.core.language import phrases as ph

# The order items take in one message: thanks first, news next, asks last.
ORDER = [
    "lead_contact",
    "thank_lead",
    "lead_status",
    "lead_outcome",
    "referral_report",
    "promise",
    "intro_make",
    "intro_ask",
    "follow_up",
    "help_offer",
    "event_follow_up",
    "first_hello",
    "reconnect",
    "hello",
    "ask_advice",
    "coffee_invite",
]
EASY_OUT = "No pressure at all"


@dataclass(frozen=True)
class Voice:
    """How the user speaks: their name, their line about themselves, and the tone."""

    me: str = ""
    me_line: str = ""
    gentle: bool = False
    seeker: bool = False  # between jobs: asks are advice asks, never a pitch


@dataclass(frozen=True)
class Reader:
    first: str = ""
    full: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return ph.names_of(self.full, self.first)


@dataclass
class Part:
    kind: str
    subjects: list[str]
    lines: list[str]
    close: str = ""  # said once, at the end of the message
    variants: int = 1
    easy_out: bool = False  # the part already gives an easy way out


@dataclass
class Ctx:
    reader: Reader
    voice: Voice
    today: dt.date
    index: int
    alone: bool = True
    said: set[str] = field(default_factory=set)


HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "mx", "mx."}


def first_of(name: str) -> str:
    """The first name in a full name as typed ("Dr. Amara Okafor" → "Amara")."""
    words = ph.tidy(name).split(" ")
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return words[0] if words and words[0] else ""


def pick(options: list[str], index: int) -> str:
    return options[index % len(options)] if options else ""


def qline(lead: str, phrase: ph.Phrase) -> str:
    """A sentence that ends in a colon and the user's words quoted on their own line."""
    return f"{lead}:\n“{phrase.typed or phrase.text}”"
