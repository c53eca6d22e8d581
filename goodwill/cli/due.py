"""`goodwill due`: who is due for a catch-up."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill import queries
from goodwill.api.schemas import DuePersonOut, dump_many
from goodwill.cli import current_user, out, print_json
from goodwill.cli.render import ago, due_phrase


def due(
    days: Annotated[
        int,
        typer.Option(
            "--days",
            "-d",
            metavar="N",
            min=0,
            max=3650,
            help="Also list who falls due within N days.",
        ),
    ] = 0,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            min=0,
            help="Show at most N people, most overdue first (0: everyone).",
        ),
    ] = 50,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Who is due for a catch-up, most overdue first, with when you last talked."""
    owner = current_user()
    people, more = queries.due_page(
        owner, on=queries.today() + dt.timedelta(days=days), limit=limit
    )
    if json:
        print_json(dump_many(DuePersonOut, people))
        return
    console = out()
    if not people:
        console.print("Nobody is due" + (f" in the next {days} days." if days else " today."))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Organization", overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("Last contact", no_wrap=True)
    for p in people:
        overdue = (queries.today() - p.next_due_on).days > 0
        phrase = due_phrase(p.next_due_on)
        table.add_row(
            str(p.pk),
            escape(p.display_name),
            escape(p.organization.name if p.organization_id else ""),
            f"[red]{phrase}[/red]" if overdue else phrase,
            ago(p.last_contact_at),
        )
    console.print(table)
    if more:
        console.print(f"… and {more} more (--limit 0 shows everyone).", style="dim")
