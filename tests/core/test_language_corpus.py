"""Every kind of draft, over a corpus of notes typed the way people type them, passes
every check of the language layer (goodwill/core/language/checks.py). Pure: no database.

Each draft is built from the corpus by rotating through it, so every note, need, ask,
line, promise, reason and name is used by at least one draft of each kind that takes it.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from goodwill.core.language import checks
from goodwill.core.language.letters import WRITERS, Reader, Voice, write_letter
from tests.core.fixtures import language_corpus as corpus

TODAY = dt.date(2026, 12, 7)
AGES = [0, 1, 4, 9, 17, 30, 50, 70, 120, 200, 320, 400, 800, 1500]
STATES = ["new", "contacted", "meeting", "in_progress", "parked"]


def _days(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def _cycle(items, i):
    return items[i % len(items)]


def items_for(kind: str, i: int, reader: str = "") -> tuple[dict, dict]:
    """The facts of the i-th draft of ``kind``, and what the checks need to know."""
    age = _cycle(AGES, i)
    other, _ = _cycle(corpus.NAMES, i + 7)
    if other == reader:  # a third person is never the reader
        other, _ = _cycle(corpus.NAMES, i + 8)
    state = _cycle(STATES, i)
    meta: dict = {"dates": [], "states": [], "met_on": None}
    if kind == "hello":
        facts = {
            "last_contact_on": _days(age),
            "ask_next": _cycle(corpus.ASKS, i) if i % 6 != 5 else "",
            "their_need": _cycle(corpus.NEEDS, i) if i % 6 == 5 else "",
        }
        meta["dates"] = [facts["last_contact_on"]]
    elif kind in ("first_hello", "reconnect"):
        facts = {
            "met_on": _days(age),
            "how_met": _cycle(["at Product Coffee Club", "through Tom", "", "PyCon UK"], i),
            "org": _cycle(["McKinsey", "eBay", "", "RouteWise", "deVries Capital"], i),
            "title": "",
        }
        meta["dates"] = [facts["met_on"]]
        meta["met_on"] = facts["met_on"]
    elif kind == "thank_lead":
        facts = {
            "prospect": other,
            "what": _cycle(corpus.NEEDS, i),
            "received_on": _days(age),
            "state": state,
            "me_line": _cycle(corpus.ME_LINES, i),
        }
        meta["dates"], meta["states"] = [facts["received_on"]], [state]
    elif kind == "lead_status":
        contacted = None if i % 4 == 0 else _days(max(age - 1, 0))
        facts = {
            "prospect": other,
            "what": _cycle(corpus.NEEDS, i),
            "received_on": _days(age),
            "state": state,
            "contacted_on": contacted,
        }
        meta["dates"] = [facts["received_on"]]
        meta["states"] = [state]
    elif kind == "lead_outcome":
        outcome = _cycle(["won", "lost"], i)
        facts = {
            "prospect": other,
            "what": _cycle(corpus.NEEDS, i),
            "received_on": _days(age),
            "outcome": outcome,
            "their_needs": [_cycle(corpus.NEEDS, i + 3)] if i % 2 == 0 else [],
        }
        meta["states"] = [outcome]
    elif kind == "referral_report":
        facts = {"referred": other, "referred_on": _days(age), "what": ""}
        meta["dates"] = [facts["referred_on"]]
    elif kind == "follow_up":
        facts = {
            "asked": _cycle(corpus.ASKED + corpus.ASKS, i),
            "asked_on": _days(max(age, 4)),
            "ask_kind": _cycle(["coffee", "intro", "advice", "other"], i),
        }
        meta["dates"] = [facts["asked_on"]]
    elif kind == "intro_ask":
        facts = {
            "other": other,
            "reason": _cycle(corpus.REASONS, i),
            "side": _cycle(["a", "b"], i),
            "other_about": _cycle(["Head of Growth at RouteWise", "", "designer at eBay"], i),
        }
    elif kind == "intro_make":
        facts = {
            "other": other,
            "other_email": "x@example.org",
            "reason": _cycle(corpus.REASONS, i),
            "about": _cycle(["", "CTO at deVries Capital"], i),
            "other_about": _cycle(["iOS developer at eBay", ""], i),
        }
    elif kind == "help_offer":
        facts = {
            "need": _cycle(corpus.NEEDS, i),
            "offer": _cycle(corpus.OFFERS, i),
            "helper": other if i % 2 else "",
        }
    elif kind == "event_follow_up":
        facts = {
            "event": _cycle(corpus.EVENTS, i),
            "event_on": _days(_cycle([1, 2, 5, 12, 40, 200], i)),
            "line": _cycle(corpus.LINES, i),
        }
        meta["dates"] = [facts["event_on"]]
        meta["met_on"] = facts["event_on"]
    elif kind == "coffee_invite":
        facts = {"last_contact_on": _days(age)}
        meta["dates"] = [facts["last_contact_on"]]
    elif kind == "promise":
        facts = {"promise": _cycle(corpus.PROMISES, i), "promised_on": _days(_cycle(AGES, i))}
        meta["dates"] = [facts["promised_on"]]
    elif kind == "ask_advice":
        facts = {"topic": _cycle(corpus.LINES, i), "last_contact_on": _days(age)}
        meta["dates"] = [facts["last_contact_on"]]
    elif kind == "lead_contact":
        facts = {
            "referrer": other,
            "what": _cycle(corpus.NEEDS, i),
            "me_line": _cycle(corpus.ME_LINES, i),
        }
    else:  # pragma: no cover - a new kind must be added here
        raise AssertionError(f"no corpus for {kind}")
    return facts, meta


KINDS = sorted(k for k in WRITERS if k != "thanks_many")
PER_KIND = 60


def _typed(facts: dict) -> list[str]:
    found = []
    for value in facts.values():
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, str))
    return found


def problems_of(subject, body, *, reader, facts_list, metas, voice) -> list[str]:
    typed = [t for f in facts_list for t in _typed(f)] + [voice.me_line]
    dates = [d for m in metas for d in m["dates"]]
    states = [s for m in metas for s in m["states"]]
    met_on = next((m["met_on"] for m in metas if m["met_on"]), None)
    found = [
        *checks.placeholders(body),
        *checks.placeholders(subject),
        *checks.doubled_runs(body),
        *checks.repeated_question(body),
        *checks.case_kept(body, typed),
        *checks.case_kept(subject, typed),
        *checks.pasted(body),
        *checks.pasted(subject),
        *checks.reader_named(body, reader.full, reader.first),
        *checks.time_words_true(body, TODAY, dates, met_on=met_on),
        *checks.time_words_true(subject, TODAY, dates, met_on=met_on),
        *checks.length_ok(body),
        *checks.cold_subject(subject),
    ]
    if states:
        found += checks.state_words_true(body, states)
    if voice.seeker:
        found += checks.pitch_words(body, typed)
    return found


VOICES = [
    Voice(me="Sam"),
    Voice(me="Sam", me_line="freelance web designer", gentle=True),
    Voice(me="Ines", seeker=True),
    Voice(me="Ines", seeker=True, gentle=True),
]


def all_drafts():
    """(label, subject, body, problems) for every draft of the corpus run."""
    for kind in KINDS:
        for i in range(PER_KIND):
            full, first = corpus.NAMES[i % len(corpus.NAMES)]
            reader = Reader(first=first, full=full)
            facts, meta = items_for(kind, i)
            voice = VOICES[i % len(VOICES)]
            subject, body, _ = write_letter(
                reader, [(kind, facts)], today=TODAY, voice=voice, index=i
            )
            yield (
                f"{kind}#{i}",
                subject,
                body,
                problems_of(
                    subject, body, reader=reader, facts_list=[facts], metas=[meta], voice=voice
                ),
            )


GROUPS = [
    ("thank_lead", "thank_lead", "help_offer"),
    ("thank_lead", "lead_status"),
    ("lead_outcome", "hello"),
    ("promise", "hello"),
    ("lead_status", "lead_status", "help_offer"),
    ("follow_up", "coffee_invite"),
    ("referral_report", "thank_lead"),
    ("event_follow_up", "promise"),
    ("hello", "coffee_invite"),
    ("intro_ask", "help_offer"),
    ("thank_lead", "lead_outcome", "hello"),
    ("ask_advice", "promise"),
]


def group_drafts():
    for g, kinds in enumerate(GROUPS):
        for i in range(12):
            full, first = corpus.NAMES[(g + i) % len(corpus.NAMES)]
            reader = Reader(first=first, full=full)
            built = [items_for(kind, i * 3 + n, full) for n, kind in enumerate(kinds)]
            # two leads from one person are about two different prospects
            facts_list = [f for f, _ in built]
            voice = VOICES[(g + i) % len(VOICES)]
            subject, body, _ = write_letter(
                reader,
                list(zip(kinds, facts_list, strict=True)),
                today=TODAY,
                voice=voice,
                index=i,
            )
            yield (
                "+".join(kinds) + f"#{i}",
                subject,
                body,
                problems_of(
                    subject,
                    body,
                    reader=reader,
                    facts_list=facts_list,
                    metas=[m for _, m in built],
                    voice=voice,
                ),
            )


def test_the_corpus_is_big_enough():
    assert len(corpus.ALL_TEXTS) >= 200


def test_every_single_draft_passes_every_check():
    bad = [(label, p, body) for label, _, body, p in all_drafts() if p]
    shown = "\n\n".join(f"{label}: {p}\n{body}" for label, p, body in bad[:8])
    assert not bad, f"{len(bad)} drafts broke a rule:\n\n{shown}"


def test_every_group_draft_passes_every_check():
    bad = [(label, p, body) for label, _, body, p in group_drafts() if p]
    shown = "\n\n".join(f"{label}: {p}\n{body}" for label, p, body in bad[:8])
    assert not bad, f"{len(bad)} drafts broke a rule:\n\n{shown}"


def test_every_corpus_text_reaches_a_draft():
    """The rotation uses each need, ask, line, promise and reason at least once."""
    used = set()
    for kind in KINDS:
        for i in range(PER_KIND):
            used.update(_typed(items_for(kind, i)[0]))
    for group in (corpus.NEEDS, corpus.ASKS, corpus.LINES, corpus.PROMISES, corpus.REASONS):
        missing = [t for t in group if t and t not in used]
        assert not missing, missing


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_words_that_differ_between_variants(kind):
    facts, _ = items_for(kind, 1)
    reader = Reader(first="Grace", full="Grace Liu")
    bodies = {
        write_letter(reader, [(kind, facts)], today=TODAY, voice=Voice(me="Sam"), index=n)[1]
        for n in range(3)
    }
    assert len(bodies) >= 2, f"{kind} has one wording only"


def test_the_corpus_covers_every_kind_in_groups_or_alone():
    grouped = set(itertools.chain.from_iterable(GROUPS))
    assert grouped <= set(KINDS)
