"""Keeping in touch: each person's cadence and snooze, and who is due for a catch-up."""

from django.db import transaction
from ninja import Query, Router
from ninja.pagination import paginate

from goodwill import queries
from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.errors import renamed_fields
from goodwill.api.inputs import CadenceIn, DueFilters
from goodwill.api.schemas import CadenceOut, DuePersonOut
from goodwill.models import Person
from goodwill.services import cadence as service
from goodwill.services.common import field_error

router = Router(tags=["cadence"])

FIELD_NAMES = {"days": "snooze.days", "until": "snooze.until"}


def _cadence(person: Person) -> dict:
    effective = service.effective_intervals([person.pk]).get(person.pk)
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


@router.get("/due", response={200: list[DuePersonOut], **READ_ERRORS}, url_name="due")
@paginate(Page)
def due(request, filters: Query[DueFilters]):
    """People whose catch-up is due on or before `on` (default today), most overdue first."""
    return queries.due(owner(request), on=filters.on)


@router.get(
    "/people/{int:person_id}/cadence",
    response={200: CadenceOut, **READ_ERRORS},
    url_name="cadence.detail",
)
def get_cadence(request, person_id: int):
    return _cadence(owned(request, Person, person_id))


@router.put(
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
            person = service.set_cadence(
                owner=owner(request), person=person, days=data["cadence_days"]
            )
        if "snooze" in data:
            snooze = data["snooze"] or {}
            if snooze.get("days") is not None and snooze.get("until") is not None:
                raise field_error("snooze", "Snooze for a number of days or until a date.")
            person = service.snooze(
                owner=owner(request),
                person=person,
                days=snooze.get("days"),
                until=snooze.get("until"),
            )
    person.refresh_from_db()
    return _cadence(person)
