"""`goodwill token create|list|revoke`: personal access tokens for the API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill.api.schemas import TokenOut, dump_many
from goodwill.cli import current_user, err, out, print_json
from goodwill.cli.render import local_date
from goodwill.models import ApiToken
from goodwill.services import accounts

app = typer.Typer(help="Personal access tokens for the JSON API.", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Where you will use it, e.g. 'laptop script'.")
    ],
    read_only: Annotated[
        bool, typer.Option("--read-only", help="The token can read but never change anything.")
    ] = False,
) -> None:
    """Create a token and print its secret (once: only a hash is kept).

    The secret alone goes to stdout, so `SECRET=$(goodwill token create ci)` works.
    """
    owner = current_user()
    token, secret = accounts.create_token(
        owner=owner, name=name, scope=ApiToken.READ if read_only else ApiToken.WRITE
    )
    err().print(
        f"Created token {token.name!r} (id {token.pk}). Copy the secret now: "
        "it is not shown again. Send it as 'Authorization: Bearer <secret>'.",
        markup=False,
    )
    typer.echo(secret)


@app.command("list")
def list_(
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


@app.command("revoke")
def revoke(
    token_id: Annotated[
        int, typer.Argument(metavar="ID", help="The token's id (see `token list`).")
    ],
) -> None:
    """Revoke a token: it stops working at once."""
    owner = current_user()
    token = accounts.revoke_token(owner=owner, token=token_id)
    out().print(f"Revoked token {token.name!r} ({token.hint}…).", markup=False)
