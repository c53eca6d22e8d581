"""People: list with the web's filters, create, read, change, archive, delete; tags and
organizations."""

from django.db import transaction
from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.errors import renamed_fields
from goodwill.people import queries
from goodwill.people import services as people_service
from goodwill.people.models import Organization, Person, Tag
from goodwill.people.schemas import (
    NameFilter,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    PeopleFilters,
    PersonDeletedOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    TagIn,
    TagOut,
    TagPatch,
)
from goodwill.people.services import organizations

router = Router(tags=["people"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"person_id": Person, "tag_id": Tag, "organization_id": Organization}

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


tags_router = Router(tags=["tags"])


@tags_router.get("/tags", response={200: list[TagOut], **READ_ERRORS}, url_name="tags.list")
@paginate(Page)
def list_tags(request, filters: Query[NameFilter]):
    qs = Tag.objects.filter(owner=owner(request)).order_by("name", "id")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q.strip().lstrip("#"))
    return qs


@tags_router.post("/tags", response={201: TagOut, **WRITE_ERRORS}, url_name="tags.create")
def create_tag(request, payload: TagIn):
    return Status(
        201,
        organizations.create_tag(
            owner=owner(request), name=payload.name, cadence_days=payload.cadence_days
        ),
    )


@tags_router.get(
    "/tags/{int:tag_id}", response={200: TagOut, **READ_ERRORS}, url_name="tags.detail"
)
def get_tag(request, tag_id: int):
    return owned(request, Tag, tag_id)


@tags_router.patch(
    "/tags/{int:tag_id}", response={200: TagOut, **WRITE_ERRORS}, url_name="tags.update"
)
def update_tag(request, tag_id: int, payload: TagPatch):
    """Rename a tag or change its default cadence (null removes it); the due dates of its
    people are recomputed."""
    tag = owned(request, Tag, tag_id)
    data = changes(payload)
    if data.get("name", "") is None:
        data.pop("name")
    return organizations.update_tag(owner=owner(request), tag=tag, **data)


@tags_router.delete(
    "/tags/{int:tag_id}", response={204: None, **WRITE_ERRORS}, url_name="tags.delete"
)
def delete_tag(request, tag_id: int):
    """Delete a tag; its people stay, without it."""
    tag = owned(request, Tag, tag_id)
    organizations.delete_tag(owner=owner(request), tag=tag)
    return Status(204, None)


organizations_router = Router(tags=["organizations"])


@organizations_router.get(
    "/organizations",
    response={200: list[OrganizationOut], **READ_ERRORS},
    url_name="organizations.list",
)
@paginate(Page)
def list_organizations(request, filters: Query[NameFilter]):
    qs = Organization.objects.filter(owner=owner(request)).order_by("name", "id")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q.strip())
    return qs


@organizations_router.post(
    "/organizations",
    response={201: OrganizationOut, **WRITE_ERRORS},
    url_name="organizations.create",
)
def create_organization(request, payload: OrganizationIn):
    made = organizations.create_organization(owner=owner(request), **payload.model_dump())
    return Status(201, made)


@organizations_router.get(
    "/organizations/{int:organization_id}",
    response={200: OrganizationOut, **READ_ERRORS},
    url_name="organizations.detail",
)
def get_organization(request, organization_id: int):
    return owned(request, Organization, organization_id)


@organizations_router.patch(
    "/organizations/{int:organization_id}",
    response={200: OrganizationOut, **WRITE_ERRORS},
    url_name="organizations.update",
)
def update_organization(request, organization_id: int, payload: OrganizationPatch):
    org = owned(request, Organization, organization_id)
    return organizations.update_organization(
        owner=owner(request), organization=org, **changes(payload)
    )


@organizations_router.delete(
    "/organizations/{int:organization_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="organizations.delete",
)
def delete_organization(request, organization_id: int):
    """Delete an organization; its people stay, without one."""
    org = owned(request, Organization, organization_id)
    organizations.delete_organization(owner=owner(request), organization=org)
    return Status(204, None)


router.add_router("", tags_router)
router.add_router("", organizations_router)
