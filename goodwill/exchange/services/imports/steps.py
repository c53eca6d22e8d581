"""Large imports, written in steps of short transactions (issue 16, finding 4).

A file of up to SYNC_MAX contacts is written as before, in one transaction (about a
tenth of a second). A larger one held SQLite's write lock for as long as the whole import
took (16 s for 99,000 rows under load), and every other writer, other accounts
included, waited or failed with "database is locked". Such a file is now written in
steps of STEP people, each its own transaction:

    commit_import   the page and the API: a large batch is marked "importing" and handed
                    to the worker (``write_in_background``); a small one is committed now
    import_file     the CLI and the API without dry_run: a large file is previewed (kept),
                    then written in steps here (``background=False``, the CLI, which shows
                    progress) or by the worker (the API)
    write_in_steps  the steps themselves, with progress in ``batch.report["progress"]``

All or nothing, as the user sees it: the people of a batch still being written are
stored archived, so they are in no list, search, count, match or reminder until the
last step shows them all; if a step fails the people already written are deleted again,
with the organizations and tags only they used, and the batch goes back to "previewed"
with the error in ``report["error"]`` (the file is kept, so it can be tried again).
Details filled in on people you already had are written last, also in steps; like an
undo, a failure does not take those back (they are listed in the batch's record).

A Monica account is written in bulk in one transaction (imports/monica/write.py): up to
MONICA_SYNC_MAX contacts in the request (2,000 take about 6 s under load, 5,000 about
20 s: benchmarks/README.md). A larger one goes to the worker the same way, so that the
page does not wait past its 30 s, and is still written in one transaction there, all or
nothing; on failure it goes back to "previewed" with the error, like any other.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from goodwill.core import revision
from goodwill.core.bulk import chunks
from goodwill.core.rules import field_error, resolve_owned
from goodwill.exchange.models import ImportBatch, ImportedPerson, ImportStatus
from goodwill.exchange.services.imports import monica, pipeline
from goodwill.exchange.services.imports.undo import _drop_unused
from goodwill.exchange.services.imports.write import Writer
from goodwill.giving.matching import index as match_index
from goodwill.people.models import Organization, Person, Tag

log = logging.getLogger("goodwill.imports")

SYNC_MAX = 2_000  # contacts: up to this many are written in one transaction
MONICA_SYNC_MAX = 5_000  # Monica contacts written in the request (about 20 s under load)
SYNC_BYTES = 256 * 1024  # a smaller file cannot hold more than SYNC_MAX contacts… nearly
STEP = 500  # people per transaction (~25-100 ms of write lock on SQLite)
SHOW_STEP = 1_000  # people shown (un-archived) per transaction at the end
PAUSE = match_index.PAUSE  # seconds between steps, for the writers waiting their turn
STALE = dt.timedelta(minutes=10)  # an "importing" batch with no step for this long is resumed


def is_large(batch: ImportBatch) -> bool:
    if batch.format == monica.FORMAT:
        return batch.records > MONICA_SYNC_MAX
    return batch.records > SYNC_MAX


def commit_import(*, owner, batch, progress: pipeline.Progress | None = None) -> ImportBatch:
    """Commit a previewed batch: a small one now, a large one by the worker."""
    batch = resolve_owned(ImportBatch, owner, batch, "batch")
    if batch.status == ImportStatus.PREVIEWED and is_large(batch):
        return start(owner=owner, batch=batch)
    if batch.status == ImportStatus.IMPORTING:
        raise field_error("batch", f"Import {batch.pk} is already being written.")
    return pipeline.commit_import(owner=owner, batch=batch, progress=progress)


def import_file(
    *,
    owner,
    data: bytes,
    filename: str = "",
    format: str = "auto",
    progress: pipeline.Progress | None = None,
    background: bool = True,
) -> ImportBatch:
    """``pipeline.import_file`` for a small file; a large one is previewed (kept) and
    written in steps, here (``background=False``) or by the worker."""
    if len(data) <= SYNC_BYTES:
        return pipeline.import_file(
            owner=owner, data=data, filename=filename, format=format, progress=progress
        )
    batch = pipeline.preview_import(owner=owner, data=data, filename=filename, format=format)
    if not is_large(batch):
        return pipeline.commit_import(owner=owner, batch=batch, progress=progress)
    batch = _mark_importing(owner, batch)
    if background:
        transaction.on_commit(lambda: write_in_background.enqueue(batch.pk))
        return batch
    return write_in_steps(batch, progress=progress)


def start(*, owner, batch) -> ImportBatch:
    """Mark a large previewed batch "importing" and hand it to the worker."""
    batch = _mark_importing(owner, batch)
    transaction.on_commit(lambda: write_in_background.enqueue(batch.pk))
    return batch


def _mark_importing(owner, batch) -> ImportBatch:
    with transaction.atomic():
        batch = pipeline._locked(owner, batch)
        if batch.status != ImportStatus.PREVIEWED:
            raise field_error("batch", f"Import {batch.pk} is already {batch.status}.")
        batch.status = ImportStatus.IMPORTING
        report = {k: v for k, v in (batch.report or {}).items() if k != "error"}
        batch.report = {**report, "progress": {"done": 0, "total": 0}}
        batch.save()
    return batch


@task
def write_in_background(batch_id: int) -> str:
    """The worker's side of ``start``."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.IMPORTING).first()
    if batch is None:
        return "nothing to do"
    return write_in_steps(batch).status


