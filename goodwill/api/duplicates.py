"""API routes of the duplicates area: likely pairs, merge, and "not the same"."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, owner
from goodwill.api.schemas import DuplicatePairOut, MergeOut
from goodwill.queries.duplicates import find_duplicates
from goodwill.services import duplicates

router = Router(tags=["duplicates"])


class DuplicateFilters(Schema):
    limit: int = Field(50, ge=1, le=1000)


class MergeIn(Schema):
    keep: int
    merge: int


class DismissIn(Schema):
    a: int
    b: int


class DismissOut(Schema):
    a: int
    b: int


@router.get(
    "/duplicates",
    response={200: list[DuplicatePairOut], **READ_ERRORS},
    url_name="duplicates.list",
)
def list_duplicates(request, filters: Query[DuplicateFilters]):
    """Likely duplicate pairs, best first: reasons and a score from 0 to 100."""
    return find_duplicates(owner(request), limit=filters.limit)


@router.post(
    "/duplicates/merge", response={200: MergeOut, **WRITE_ERRORS}, url_name="duplicates.merge"
)
def merge(request, payload: MergeIn):
    """Fold `merge` into `keep`: everything moves, nothing is lost; `merge` is deleted."""
    return duplicates.merge_people(owner=owner(request), keep=payload.keep, merge=payload.merge)


@router.post(
    "/duplicates/dismiss",
    response={200: DismissOut, **WRITE_ERRORS},
    url_name="duplicates.dismiss",
)
def dismiss(request, payload: DismissIn):
    """Mark two people as different, so the pair is not suggested again."""
    row = duplicates.dismiss_duplicate(owner=owner(request), a=payload.a, b=payload.b)
    return {"a": row.a_id, "b": row.b_id}
