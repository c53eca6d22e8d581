"""Interactions (touchpoints), the things to ask about next time, each person's cadence
and snooze, and who is due for a catch-up."""

import datetime as dt

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.errors import renamed_fields
from goodwill.core.rules import field_error
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions import services as service
from goodwill.interactions.models import AskNext, Interaction, Kind, Promise
from goodwill.interactions.schemas import (
    AskNextFilters,
    AskNextIn,
    AskNextOut,
    AskNextPatch,
    CadenceIn,
    CadenceOut,
    DueFilters,
    DuePersonOut,
    InteractionFilters,
    InteractionIn,
    InteractionOut,
    InteractionPatch,
    PromiseFilters,
    PromiseIn,
    PromiseOut,
    PromisePatch,
)
from goodwill.people.models import Person
from goodwill.people.services import cadence

router = Router(tags=["interactions"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"interaction_id": Interaction, "item_id": AskNext, "promise_id": Promise}


def _interactions(request):
    return (
        Interaction.objects.filter(owner=owner(request))
        .select_related("initiated_by")
        .prefetch_related(
            Prefetch("participants", queryset=Person.objects.only("pk", "display_name", "owner_id"))
        )
        .order_by("-occurred_at", "-id")
    )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@router.get(
    "/interactions",
    response={200: list[InteractionOut], **READ_ERRORS},
    url_name="interactions.list",
)
@paginate(Page)
def list_interactions(request, filters: Query[InteractionFilters]):
    """Most recent first. Filter by a participant's id, kind, and a date range
    (since is inclusive, before exclusive)."""
    qs = _interactions(request)
    if filters.person is not None:
        qs = qs.filter(participation__person_id=filters.person)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.since:
        qs = qs.filter(occurred_at__gte=_start_of(filters.since))
    if filters.before:
        qs = qs.filter(occurred_at__lt=_start_of(filters.before))
    return qs


@router.post(
    "/interactions",
    response={201: InteractionOut, **WRITE_ERRORS},
    url_name="interactions.create",
)
def log_interaction(request, payload: InteractionIn):
    """Log a touchpoint. It resets each participant's keep-in-touch clock; `asked` ticks
    off earlier things to ask next time, `ask_next` adds new ones."""
    data = payload.model_dump()
    data["kind"] = payload.kind.value
    interaction = service.log_interaction(owner=owner(request), **data)
    return Status(201, owned(request, _interactions(request), interaction.pk))


@router.get(
    "/interactions/{int:interaction_id}",
    response={200: InteractionOut, **READ_ERRORS},
    url_name="interactions.detail",
)
def get_interaction(request, interaction_id: int):
    return owned(request, _interactions(request), interaction_id)


@router.patch(
    "/interactions/{int:interaction_id}",
    response={200: InteractionOut, **WRITE_ERRORS},
    url_name="interactions.update",
)
def update_interaction(request, interaction_id: int, payload: InteractionPatch):
    """Change only the fields sent; `participants` replaces the whole list."""
    interaction = owned(request, Interaction, interaction_id)
    data = changes(payload)
    if data.get("kind") is not None:
        data["kind"] = Kind(data["kind"]).value
    service.update_interaction(owner=owner(request), interaction=interaction, **data)
    return owned(request, _interactions(request), interaction.pk)


@router.delete(
    "/interactions/{int:interaction_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="interactions.delete",
)
def delete_interaction(request, interaction_id: int):
    interaction = owned(request, Interaction, interaction_id)
    service.delete_interaction(owner=owner(request), interaction=interaction)
    return Status(204, None)


# ---------------------------------------------------------------- things to ask next time


@router.get(
    "/people/{int:person_id}/ask-next",
    response={200: list[AskNextOut], **READ_ERRORS},
    url_name="ask_next.list",
)
@paginate(Page)
def list_ask_next(request, person_id: int, filters: Query[AskNextFilters]):
    """Open items first, then done ones. `done=false` lists only what is still to ask."""
    person = owned(request, Person, person_id)
    qs = AskNext.objects.filter(owner=owner(request), person=person).order_by(
        "done_at", "created_at", "id"
    )
    if filters.done is not None:
        qs = qs.filter(done_at__isnull=not filters.done)
    return qs


@router.post(
    "/people/{int:person_id}/ask-next",
    response={201: AskNextOut, **WRITE_ERRORS},
    url_name="ask_next.create",
)
def add_ask_next(request, person_id: int, payload: AskNextIn):
    person = owned(request, Person, person_id)
    return Status(201, service.add_ask_next(owner=owner(request), person=person, text=payload.text))


@router.get(
    "/ask-next/{int:item_id}", response={200: AskNextOut, **READ_ERRORS}, url_name="ask_next.detail"
)
def get_ask_next(request, item_id: int):
    return owned(request, AskNext, item_id)


@router.patch(
    "/ask-next/{int:item_id}",
    response={200: AskNextOut, **WRITE_ERRORS},
    url_name="ask_next.update",
)
def tick_ask_next(request, item_id: int, payload: AskNextPatch):
    """Tick an item done (`{"done": true}`) or open it again (`{"done": false}`)."""
    item = owned(request, AskNext, item_id)
    return service.set_ask_done(owner=owner(request), item=item, done=payload.done)


@router.delete(
    "/ask-next/{int:item_id}", response={204: None, **WRITE_ERRORS}, url_name="ask_next.delete"
)
def delete_ask_next(request, item_id: int):
    item = owned(request, AskNext, item_id)
    service.delete_ask_next(owner=owner(request), item=item)
    return Status(204, None)


# ---------------------------------------------------------------- promises


@router.get("/promises", response={200: list[PromiseOut], **READ_ERRORS}, url_name="promises.list")
@paginate(Page)
def list_promises(request, filters: Query[PromiseFilters]):
    """Promises, open ones first (soonest due first). `done=false`: only the open ones."""
    qs = Promise.objects.filter(owner=owner(request)).select_related("person")
    qs = qs.order_by(F("done_at").desc(nulls_first=True), "due_on", "id")
    if filters.done is not None:
        qs = qs.filter(done_at__isnull=not filters.done)
    return qs


@router.post(
    "/people/{int:person_id}/promises",
    response={201: PromiseOut, **WRITE_ERRORS},
    url_name="promises.create",
)
def add_promise(request, person_id: int, payload: PromiseIn):
    """Note a promise made to this person; due in three days unless `due_on` says."""
    person = owned(request, Person, person_id)
    item = service.add_promise(
        owner=owner(request), person=person, text=payload.text, due_on=payload.due_on
    )
    return Status(201, item)


@router.patch(
    "/promises/{int:promise_id}",
    response={200: PromiseOut, **WRITE_ERRORS},
    url_name="promises.update",
)
def tick_promise(request, promise_id: int, payload: PromisePatch):
    """Close a promise (`{"done": true}`; it counts as contact) or open it again."""
    item = owned(request, Promise, promise_id)
    return service.set_promise_done(owner=owner(request), item=item, done=payload.done)


@router.delete(
    "/promises/{int:promise_id}", response={204: None, **WRITE_ERRORS}, url_name="promises.delete"
)
def delete_promise(request, promise_id: int):
    item = owned(request, Promise, promise_id)
    service.delete_promise(owner=owner(request), item=item)
    return Status(204, None)


cadence_router = Router(tags=["cadence"])

FIELD_NAMES = {"days": "snooze.days", "until": "snooze.until"}


def _cadence(person: Person) -> dict:
    effective = cadence.effective_intervals([person.pk]).get(person.pk)
    if person.cadence_days:
        source = "person"
    elif effective:
        source = "tag"
    else:
        source = None
    return {
        "person_id": person.pk,
        "cadence_days": person.cadence_days,
        "effective_cadence_days": None if person.is_me else effective,
        "cadence_from": None if person.is_me else source,
        "snoozed_until": person.snoozed_until,
        "last_contact_at": person.last_contact_at,
        "next_due_on": person.next_due_on,
    }


@cadence_router.get("/due", response={200: list[DuePersonOut], **READ_ERRORS}, url_name="due")
@paginate(Page)
def due(request, filters: Query[DueFilters]):
    """People whose catch-up is due on or before `on` (default today), most overdue first."""
    return interaction_queries.due(owner(request), on=filters.on)


@cadence_router.get(
    "/people/{int:person_id}/cadence",
    response={200: CadenceOut, **READ_ERRORS},
    url_name="cadence.detail",
)
def get_cadence(request, person_id: int):
    return _cadence(owned(request, Person, person_id))


@cadence_router.put(
    "/people/{int:person_id}/cadence",
    response={200: CadenceOut, **WRITE_ERRORS},
    url_name="cadence.update",
)
def set_cadence(request, person_id: int, payload: CadenceIn):
    """Set the person's own interval (`cadence_days`, null to fall back to their tags)
    and/or snooze them (`snooze: {"days": 14}` or `{"until": "2026-09-01"}`; null ends a
    snooze). Only the keys sent change."""
    person = owned(request, Person, person_id)
    data = changes(payload)
    with transaction.atomic(), renamed_fields(FIELD_NAMES):
        if "cadence_days" in data:
            person = cadence.set_cadence(
                owner=owner(request), person=person, days=data["cadence_days"]
            )
        if "snooze" in data:
            snooze = data["snooze"] or {}
            if snooze.get("days") is not None and snooze.get("until") is not None:
                raise field_error("snooze", "Snooze for a number of days or until a date.")
            person = cadence.snooze(
                owner=owner(request),
                person=person,
                days=snooze.get("days"),
                until=snooze.get("until"),
            )
    person.refresh_from_db()
    return _cadence(person)


router.add_router("", cadence_router)
