"""`goodwill demo`: fill an account with made-up people, to try Goodwill or benchmark it."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from goodwill.cli.common import _options, current_user, err, fail, out, print_json

LABELS = {"ask_next": "things to ask next time"}


def demo(
    people: Annotated[
        int,
        typer.Option("--people", "-n", metavar="N", min=1, help="How many people to make."),
    ],
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="The same seed gives the same people.")
    ] = 0,
    user: Annotated[
        str | None,
        typer.Option("--user", "-u", metavar="USERNAME", help="The account to fill."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Add made-up people, interactions and relationships to an account."""
    if user:
        _options["user"] = user.strip()
    owner = current_user()
    try:
        fill_demo = importlib.import_module("goodwill.demo.services").fill_demo
    except (ImportError, AttributeError):
        raise fail("Demo data is not available in this version of Goodwill.") from None

    with Progress(
        TextColumn("[bold]Making demo data"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
    ) as bar:
        task = bar.add_task("demo", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        counts = fill_demo(owner=owner, people=people, seed=seed, progress=progress)
    if json:
        print_json(counts)
        return
    summary = ", ".join(
        f"{n:,} {LABELS.get(what, what)}" for what, n in counts.items() if what != "rows"
    )
    out().print(f"Added to {owner.username!r}: {summary}.", markup=False)


def register(root) -> None:
    """Add this area's commands to the root typer app."""
    root.command("demo")(demo)
