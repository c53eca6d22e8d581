"""Serve first: needs, offers and gives. Introductions live in giving.services.intros.

The rules (see docs/giving.md):

* A need belongs to one of your people (never you: your own needs are not tracked here)
  and is open, met or no longer relevant ("moot"). Reopening is allowed.
* An offer belongs to anyone, you included.
* A give goes from one person to another (either may be you). It may name the need it
  answers; the need becomes met only when the caller confirms it (``meets_need=True``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwill.core.rules import UNSET, clean_instance, field_error, parse_day, resolve_owned
from goodwill.giving.models import Give, GiveKind, Introduction, Need, NeedStatus, Offer
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person
from goodwill.people.rules import resolve_someone
from goodwill.people.services import ensure_me
from goodwill.people.services.cadence import touch

TEXT_MAX = 300


def clean_text(value, field: str, missing: str, *, limit: int = TEXT_MAX) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise field_error(field, missing)
    if len(text) > limit:
        raise field_error(field, f"Keep it under {limit} characters.")
    return text


def _anyone(owner, value, field: str, missing: str) -> Person:
    """One of the owner's people, the owner included ("me" names the owner)."""
    if isinstance(value, str) and value.strip().lower() == "me":
        return ensure_me(owner=owner)
    person = resolve_owned(Person, owner, value, field)
    if person is None:
        raise field_error(field, missing)
    return person


def _interaction(owner, value, person: Person | None = None):
    interaction = resolve_owned(Interaction, owner, value, "interaction")
    if (
        interaction is not None
        and person is not None
        and not interaction.participation_set.filter(person=person).exists()
    ):
        raise field_error("interaction", f"{person.display_name} was not part of it.")
    return interaction


# ---------------------------------------------------------------- needs


@transaction.atomic
def create_need(
    *, owner, person, text: str, details: str = "", heard_on=None, interaction=None
) -> Need:
    """Note something ``person`` is looking for or struggling with."""
    person = resolve_someone(owner, person, "person", "Say whose need it is.")
    need = Need(
        owner=owner,
        person=person,
        text=clean_text(text, "text", "Say in a few words what they need."),
        details=(details or "").strip(),
        heard_on=parse_day(heard_on, "heard_on"),
        interaction=_interaction(owner, interaction, person),
    )
    clean_instance(need, exclude=["owner", "person", "interaction"])
    need.save()
    return need


@transaction.atomic
def update_need(*, owner, need, text=UNSET, details=UNSET, heard_on=UNSET) -> Need:
    need = resolve_owned(Need, owner, need, "need")
    if text is not UNSET:
        need.text = clean_text(text, "text", "Say in a few words what they need.")
    if details is not UNSET:
        need.details = (details or "").strip()
    if heard_on is not UNSET:
        need.heard_on = parse_day(heard_on, "heard_on")
    clean_instance(need, exclude=["owner", "person", "interaction"])
    need.save()
    return need


@transaction.atomic
def set_need_status(*, owner, need, status: str) -> Need:
    """Open, met or moot (no longer relevant); setting the same status is refused."""
    need = resolve_owned(Need, owner, need, "need")
    if status not in NeedStatus.values:
        raise field_error(
            "status", f"{status!r} is not a need status; use one of {', '.join(NeedStatus.values)}."
        )
    if status == need.status:
        raise field_error("status", f"The need is already {need.get_status_display().lower()}.")
    need.status = status
    need.status_changed_at = timezone.now()
    need.save(update_fields=["status", "status_changed_at", "updated_at"])
    return need


@transaction.atomic
def delete_need(*, owner, need) -> None:
    resolve_owned(Need, owner, need, "need").delete()


# ---------------------------------------------------------------- offers


@transaction.atomic
def create_offer(
    *, owner, person, text: str, details: str = "", offered_on=None, interaction=None
) -> Offer:
    """Note something ``person`` (or you: person="me") can give."""
    person = _anyone(owner, person, "person", "Say whose offer it is.")
    offer = Offer(
        owner=owner,
        person=person,
        text=clean_text(text, "text", "Say in a few words what they can offer."),
        details=(details or "").strip(),
        offered_on=parse_day(offered_on, "offered_on"),
        interaction=_interaction(owner, interaction, None if person.is_me else person),
    )
    clean_instance(offer, exclude=["owner", "person", "interaction"])
    offer.save()
    return offer


@transaction.atomic
def update_offer(
    *, owner, offer, text=UNSET, details=UNSET, offered_on=UNSET, active=UNSET
) -> Offer:
    offer = resolve_owned(Offer, owner, offer, "offer")
    if text is not UNSET:
        offer.text = clean_text(text, "text", "Say in a few words what they can offer.")
    if details is not UNSET:
        offer.details = (details or "").strip()
    if offered_on is not UNSET:
        offer.offered_on = parse_day(offered_on, "offered_on")
    if active is not UNSET:
        if not isinstance(active, bool):
            raise field_error("active", "Say true or false.")
        offer.active = active
    clean_instance(offer, exclude=["owner", "person", "interaction"])
    offer.save()
    return offer


@transaction.atomic
def delete_offer(*, owner, offer) -> None:
    resolve_owned(Offer, owner, offer, "offer").delete()


