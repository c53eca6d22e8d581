"""The import pipeline: parse, clean, match, then preview, commit or undo.

    preview_import  parse + match; saves only the ImportBatch (with the file's bytes)
    commit_import   re-parses the previewed bytes and writes it all in one transaction
    import_file     preview and commit in one go (the CLI, the API without dry_run)
    undo_import     removes the people a committed batch created and nobody touched

A file that cannot be imported at all raises ValidationError({"file": [message]}), the
message naming the file and the problem; nothing is saved then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from goodwill.core.rules import field_error, resolve_owned
from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.rules import describe_file
from goodwill.exchange.services.imports import monica
from goodwill.exchange.services.imports.clean import Cleaned, clean_records
from goodwill.exchange.services.imports.match import Existing, Matched, load_existing, match
from goodwill.exchange.services.imports.parse import parse_file
from goodwill.exchange.services.imports.records import ImportFileError, ParseResult
from goodwill.exchange.services.imports.undo import remove_created
from goodwill.exchange.services.imports.write import Writer
from goodwill.people.models import Person
from goodwill.people.rules import region_of

FORMATS = ("auto", "linkedin", "google", "vcard", "outlook", "csv")
MAX_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 100_000
LIST_MAX = 500  # rejected rows and warnings kept in a report
SAMPLE_NEW = 20
UPDATES_MAX = 200
STALE_PREVIEW = dt.timedelta(days=1)
MAX_PREVIEWS = 5  # pending previews an account keeps; the oldest go first

Progress = Callable[[int, int], None]


def parser() -> Callable[..., ParseResult]:
    """The parsers' entry point (imported late: the parsers are a module of their own)."""

    return parse_file


def parse(data: bytes, *, filename: str = "", format: str = "auto") -> ParseResult:
    """The parsers' ParseResult, or a 'file' field error with ImportFileError's message."""
    name = filename or "The file"
    if format not in FORMATS:
        raise field_error("format", f"Choose a format among {', '.join(FORMATS)}.")
    if len(data) > MAX_BYTES:
        raise field_error("file", f"{name} is larger than 20 MB; split it into smaller files.")
    try:
        result = parser()(data, filename=filename, format=format)
    except ImportFileError as exc:
        # What the file looks like (a calendar, an xCard, JSON…) says more than the
        # parser's reason, with what to do instead.
        raise field_error("file", describe_file(data, filename) or str(exc)) from None
    if len(result.records) > MAX_RECORDS:
        raise field_error(
            "file",
            f"{name} has {len(result.records):,} contacts; import at most "
            f"{MAX_RECORDS:,} at a time.",
        )
    return result


@dataclass
class Plan:
    result: ParseResult
    cleaned: Cleaned
    existing: Existing
    matched: Matched


