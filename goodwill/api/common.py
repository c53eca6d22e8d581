"""Helpers every router shares: the owner of a request, owned look-ups, pagination."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

from goodwill.api.schemas import ErrorOut

# The error responses every operation may give, for the OpenAPI document.
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# Far beyond any real list, and small enough for every database's OFFSET (a 64-bit integer).
MAX_OFFSET = 10**12


def owner(request: HttpRequest):
    """The account every object in this request must belong to."""
    return request.auth


def owned(request: HttpRequest, model_or_qs, pk):
    """One object by id, or 404 when it does not exist or belongs to someone else."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs.objects.all()
    return qs.get_owned_or_404(owner(request), pk=pk)


def changes(payload: Schema) -> dict[str, Any]:
    """The fields a client actually sent (PATCH semantics)."""
    return payload.model_dump(exclude_unset=True)


class Page(LimitOffsetPagination):
    """limit/offset pagination that echoes both back next to the total count."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: int
        limit: int
        offset: int

    def paginate_queryset(self, queryset, pagination, request, **params):
        limit = min(pagination.limit, self.max_limit)
        offset = pagination.offset
        return {
            "items": queryset[offset : offset + limit],
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }
