"""API route of the exports area: the same files as `goodwill export` and the Export page."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router, Schema

from goodwill.api.common import READ_ERRORS, owner
from goodwill.services.exports import export_people

router = Router(tags=["exports"])


class ExportQuery(Schema):
    format: Literal["vcard", "vcard4", "csv", "json"] = "vcard"
    private: bool = False


@router.get("/export", response={200: None, **READ_ERRORS}, url_name="exports.download")
def download(request, query: Query[ExportQuery]):
    """A file to download: vCard 3.0/4.0 or CSV of your people (private notes only with
    `private=true`), or `json`, the full account export that `goodwill import-json`
    loads back (always complete, private notes included)."""
    result = export_people(owner=owner(request), fmt=query.format, private=query.private)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
