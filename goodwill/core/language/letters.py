"""One short message to one person, covering everything owed to them. Pure.

``write_letter`` takes the reader, a list of ``(kind, facts)`` items (the kinds of
``goodwill.coach.rules.owed.KINDS``) and the voice of the user, and returns the subject
and body. Each kind has a writer below that turns its facts into sentences through
templates with typed slots (``compose.T``); several items share one greeting, one
closing and one signature, and the subject comes from the item that matters most.

To add a wording: add a ``T(...)`` to the kind's list, declaring the phrase kind of each
slot that holds what the user typed. A variant is picked by index, so adding one changes
which words a given seed gets, never whether they are correct.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from goodwill.core.language import phrases as ph
from goodwill.core.language import time as tm
from goodwill.core.language.compose import T, choose, lower_first, sentence
from goodwill.core.language.compose import body as make_body
from goodwill.core.language.phrases import ASK, ING, NOUN, QUOTE, SENTENCE, VERB, WH

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


def _pick(options: list[str], index: int) -> str:
    return options[index % len(options)] if options else ""


def _qline(lead: str, phrase: ph.Phrase) -> str:
    """A sentence that ends in a colon and the user's words quoted on their own line."""
    return f"{lead}:\n“{phrase.typed or phrase.text}”"


# ---------------------------------------------------------------- the kinds

ASK_TEMPLATES = [
    T("I've been wondering {q}", q=WH),
    T("Since we last talked I've wondered {q}", q=WH),
    T("I've been wondering how things are going with {q}", q=NOUN),
    T("I keep wondering how {q} is going", q=ING),
    T("Something you mentioned stayed with me. {q}", q=ASK),
    T("I've been meaning to ask. {q}", q=ASK),
]
NEED_TEMPLATES = [
    T("Last time you mentioned you were {need}. Is that still on?", need=ING),
    T("You mentioned you were looking for {need}. Is that still open?", need=NOUN),
]


def _ask_line(phrase: ph.Phrase, index: int) -> str:
    if phrase.kind == QUOTE:
        return _qline("After we last spoke I noted this down to ask you about", phrase)
    return choose(ASK_TEMPLATES, {"q": phrase}, index)


def _need_line(phrase: ph.Phrase, index: int) -> str:
    if phrase.kind == QUOTE:
        return _qline("You mentioned this, and I'd be glad to help if I can", phrase)
    return choose(NEED_TEMPLATES, {"need": phrase}, index)


def hello(f: Mapping, c: Ctx) -> Part:
    gap = tm.gap(f.get("last_contact_on"), c.today)
    openers = (
        [f"It has been {gap}, and you came to mind", f"It has been {gap} since we talked"]
        if gap
        else ["You came to mind and I wanted to say hello", "I was thinking of you just now"]
    )
    lines = [_pick(openers, c.index)] if c.alone else []
    ask_next = ph.ask(f.get("ask_next", ""), names=c.reader.names)
    need = ph.need(f.get("their_need", ""), names=c.reader.names)
    if ask_next:
        lines.append(_ask_line(ask_next, c.index))
    elif need and need.typed not in c.said:
        c.said.add(need.typed)
        lines.append(_need_line(need, c.index))
        if need.kind != QUOTE:
            lines.append("I'd be glad to help if I can")
    elif c.alone:
        lines.append(_pick(["How are things with you?", "What are you up to these days?"], c.index))
    close = _pick(["No agenda, I'd just love to hear your news", "Hope all is well"], c.index)
    subjects = [
        "Thinking of you",
        "How are you doing?",
        "It's been a while" if gap else "Saying hello",
    ]
    return Part("hello", subjects, lines, close, variants=2)


def _about(f: Mapping) -> str:
    org, title = ph.tidy(f.get("org", "")), ph.tidy(f.get("title", ""))
    if title and org:
        return f"{title} at {org}"
    return ""


