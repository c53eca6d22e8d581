"""API routes of the exchange area: contact imports (upload, preview, commit, undo)."""

from typing import Literal

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, owner
from goodwill.api.schemas import ImportBatchOut
from goodwill.queries import imports as import_queries
from goodwill.services.common import field_error
from goodwill.services.imports import pipeline

router = Router(tags=["exchange"])

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
    is imported at once, all or nothing. A file that cannot be read is a 422 whose
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
        batch = pipeline.import_file(owner=owner(request), data=data, filename=name, format=format)
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
    """Write a previewed import, all or nothing; the report then says what was done."""
    batch = import_queries.batch(owner(request), batch_id)
    return pipeline.commit_import(owner=owner(request), batch=batch)


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
