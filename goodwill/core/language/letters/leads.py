"""The writers of messages about leads: thanks, where a lead stands, how it ended, a
referral's report, the first note to a prospect."""

from __future__ import annotations

import re
from collections.abc import Mapping

from goodwill.core.language import phrases as ph
from goodwill.core.language import time as tm
from goodwill.core.language.compose import lower_first
from goodwill.core.language.letters.parts import Ctx, Part, first_of, pick, qline
from goodwill.core.language.phrases import ING, NOUN, SENTENCE


# lead states (leads.models.LeadStatus values), worded only where the words are true
def _lead_state_line(state: str, who: str, first: str, f: Mapping, c: Ctx) -> str:
    contacted = tm.as_date(f.get("contacted_on"))
    if state == "new":
        return pick(
            [
                f"I'll write to {first} in the next few days and let you know how it goes",
                f"I'll get in touch with {first} this week and keep you posted",
            ],
            c.index,
        )
    if state == "contacted":
        return pick(
            [
                f"I've reached out to {first}, and I'll tell you where it leads",
                f"{first} and I have already exchanged a first note; I'll keep you posted",
            ],
            c.index,
        )
    if state == "meeting":
        return f"{first} and I have found a time to talk"
    if state == "in_progress":
        return f"Things are moving with {first}; we're working out the details now"
    if state == "parked":
        if contacted is None and "contacted_on" in f:
            return (
                f"I haven't managed to reach {first} yet, and I've put it on hold "
                "for now rather than let it drift"
            )
        return f"{first} and I have put things on hold for now; the timing isn't right yet"
    return ""


def thank_lead(f: Mapping, c: Ctx) -> Part:
    who = ph.tidy(f.get("prospect", ""))
    first = first_of(who) or "them"
    state = f.get("state", "")
    what = ph.need(f.get("what", ""))
    lines = [
        pick(
            [
                f"Thank you for introducing me to {who}",
                f"Thank you for passing on {who}'s name",
                f"Thank you so much for sending {who} my way",
            ],
            c.index,
        )
    ]
    wanting = bool(ph.WANTING.match(ph.lower_start(ph.tidy(f.get("what", "")))))
    if what.kind == NOUN and wanting:
        lines.append(f"It means a lot that you thought of me when {first} was looking for {what}")
    elif what.kind == ING:
        lines.append(f"It means a lot that you thought of me when {first} was {what}")
    elif what.kind == NOUN:
        noun = re.sub(r"^(?:a|an)\s+", "the ", what.text)
        lines.append(f"It means a lot that you thought of me for {ph.definite(noun)}")
    else:
        lines.append("It means a lot that you thought of me")
    state_line = _lead_state_line(state, who, first, f, c)
    if state_line:
        lines.append(state_line)
    me_line = ph.about_me(f.get("me_line") or c.voice.me_line)
    if me_line and c.alone:
        if me_line.kind == SENTENCE:
            lines.append(
                f"In case it helps when you next talk to {first}, {lower_first(me_line.text)}"
            )
        else:
            lines.append(
                qline(f"In case it helps when you next talk to {first}, this is what I do", me_line)
            )
    spoke = state in {"contacted", "meeting", "in_progress"}
    subjects = [
        f"Thank you — {first} and I spoke" if spoke else "Thank you for thinking of me",
        f"Thanks for the introduction to {first}",
        "Thank you for thinking of me",
    ]
    return Part("thank_lead", subjects, lines, variants=3)


def lead_status(f: Mapping, c: Ctx) -> Part:
    who = ph.tidy(f.get("prospect", ""))
    first = first_of(who) or "them"
    state = f.get("state", "")
    received = tm.as_date(f.get("received_on"))
    lines = []
    line = _lead_state_line(state, who, first, f, c)
    if state == "new":
        when = tm.ago(received, c.today) if received else ""
        if when and (c.today - received).days > 20:
            lines.append(
                f"You passed on {who}'s name {when}, and I haven't written to {first} "
                f"yet. I'm sorry it has taken me so long; I'll write to {first} this week"
            )
        else:
            lines.append(f"A quick update on {who}. {line}" if c.alone else line)
    elif line:
        lines.append(f"A quick update on {who}. {line}" if c.alone else line)
    else:
        lines.append(f"A quick update on {who}, so it doesn't go quiet")
    if state in {"contacted", "meeting", "in_progress"} and c.alone:
        lines.append(
            pick(
                ["Thanks again for connecting us", "None of this would be happening without you"],
                c.index,
            )
        )
    if state == "parked" and c.alone:
        lines.append("I'm still grateful you thought of me")
    subjects = {
        "meeting": [f"{first} and I are meeting", f"An update on {first}"],
        "parked": [f"{first} — on hold for now", f"An update on {first}"],
    }.get(state, [f"An update on {first}", f"A quick update on {who}"])
    close = "Nothing needed from you; I'll write again when there's news" if c.alone else ""
    return Part("lead_status", subjects, lines, close, variants=2)


