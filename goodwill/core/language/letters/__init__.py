"""One short message to one person, covering everything owed to them. Pure.

``write_letter`` takes the reader, a list of ``(kind, facts)`` items (the kinds of
``goodwill.coach.rules.owed.KINDS``) and the voice of the user, and returns the subject
and body. Each kind has a writer (people.py: hellos, asks, help, introductions,
events, promises; leads.py: thanks, updates, outcomes, referrals) that turns its facts
into sentences through templates with typed slots (``compose.T``); several items share
one greeting, one closing and one signature, and the subject comes from the item that
matters most.

To add a wording: add a ``T(...)`` to the kind's list, declaring the phrase kind of each
slot that holds what the user typed. A variant is picked by index, so adding one changes
which words a given seed gets, never whether they are correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from goodwill.core.language import phrases as ph
from goodwill.core.language.compose import body as make_body
from goodwill.core.language.compose import lower_first
from goodwill.core.language.letters.leads import (
    lead_contact,
    lead_outcome,
    lead_status,
    referral_report,
    thank_lead,
)
from goodwill.core.language.letters.parts import (
    EASY_OUT,
    ORDER,
    Ctx,
    Part,
    Reader,
    Voice,
    first_of,
    pick,
)
from goodwill.core.language.letters.people import (
    ask_advice,
    coffee_invite,
    event_follow_up,
    first_hello,
    follow_up,
    hello,
    help_offer,
    intro_ask,
    intro_make,
    opener_for,
    promise,
    reconnect,
)

__all__ = ["WRITERS", "Reader", "Voice", "opener_for", "write_letter"]

WRITERS = {
    "lead_contact": lead_contact,
    "hello": hello,
    "first_hello": first_hello,
    "reconnect": reconnect,
    "thank_lead": thank_lead,
    "lead_status": lead_status,
    "lead_outcome": lead_outcome,
    "referral_report": referral_report,
    "follow_up": follow_up,
    "intro_ask": intro_ask,
    "intro_make": intro_make,
    "help_offer": help_offer,
    "event_follow_up": event_follow_up,
    "coffee_invite": coffee_invite,
    "promise": promise,
    "ask_advice": ask_advice,
}


# ---------------------------------------------------------------- one message


def _merge_thanks(items: list[tuple[str, Mapping]]) -> list[tuple[str, Mapping]]:
    """Thanks for several leads become one thank-you naming every prospect."""
    thanks = [f for k, f in items if k == "thank_lead"]
    if len(thanks) < 2:
        return items
    names = [ph.tidy(f.get("prospect", "")) for f in thanks]
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    rest = [(k, f) for k, f in items if k != "thank_lead"]
    statuses = [("lead_status", {**f}) for f in thanks if f.get("state") not in ("", None)]
    merged = {"prospects": joined, "count": len(thanks), "me_line": thanks[0].get("me_line", "")}
    return [("thanks_many", merged), *statuses, *rest]


def _thanks_many(f: Mapping, c: Ctx) -> Part:
    lines = [
        pick(
            [
                f"Thank you for introducing me to {f['prospects']}",
                f"Thank you for thinking of me, twice over: for {f['prospects']}",
            ],
            c.index,
        ).replace(": ", " — "),
        "It means a lot that you keep me in mind",
    ]
    return Part(
        "thank_lead", ["Thank you for both introductions", "Thank you, twice"], lines, variants=2
    )


WRITERS["thanks_many"] = _thanks_many


def write_letter(
    reader: Reader | None,
    items: Sequence[tuple[str, Mapping]],
    *,
    today: dt.date,
    voice: Voice,
    index: int = 0,
) -> tuple[str, str, int]:
    """(subject, body, number of variants) of one message covering every item."""
    items = sorted(items, key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else 99)
    items = _merge_thanks(list(items))
    reader = reader or Reader()
    parts: list[Part] = []
    said: set[str] = set()
    for position, (kind, facts) in enumerate(items):
        alone = position == 0
        c = Ctx(reader, voice, today, index + position, alone=alone, said=said)
        part = WRITERS[kind](facts, c)
        if part.lines:
            parts.append(part)
    if not parts:
        parts = [hello({}, Ctx(reader, voice, today, index, alone=True, said=said))]
    paragraphs: list[list[str]] = []
    connectors = ["Also, ", "And "]
    for position, part in enumerate(parts):
        lines = [line for line in part.lines if line]
        if voice.gentle and len(lines) > 2 and position > 0:
            lines = lines[:2]
        after_thanks = position == 1 and items[0][0] == "thanks_many"
        if (
            position > 0
            and part.kind == "lead_status"
            and (after_thanks or parts[position - 1].kind == "lead_status")
        ):
            paragraphs[-1].extend(lines)  # where each lead stands, after the thanks
            continue
        if position > 0 and lines and "\n" not in lines[0] and connectors:
            lines[0] = connectors.pop(0) + lower_first(lines[0])
        paragraphs.append(lines)
    closes = [p.close for p in parts if p.close]
    ending: list[str] = []
    if voice.gentle and not any(p.easy_out for p in parts):
        # gentler and shorter: the easy way out replaces any closing line
        ending.append(f"{EASY_OUT}, and no need to reply if you're busy")
    elif closes:
        ending.append(closes[-1])
    if ending:
        paragraphs.append(ending)
    first = parts[0]
    subject = pick(first.subjects, index)
    # No first name to greet (an organization's record): "Hello,", never "Hi Movewell,".
    greeting = f"Hi {reader.first}," if reader.first else ("Hello," if reader.full else "")
    if first.kind == "intro_make" and reader.first:
        other = first_of(ph.tidy(items[0][1].get("other", "")))
        greeting = f"Hi {reader.first} and {other}," if other else greeting
    text = make_body(greeting, paragraphs, voice.me)
    return subject, text, max(first.variants, 1)
