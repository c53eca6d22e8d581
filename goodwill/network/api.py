"""Who knows whom: a person's relationships, introduction paths, reach, bridges and
the graph. Relationships: Each is stored as two directed rows and
written through network.services so both rows always agree."""

from ninja import Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, owned, owner
from goodwill.api.errors import renamed_fields
from goodwill.core import revision
from goodwill.network import queries as network_queries
from goodwill.network import services as service
from goodwill.network.models import Relationship, RelSource
from goodwill.network.queries import graph as network_graph
from goodwill.network.queries import paths
from goodwill.network.schemas import (
    BridgeOut,
    GraphOut,
    PathsOut,
    PersonNetworkOut,
    ReachOut,
    RelationshipIn,
    RelationshipOut,
    RelationshipUpdate,
    bridges_list,
    paths_dict,
    person_network_dict,
    reach_dict,
)
from goodwill.people.models import Person, Tag

router = Router(tags=["network"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"person_id": Person, "other_id": Person}

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


# ---------------------------------------------------------------- paths and reach


@router.get("/network/path", response={200: PathsOut, **READ_ERRORS}, url_name="network.path")
def find_path(request, to: str = "", limit: int = paths.DEFAULT_PATHS):
    """Who can introduce you to `to`: a name or `#id`, `org:Name`, `tag:Name` or
    `offering:words` (plain text tries a tag, an organization, a person, then offers).
    Up to `limit` (1-20) shortest paths, warmest first, each link with its reason.
    Without `to` the answer is empty (`target` null); an unknown `to` is a 422."""
    limit = max(1, min(int(limit), 20))
    if not to.strip():
        return paths_dict(None)
    return paths_dict(paths.find_paths(owner(request), to, limit=limit))


@router.get("/network/reach", response={200: ReachOut, **READ_ERRORS}, url_name="network.reach")
def reach(request):
    """How many people you know directly, how many more one introduction reaches, and a
    monthly series over the last 12 months (with the new direct connections of each)."""
    user = owner(request)
    return reach_dict(revision.kept(user, "reach", lambda: network_queries.reach(user)))


@router.get(
    "/network/bridges", response={200: list[BridgeOut], **READ_ERRORS}, url_name="network.bridges"
)
def bridges(request):
    """People without whom some of your people would be in groups that do not know each
    other, the most people cut off first."""
    user = owner(request)
    return revision.kept(
        user,
        "bridges",
        lambda: bridges_list(network_graph.overview(network_graph.load_graph(user), limit=50)),
    )


@router.get("/network/graph", response={200: GraphOut, **READ_ERRORS}, url_name="network.graph")
def graph(request, tag: int | None = None):
    """Nodes (you, ring 0; people you know, 1; one introduction away, 2; further, 3) and
    links for drawing, at most 2,000 people (the best-connected); `tag` filters by tag id."""
    if tag is not None:
        owned(request, Tag, tag)
    user = owner(request)  # the same kept copy as the web's /network/graph.json
    return revision.kept(user, f"graph:{tag}", lambda: network_graph.graph_data(user, tag_id=tag))


@router.get(
    "/people/{int:person_id}/network",
    response={200: PersonNetworkOut, **READ_ERRORS},
    url_name="people.network",
)
def person_network(request, person_id: int):
    """What this person adds: people only they connect you to, everyone they could
    introduce you to, people you both know, and whether a strong tie is going quiet."""
    person = owned(request, Person, person_id)
    return person_network_dict(person, network_queries.person_network(owner(request), person))