# ---------------------------------------------------------------- gives


@transaction.atomic
def record_give(
    *,
    owner,
    summary: str,
    giver="me",
    receiver=None,
    kind: str = GiveKind.OTHER,
    notes: str = "",
    given_on=None,
    need=None,
    meets_need: bool = False,
    introduction=None,
) -> Give:
    """Record an act of help from ``giver`` to ``receiver`` (either may be "me").

    With ``need`` (which must be the receiver's) the give answers it; the need is marked
    met only when ``meets_need`` is true: the user confirms it, the app never assumes.
    """

    need = resolve_owned(Need, owner, need, "need")
    if receiver in (None, "") and need is not None:
        receiver = need.person
    giver = _anyone(owner, giver, "giver", "Say who helped.")
    receiver = _anyone(owner, receiver, "receiver", "Say who was helped.")
    if giver.pk == receiver.pk:
        raise field_error("receiver", "A give goes to someone other than the giver.")
    if kind not in GiveKind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(GiveKind.values)}.")
    if need is not None and need.person_id != receiver.pk:
        raise field_error(
            "need", f"That need is {need.person.display_name}'s; the give would go to them."
        )
    if meets_need and need is None:
        raise field_error("meets_need", "Name the need this give meets.")
    give = Give(
        owner=owner,
        giver=giver,
        receiver=receiver,
        kind=kind,
        summary=clean_text(summary, "summary", "Say in a few words what the help was."),
        notes=(notes or "").strip(),
        given_on=parse_day(given_on, "given_on"),
        need=need,
        introduction=resolve_owned(Introduction, owner, introduction, "introduction"),
    )
    clean_instance(give, exclude=["owner", "giver", "receiver", "need", "introduction"])
    give.save()
    # Helping someone (or being helped) is contact: their keep-in-touch clock restarts.
    touch(owner=owner, person_ids=[giver.pk, receiver.pk], when=give.given_on)
    if meets_need and need.status != NeedStatus.MET:
        need.status, need.status_changed_at = NeedStatus.MET, timezone.now()
        need.save(update_fields=["status", "status_changed_at", "updated_at"])
    return give


@transaction.atomic
def update_give(*, owner, give, summary=UNSET, notes=UNSET, kind=UNSET, given_on=UNSET) -> Give:
    give = resolve_owned(Give, owner, give, "give")
    if summary is not UNSET:
        give.summary = clean_text(summary, "summary", "Say in a few words what the help was.")
    if notes is not UNSET:
        give.notes = (notes or "").strip()
    if kind is not UNSET:
        if kind not in GiveKind.values:
            raise field_error("kind", f"{kind!r} is not one of {', '.join(GiveKind.values)}.")
        give.kind = kind
    if given_on is not UNSET:
        give.given_on = parse_day(given_on, "given_on")
    give.save()
    return give


@transaction.atomic
def delete_give(*, owner, give) -> None:
    """Delete a give. A need it met stays met: the need was met, whatever the record."""
    resolve_owned(Give, owner, give, "give").delete()


# ---------------------------------------------------------------- from the log form


def _split_owner(line: str, people: list[Person]) -> tuple[Person | None, str]:
    """ "Ana: hiring a designer" → (Ana, "hiring a designer") when Ana was there."""
    name, sep, rest = line.partition(":")
    if sep and rest.strip():
        key = name.strip().lower()
        for p in people:
            first = (p.given_name or (p.display_name.split() or [""])[0]).lower()
            if key in {p.display_name.lower(), first}:
                return p, rest.strip()
    return None, line


@transaction.atomic
def capture_from_interaction(*, owner, interaction, needs=(), offers=()) -> dict:
    """Needs and offers heard at an interaction, one text per item, for its people.

    With one person met, every item is theirs; with several, start an item with the
    person's name ("Ana: hiring a designer").
    """
    interaction = resolve_owned(Interaction, owner, interaction, "interaction")
    people = [p for p in interaction.participants.all() if not p.is_me]
    made = {"needs": [], "offers": []}
    for field, items, create in (("needs", needs, create_need), ("offers", offers, create_offer)):
        for line in items:
            person, text = _split_owner(line, people)
            if person is None and len(people) == 1:
                person = people[0]
            if person is None:
                names = ", ".join(p.display_name for p in people) or "nobody"
                raise field_error(
                    field,
                    f"Whose is “{line}”? Start it with a name: {names}.",
                )
            day = {"heard_on" if field == "needs" else "offered_on": interaction.occurred_at}
            try:
                item = create(owner=owner, person=person, text=text, interaction=interaction, **day)
            except ValidationError as exc:
                raise field_error(field, f"“{line}”: {exc.messages[0]}") from None
            made[field].append(item)
    return made


def on_interaction_logged(sender, *, owner, interaction, heard, **kwargs) -> dict:
    """Record the needs and offers heard at a logged interaction (goodwill/apps.py
    connects this to the interactions area's interaction_logged)."""
    if not any(heard.values()):
        return {"needs": [], "offers": []}
    return capture_from_interaction(
        owner=owner,
        interaction=interaction,
        needs=heard.get("needs", ()),
        offers=heard.get("offers", ()),
    )
