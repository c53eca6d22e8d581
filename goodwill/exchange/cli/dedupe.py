"""`goodwill dedupe [merge|not-same]`: find people entered twice, merge them or say no."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill.api.schemas import dump_many
from goodwill.cli.common import Yes, confirm, current_user, out, print_json
from goodwill.exchange.queries import find_duplicates
from goodwill.exchange.schemas import DuplicatePairOut
from goodwill.exchange.services import duplicates
from goodwill.people.cli.lookups import resolve_person

app = typer.Typer(
    help="Find likely duplicates; merge them or mark them as different people.",
    invoke_without_command=True,
)


@app.callback()
def dedupe(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="Show at most N pairs.")
    ] = 50,
) -> None:
    """List likely duplicate pairs, best first, with the reason and a score (0-100)."""
    if ctx.invoked_subcommand is not None:
        return

    pairs = find_duplicates(current_user(), limit=limit)
    if json:
        print_json(dump_many(DuplicatePairOut, pairs))
        return
    if not pairs:
        out().print("No likely duplicates.", markup=False)
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("Score", "ID", "Name", "ID", "Name", "Why"):
        table.add_column(name, overflow="fold", justify="right" if name != "Name" else "left")
    table.columns[-1].justify = "left"
    for p in pairs:
        table.add_row(
            str(p.score), str(p.a_id), escape(p.a_name), str(p.b_id), escape(p.b_name),
            escape(p.reason),
        )  # fmt: skip
    out().print(table)
    out().print(
        "Merge with `goodwill dedupe merge KEEP MERGE`, or `goodwill dedupe not-same A B`.",
        markup=False,
        style="dim",
    )


@app.command("merge")
def merge(
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The record to keep: id or name.")],
    other: Annotated[str, typer.Argument(metavar="MERGE", help="The record merged into it.")],
    yes: Yes = False,
) -> None:
    """Move everything of MERGE to KEEP (interactions, notes, tags…), then delete MERGE."""

    owner = current_user()
    kept = resolve_person(owner, keep, field="KEEP")
    merged = resolve_person(owner, other, field="MERGE")
    preview = duplicates.merge_preview(owner=owner, keep=kept, merge=merged)
    moving = ", ".join(f"{n} {label}" for label, n in preview.items()) or "nothing else"
    out().print(
        f"Merge {merged.display_name} (id {merged.pk}) into {kept.display_name} "
        f"(id {kept.pk}): moves {moving}.",
        markup=False,
    )
    confirm("Merge them?", yes=yes, refused="Nothing merged.")
    result = duplicates.merge_people(owner=owner, keep=kept, merge=merged)
    out().print(
        f"Merged into {kept.display_name} (id {result['kept']}); id {result['merged']} is gone.",
        markup=False,
    )


@app.command("not-same")
def not_same(
    a: Annotated[str, typer.Argument(metavar="A", help="One person: id or name.")],
    b: Annotated[str, typer.Argument(metavar="B", help="The other: id or name.")],
) -> None:
    """Mark two people as different, so the pair is not suggested again."""

    owner = current_user()
    first = resolve_person(owner, a, field="A")
    second = resolve_person(owner, b, field="B")
    duplicates.dismiss_duplicate(owner=owner, a=first, b=second)
    out().print(
        f"Noted: {first.display_name} and {second.display_name} are different people.",
        markup=False,
    )


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.add_typer(app, name="dedupe")
