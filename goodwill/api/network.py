"""Who knows whom: a person's relationships. Each is stored as two directed rows and
written through services.network so both rows always agree."""

from ninja import Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, owned, owner
from goodwill.api.errors import renamed_fields
from goodwill.api.inputs import RelationshipIn, RelationshipUpdate
from goodwill.api.schemas import RelationshipOut
from goodwill.models import Person, Relationship, RelSource
from goodwill.services import network as service

router = Router(tags=["network"])

# connect_people names its two people a and b; the API calls them the path's person
# and the body's other.
FIELD_NAMES = {"a": "person", "b": "other"}


def _relationship(request, person: Person, other_id: int) -> Relationship:
    return (
        Relationship.objects.select_related("src", "dst")
        .filter(src=person)
        .get_owned_or_404(owner(request), dst_id=other_id)
    )


@router.get(
    "/people/{int:person_id}/relationships",
    response={200: list[RelationshipOut], **READ_ERRORS},
    url_name="relationships.list",
)
@paginate(Page)
def list_relationships(request, person_id: int):
    """Everyone this person knows, strongest first. `kind` says what `other` is to
    `person` (other is person's mentor, client, …)."""
    person = owned(request, Person, person_id)
    return (
        Relationship.objects.filter(owner=owner(request), src=person)
        .select_related("src", "dst")
        .order_by("-strength", "dst__display_name", "id")
    )


@router.post(
    "/people/{int:person_id}/relationships",
    response={201: RelationshipOut, **WRITE_ERRORS},
    url_name="relationships.create",
)
def connect(request, person_id: int, payload: RelationshipIn):
    """Record that `other` is this person's <kind>; if they are already connected the
    relationship is updated. The reverse row (e.g. mentee for mentor) is written too."""
    person = owned(request, Person, person_id)
    with renamed_fields(FIELD_NAMES):
        service.connect_people(
            owner=owner(request),
            a=person,
            b=payload.other,
            kind=str(payload.kind.value),
            strength=payload.strength,
            since=payload.since,
        )
    return Status(201, _relationship(request, person, payload.other))


@router.get(
    "/people/{int:person_id}/relationships/{int:other_id}",
    response={200: RelationshipOut, **READ_ERRORS},
    url_name="relationships.detail",
)
def get_relationship(request, person_id: int, other_id: int):
    person = owned(request, Person, person_id)
    owned(request, Person, other_id)
    return _relationship(request, person, other_id)


@router.put(
    "/people/{int:person_id}/relationships/{int:other_id}",
    response={200: RelationshipOut, **WRITE_ERRORS},
    url_name="relationships.update",
)
def update_relationship(request, person_id: int, other_id: int, payload: RelationshipUpdate):
    """Set kind, strength and since of an existing relationship, keeping where it came
    from (added by you, introduced by, met at the same interaction)."""
    person = owned(request, Person, person_id)
    other = owned(request, Person, other_id)
    existing = _relationship(request, person, other.pk)
    with renamed_fields(FIELD_NAMES):
        service.connect_people(
            owner=owner(request),
            a=person,
            b=other,
            kind=str(payload.kind.value),
            strength=payload.strength,
            since=payload.since,
            source=existing.source or RelSource.MANUAL,
            source_interaction=existing.source_interaction,
        )
    return _relationship(request, person, other.pk)


@router.delete(
    "/people/{int:person_id}/relationships/{int:other_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="relationships.delete",
)
def disconnect(request, person_id: int, other_id: int):
    """Forget that these two know each other (both directed rows go)."""
    person = owned(request, Person, person_id)
    other = owned(request, Person, other_id)
    _relationship(request, person, other.pk)
    service.disconnect_people(owner=owner(request), a=person, b=other)
    return Status(204, None)
