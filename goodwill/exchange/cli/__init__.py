"""CLI commands of the exchange area; register() adds them to the app.

`goodwill import FILE...` imports contact files (each its own batch), `goodwill import
list` shows past imports and `goodwill import undo BATCH` undoes one. One command whose
first argument may be `list` or `undo`: a typer group whose callback also takes files
would read those words as file names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from django.core.exceptions import ValidationError
from django.utils import timezone
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import (
    USER_ERROR,
    current_user,
    err,
    fail,
    out,
    print_json,
    validation_lines,
)
from goodwill.core.rules import field_error
from goodwill.exchange import queries as import_queries
from goodwill.exchange.cli import dedupe, export
from goodwill.exchange.models import ImportBatch
from goodwill.exchange.schemas import ImportBatchOut
from goodwill.exchange.services.imports import pipeline, steps
from goodwill.exchange.services.imports.pipeline import FORMATS

SHOWN = 20  # rejected rows and updates listed in the terminal


def register(root) -> None:
    """Add this area's commands to the root typer app."""
    root.command("import")(import_)
    dedupe.register(root)
    export.register(root)


def import_(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE... | list | undo BATCH",
            help="Contact files (.csv, .vcf); or `list`; or `undo` and an import's id.",
        ),
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="auto (default), linkedin, google, vcard, outlook or csv.",
        ),
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Only show what would happen; save nothing.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Import contacts from LinkedIn, Google, Outlook, vCard or CSV files.

    People you already have (same email, LinkedIn URL, phone, or name and organization)
    only get details they lack.

    Each file is its own import. A bad file does not stop the others; the exit status is 2.

    `goodwill import list` shows past imports.

    `goodwill import undo BATCH` removes the people an import added, unless changed since.
    """
    if files[0] == "list" and len(files) == 1:
        return list_imports(json=json)
    if files[0] == "undo":
        if len(files) != 2:
            raise fail(
                "Give one import id: goodwill import undo BATCH (see `goodwill import list`)."
            )
        return undo(files[1], json=json)

    if format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}.")
    owner = current_user()
    results, failed = [], 0
    for name in files:
        try:
            batch = _import_one(owner, Path(name), format=format, dry_run=dry_run, quiet=json)
        except ValidationError as exc:
            failed += 1
            for line in validation_lines(exc):
                err().print(f"error: {line.removeprefix('file: ')}", markup=False)
            continue
        results.append(batch)
        if not json:
            show(batch, dry_run=dry_run)
    if json and results:
        batches = dump_many(ImportBatchOut, results)
        print_json(batches[0] if len(files) == 1 else batches)
    if failed:
        raise typer.Exit(USER_ERROR)


def _import_one(owner, path: Path, *, format: str, dry_run: bool, quiet: bool):

    try:
        if path.stat().st_size > pipeline.MAX_BYTES:
            raise field_error("file", f"{path} is larger than 20 MB; split it into parts.")
        data = path.read_bytes()
    except OSError as exc:
        raise field_error("file", f"{path}: {exc.strerror or exc}.") from None
    if dry_run:
        return pipeline.preview_import(
            owner=owner, data=data, filename=path.name, format=format, save=False
        )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err(),
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task(f"Importing {escape(path.name)}", total=None)
        return steps.import_file(
            owner=owner,
            data=data,
            filename=path.name,
            format=format,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            background=False,  # in steps of short transactions, here, with the bar
        )


def show(batch, *, dry_run: bool = False) -> None:
    console = out()
    report = batch.report
    counts = report["counts"]
    matched_on = ", ".join(f"{k}: {n}" for k, n in report.get("matched_on", {}).items())
    console.print(
        f"[bold]{escape(batch.filename)}[/bold] ({batch.format}): "
        f"{counts['created']} new, {counts['matched']} already known"
        + (f" ({matched_on})" if matched_on else "")
        + f", {counts['updated']} with details added, {counts['rejected']} rejected"
        + (f", {counts['merged']} repeats merged" if counts.get("merged") else "")
    )
    for r in report.get("rejected", [])[:SHOWN]:
        console.print(f"  rejected {r['position']}: {escape(r['reason'])}")
    if counts["rejected"] > SHOWN:
        console.print(f"  [dim]… {counts['rejected'] - SHOWN} more rejected[/dim]")
    for u in report.get("updates", [])[:SHOWN]:
        console.print(
            f"  {escape(u['display_name'])} [dim](id {u['person_id']})[/dim]: "
            f"adds {', '.join(u['fields'])}"
        )
    for w in report.get("warnings", [])[:SHOWN]:
        console.print(f"  [dim]note: {escape(w)}[/dim]")
    for row in (report.get("monica") or {}).get("rows", []):  # what each Monica type became
        console.print(
            f"  {row['type']}: {row['found']} found, {row['imported']} → {row['becomes']}",
            markup=False,
        )
        for s in row["skipped"]:
            console.print(f"    {s['count']} left out: {s['why']}", markup=False)
    if dry_run:
        console.print("Dry run: nothing was saved.")
    else:
        console.print(f"Import {batch.pk} done. Undo it with `goodwill import undo {batch.pk}`.")


def _batch(owner, value: str):

    try:
        pk = int(value)
    except ValueError:
        raise fail(f"{value!r} is not an import id (see `goodwill import list`).") from None
    batch = ImportBatch.objects.defer("data").filter(owner=owner, pk=pk).first()
    if batch is None:
        raise fail(f"There is no import {pk} (see `goodwill import list`).")
    return batch


def undo(value: str, *, json: bool) -> None:

    owner = current_user()
    batch = pipeline.undo_import(owner=owner, batch=_batch(owner, value))
    if json:
        print_json(dump(ImportBatchOut, batch))
        return
    result = batch.report["undo"]
    console = out()
    console.print(f"Import {batch.pk} undone: {result['removed']} people removed.")
    if result["kept"]:
        console.print(f"Kept {len(result['kept'])}, changed or used since the import:")
        for k in result["kept"]:
            console.print(f"  {escape(k['display_name'])} [dim](id {k['id']})[/dim]: {k['reason']}")


def list_imports(*, json: bool) -> None:

    batches = list(import_queries.batches(current_user())[:100])
    if json:
        print_json(dump_many(ImportBatchOut, batches))
        return
    if not batches:
        out().print("No imports yet. Try `goodwill import Connections.csv --dry-run`.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("ID", "When", "File", "Format", "Status", "New", "Known", "Rejected"):
        table.add_column(name, no_wrap=name != "File", overflow="fold")
    for b in batches:
        table.add_row(
            str(b.pk),
            timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M"),
            escape(b.filename),
            b.format,
            b.status,
            str(b.created_count),
            str(b.matched_count),
            str(b.rejected_count),
        )
    out().print(table)
