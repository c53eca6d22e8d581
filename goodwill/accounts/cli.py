"""`goodwill account create|list|invite|region|delete`: the accounts on this install."""

from __future__ import annotations

import sys
from typing import Annotated

import phonenumbers
import typer
from django.db.models import Count
from rich.markup import escape
from rich.table import Table

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken, User
from goodwill.accounts.rules import invite_link
from goodwill.accounts.schemas import MeOut, TokenOut
from goodwill.accounts.services import security
from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import (
    Json,
    Yes,
    current_user,
    ensure_migrated,
    err,
    fail,
    out,
    print_json,
    say,
)
from goodwill.cli.render import local_date
from goodwill.people.models import Person

app = typer.Typer(
    help="Create, list, invite and delete accounts; your default phone region.",
    no_args_is_help=True,
)


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


@app.command("invite")
def invite(
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="Who it is for (only hosts see it).")
    ] = "",
    days: Annotated[int, typer.Option("--days", help="How long the link works (1-90).")] = 14,
) -> None:
    """Print a single-use sign-up link (built from GOODWILL_SITE_URL).

    The link is made in the name of the account you act as (--user), which becomes a
    host: whoever runs this command administers the install.
    """

    host = current_user()
    if not host.is_staff:
        host.is_staff = True
        host.save(update_fields=["is_staff"])
    _invite, secret = security.create_invite(by=host, note=note, days=days)
    err().print(f"Invitation valid for {days} days; it works once:", markup=False)
    typer.echo(invite_link(secret))


@app.command("region")
def region(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="REGION",
            help="Two letters (ISO 3166), e.g. GB, US, DE. Leave out to see the current one.",
        ),
    ] = None,
    clear: Annotated[
        bool,
        typer.Option("--clear", help="Remove it: then only numbers with + are matched."),
    ] = False,
    json: Json = False,
) -> None:
    """Show or set your default region for phone numbers written without +.

    With GB, "020 7946 0000" and "+44 20 7946 0000" are one number, for imports,
    duplicates and search alike. Setting it compares your people's phones again at once.

    goodwill account region GB
    """
    owner = current_user()
    if clear and code is not None:
        raise fail("Give a region or --clear, not both.")
    if clear or code is not None:
        owner = accounts.set_phone_region(owner=owner, region="" if clear else code)
    if json:
        print_json(dump(MeOut, owner))
        return
    if owner.phone_region:
        calling = phonenumbers.country_code_for_region(owner.phone_region)
        say(f"Default region for phone numbers: {owner.phone_region} (+{calling}).")
    else:
        say("No default region for phone numbers: two count as one only when both start with +.")


@app.command("delete")
def delete(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to delete.")],
    yes: Yes = False,
) -> None:
    """Delete an account and everything it owns (people, notes, leads, tokens)."""

    ensure_migrated()
    user = User.objects.find(username)
    if user is None:
        raise fail(f"There is no account called {username!r}.")
    owned = Person.objects.filter(owner=user, is_me=False).count()
    # Declining exits 1 here (the other commands that ask stop with status 2): scripts
    # that delete accounts already rely on it.
    if not yes and not typer.confirm(
        f"Delete the account {user.username!r} and its {owned} people? This cannot be undone"
    ):
        raise typer.Exit(1)
    security.remove_account(user=user)
    out().print(f"Deleted the account {user.username!r}.", markup=False)


token_app = typer.Typer(
    help="Personal access tokens for the JSON API and the MCP server.", no_args_is_help=True
)


@token_app.command("create")
def create_token(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Where you will use it, e.g. 'laptop script'.")
    ],
    scope: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            metavar="SCOPE",
            help="read or write (the default), and mcp to let an AI assistant use it too. "
            "Repeat it or join the words: --scope read --scope mcp, --scope 'write mcp'.",
        ),
    ] = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="The token can read but never change anything.")
    ] = False,
) -> None:
    """Create a token and print its secret (once: only a hash is kept).

    The secret alone goes to stdout, so `SECRET=$(goodwill token create ci)` works.

    For an AI assistant (docs/mcp.md): goodwill token create claude --scope write --scope mcp
    """
    owner = current_user()
    words = " ".join(scope or [])
    if read_only:
        if "write" in words.replace(",", " ").split():
            raise fail("scope: --read-only and --scope write do not go together; choose one.")
        words = f"read {words}"
    token, secret = accounts.create_token(owner=owner, name=name, scope=words or ApiToken.WRITE)
    err().print(
        f"Created token {token.name!r} (id {token.pk}, {token.get_scope_display()}). Copy the "
        "secret now: it is not shown again. Send it as 'Authorization: Bearer <secret>'.",
        markup=False,
    )
    typer.echo(secret)


@token_app.command("list")
def list_tokens(
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """List your tokens, newest first (revoked ones too)."""
    owner = current_user()
    tokens = list(ApiToken.objects.owned_by(owner))
    if json:
        print_json(dump_many(TokenOut, tokens))
        return
    console = out()
    if not tokens:
        console.print("No tokens yet. Create one with `goodwill token create NAME`.", markup=False)
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("ID", "Name", "Starts with", "Scope", "Created", "Last used", "State"):
        table.add_column(column, justify="right" if column == "ID" else "left")
    for t in tokens:
        table.add_row(
            str(t.pk),
            escape(t.name),
            escape(t.hint) + "…",
            t.get_scope_display(),
            local_date(t.created_at),
            local_date(t.last_used_at) or "never",
            "active" if t.is_active else f"revoked {local_date(t.revoked_at)}",
        )
    console.print(table)


@token_app.command("revoke")
def revoke_token(
    token_id: Annotated[
        int, typer.Argument(metavar="ID", help="The token's id (see `token list`).")
    ],
) -> None:
    """Revoke a token: it stops working at once."""
    owner = current_user()
    token = accounts.revoke_token(owner=owner, token=token_id)
    out().print(f"Revoked token {token.name!r} ({token.hint}…).", markup=False)


def register(root) -> None:
    """Add this area's commands to the root typer app."""
    root.add_typer(app, name="account")
    root.add_typer(token_app, name="token")
