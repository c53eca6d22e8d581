"""Logging touchpoints, the things to ask about next time, and promises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwill.core import zones
from goodwill.core.rules import (
    UNSET,
    check_moments,
    clean_instance,
    field_error,
    resolve_owned,
    resolve_owned_many,
)
from goodwill.interactions.models import (
    AskNext,
    Interaction,
    Kind,
    Participation,
    Promise,
    interaction_logged,
    interactions_logged,
)
from goodwill.network.services import link_participants, link_participants_many
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.services.cadence import refresh, touch

PROMISE_DAYS = 3  # a promise is due this many days after it is made, unless said


def _occurred(value) -> dt.datetime:
    if value is None or value == "":
        return timezone.now()
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12, 0))
    else:
        raise field_error("occurred_at", f"{value!r} is not a date and time.")
    moment = zones.aware(moment, "occurred_at")  # a time without a zone is the account's
    if moment > timezone.now() + dt.timedelta(days=1):
        raise field_error(
            "occurred_at", "An interaction that has happened cannot be in the future."
        )
    return moment


def _participants(owner, participants, new_people: Iterable[str]) -> list[Person]:
    found = resolve_owned_many(Person, owner, participants or [], "participants")
    if any(p.is_me for p in found):
        raise field_error("participants", "You take part in every interaction; name the others.")
    for name in new_people or []:
        name = " ".join(name.split())
        if name:
            found.append(people.create_person(owner=owner, display_name=name))
    if not found:
        raise field_error("participants", "Name at least one person who took part.")
    return found


def _initiator(owner, value, participants: list[Person]):
    if value in (None, ""):
        return None
    if value == "me":
        return people.ensure_me(owner=owner)
    if value == "them":
        return participants[0]
    person = resolve_owned(Person, owner, value, "initiated_by")
    if not person.is_me and person.pk not in {p.pk for p in participants}:
        raise field_error("initiated_by", "Whoever started it must have taken part.")
    return person


def _add_asks(owner, interaction, participants: list[Person], asks) -> list[AskNext]:
    created = []
    by_id = {p.pk: p for p in participants}
    for item in asks or []:
        if isinstance(item, str):
            text, person = item, participants[0]
        else:
            text = item.get("text", "")
            person = by_id.get(int(item.get("person") or participants[0].pk))
            if person is None:
                raise field_error("ask_next", "A thing to ask next time belongs to a participant.")
        text = " ".join((text or "").split())
        if not text:
            continue
        if len(text) > 300:
            raise field_error("ask_next", "Keep each thing to ask next time under 300 characters.")
        created.append(AskNext(owner=owner, person=person, text=text, source=interaction))
    return AskNext.objects.bulk_create(created)


def _tick(owner, interaction, asked, participant_ids: set[int]) -> None:
    items = resolve_owned_many(AskNext, owner, asked or [], "asked")
    for item in items:
        if item.person_id not in participant_ids:
            raise field_error("asked", f"{item.text!r} belongs to someone who was not there.")
    AskNext.objects.filter(pk__in=[i.pk for i in items], done_at__isnull=True).update(
        done_at=interaction.occurred_at, done_in=interaction
    )


@transaction.atomic
def log_interaction(
    *,
    owner,
    participants=(),
    kind: str = Kind.COFFEE,
    occurred_at=None,
    summary: str = "",
    notes: str = "",
    initiated_by=None,
    ask_next=(),
    asked=(),
    promised=(),
    new_people: Iterable[str] = (),
    heard: dict[str, list[str]] | None = None,
) -> Interaction:
    """Record a touchpoint. Any interaction resets each participant's cadence clock.

    ``promised``: what the user said they would do, one line each (or dicts with text,
    person, due_on), due PROMISE_DAYS after the interaction unless said.
    ``heard``: what came up for them ({"needs": [...], "offers": [...]}), recorded by
    the areas listening to interaction_logged in the same transaction."""
    if kind not in Kind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(Kind.values)}.")
    moment = _occurred(occurred_at)
    who = _participants(owner, participants, new_people)
    interaction = Interaction(
        owner=owner,
        occurred_at=moment,
        kind=kind,
        summary=(summary or "").strip(),
        notes=(notes or "").strip(),
    )
    interaction.initiated_by = _initiator(owner, initiated_by, who)
    clean_instance(interaction, exclude=["owner", "initiated_by"])
    interaction.save()
    Participation.objects.bulk_create(
        Participation(interaction=interaction, person=p, occurred_at=moment) for p in who
    )
    _add_asks(owner, interaction, who, ask_next)
    _tick(owner, interaction, asked, {p.pk for p in who})
    _add_promises(owner, interaction, who, promised)
    # A new conversation ends any snooze: the clock starts again from today.
    Person.objects.filter(pk__in=[p.pk for p in who]).update(snoozed_until=None)
    refresh(owner=owner, person_ids=[p.pk for p in who])
    if kind != Kind.EVENT:  # sharing a room is not knowing each other (docs/network.md)
        link_participants(owner=owner, interaction=interaction, people=who)
    interaction_logged.send(
        sender=Interaction, owner=owner, interaction=interaction, heard=heard or {}
    )
    return interaction


SUMMARY_MAX = Interaction._meta.get_field("summary").max_length


@transaction.atomic
def log_many(*, owner, entries: list[dict]) -> list[Interaction]:
    """Record many touchpoints at once (a page of captured mail), with the same outcome as
    ``log_interaction`` for each entry in turn, in a few queries whatever their number.

    Each entry is a dict: ``participants`` (person ids, at least one, never "me"),
    ``kind``, ``occurred_at``, ``summary``, ``notes``, ``initiated_by`` ("me", "them" or
    None). Nothing else (things to ask, promises, needs heard, new people): those belong
    to a single log. The participants' clocks are refreshed once, their snoozes end, the
    people met together are linked, and ``interactions_logged`` is sent once. Returns the
    interactions in the order of the entries."""
    if not entries:
        return []
    wanted = {int(pid) for e in entries for pid in e.get("participants") or ()}
    found = {p.pk: p for p in Person.objects.filter(owner=owner, pk__in=wanted)}
    if wanted - set(found):
        raise field_error("participants", "Choose people from your own list.")
    if any(p.is_me for p in found.values()):
        raise field_error("participants", "You take part in every interaction; name the others.")
    me = None
    built: list[tuple[Interaction, list[Person]]] = []
    for entry in entries:
        kind = entry.get("kind") or Kind.EMAIL
        if kind not in Kind.values:
            raise field_error("kind", f"{kind!r} is not one of {', '.join(Kind.values)}.")
        ids = list(dict.fromkeys(int(pid) for pid in entry.get("participants") or ()))
        if not ids:
            raise field_error("participants", "Name at least one person who took part.")
        who = [found[pid] for pid in ids]
        summary = (entry.get("summary") or "").strip()
        if len(summary) > SUMMARY_MAX:
            raise field_error("summary", f"Keep the summary under {SUMMARY_MAX} characters.")
        interaction = Interaction(
            owner=owner,
            occurred_at=_occurred(entry.get("occurred_at")),
            kind=kind,
            summary=summary,
            notes=(entry.get("notes") or "").strip(),
        )
        started = entry.get("initiated_by")
        if started == "me":
            me = me or people.ensure_me(owner=owner)
            interaction.initiated_by = me
        elif started == "them":
            interaction.initiated_by = who[0]
        elif started not in (None, ""):
            raise field_error("initiated_by", "Say who started it: me, them or nobody.")
        check_moments(interaction)  # bulk_create sends no pre_save: the guard, by hand
        built.append((interaction, who))
    logged = Interaction.objects.bulk_create([i for i, _ in built])
    if any(i.pk is None for i in logged):  # every supported database returns the ids
        raise RuntimeError("the database did not return the new interactions' ids")
    Participation.objects.bulk_create(
        Participation(interaction=i, person=p, occurred_at=i.occurred_at)
        for i, who in built
        for p in who
    )
    ids = sorted({p.pk for _, who in built for p in who})
    # A new conversation ends any snooze: the clock starts again from it.
    Person.objects.filter(pk__in=ids, snoozed_until__isnull=False).update(snoozed_until=None)
    refresh(owner=owner, person_ids=ids)
    link_participants_many(
        owner=owner, links=[(i, who) for i, who in built if i.kind != Kind.EVENT]
    )
    interactions_logged.send(sender=Interaction, owner=owner, interactions=logged)
    return logged


@transaction.atomic
def update_interaction(
    *,
    owner,
    interaction,
    participants=None,
    kind=UNSET,
    occurred_at=UNSET,
    summary=UNSET,
    notes=UNSET,
    initiated_by=UNSET,
) -> Interaction:
    interaction = resolve_owned(Interaction, owner, interaction, "interaction")
    before = set(interaction.participants.values_list("pk", flat=True))
    if kind is not UNSET:
        if kind not in Kind.values:
            raise field_error("kind", f"{kind!r} is not one of {', '.join(Kind.values)}.")
        interaction.kind = kind
    if occurred_at is not UNSET:
        interaction.occurred_at = _occurred(occurred_at)
    if summary is not UNSET:
        interaction.summary = (summary or "").strip()
    if notes is not UNSET:
        interaction.notes = (notes or "").strip()
    if participants is not None:
        who = _participants(owner, participants, [])
    else:
        who = list(interaction.participants.all())
    if initiated_by is not UNSET:
        interaction.initiated_by = _initiator(owner, initiated_by, who)
    elif interaction.initiated_by_id and not (
        interaction.initiated_by.is_me or interaction.initiated_by_id in {p.pk for p in who}
    ):
        interaction.initiated_by = None
    clean_instance(interaction, exclude=["owner", "initiated_by"])
    interaction.save()
    after = {p.pk for p in who}
    if participants is not None:
        Participation.objects.filter(interaction=interaction).exclude(person_id__in=after).delete()
        Participation.objects.bulk_create(
            [
                Participation(
                    interaction=interaction, person=p, occurred_at=interaction.occurred_at
                )
                for p in who
                if p.pk not in before
            ]
        )
    Participation.objects.filter(interaction=interaction).update(
        occurred_at=interaction.occurred_at
    )
    refresh(owner=owner, person_ids=before | after)
    return interaction


@transaction.atomic
def delete_interaction(*, owner, interaction) -> None:
    interaction = resolve_owned(Interaction, owner, interaction, "interaction")
    ids = list(interaction.participants.values_list("pk", flat=True))
    interaction.delete()
    refresh(owner=owner, person_ids=ids)


@transaction.atomic
def add_ask_next(*, owner, person, text: str) -> AskNext:
    person = resolve_owned(Person, owner, person, "person")
    text = " ".join((text or "").split())
    if not text:
        raise field_error("text", "Write what to ask about.")
    item = AskNext(owner=owner, person=person, text=text)
    clean_instance(item, exclude=["owner", "person", "source", "done_in"])
    item.save()
    return item


@transaction.atomic
def set_ask_done(*, owner, item, done: bool = True) -> AskNext:
    item = resolve_owned(AskNext, owner, item, "item")
    item.done_at = timezone.now() if done else None
    if not done:
        item.done_in = None
    item.save(update_fields=["done_at", "done_in", "updated_at"])
    return item


@transaction.atomic
def delete_ask_next(*, owner, item) -> None:
    resolve_owned(AskNext, owner, item, "item").delete()


# ---------------------------------------------------------------- promises


def _due_on(value, start: dt.date) -> dt.date:
    if value in (None, ""):
        return start + dt.timedelta(days=PROMISE_DAYS)
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise field_error("due_on", f"{value!r} is not a date (YYYY-MM-DD).") from None
    if day < start:
        raise field_error("due_on", "A promise falls due on or after the day it is made.")
    return day


def _promise_text(text) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise field_error("text", "Write what you promised, e.g. send her the case studies.")
    if len(text) > 300:
        raise field_error("text", "Keep a promise under 300 characters.")
    return text


def _add_promises(owner, interaction, participants: list[Person], promised) -> list[Promise]:
    created = []
    by_id = {p.pk: p for p in participants}
    start = timezone.localdate(interaction.occurred_at)
    for item in promised or []:
        if isinstance(item, str):
            text, person, due = item, participants[0], None
        else:
            text, due = item.get("text", ""), item.get("due_on")
            person = by_id.get(int(item.get("person") or participants[0].pk))
            if person is None:
                raise field_error("promised", "A promise is made to someone who took part.")
        if not " ".join((text or "").split()):
            continue
        try:
            text, due_on = _promise_text(text), _due_on(due, start)
        except ValidationError as exc:  # name the log form's field, whatever the inner one
            raise field_error("promised", " ".join(exc.messages)) from None
        created.append(
            Promise(owner=owner, person=person, text=text, due_on=due_on, source=interaction)
        )
    return Promise.objects.bulk_create(created)


@transaction.atomic
def add_promise(*, owner, person, text: str, due_on=None) -> Promise:
    """Record a promise made to a person, due in PROMISE_DAYS days unless ``due_on``."""
    person = resolve_owned(Person, owner, person, "person")
    if person.is_me:
        raise field_error("person", "A promise is made to someone else; name them.")
    item = Promise(
        owner=owner,
        person=person,
        text=_promise_text(text),
        due_on=_due_on(due_on, timezone.localdate()),
    )
    clean_instance(item, exclude=["owner", "person", "source"])
    item.save()
    return item


@transaction.atomic
def set_promise_done(*, owner, item, done: bool = True) -> Promise:
    """Close a promise (kept: that is contact with them) or open it again."""
    item = resolve_owned(Promise, owner, item, "promise")
    was_open = item.done_at is None
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at", "updated_at"])
    if done and was_open:
        touch(owner=owner, person_ids=[item.person_id], when=item.done_at)
    return item


@transaction.atomic
def delete_promise(*, owner, item) -> None:
    resolve_owned(Promise, owner, item, "promise").delete()
