"""The one JSON shape of the address book settings (API and `goodwill carddav --json`)."""

from __future__ import annotations

from goodwill.api.schemas import In, Schema
from goodwill.dav import rules


class BookSettingsOut(Schema):
    server: str  # the address to give a contacts app
    username: str  # the user name to give it; the password is an API token
    address_book: str  # the book's own path, for apps that want it
    include_notes: bool  # notes about each person in their card (off by default)
    read_only: bool  # edits from the contacts app are refused (for now)


class BookSettingsPatch(In):
    include_notes: bool | None = None


def book_json(owner, book) -> dict:
    return {
        "server": rules.server_url(),
        "username": owner.username,
        "address_book": rules.book_href(owner.username),
        "include_notes": book.include_notes,
        "read_only": True,
    }
