"""`goodwill account create|list`: the accounts on this install."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from django.db.models import Count
from rich.markup import escape
from rich.table import Table

from goodwill.api.schemas import MeOut, dump
from goodwill.cli import ensure_migrated, err, fail, out, print_json
from goodwill.cli.render import local_date
from goodwill.models import Person, User
from goodwill.services import accounts

app = typer.Typer(help="Create and list accounts.", no_args_is_help=True)


def read_password() -> str:
    """From stdin when it is not a terminal (for scripts); else prompt twice, hidden."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@app.command("create")
def create(
    username: Annotated[
        str | None, typer.Option("--username", metavar="NAME", help="The name you log in with.")
    ] = None,
    email: Annotated[
        str, typer.Option("--email", metavar="EMAIL", help="Your email (optional).")
    ] = "",
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help="Your own name, as your people know you.")
    ] = "",
) -> None:
    """Create an account. The password is read from stdin when it is not a terminal:

    echo "$PASSWORD" | goodwill account create --username ana
    """
    ensure_migrated()
    if username is None:
        if not sys.stdin.isatty():
            raise fail("username: Give --username when the password comes from stdin.")
        username = typer.prompt("Username")
    password = read_password()
    user = accounts.create_account(
        username=username, password=password, email=email, display_name=name
    )
    out().print(f"Created the account {user.username!r}.", markup=False)
    if User.objects.count() == 1:
        err().print("Start the web app with `goodwill serve` and log in.", markup=False)


@app.command("list")
def list_(
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """List the accounts on this install."""
    ensure_migrated()
    users = list(User.objects.order_by("username"))
    if json:
        print_json([dump(MeOut, user) for user in users])
        return
    console = out()
    if not users:
        console.print("No accounts yet. Create one with `goodwill account create`.", markup=False)
        return
    counts = dict(
        Person.objects.filter(is_me=False)
        .values("owner_id")
        .annotate(n=Count("id"))
        .values_list("owner_id", "n")
    )
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("ID", "Username", "Email", "People", "Joined"):
        table.add_column(column, justify="right" if column in {"ID", "People"} else "left")
    for user in users:
        table.add_row(
            str(user.pk),
            escape(user.username) + ("" if user.is_active else " [dim](inactive)[/dim]"),
            escape(user.email),
            str(counts.get(user.pk, 0)),
            local_date(user.date_joined),
        )
    console.print(table)