@contextlib.contextmanager
def _no_gc():
    """Without the cycle collector for a while: an import allocates a few objects per row
    and frees none until it is done, so the collector would only walk them again and
    again (about a fifth of a 30,000-row import). Reference counting still frees.

    Drop the import's objects (the Plan) before leaving: the first allocation after the
    collector is back would otherwise make it walk all of them once more (~0.08 s for
    30,000 rows), just before they are freed anyway."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_import(owner, data: bytes, *, filename: str = "", format: str = "auto") -> Plan:
    result = parse(data, filename=filename, format=format)
    cleaned = clean_records(result.records, result.rejected, region_of(owner))
    if not cleaned.candidates:
        _refuse(filename, cleaned)
    existing = load_existing(owner)
    return Plan(result, cleaned, existing, match(cleaned.candidates, existing))


def _refuse(filename: str, cleaned: Cleaned) -> None:
    """Strict where it is not safe: a file none of whose contacts can be imported is
    refused (never a "success" with nobody created), with the first reasons."""
    name = filename or "The file"
    shown = "; ".join(f"{r.position}: {r.reason}" for r in cleaned.rejected[:3])
    more = len(cleaned.rejected) - 3
    tail = f" (and {more} more)" if more > 0 else ""
    raise field_error(
        "file",
        f"{name}: none of its {len(cleaned.rejected):,} contacts can be imported, so nothing "
        f"was. {shown}{tail}. Check that it is the right file, or fix these and try again.",
    )


def _report(plan: Plan) -> dict:
    matched, cleaned = plan.matched, plan.cleaned
    updated = [u for u in matched.updates if u.fields_filled]
    filled = Counter(name for u in updated for name in u.fields_filled)
    people = plan.existing.people
    warnings = [*plan.result.warnings, *cleaned.warnings]
    return {
        "format": plan.result.format,
        "encoding": plan.result.encoding,
        "counts": {
            "records": len(plan.result.records) + len(plan.result.rejected),
            "created": len(matched.new),
            "matched": len(matched.updates),
            "updated": len(updated),
            "unchanged": len(matched.updates) - len(updated),
            "rejected": len(cleaned.rejected),
            "merged": cleaned.merged,
        },
        "matched_on": dict(Counter(u.matched_on for u in matched.updates)),
        "filled": dict(filled),
        "rejected": [
            {"position": r.position, "reason": r.reason} for r in cleaned.rejected[:LIST_MAX]
        ],
        "warnings": warnings[:LIST_MAX],
        "new_people": [
            {
                "position": ", ".join(c.positions),
                "display_name": c.display_name,
                "organization": c.organization,
                "emails": [a for _, a in c.emails],
            }
            for c in matched.new[:SAMPLE_NEW]
        ],
        "updates": [
            {
                "person_id": u.person_id,
                "display_name": people[u.person_id]["display_name"],
                "position": ", ".join(u.candidate.positions),
                "matched_on": u.matched_on,
                "fields": u.fields_filled,
            }
            for u in updated[:UPDATES_MAX]
        ],
    }


def _apply_report(batch: ImportBatch, report: dict) -> None:
    batch.report = {**(batch.report or {}), **report}
    counts = report["counts"]
    batch.records = counts["records"]
    batch.created_count = counts["created"]
    batch.matched_count = counts["matched"]
    batch.rejected_count = counts["rejected"]


def preview_import(
    *, owner, data: bytes, filename: str = "", format: str = "auto", save: bool = True
) -> ImportBatch:
    """What importing the file would do. Saves the batch (and the bytes) unless save=False."""
    if monica.claims(data, format):  # a whole Monica account: its own importer
        return monica.preview(owner=owner, data=data, filename=filename, save=save)
    with _no_gc():
        plan = plan_import(owner, data, filename=filename, format=format)
        batch = ImportBatch(owner=owner, filename=filename[:255], format=plan.result.format)
        _apply_report(batch, _report(plan))
        del plan  # see _no_gc
    if save:
        with transaction.atomic():
            stale = timezone.now() - STALE_PREVIEW
            pending = ImportBatch.objects.filter(owner=owner, status=ImportStatus.PREVIEWED)
            pending.filter(created_at__lt=stale).delete()
            # Each preview keeps its file (up to 20 MB): an account keeps its latest few.
            # The newest is what someone who uploads again means to import; older ones
            # they have moved on from are dropped rather than refusing the new file.
            keep = pending.order_by("-created_at", "-id").values_list("pk", flat=True)
            pending.exclude(pk__in=list(keep[: MAX_PREVIEWS - 1])).delete()
            batch.data = bytes(data)
            batch.save()
    return batch


def _write(owner, batch: ImportBatch, plan: Plan, progress: Progress | None) -> ImportBatch:
    writer = Writer(owner, batch, plan.existing, progress)
    try:
        created = writer.write(plan.matched)
        _apply_report(batch, {**_report(plan), **created})
        batch.status = ImportStatus.COMMITTED
        batch.committed_at = writer.now
        batch.data = None
        batch.save()
    except BaseException:
        writer.discard_files()  # the rows roll back; the photo files must go too
        raise
    return batch


def _locked(owner, batch) -> ImportBatch:
    batch = resolve_owned(ImportBatch, owner, batch, "batch")
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def commit_import(*, owner, batch, progress: Progress | None = None) -> ImportBatch:
    """Write a previewed import, all or nothing, matching against the people as they
    are now. Its report then says what was actually done."""
    with transaction.atomic(), _no_gc():
        batch = _locked(owner, batch)
        if batch.status != ImportStatus.PREVIEWED:
            raise field_error("batch", f"Import {batch.pk} is already {batch.status}.")
        if batch.format == monica.FORMAT:
            return monica.commit(owner=owner, batch=batch)
        plan = plan_import(
            owner, bytes(batch.data or b""), filename=batch.filename, format=batch.format
        )
        batch = _write(owner, batch, plan, progress)
        del plan  # see _no_gc
        return batch


def import_file(
    *,
    owner,
    data: bytes,
    filename: str = "",
    format: str = "auto",
    progress: Progress | None = None,
) -> ImportBatch:
    """Parse, match and commit a file in one transaction; returns the committed batch."""
    if monica.claims(data, format):
        return monica.import_file(owner=owner, data=data, filename=filename)
    with transaction.atomic(), _no_gc():
        plan = plan_import(owner, data, filename=filename, format=format)
        batch = ImportBatch.objects.create(
            owner=owner, filename=filename[:255], format=plan.result.format
        )
        batch = _write(owner, batch, plan, progress)
        del plan  # see _no_gc
        return batch


def undo_import(*, owner, batch) -> ImportBatch:
    """Remove the people a committed import created, unless changed or used since.

    The people kept are listed in ``batch.report["undo"]["kept"]`` with the reason."""
    photos: list[str] = []
    with transaction.atomic():
        batch = _locked(owner, batch)
        if batch.status == ImportStatus.UNDONE:
            when = timezone.localtime(batch.undone_at).strftime("%-d %b %Y %H:%M")
            raise field_error("batch", f"Import {batch.pk} was already undone on {when}.")
        if batch.status == ImportStatus.IMPORTING:
            raise field_error(
                "batch", f"Import {batch.pk} is still being written; undo it once it is done."
            )
        if batch.status != ImportStatus.COMMITTED:
            raise field_error(
                "batch", f"Import {batch.pk} was only previewed: there is nothing to undo."
            )
        result = monica.undo(batch) if batch.format == monica.FORMAT else remove_created(batch)
        photos = result.pop("photos")
        batch.status = ImportStatus.UNDONE
        batch.undone_at = timezone.now()
        batch.report = {**batch.report, "undo": result}
        batch.save()

    storage = Person._meta.get_field("photo").storage
    for name in photos:  # files go once the rows are gone for good
        storage.delete(name)
    return batch
