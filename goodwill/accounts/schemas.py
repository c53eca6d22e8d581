from __future__ import annotations

import datetime as dt
from typing import Literal

from goodwill.api.schemas import In, Schema
from goodwill.people import queries
from goodwill.people.schemas import PersonOut


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    # The level, then "mcp" when an AI assistant may use it too: "read", "write mcp"…
    scope: Literal["read", "write", "read mcp", "write mcp"]
    scopes: list[str]
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class MeOut(Schema):
    """An account and its own person record (built from the user)."""

    id: int
    username: str
    email: str
    phone_region: str  # the default region for phone numbers without +, "" for none
    person: PersonOut | None

    @staticmethod
    def resolve_person(obj):
        mine = queries.me(obj)
        return queries.person_full(obj, mine.pk) if mine else None


class TokenCreatedOut(TokenOut):
    """Returned once, on creation: the secret is not stored and cannot be shown again."""

    secret: str


class TokenIn(In):
    name: str
    # "read" or "write" (the default), and "mcp" to let an AI assistant use it too:
    # "read mcp", "write mcp" (or the words as a list).
    scope: str | list[str] = "write"


class MePatch(In):
    """Account settings a client may change: only the fields sent change."""

    # Two letters (ISO 3166, e.g. "GB"); "" or null for none. Re-keys your phones.
    phone_region: str | None = None
