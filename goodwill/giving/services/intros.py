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

from goodwill.core.language.letters import Reader, Voice, write_letter
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
    """Who someone is, as an apposition: "Head of Growth at RouteWise" (or "")."""
    org = getattr(person, "organization", None)
    if person.title and org:
        return f"{person.title} at {org}"
    return person.title or ""


def intro_draft(intro, action: str, *, me: str, variant: int | None = None) -> drafts.Draft:
    """The message for a step: asking A, asking B, or the introduction itself. Worded by
    the language layer (kinds intro_ask and intro_make in core/language/letters.py)."""
    to, other = (intro.b, intro.a) if action == "ask_b" else (intro.a, intro.b)
    if action == "made":
        item = (
            "intro_make",
            {
                "other": other.display_name,
                "reason": intro.reason,
                "about": _about(to),
                "other_about": _about(other),
            },
        )
    else:
        side = "b" if action == "ask_b" else "a"
        item = (
            "intro_ask",
            {
                "other": other.display_name,
                "reason": intro.reason,
                "side": side,
                "other_about": _about(other),
            },
        )
    reader = Reader(first=drafts.greeting_name(to), full=to.display_name)
    voice = Voice(me=me)
    today = timezone.localdate()
    _, _, variants = write_letter(reader, [item], today=today, voice=voice)
    index = ((intro.pk or 0) if variant is None else variant) % variants
    subject, body, _ = write_letter(reader, [item], today=today, voice=voice, index=index)
    to_email, to_name = drafts.first_email(to), to.display_name
    if action == "made" and (email := drafts.first_email(intro.b)):
        # The introduction goes to both: the mail app gets both addresses.
        to_email = f"{to_email},{email}" if to_email else email
        to_name = f"{intro.a.display_name} and {intro.b.display_name}"
    return drafts.Draft(
        kind=action,
        to_name=to_name,
        to_email=to_email,
        subject=subject,
        body=body,
        variant=index,
        variants=variants,
    )


def next_draft(intro, owner, *, variant: int | None = None) -> drafts.Draft | None:
    """The draft for the step that comes next, or None when no message is due."""
    if intro.status not in NEXT:
        return None
    return intro_draft(intro, NEXT[intro.status][0], me=my_name(owner), variant=variant)
