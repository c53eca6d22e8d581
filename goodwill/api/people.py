"""People: list with the web's filters, create, read, change, archive, delete; and /me."""

from django.db import transaction
from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill import queries
from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.errors import renamed_fields
from goodwill.api.inputs import PeopleFilters, PersonIn, PersonPatch
from goodwill.api.schemas import MeOut, PersonDeletedOut, PersonOut
from goodwill.models import Person
from goodwill.services import people as people_service

router = Router(tags=["people"])

# Service field names → the names used in the request body.
FIELD_NAMES = {
    "birthday_year": "birthday.year",
    "birthday_month": "birthday.month",
    "birthday_day": "birthday.day",
}


def person_arguments(data: dict) -> dict:
    """Turn a request body into keyword arguments for create_person/update_person."""
    kwargs = {}
    for key, value in data.items():
        if key == "birthday":
            value = value or {}
            kwargs["birthday_year"] = value.get("year")
            kwargs["birthday_month"] = value.get("month")
            kwargs["birthday_day"] = value.get("day")
        elif key in {"emails", "phones", "tags"}:
            kwargs[key] = value or []
        else:
            kwargs[key] = value
    return kwargs


@router.get("/people", response={200: list[PersonOut], **READ_ERRORS}, url_name="people.list")
@paginate(Page)
def list_people(request, filters: Query[PeopleFilters]):
    """People, filtered like the web list: q (name, email, organization, tag), tag, show."""
    qs = queries.people(owner(request), q=filters.q, tag=filters.tag, show=filters.show)
    return queries.with_person_details(qs)


@router.post("/people", response={201: PersonOut, **WRITE_ERRORS}, url_name="people.create")
def create_person(request, payload: PersonIn):
    with renamed_fields(FIELD_NAMES):
        person = people_service.create_person(
            owner=owner(request), **person_arguments(changes(payload))
        )
    return Status(201, queries.person_full(owner(request), person.pk))


@router.get(
    "/people/{int:person_id}", response={200: PersonOut, **READ_ERRORS}, url_name="people.detail"
)
def get_person(request, person_id: int):
    return queries.person_full(owner(request), person_id)


@router.patch(
    "/people/{int:person_id}", response={200: PersonOut, **WRITE_ERRORS}, url_name="people.update"
)
def update_person(request, person_id: int, payload: PersonPatch):
    """Change only the fields sent. `archived` archives or restores the person."""
    person = owned(request, Person, person_id)
    data = changes(payload)
    archived = data.pop("archived", None)
    with transaction.atomic(), renamed_fields(FIELD_NAMES):
        if data:
            person = people_service.update_person(
                owner=owner(request), person=person, **person_arguments(data)
            )
        if archived is not None:
            people_service.set_archived(owner=owner(request), person=person, archived=archived)
    return queries.person_full(owner(request), person.pk)


@router.delete(
    "/people/{int:person_id}",
    response={200: PersonDeletedOut, **WRITE_ERRORS},
    url_name="people.delete",
)
def delete_person(request, person_id: int):
    """Delete a person, the interactions only they took part in, and their relationships.
    Returns what went with them."""
    person = owned(request, Person, person_id)
    return people_service.delete_person(owner=owner(request), person=person)


@router.get("/me", response={200: MeOut, **READ_ERRORS}, url_name="me")
def me(request):
    """The account calling the API, with its own person record."""
    return owner(request)
