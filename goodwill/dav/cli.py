"""`goodwill carddav settings`: where a contacts app finds your people, and what it gets."""

from __future__ import annotations

from typing import Annotated

import typer

from goodwill.cli.common import Json, current_user, out, print_json
from goodwill.dav import services as service
from goodwill.dav.schemas import BookSettingsOut, book_json

carddav_app = typer.Typer(
    help="Your people in your phone's or computer's contacts app (CardDAV, read-only).",
    no_args_is_help=True,
)


@carddav_app.command("settings")
def carddav_settings(
    notes: Annotated[
        bool | None,
        typer.Option("--notes/--no-notes", help="Put your notes about each person in their card."),
    ] = None,
    json: Json = False,
) -> None:
    """Show how to connect a contacts app, or change whether cards carry your notes.

    The password a contacts app needs is an API token (`goodwill token create`), never
    your account password. Example: goodwill carddav settings --no-notes
    """
    owner = current_user()
    book = (
        service.update_settings(owner=owner, include_notes=notes)
        if notes is not None
        else service.settings_for(owner)
    )
    data = BookSettingsOut(**book_json(owner, book)).model_dump(mode="json")
    if json:
        print_json(data)
        return
    console = out()
    console.print(f"Server: {data['server']}", markup=False)
    console.print(f"User name: {data['username']}", markup=False)
    console.print("Password: an API token (a read-only one is enough), not your password.")
    console.print(f"Notes in cards: {'yes' if data['include_notes'] else 'no'}", markup=False)
    console.print("Read-only: changes made in the contacts app are not saved in Goodwill.")


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.add_typer(carddav_app, name="carddav")
