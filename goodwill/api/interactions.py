"""Interactions (touchpoints) and the things to ask about next time."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.inputs import (
    AskNextFilters,
    AskNextIn,
    AskNextPatch,
    InteractionFilters,
    InteractionIn,
    InteractionPatch,
)
from goodwill.api.schemas import AskNextOut, InteractionOut
from goodwill.models import AskNext, Interaction, Kind, Person
from goodwill.services import interactions as service

router = Router(tags=["interactions"])


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