def first_hello(f: Mapping, c: Ctx) -> Part:
    met = ph.where_met(f.get("how_met", ""))
    recent = tm.met_recently(f.get("met_on"), c.today)
    org = ph.tidy(f.get("org", ""))
    lines = []
    if recent:
        lines.append(
            f"It was good to meet you {met}" if met.kind == NOUN else "It was good to meet you"
        )
        subjects = ["Good to meet you", "Lovely to meet you"]
    else:
        lines.append(
            f"I'm glad we're connected — we met {met}, if I remember right"
            if met.kind == NOUN
            else "I'm glad we're connected, and I'd like to say a proper hello"
        )
        subjects = [f"Hello from {c.voice.me}" if c.voice.me else "Saying hello", "Saying hello"]
    at = f" at {org}" if org else ""
    lines.append(
        _pick(
            [
                f"I'd love to hear what you're working on{at} these days",
                f"What are you busy with{at} at the moment?",
            ],
            c.index,
        )
    )
    close = "No need for a long reply; I just wanted to say hello"
    return Part("first_hello", subjects, lines, close, variants=2)


def reconnect(f: Mapping, c: Ctx) -> Part:
    met = ph.where_met(f.get("how_met", ""))
    when = tm.ago(f.get("met_on"), c.today)
    org = ph.tidy(f.get("org", ""))
    lines = []
    if when and when not in {"today", "yesterday"} and met.kind == NOUN:
        lines.append(f"We met {met} {when}, and I realised we've never properly caught up")
    elif when and when not in {"today", "yesterday"}:
        lines.append(f"We connected {when}, and I realised we've never properly caught up")
    else:
        lines.append("We're connected, and I realised we've never properly talked")
    at = f" at {org}" if org else ""
    lines.append(
        _pick([f"I'd love to hear what you're up to{at} now", f"How are things{at}?"], c.index)
    )
    close = "No agenda, and no need for a long reply"
    return Part("reconnect", ["Hello again", "Saying hello properly"], lines, close, variants=2)


