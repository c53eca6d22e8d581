"""API routes of the exchange area: contact imports (upload, preview, commit, undo),
likely duplicates (merge, "not the same") and the export files."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, owner
from goodwill.core.rules import field_error
from goodwill.exchange import queries as import_queries
from goodwill.exchange.models import ImportBatch
from goodwill.exchange.queries import find_duplicates
from goodwill.exchange.schemas import DuplicatePairOut, ImportBatchOut, MergeOut
from goodwill.exchange.services import duplicates
from goodwill.exchange.services.exports import export_people
from goodwill.exchange.services.imports import pipeline, steps

router = Router(tags=["exchange"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"batch_id": ImportBatch}

ImportFormat = Literal["auto", "linkedin", "google", "vcard", "outlook", "csv"]


@router.post("/imports", response={201: ImportBatchOut, **WRITE_ERRORS}, url_name="imports.create")
def create_import(
    request,
    file: File[UploadedFile],
    format: Form[ImportFormat] = "auto",
    dry_run: Form[bool] = False,
):
    """Import a contacts file (multipart: `file`, `format`, `dry_run`).

    With `dry_run` the import is only previewed: the batch is kept with status
    `previewed` and can be committed with POST /imports/{id}/commit. Without it the file
    is imported at once, all or nothing (more than 2,000 contacts: by the worker, see
    POST /imports/{id}/commit). A file that cannot be read is a 422 whose
    `fields.file` says why; nothing is saved then."""
    if file.size and file.size > pipeline.MAX_BYTES:
        raise field_error("file", f"{file.name} is larger than 20 MB; split it into parts.")
    data = file.read()
    name = file.name or ""
    if dry_run:
        batch = pipeline.preview_import(
            owner=owner(request), data=data, filename=name, format=format
        )
    else:
        batch = steps.import_file(owner=owner(request), data=data, filename=name, format=format)
    return Status(201, batch)


@router.get(
    "/imports", response={200: list[ImportBatchOut], **READ_ERRORS}, url_name="imports.list"
)
@paginate(Page)
def list_imports(request):
    """Your imports, newest first."""
    return import_queries.batches(owner(request))


@router.get(
    "/imports/{int:batch_id}",
    response={200: ImportBatchOut, **READ_ERRORS},
    url_name="imports.detail",
)
def get_import(request, batch_id: int):
    return import_queries.batch(owner(request), batch_id)


@router.post(
    "/imports/{int:batch_id}/commit",
    response={200: ImportBatchOut, **WRITE_ERRORS},
    url_name="imports.commit",
)
def commit_import(request, batch_id: int):
    """Write a previewed import, all or nothing; the report then says what was done.

    A file of more than 2,000 contacts is written by the worker, a little at a time: the
    answer then has status `importing` and `progress`; GET /imports/{id} until the status
    is `committed` (or `previewed` again with `error`, when nothing was kept)."""
    batch = import_queries.batch(owner(request), batch_id)
    return steps.commit_import(owner=owner(request), batch=batch)


@router.post(
    "/imports/{int:batch_id}/undo",
    response={200: ImportBatchOut, **WRITE_ERRORS},
    url_name="imports.undo",
)
def undo_import(request, batch_id: int):
    """Remove the people a committed import created, except those changed or used since
    (listed in `undo.kept`). Fields it filled in on people you had stay."""
    batch = import_queries.batch(owner(request), batch_id)
    return pipeline.undo_import(owner=owner(request), batch=batch)


duplicates_router = Router(tags=["duplicates"])


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


@duplicates_router.get(
    "/duplicates",
    response={200: list[DuplicatePairOut], **READ_ERRORS},
    url_name="duplicates.list",
)
def list_duplicates(request, filters: Query[DuplicateFilters]):
    """Likely duplicate pairs, best first: reasons and a score from 0 to 100."""
    return find_duplicates(owner(request), limit=filters.limit)


@duplicates_router.post(
    "/duplicates/merge", response={200: MergeOut, **WRITE_ERRORS}, url_name="duplicates.merge"
)
def merge(request, payload: MergeIn):
    """Fold `merge` into `keep`: everything moves, nothing is lost; `merge` is deleted."""
    return duplicates.merge_people(owner=owner(request), keep=payload.keep, merge=payload.merge)


@duplicates_router.post(
    "/duplicates/dismiss",
    response={200: DismissOut, **WRITE_ERRORS},
    url_name="duplicates.dismiss",
)
def dismiss(request, payload: DismissIn):
    """Mark two people as different, so the pair is not suggested again."""
    row = duplicates.dismiss_duplicate(owner=owner(request), a=payload.a, b=payload.b)
    return {"a": row.a_id, "b": row.b_id}


exports_router = Router(tags=["exports"])


class ExportQuery(Schema):
    format: Literal["vcard", "vcard4", "csv", "json"] = "vcard"
    private: bool = False
    include_me: bool = False


@exports_router.get("/export", response={200: None, **READ_ERRORS}, url_name="exports.download")
def download(request, query: Query[ExportQuery]):
    """A file to download: vCard 3.0/4.0 or CSV of your people (private notes only with
    `private=true`; your own record only with `include_me=true`), or `json`, the full
    account export that `goodwill import-json` loads back (always complete, private
    notes included)."""
    result = export_people(
        owner=owner(request), fmt=query.format, private=query.private, include_me=query.include_me
    )
    response = HttpResponse(result.content, content_type=result.content_type)
    # RFC 6266: filename* carries a name that is not ASCII (a username in any script).
    response["Content-Disposition"] = content_disposition_header(True, result.filename)
    response["Cache-Control"] = "private, no-store"
    return response


router.add_router("", duplicates_router)
router.add_router("", exports_router)
