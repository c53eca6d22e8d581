"""Importing a Monica 4.x JSON account export: preview, commit (all or nothing), undo.

The import pipeline hands a file here when ``claims(data)`` says it is a Monica export
(imports.pipeline); the batch then has format "monica" and the same life as any other
import: previewed (the page, `import --dry-run`, the API's dry_run), committed, undone.

What each Monica object becomes is in shape.py (BECOMES, LEFT); how it is written and
taken back in write.py. The preview's report has the usual counts (people created, none
matched: everyone comes in as a new person; `goodwill dedupe` finds anyone you already
had) and ``report["monica"]["rows"]``: every type of object found, how many, what they
become and how many were skipped and why.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from goodwill.core.rules import field_error
from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.services.imports.monica import read as reader
from goodwill.exchange.services.imports.monica import write as writer
from goodwill.exchange.services.imports.monica.read import FORMAT, MonicaError

__all__ = ["FORMAT", "claims", "commit", "import_file", "preview", "undo"]

SAMPLE_NEW = 20


def claims(data: bytes, format: str = "auto") -> bool:
    """Whether the file is for this importer: asked for by name, or it looks like one."""
    return format == FORMAT or (format == "auto" and reader.looks_like_monica(data))


def _plan(data: bytes, filename: str):
    name = filename or "The file"
    try:
        root = reader.load(data, name)
        plan = reader.read(root, today=timezone.localdate())
    except MonicaError as exc:
        raise field_error("file", str(exc)) from None
    if not plan.contacts:
        raise field_error(
            "file",
            f"{name} is a Monica export with no contacts of yours in it, so there is "
            "nothing to import. Check that you exported from your own Monica login.",
        )
    return root, plan


def _report(plan) -> dict:
    rows = plan.rows
    return {
        "format": FORMAT,
        "encoding": "utf-8",
        "counts": {
            "records": plan.found.get("contact", 0),
            "created": len(plan.contacts),
            "matched": 0,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,  # contacts left out are in report["monica"]["rows"], with why
            "merged": 0,
        },
        "matched_on": {},
        "filled": {},
        "rejected": [],
        "warnings": plan.warnings[:500],
        "new_people": [
            {
                "position": f"contact {i}",
                "display_name": c.fields.get("display_name") or (c.emails or c.phones)[0][1],
                "organization": c.organization,
                "emails": [a for _, a in c.emails],
            }
            for i, c in enumerate(plan.contacts[:SAMPLE_NEW], start=1)
        ],
        "updates": [],
        "monica": {"app_version": plan.app_version, "rows": rows},
    }


def _apply(batch: ImportBatch, report: dict) -> None:
    monica = {**(batch.report or {}).get("monica", {}), **report.pop("monica", {})}
    batch.report = {**(batch.report or {}), **report, "monica": monica}
    counts = batch.report["counts"]
    batch.records = counts["records"]
    batch.created_count = counts["created"]
    batch.matched_count = 0
    batch.rejected_count = counts["rejected"]


def preview(*, owner, data: bytes, filename: str = "", save: bool = True) -> ImportBatch:
    """What importing the export would do. Keeps the file without its secrets."""
    root, plan = _plan(data, filename)
    batch = ImportBatch(owner=owner, filename=filename[:255], format=FORMAT)
    _apply(batch, _report(plan))
    if save:
        batch.data = reader.sanitized(root)
        batch.save()
    return batch


def _write(owner, batch: ImportBatch, plan) -> ImportBatch:
    written = writer.write(owner, batch, plan)
    report = _report(plan)
    report["monica"].update(written)  # the rows, and the ids undo takes back
    _apply(batch, report)
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.data = None
    batch.save()
    return batch


def commit(*, owner, batch: ImportBatch) -> ImportBatch:
    """Write a previewed Monica batch (``batch`` locked by the caller), all or nothing."""
    with transaction.atomic():
        _, plan = _plan(bytes(batch.data or b""), batch.filename)
        return _write(owner, batch, plan)


def import_file(*, owner, data: bytes, filename: str = "") -> ImportBatch:
    with transaction.atomic():
        _, plan = _plan(data, filename)
        batch = ImportBatch.objects.create(owner=owner, filename=filename[:255], format=FORMAT)
        return _write(owner, batch, plan)


def undo(batch: ImportBatch) -> dict:
    """Take back a committed Monica batch (``batch`` locked by the caller)."""
    return writer.undo(batch)