# lead states (leads.models.LeadStatus values), worded only where the words are true
def _lead_state_line(state: str, who: str, first: str, f: Mapping, c: Ctx) -> str:
    contacted = tm.as_date(f.get("contacted_on"))
    if state == "new":
        return _pick(
            [
                f"I'll write to {first} in the next few days and let you know how it goes",
                f"I'll get in touch with {first} this week and keep you posted",
            ],
            c.index,
        )
    if state == "contacted":
        return _pick(
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
        _pick(
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
                _qline(
                    f"In case it helps when you next talk to {first}, this is what I do", me_line
                )
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
            _pick(
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
            _pick(
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
            _pick(
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
            lines.append(_qline("I'd be glad to return the favour. You mentioned this", need))
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
        _pick(
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


FOLLOW_TEMPLATES = [
    T("I wrote {when} to ask {asked}, and I'm following up once in case it got buried", asked=WH),
    T("I wrote {when} about {asked}, and I'm following up once in case it got buried", asked=NOUN),
    T("I wrote {when} about {asked}, and I'm following up once in case it got buried", asked=ING),
    T(
        "I wrote {when} to ask you something, and I'm following up once in case it got "
        "buried. {asked}",
        asked=ASK,
    ),
]
ASK_KIND_WORDS = {
    "coffee": "whether you'd like to meet for a coffee",
    "intro": "about an introduction",
    "advice": "for your advice",
}


def follow_up(f: Mapping, c: Ctx) -> Part:
    when = tm.ago(f.get("asked_on"), c.today) or "recently"
    asked = ph.ask(f.get("asked", ""), names=c.reader.names)
    lines = []
    line = choose(FOLLOW_TEMPLATES, {"asked": asked, "when": when}, 0) if asked else ""
    if not line and asked.kind == QUOTE:
        line = _qline(
            f"I wrote {when} and I'm following up once in case it got buried. I asked", asked
        )
    if not line:
        kind_words = ASK_KIND_WORDS.get(f.get("ask_kind", ""), "")
        line = (
            f"I wrote {when} to ask {kind_words}, and I'm following up once in case it got buried"
            if kind_words.startswith("whether")
            else (
                f"I wrote {when} {kind_words}, and I'm following up once in case it got buried"
                if kind_words
                else f"I wrote {when} and I'm following up once, in case it got buried"
            )
        )
    lines.append(line)
    lines.append(
        _pick(
            [
                "If now isn't a good time, no worries at all",
                "Totally fine if it's not the moment; I'll be glad to hear from you whenever suits",
            ],
            c.index,
        )
    )
    return Part(
        "follow_up",
        ["Following up, just once", "Back to the top of your inbox"],
        lines,
        variants=2,
        easy_out=True,
    )


def _intro_reason(f: Mapping, c: Ctx, lead: str) -> list[str]:
    reason = ph.reason(f.get("reason", ""), names=c.reader.names)
    if not reason:
        return []
    if reason.kind == SENTENCE:
        return [reason.text]
    return [_qline(lead, reason)]


def intro_ask(f: Mapping, c: Ctx) -> Part:
    other = ph.tidy(f.get("other", ""))
    first = first_of(other) or "them"
    about = ph.tidy(f.get("other_about", ""))
    named = f"{other}, {about}," if about else other
    if f.get("side") == "b":
        lines = [
            _pick(
                [
                    f"{named} would be glad to meet you, and I think it could be worth your while",
                    f"I'd like to introduce you to {other}, who has said yes to meeting you",
                ],
                c.index,
            )
        ]
    else:
        lines = [
            _pick(
                [
                    f"I've been thinking you and {named} should meet",
                    f"I know someone I think you'd enjoy talking to. It's {named} and I'd "
                    "be glad to connect you",
                ],
                c.index,
            )
        ]
    lines += _intro_reason(f, c, "This is why I thought of you both")
    lines.append(
        _pick(
            [
                "Would you be open to an introduction? If the timing is wrong, just say so",
                "Shall I connect you two? A no is completely fine",
            ],
            c.index,
        )
    )
    subjects = [f"Would you like to meet {first}?", "An introduction, if you'd like one"]
    return Part("intro_ask", subjects, lines, variants=2, easy_out=True)


def intro_make(f: Mapping, c: Ctx) -> Part:
    other = ph.tidy(f.get("other", ""))
    first = first_of(other) or "them"
    me_first = c.reader.first
    about, other_about = ph.tidy(f.get("about", "")), ph.tidy(f.get("other_about", ""))
    lines = [_pick(["As promised, here you both are", "Glad you were both up for this"], c.index)]
    lines.append(f"{me_first}, meet {first}" + (f", {other_about}" if other_about else ""))
    lines.append(f"{first}, meet {me_first}" + (f", {about}" if about else ""))
    lines += _intro_reason(f, c, "Why I thought of you both")
    lines.append(_pick(["I'll leave it to you two from here", "Over to you both"], c.index))
    subjects = [f"{me_first}, meet {first}", f"Introducing {me_first} and {first}"]
    return Part("intro_make", subjects, lines, variants=2, easy_out=True)


def help_offer(f: Mapping, c: Ctx) -> Part:
    need = ph.need(f.get("need", ""), names=c.reader.names)
    helper = ph.tidy(f.get("helper", ""))
    offer = ph.topic(f.get("offer", ""))
    lines = []
    if need and need.typed not in c.said:
        c.said.add(need.typed)
        lines.append(_need_line(need, c.index))
    if helper:
        lines.append(f"I think {helper} could help, if you'd like me to connect you")
    elif offer.kind in {NOUN, ING}:
        lines.append(f"I might be able to help with {offer.text}, if that's useful")
    else:
        lines.append("I may know something or someone that helps")
    lines.append(
        _pick(["Happy to, and no pressure either way", "Only if it's useful, no pressure"], c.index)
    )
    subjects = ["An idea for you", "Something that might help"]
    return Part("help_offer", subjects, lines, variants=2, easy_out=True)


LINE_TEMPLATES = [
    T("I enjoyed hearing about {line}", line=(NOUN, ING, WH)),
    T("I keep thinking about what you said about {line}", line=(NOUN, ING)),
]


def event_follow_up(f: Mapping, c: Ctx) -> Part:
    event = ph.tidy(f.get("event", ""))
    recent = tm.met_recently(f.get("event_on"), c.today) if f.get("event_on") else True
    when = tm.ago(f.get("event_on"), c.today)
    line = ph.topic(f.get("line", ""), names=c.reader.names)
    lines = []
    if recent:
        lines.append(
            _pick(
                [f"It was good to meet you at {event}", f"Thanks for the chat at {event}"], c.index
            )
        )
        subjects = [f"Good to meet you at {event}", f"Following up from {event}"]
    else:
        lines.append(f"We talked at {event} {when}, and I wanted to follow up")
        subjects = [f"Following up from {event}", f"After {event}"]
    said = choose(LINE_TEMPLATES, {"line": line}, c.index)
    if said:
        lines.append(said)
    close = _pick(
        ["Let's stay in touch", "If I come across anything useful, I'll send it your way"], c.index
    )
    return Part("event_follow_up", subjects, lines, close, variants=2)


def coffee_invite(f: Mapping, c: Ctx) -> Part:
    gap = tm.gap(f.get("last_contact_on"), c.today)
    lines = []
    if c.alone and gap:
        lines.append(f"It has been {gap} since we last caught up")
    if c.voice.seeker:
        lines.append(
            _pick(
                [
                    "Would you be up for a coffee in the next few weeks? It would be good to "
                    "catch up, and I'd value your advice on a few things",
                    "Could I buy you a coffee sometime soon? I'd love to catch up, and to hear "
                    "what you make of what I'm thinking about next",
                ],
                c.index,
            )
        )
    else:
        lines.append(
            _pick(
                [
                    "Would you be up for a coffee sometime in the next few weeks? No agenda, "
                    "I'd just like to hear how you are",
                    "Fancy a coffee or a quick call soon? I'd love to catch up",
                ],
                c.index,
            )
        )
    lines.append("If you're busy, another time is completely fine")
    return Part(
        "coffee_invite", ["Coffee soon?", "A coffee sometime?"], lines, variants=2, easy_out=True
    )


def promise(f: Mapping, c: Ctx) -> Part:
    promised = ph.promise(f.get("promise", ""), names=c.reader.names)
    when = tm.ago(f.get("promised_on"), c.today)
    spoke = f"When we spoke {when}" if when and when not in {"today"} else "When we spoke"
    if promised.kind == VERB:
        lines = [f"{spoke}, I said I'd {promised.text}, and I didn't want it to slip"]
        subjects = ["As promised", "What I said I'd do"]
    elif promised.kind == NOUN:
        lines = [f"{spoke}, I promised you {promised.text}, and I didn't want it to slip"]
        subjects = ["As promised", "What I said I'd send"]
    else:
        lines = [
            _qline(
                f"{spoke}, I made you a promise and I didn't want it to slip. I wrote down",
                promised,
            )
        ]
        subjects = ["As promised"]
    lines.append(
        _pick(
            [
                "Let me know if it's useful, or if there's anything else I can do",
                "I hope it helps. Just say if there's anything else I can do",
            ],
            c.index,
        )
    )
    return Part("promise", subjects, lines, variants=2)


def ask_advice(f: Mapping, c: Ctx) -> Part:
    topic = ph.topic(f.get("topic", ""), names=c.reader.names)
    lines = []
    if topic.kind in {NOUN, ING} or topic.kind == WH:
        lines.append(f"I'd love your advice on {topic.text}")
    elif topic.kind == QUOTE:
        lines.append(_qline("I'd love your advice on something I'm thinking through", topic))
    else:
        lines.append("I'd love your advice on something I'm thinking through")
    lines.append(
        _pick(
            [
                "You've been where I am now, and your view would mean a lot",
                "I trust your judgement, and even a few minutes of your thoughts would help",
            ],
            c.index,
        )
    )
    lines.append("Whenever suits you, by email or a short call")
    subjects = ["Could I ask your advice?", "A question, if you have a minute"]
    return Part("ask_advice", subjects, lines, variants=2)


def lead_contact(f: Mapping, c: Ctx) -> Part:
    referrer = ph.tidy(f.get("referrer", ""))
    ref_first = first_of(referrer) or "A friend"
    what = ph.need(f.get("what", ""), names=c.reader.names)
    lines = [
        _pick(
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


OPENERS = [
    T("I've been wondering {q} since we last spoke", q=WH),
    T("{q}", q=ASK),
    T("How are things going with {q}?", q=NOUN),
    T("How is {q} going?", q=ING),
]


def opener_for(typed: str, names: tuple[str, ...] = ()) -> str:
    """A spoken opener from a thing to ask next time, or "" when it cannot be said well."""
    phrase = ph.ask(typed, names=names)
    text = choose(OPENERS, {"q": phrase}, 0)
    return sentence(text) if text else ""


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
        _pick(
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
    subject = _pick(first.subjects, index)
    greeting = f"Hi {reader.first}," if reader.first else ""
    if first.kind == "intro_make" and reader.first:
        other = first_of(ph.tidy(items[0][1].get("other", "")))
        greeting = f"Hi {reader.first} and {other}," if other else greeting
    text = make_body(greeting, paragraphs, voice.me)
    return subject, text, max(first.variants, 1)


def count_variants(kind: str) -> int:
    return WRITERS[kind]({}, Ctx(Reader(), Voice(), dt.date(2000, 1, 1), 0)).variants
