"""Tags, each with an optional default keep-in-touch interval for its people."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.inputs import NameFilter, TagIn, TagPatch
from goodwill.api.schemas import TagOut
from goodwill.models import Tag
from goodwill.services import organizations, people

router = Router(tags=["tags"])


@router.get("/tags", response={200: list[TagOut], **READ_ERRORS}, url_name="tags.list")
@paginate(Page)
def list_tags(request, filters: Query[NameFilter]):
    qs = Tag.objects.filter(owner=owner(request)).order_by("name", "id")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q.strip().lstrip("#"))
    return qs


@router.post("/tags", response={201: TagOut, **WRITE_ERRORS}, url_name="tags.create")
def create_tag(request, payload: TagIn):
    return Status(
        201,
        organizations.create_tag(
            owner=owner(request), name=payload.name, cadence_days=payload.cadence_days
        ),
    )


@router.get("/tags/{int:tag_id}", response={200: TagOut, **READ_ERRORS}, url_name="tags.detail")
def get_tag(request, tag_id: int):
    return owned(request, Tag, tag_id)


@router.patch("/tags/{int:tag_id}", response={200: TagOut, **WRITE_ERRORS}, url_name="tags.update")
def update_tag(request, tag_id: int, payload: TagPatch):
    """Rename a tag or change its default cadence (null removes it); the due dates of its
    people are recomputed."""
    tag = owned(request, Tag, tag_id)
    data = changes(payload)
    if data.get("name", "") is None:
        data.pop("name")
    return people.update_tag(owner=owner(request), tag=tag, **data)


@router.delete("/tags/{int:tag_id}", response={204: None, **WRITE_ERRORS}, url_name="tags.delete")
def delete_tag(request, tag_id: int):
    """Delete a tag; its people stay, without it."""
    tag = owned(request, Tag, tag_id)
    people.delete_tag(owner=owner(request), tag=tag)
    return Status(204, None)
