"""Organizations people work at. People pick them up by name; these endpoints manage
them directly."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.inputs import NameFilter, OrganizationIn, OrganizationPatch
from goodwill.api.schemas import OrganizationOut
from goodwill.models import Organization
from goodwill.services import organizations as service

router = Router(tags=["organizations"])


@router.get(
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


@router.post(
    "/organizations",
    response={201: OrganizationOut, **WRITE_ERRORS},
    url_name="organizations.create",
)
def create_organization(request, payload: OrganizationIn):
    return Status(201, service.create_organization(owner=owner(request), **payload.model_dump()))


@router.get(
    "/organizations/{int:organization_id}",
    response={200: OrganizationOut, **READ_ERRORS},
    url_name="organizations.detail",
)
def get_organization(request, organization_id: int):
    return owned(request, Organization, organization_id)


@router.patch(
    "/organizations/{int:organization_id}",
    response={200: OrganizationOut, **WRITE_ERRORS},
    url_name="organizations.update",
)
def update_organization(request, organization_id: int, payload: OrganizationPatch):
    org = owned(request, Organization, organization_id)
    return service.update_organization(owner=owner(request), organization=org, **changes(payload))


@router.delete(
    "/organizations/{int:organization_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="organizations.delete",
)
def delete_organization(request, organization_id: int):
    """Delete an organization; its people stay, without one."""
    org = owned(request, Organization, organization_id)
    service.delete_organization(owner=owner(request), organization=org)
    return Status(204, None)