HELP_BACK = "If I can help with that, even by asking around, I'd be glad to"


def lead_outcome(f: Mapping, c: Ctx) -> Part:
    who = ph.tidy(f.get("prospect", ""))
    first = first_of(who) or "them"
    outcome = f.get("outcome", "")
    if outcome == "won":
        lines = [
            pick(
                [
                    f"I wanted you to hear it from me first. It worked out with {who}",
                    f"Good news about {who}. We're going ahead",
                ],
                c.index,
            )
        ]
        lines.append("That started with you, so thank you")
        subjects = [f"It worked out with {first} — thank you", f"Good news about {first}"]
    elif outcome == "lost":
        lines = [
            pick(
                [
                    f"I wanted to close the loop on {who}. It didn't come together this time",
                    f"A short update so you're not left wondering. {first} went another way "
                    "in the end",
                ],
                c.index,
            ),
            f"I'm still really glad you sent it my way, and it was good to meet {first}",
        ]
        subjects = [f"Closing the loop on {first}", f"How it went with {first}"]
    else:
        lines = [f"I wanted to close the loop on {who}, and thank you again for thinking of me"]
        subjects = [f"Closing the loop on {first}"]
    for text in f.get("their_needs") or []:
        need = ph.need(text, names=c.reader.names)
        if not need or need.typed in c.said:
            continue
        c.said.add(need.typed)
        if need.kind == ING:
            lines.append(f"I know you're {need.text}. {HELP_BACK}")
        elif need.kind == NOUN:
            lines.append(f"I know you're looking for {need.text}. {HELP_BACK}")
        else:
            lines.append(qline("I'd be glad to return the favour. You mentioned this", need))
        break
    else:
        if outcome == "won":
            lines.append("If there's ever anything I can do for you, just say")
    return Part("lead_outcome", subjects, lines, variants=2)


def referral_report(f: Mapping, c: Ctx) -> Part:
    other = ph.tidy(f.get("referred", ""))
    first = first_of(other) or "them"
    when = tm.ago(f.get("referred_on"), c.today)
    since = f" {when}" if when and when not in {"today", "yesterday"} else ""
    lines = [
        pick(
            [
                f"I've been wondering how it went with {other} since I introduced you{since}",
                f"I introduced you to {other}{since}, and I'd love to know whether you "
                "managed to connect",
            ],
            c.index,
        ),
        "No need for a long reply; if it wasn't a fit, that's fine too, and it helps me "
        "for next time",
    ]
    return Part(
        "referral_report",
        [f"How did it go with {first}?", f"Did you and {first} connect?"],
        lines,
        variants=2,
        easy_out=True,
    )


def lead_contact(f: Mapping, c: Ctx) -> Part:
    referrer = ph.tidy(f.get("referrer", ""))
    ref_first = first_of(referrer) or "A friend"
    what = ph.need(f.get("what", ""), names=c.reader.names)
    lines = [
        pick(
            [
                f"{referrer} gave me your name and thought we should talk",
                f"{referrer} passed on your details and suggested I say hello",
            ],
            c.index,
        )
    ]
    if what.kind == ING:
        lines.append(f"{ref_first} mentioned you're {what.text}, and I'd be glad to hear more")
    elif what.kind == NOUN:
        lines.append(
            f"{ref_first} mentioned you might be looking for {what.text}, and I'd be glad "
            "to hear more"
        )
    me_line = ph.about_me(f.get("me_line") or c.voice.me_line)
    if me_line.kind == SENTENCE:
        lines.append(me_line.text)
    lines.append("Would a short call or a coffee in the next week or two suit you?")
    lines.append("No pressure either way")
    subjects = [f"{referrer} suggested we talk", f"Hello from a friend of {ref_first}"]
    return Part("lead_contact", subjects, lines, variants=2, easy_out=True)
