"""The writers of messages about the two of you: hellos, asks, help, introductions,
events, promises. Each turns one item's facts into a ``Part``."""

from __future__ import annotations

from collections.abc import Mapping

from goodwill.core.language import phrases as ph
from goodwill.core.language import time as tm
from goodwill.core.language.compose import T, choose, sentence
from goodwill.core.language.letters.parts import Ctx, Part, first_of, pick, qline
from goodwill.core.language.phrases import ASK, ING, NOUN, QUOTE, SENTENCE, VERB, WH

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
        return qline("After we last spoke I noted this down to ask you about", phrase)
    return choose(ASK_TEMPLATES, {"q": phrase}, index)


def _need_line(phrase: ph.Phrase, index: int) -> str:
    if phrase.kind == QUOTE:
        return qline("You mentioned this, and I'd be glad to help if I can", phrase)
    return choose(NEED_TEMPLATES, {"need": phrase}, index)


def hello(f: Mapping, c: Ctx) -> Part:
    gap = tm.gap(f.get("last_contact_on"), c.today)
    openers = (
        [f"It has been {gap}, and you came to mind", f"It has been {gap} since we talked"]
        if gap
        else ["You came to mind and I wanted to say hello", "I was thinking of you just now"]
    )
    lines = [pick(openers, c.index)] if c.alone else []
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
        lines.append(pick(["How are things with you?", "What are you up to these days?"], c.index))
    close = pick(["No agenda, I'd just love to hear your news", "Hope all is well"], c.index)
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
        pick(
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
        pick([f"I'd love to hear what you're up to{at} now", f"How are things{at}?"], c.index)
    )
    close = "No agenda, and no need for a long reply"
    return Part("reconnect", ["Hello again", "Saying hello properly"], lines, close, variants=2)


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
    if not line and asked and asked.kind == QUOTE:
        line = qline(
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
        pick(
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
    return [qline(lead, reason)]


def intro_ask(f: Mapping, c: Ctx) -> Part:
    other = ph.tidy(f.get("other", ""))
    first = first_of(other) or "them"
    about = ph.tidy(f.get("other_about", ""))
    named = f"{other}, {about}," if about else other
    if f.get("side") == "b":
        lines = [
            pick(
                [
                    f"{named} would be glad to meet you, and I think it could be worth your while",
                    f"I'd like to introduce you to {other}, who has said yes to meeting you",
                ],
                c.index,
            )
        ]
    else:
        lines = [
            pick(
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
        pick(
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
    me_first = c.reader.first or ph.tidy(c.reader.full)  # an organization: its name
    about, other_about = ph.tidy(f.get("about", "")), ph.tidy(f.get("other_about", ""))
    lines = [pick(["As promised, here you both are", "Glad you were both up for this"], c.index)]
    lines.append(f"{me_first}, meet {first}" + (f", {other_about}" if other_about else ""))
    lines.append(f"{first}, meet {me_first}" + (f", {about}" if about else ""))
    lines += _intro_reason(f, c, "Why I thought of you both")
    lines.append(pick(["I'll leave it to you two from here", "Over to you both"], c.index))
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
        pick(["Happy to, and no pressure either way", "Only if it's useful, no pressure"], c.index)
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
            pick(
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
    close = pick(
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
            pick(
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
            pick(
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
            qline(
                f"{spoke}, I made you a promise and I didn't want it to slip. I wrote down",
                promised,
            )
        ]
        subjects = ["As promised"]
    lines.append(
        pick(
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
        lines.append(qline("I'd love your advice on something I'm thinking through", topic))
    else:
        lines.append("I'd love your advice on something I'm thinking through")
    lines.append(
        pick(
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
