"""The coach's drafts: one message per person, written by the language layer. Pure.

``write_for`` is what Today's planner calls: everything owed to one person (see
``owed.KINDS``) in one short note. ``write`` is the older one-purpose entry point, kept
for the callers that still use it; its message kinds are mapped onto the same writers.
Notes to yourself (event prep, debrief, a launch step) are worded in
goodwill/content/messages.toml. A wording is chosen by a stable seed (the object's id),
so a page shows the same draft until the user asks for another (``variant``).
See docs/coach.md, "How a draft is written".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from string import Formatter

from goodwill.coach.rules import content
from goodwill.coach.rules.owed import Owed, Situation, Tone
from goodwill.core.language.letters import Reader, Voice, write_letter
from goodwill.leads.rules.drafts import Draft, first_email, first_name, greeting_name


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def fill(text: str, values: dict) -> str:
    """A note-to-self wording from messages.toml, its slots filled (unknown ones empty)."""
    return Formatter().vformat(text, (), _Blank(values))


def voice_of(tone: Tone) -> Voice:
    return Voice(
        me=tone.me,
        me_line=tone.me_line,
        gentle=tone.gentle,
        seeker=tone.situation == Situation.BETWEEN_JOBS,
    )


def reader_of(to) -> Reader | None:
    if to is None:
        return None
    return Reader(first=greeting_name(to), full=to.display_name)


def write_for(
    to,
    items: Sequence[Owed],
    *,
    today: dt.date,
    tone: Tone,
    seed: int = 0,
    variant: int | None = None,
) -> Draft:
    """One short message to ``to`` (a Person, or None for a note to yourself) covering
    every item. ``kind`` is the item's kind, or the kinds joined by "+" for a group."""
    if not items:
        raise ValueError("write_for needs at least one owed item")
    pairs = [(item.kind, dict(item.facts)) for item in items]
    _, _, variants = write_letter(reader_of(to), pairs, today=today, voice=voice_of(tone))
    index = (seed if variant is None else variant) % variants
    subject, body, _ = write_letter(
        reader_of(to), pairs, today=today, voice=voice_of(tone), index=index
    )
    to_email = first_email(to) if to is not None else ""
    to_name = to.display_name if to is not None else ""
    for kind, facts in pairs:
        if kind == "intro_make" and facts.get("other_email"):
            # the introduction goes to both
            to_email = ",".join(e for e in (to_email, facts["other_email"]) if e)
            to_name = f"{to_name} and {facts.get('other', '')}".strip()
    kinds = list(dict.fromkeys(kind for kind, _ in pairs))
    return Draft(
        kind="+".join(kinds),
        to_name=to_name,
        to_email=to_email,
        subject=subject,
        body=body,
        variant=index,
        variants=variants,
    )


# the older message kinds, as owed items
LEGACY = {
    "catch_up": lambda v: Owed("hello"),
    "catch_up_ask": lambda v: Owed("hello", facts={"ask_next": v.get("ask", "")}),
    "catch_up_need": lambda v: Owed("help_offer", facts={"need": v.get("need", "")}),
    "need": lambda v: Owed(
        "help_offer", facts={"need": v.get("need", ""), "helper": v.get("other", "")}
    ),
    "intro": lambda v: Owed("intro_ask", facts={"other": v.get("other", "")}),
    "follow_up": lambda v: Owed("follow_up", facts=v),
    "met": lambda v: Owed(
        "event_follow_up", facts={"event": v.get("event", ""), "line": v.get("line", "")}
    ),
}


def write(
    kind: str,
    *,
    to=None,
    seed: int = 0,
    variant: int | None = None,
    today: dt.date | None = None,
    **values,
) -> Draft:
    """A draft of ``kind`` to person ``to`` (or to nobody: a note to yourself)."""
    if kind in LEGACY:
        return write_for(
            to,
            [LEGACY[kind](values)],
            today=today or dt.date.today(),
            tone=Tone(me=values.get("me", "")),
            seed=seed,
            variant=variant,
        )
    options = content.wordings(kind)
    index = (seed if variant is None else variant) % len(options)
    subject, body = options[index]
    values = {"first": first_name(to) if to is not None else "", **values}
    return Draft(
        kind=kind,
        to_name=to.display_name if to is not None else "",
        to_email=first_email(to) if to is not None else "",
        subject=fill(subject, values),
        body=fill(body, values),
        variant=index,
        variants=len(options),
    )