def resume_stale(now: dt.datetime | None = None) -> int:
    """Hand again to the worker the batches left "importing" by a worker that stopped
    (killed, restarted) mid-way; the partial work is cleared first. Run by the tick."""
    cutoff = (now or timezone.now()) - STALE
    stale = [
        pk
        for pk in ImportBatch.objects.filter(
            status=ImportStatus.IMPORTING, updated_at__lt=cutoff
        ).values_list("pk", flat=True)
        if not _queued(pk)
    ]
    for pk in stale:
        ImportBatch.objects.filter(pk=pk).update(updated_at=timezone.now())
        write_in_background.enqueue(pk)
    return len(stale)


def _queued(batch_id: int) -> bool:
    """A write of this batch is waiting for the worker (not started yet)."""
    return DBTaskResult.objects.filter(
        task_path__endswith=".write_in_background",
        status=TaskResultStatus.READY,
        args_kwargs__args=[batch_id],
    ).exists()


def write_in_steps(batch: ImportBatch, *, progress: pipeline.Progress | None = None):
    """Write an "importing" batch in short transactions; see the module's docstring."""
    owner = get_user_model().objects.get(pk=batch.owner_id)
    if batch.format == monica.FORMAT:
        return _write_monica(owner, batch)
    _clear_partial(batch)  # what a stopped earlier attempt left
    writer = None
    try:
        with pipeline._no_gc():
            plan = pipeline.plan_import(
                owner, bytes(batch.data or b""), filename=batch.filename, format=batch.format
            )
            writer = Writer(owner, batch, plan.existing)
            writer.hidden = True
            report = _write(writer, plan, _reporter(batch, progress))
            del plan  # see pipeline._no_gc
        _show(batch)
        with transaction.atomic():
            pipeline._apply_report(batch, report)
            batch.report.pop("progress", None)
            batch.status = ImportStatus.COMMITTED
            batch.committed_at = writer.now
            batch.data = None
            batch.save()
    except BaseException as exc:
        if writer is not None:
            writer.discard_files()
        _fail(batch, writer, exc)
        raise
    revision.bump(owner)
    match_index.refresh(owner)  # in steps too; the first Today after finds it ready
    return batch


def _write_monica(owner, batch: ImportBatch) -> ImportBatch:
    """A large Monica account, by the worker: one transaction, as in the request."""
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            batch.report.pop("progress", None)
            batch = monica.commit(owner=owner, batch=batch)
    except BaseException as exc:
        _fail(batch, None, exc)  # nothing of it was kept: the transaction rolled back
        raise
    revision.bump(owner)
    match_index.refresh(owner)
    return batch


