"""Double-opt-in introductions: suggested → asked A → asked B → made (→ outcome).

The rules (see docs/giving.md):

* A is asked first ("would you like to meet B?"); only when A says yes is B asked; only
  when B says yes are they introduced. No step is skipped and none goes back.
* Anyone may decline before the introduction is made: A while asked, B while asked, or
  you ("me") at any step before "made". Declined is final.
* "Made" records that A and B know each other (a relationship "introduced by" you) and a
  give from you to each of them; the need behind it becomes met only when you confirm.
* An outcome ("they're working together") can be noted once made, and updated.
* Every step is an IntroStep with the message that went with it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from goodwill.core.rules import field_error, resolve_owned
from goodwill.giving import services as giving
from goodwill.giving.models import (
    GiveKind,
    Introduction,
    IntroStatus,
    IntroStep,
    IntroStepKind,
    Need,
    NeedStatus,
)
from goodwill.leads.rules import drafts
from goodwill.network import services as network
from goodwill.network.models import RelKind, RelSource
from goodwill.people.rules import resolve_two_people
from goodwill.people.services import ensure_me
from goodwill.people.services.cadence import touch

# status → (the action that moves it on, the status it leads to)
NEXT = {
    IntroStatus.SUGGESTED: ("ask_a", IntroStatus.ASKED_A),
    IntroStatus.ASKED_A: ("ask_b", IntroStatus.ASKED_B),
    IntroStatus.ASKED_B: ("made", IntroStatus.MADE),
}
ACTIONS = ("ask_a", "ask_b", "made", "outcome", "decline")
OPEN = (IntroStatus.SUGGESTED, IntroStatus.ASKED_A, IntroStatus.ASKED_B)


def allowed_actions(intro: Introduction) -> list[str]:
    """What can happen next to an introduction in its current state."""
    if intro.status in NEXT:
        return [NEXT[intro.status][0], "decline"]
    if intro.status == IntroStatus.MADE:
        return ["outcome"]
    return []


def _label(status: str) -> str:
    return IntroStatus(status).label.lower()


def check_action(intro: Introduction, action: str) -> None:
    """Raise a ValidationError naming ``action`` when it cannot happen now."""
    if action not in ACTIONS:
        raise field_error("action", f"{action!r} is not a step; use one of {', '.join(ACTIONS)}.")
    if action in allowed_actions(intro):
        return
    if intro.status == IntroStatus.DECLINED:
        raise field_error("action", "This introduction was declined; that is final.")
    if intro.status == IntroStatus.MADE:
        raise field_error("action", "They have been introduced; only the outcome is left.")
    if action == "outcome":
        raise field_error("action", "An outcome comes after the introduction is made.")
    expected = NEXT[intro.status][0]
    raise field_error(
        "action",
        f"The introduction is {_label(intro.status)}: next is {expected.replace('_', ' ')}, "
        f"not {action.replace('_', ' ')}. Double opt-in asks A, then B, then introduces.",
    )


def _step(intro, step: str, at, message: str = "", note: str = "") -> IntroStep:
    note = " ".join((note or "").split())
    if len(note) > 500:
        raise field_error("note", "Keep the note under 500 characters.")
    return IntroStep.objects.create(
        owner=intro.owner,
        introduction=intro,
        step=step,
        at=at,
        message=(message or "").strip(),
        note=note,
    )


def _locked(owner, intro) -> Introduction:
    intro = resolve_owned(Introduction, owner, intro, "introduction")
    return (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("a", "b", "need", "need__person")
        .get(pk=intro.pk)
    )


@transaction.atomic
def suggest_intro(*, owner, a, b, reason: str = "", need=None) -> Introduction:
    """Suggest introducing ``a`` to ``b`` (A is asked first). ``need`` is what it answers."""
    a, b = resolve_two_people(owner, a, b, same="Introduce two different people.")
    for field, person in (("a", a), ("b", b)):
        if person.is_me:
            raise field_error(field, "You already know them; introduce two other people.")
    need = resolve_owned(Need, owner, need, "need")
    if need is not None and need.person_id not in (a.pk, b.pk):
        raise field_error("need", f"That need is {need.person.display_name}'s: include them.")
    reason = " ".join((reason or "").split())
    if len(reason) > 1000:
        raise field_error("reason", "Keep the reason under 1000 characters.")
    if not reason and need is not None:
        reason = f"{need.person.display_name} is looking for: {need.text}"
    pair = Introduction.objects.filter(owner=owner, status__in=OPEN)
    if pair.filter(a__in=[a, b], b__in=[a, b]).exists():
        raise field_error("b", f"An introduction of {a} and {b} is already under way.")
    intro = Introduction.objects.create(owner=owner, a=a, b=b, reason=reason, need=need)
    _step(intro, IntroStepKind.SUGGESTED, timezone.now())
    return intro


@transaction.atomic
def advance_intro(
    *,
    owner,
    intro,
    action: str,
    message: str | None = None,
    note: str = "",
    outcome: str = "",
    declined_by: str = "",
    meets_need: bool = False,
) -> Introduction:
    """Take one step: ask_a, ask_b, made, outcome or decline (see the module's rules).

    ``message`` is what was sent (default: the draft for the step).
    """
    intro = _locked(owner, intro)
    check_action(intro, action)
    now = timezone.now()
    if action == "decline":
        return _decline(intro, declined_by, note, now)
    if action == "outcome":
        text = " ".join((outcome or "").split())
        if not text:
            raise field_error("outcome", "Say how it turned out, in a few words.")
        if len(text) > 1000:
            raise field_error("outcome", "Keep the outcome under 1000 characters.")
        intro.outcome, intro.outcome_at = text, now
        intro.save(update_fields=["outcome", "outcome_at", "updated_at"])
        _step(intro, IntroStepKind.OUTCOME, now, note=note or text[:500])
        return intro
    if meets_need and (action != "made" or intro.need is None):
        raise field_error("meets_need", "Only a made introduction with a need can meet it.")
    draft = intro_draft(intro, action, me=my_name(owner))
    text = draft.body if message is None else message
    intro.status = NEXT[intro.status][1]
    setattr(intro, {"ask_a": "asked_a_at", "ask_b": "asked_b_at", "made": "made_at"}[action], now)
    intro.save()
    _step(intro, intro.status, now, message=text, note=note)
    if action == "made":
        _made(owner, intro, meets_need)
    # Asking someone, or introducing them, is contact: their clock restarts.
    asked = {"ask_a": [intro.a_id], "ask_b": [intro.b_id]}.get(action, [intro.a_id, intro.b_id])
    touch(owner=owner, person_ids=asked, when=now)
    return intro


def _decline(intro, declined_by: str, note: str, now) -> Introduction:
    expected = {IntroStatus.ASKED_A: "a", IntroStatus.ASKED_B: "b"}.get(intro.status, "me")
    who = declined_by or expected
    allowed = {"me", "a"} if intro.status == IntroStatus.ASKED_A else {"me", "a", "b"}
    if intro.status == IntroStatus.SUGGESTED:
        allowed = {"me"}
    if who not in allowed:
        raise field_error(
            "declined_by",
            f"While {_label(intro.status)}, the no can come from {' or '.join(sorted(allowed))}.",
        )
    intro.status, intro.declined_at, intro.declined_by = IntroStatus.DECLINED, now, who
    intro.save(update_fields=["status", "declined_at", "declined_by", "updated_at"])
    _step(intro, IntroStepKind.DECLINED, now, note=note)
    return intro


def _made(owner, intro, meets_need: bool) -> None:
    network.connect_people(
        owner=owner,
        a=intro.a,
        b=intro.b,
        kind=RelKind.KNOWS,
        since=timezone.localdate(),
        source=RelSource.INTRODUCED_BY,
    )
    # One introduction is one give, to the person it helps: the one whose need it
    # answers, else the one asked first. It shows under both names (giving.queries).
    need = intro.need
    helped, other = (
        (intro.b, intro.a) if need and need.person_id == intro.b_id else (intro.a, intro.b)
    )
    giving.record_give(
        owner=owner,
        giver="me",
        receiver=helped,
        kind=GiveKind.INTRODUCTION,
        summary=f"Introduced {helped.display_name} to {other.display_name}"[:300],
        need=need,
        meets_need=bool(meets_need and need and need.status == NeedStatus.OPEN),
        introduction=intro,
    )


@transaction.atomic
def delete_intro(*, owner, intro) -> None:
    """Delete an introduction and its steps; gives it made stay (they happened)."""
    resolve_owned(Introduction, owner, intro, "introduction").delete()


# ---------------------------------------------------------------- drafts


def my_name(owner) -> str:
    return drafts.first_name(ensure_me(owner=owner))


def _about(person) -> str:
    org = getattr(person, "organization", None)
    if person.title and org:
        return f"{person.title} at {org}"
    return person.title or (str(org) if org else "")


ASK_A = [
    (
        "Would you like to meet {b}?",
        "Hi {a_first},\n\nI've been thinking you and {b}{b_about} should meet. {why}\n\n"
        "Would you be open to an introduction? If the timing is wrong, just say so: no "
        "hard feelings at all.\n\n{me}",
    ),
    (
        "An introduction, if you'd like one",
        "Hi {a_first},\n\nI know someone I think you'd enjoy talking to: {b}{b_about}. "
        "{why}\n\nShall I connect you two? Happy either way.\n\n{me}",
    ),
]
ASK_B = [
    (
        "Would you like to meet {a}?",
        "Hi {b_first},\n\n{a}{a_about} would be glad to meet you, and I think it could be "
        "worth your while. {why}\n\nAre you happy for me to introduce you? A no is "
        "completely fine.\n\n{me}",
    ),
    (
        "Someone I'd like you to meet",
        "Hi {b_first},\n\nI'd like to introduce you to {a}{a_about}. {why}\n\n"
        "They've said yes; would you like me to connect you?\n\n{me}",
    ),
]
MADE = [
    (
        "{a_first}, meet {b_first}",
        "Hi {a_first} and {b_first},\n\nAs promised, here you both are.\n\n"
        "{a_first}: {b}{b_about}.\n{b_first}: {a}{a_about}.\n\n{why}\n\n"
        "I'll leave it to you two from here. Enjoy the conversation!\n\n{me}",
    ),
    (
        "Introducing {a_first} and {b_first}",
        "Hi both,\n\nGlad you were both up for this. {a}, meet {b}{b_about}; {b_first}, "
        "meet {a}{a_about}.\n\n{why}\n\nOver to you!\n\n{me}",
    ),
]
OPTIONS = {"ask_a": ASK_A, "ask_b": ASK_B, "made": MADE}


def intro_draft(intro, action: str, *, me: str, variant: int | None = None) -> drafts.Draft:
    """The message for a step: asking A, asking B, or the introduction itself."""
    a_about, b_about = _about(intro.a), _about(intro.b)
    why = intro.reason.rstrip(".") + "." if intro.reason else ""
    values = {
        "a": intro.a.display_name,
        "b": intro.b.display_name,
        "a_first": drafts.first_name(intro.a),
        "b_first": drafts.first_name(intro.b),
        "a_about": f" ({a_about})" if a_about else "",
        "b_about": f" ({b_about})" if b_about else "",
        "why": why,
        "me": me,
    }
    to = intro.b if action == "ask_b" else intro.a
    draft = drafts._fill(action, OPTIONS[action], variant, intro.pk or 0, to, values)
    if action == "made" and (email := drafts.first_email(intro.b)):
        # The introduction goes to both: the mail app gets both addresses.
        first = draft.to_email
        joined = f"{first},{email}" if first else email
        to_name = f"{intro.a.display_name} and {intro.b.display_name}"
        draft = drafts.Draft(**{**draft.__dict__, "to_email": joined, "to_name": to_name})
    return draft


def next_draft(intro, owner, *, variant: int | None = None) -> drafts.Draft | None:
    """The draft for the step that comes next, or None when no message is due."""
    if intro.status not in NEXT:
        return None
    return intro_draft(intro, NEXT[intro.status][0], me=my_name(owner), variant=variant)