def _write(writer: Writer, plan: pipeline.Plan, progress: pipeline.Progress) -> dict:
    """Writer.write, one transaction per step; returns the batch's final report. The
    progress counts people (new, then those matched), each step's in its transaction."""
    new, updates = plan.matched.new, plan.matched.updates
    org_names = {c.organization for c in (*new, *updates) if c.organization}
    tag_names = {t for c in (*new, *updates) for t in (c.tags or ())}
    done, total = 0, len(new) + len(updates)
    with transaction.atomic():
        orgs, tags = writer.organizations(org_names), writer.tags(tag_names)
        progress(done, total)
    for chunk in chunks(new, STEP):
        rows = writer.people_rows(chunk, orgs, tags)  # computed before taking the lock
        _pause()
        with transaction.atomic():
            writer.insert_people(*rows)
            done += len(chunk)
            progress(done, total)
    for chunk in chunks(updates, STEP):
        _pause()
        with transaction.atomic():
            writer.record(writer.update_people(chunk, orgs, tags))
            done += len(chunk)
            progress(done, total)
    return {
        **pipeline._report(plan),
        "organizations_created": writer.created_orgs,
        "tags_created": writer.created_tags,
    }


def _reporter(batch: ImportBatch, progress: pipeline.Progress | None):
    """Progress for the caller (the CLI's bar) and for the page (the batch's report)."""

    def report(done: int, total: int) -> None:
        if progress:
            progress(done, total)
        batch.report["progress"] = {"done": done, "total": total}
        ImportBatch.objects.filter(pk=batch.pk).update(
            report=batch.report, updated_at=timezone.now()
        )

    return report


def _show(batch: ImportBatch) -> None:
    """The last steps: the batch's people come out of hiding, SHOW_STEP at a time."""
    ids = list(
        Person.objects.filter(import_batch=batch, archived=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in chunks(ids, SHOW_STEP):
        _pause()
        with transaction.atomic():
            Person.objects.filter(pk__in=chunk).update(archived=False)


def _pause() -> None:
    """Let go of the write lock for a moment between steps (see match_index.PAUSE)."""
    if PAUSE and connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(PAUSE)


def _clear_partial(batch: ImportBatch, orgs=(), tags=()) -> None:
    """Delete the people a failed or stopped attempt wrote, in steps, with their files
    and the organizations and tags it created that nothing else uses."""
    storage = Person._meta.get_field("photo").storage
    ids = list(Person.objects.filter(import_batch=batch).values_list("pk", flat=True))
    for chunk in chunks(ids, STEP):
        _pause()
        photos = [p for p in Person.objects.filter(pk__in=chunk).values_list("photo", flat=True)]
        with transaction.atomic():
            Person.objects.filter(pk__in=chunk).delete()
        for name in filter(None, photos):
            storage.delete(name)
    with transaction.atomic():
        ImportedPerson.objects.filter(batch=batch).delete()
        _drop_unused(Organization, list(orgs))
        _drop_unused(Tag, list(tags), cadence_days__isnull=True)


def _fail(batch: ImportBatch, writer, exc: BaseException) -> None:
    log.exception("Import %s failed while writing; undoing what was written.", batch.pk)
    try:
        _clear_partial(
            batch,
            getattr(writer, "created_orgs", ()),
            getattr(writer, "created_tags", ()),
        )
    finally:
        message = str(exc) if isinstance(exc, Exception) else "The import was stopped."
        report = {k: v for k, v in (batch.report or {}).items() if k != "progress"}
        report["error"] = (
            f"The import stopped before it was done ({message[:200]}); nothing of it was "
            "kept. You can try again."
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.PREVIEWED, report=report, updated_at=timezone.now()
        )
        batch.status, batch.report = ImportStatus.PREVIEWED, report
