"""What the MCP tools share: who they act for, running Django work from async code, and
finding a person from what the assistant typed.

The Django ORM is synchronous: each call's work runs in Django's one thread for
synchronous code (``sync_to_async(thread_sensitive=True)``), so a SQLite database sees
one connection at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.http import Http404
from mcp.server.mcpserver import Context
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, ToolAnnotations
from pydantic import Field

from goodwill.accounts.models import User
from goodwill.core.rules import field_error
from goodwill.mcp import schemas
from goodwill.mcp.services import preview_or_commit
from goodwill.people import queries as people_queries
from goodwill.people.models import Person
from goodwill.people.queries import CANDIDATES_SHOWN

PRINCIPAL = "goodwill.mcp.principal"
PEOPLE_SHOWN = 500

READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITE = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)

PersonArg = Annotated[
    str, Field(description="A person: their id (12 or #12) or their name, or part of it.")
]
Confirm = Annotated[
    str | None,
    Field(
        description="Leave out to get a preview. To save, send the preview's confirm value "
        "with exactly the same details."
    ),
]


@dataclass(frozen=True)
class Principal:
    """Who the tools act for, and whether they may save anything."""

    user_id: int
    can_write: bool = True


# ---------------------------------------------------------------- running Django work


def _with_connection[T](work: Callable[[], T]) -> Callable[[], T]:
    """Drop a connection the database closed (or that is past its age) around the work,
    as Django does around each request; never inside a transaction (the tests' own)."""

    def run() -> T:
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            return work()
        finally:
            if not connection.in_atomic_block:
                close_old_connections()

    return run


async def in_django[T](work: Callable[[], T]) -> T:
    return await sync_to_async(_with_connection(work), thread_sensitive=True)()


def owner_of(principal: Principal):
    owner = User.objects.filter(pk=principal.user_id, is_active=True).first()
    if owner is None:
        raise field_error("account", "This account is closed or no longer exists.")
    return owner


# ---------------------------------------------------------------- finding people


def resolve_person(owner, text, field: str = "person") -> Person:
    """One of the owner's people by id or name; else a field error that says what to do.
    Another account's id reads exactly like an unknown one."""
    text = str(text if text is not None else "").strip()
    digits = text.lstrip("#")
    if digits.isdigit():
        person = (
            Person.objects.filter(owner=owner, pk=int(digits)).first() if len(digits) < 19 else None
        )
        if person is None:
            raise field_error(field, f"No person with id {digits}. Find ids with find_people.")
        return person
    if text.lower() == "me":
        me = people_queries.me(owner)
        if me is not None:
            return me
    found = people_queries.find_people(owner, text)
    if not found:
        raise field_error(
            field, f"Nobody matches {text!r}. Look with find_people, or add them in Goodwill."
        )
    if len(found) > 1:
        names = ", ".join(f"{p.display_name} (#{p.pk})" for p in found[:CANDIDATES_SHOWN])
        more = " and more" if len(found) > CANDIDATES_SHOWN else ""
        raise field_error(field, f"{text!r} could be {names}{more}. Send the id instead.")
    return found[0]


def person_row(p: Person) -> dict:
    return {
        "id": p.pk,
        "display_name": p.display_name,
        "organization": p.organization.name if p.organization_id else None,
        "title": p.title,
        "next_due_on": p.next_due_on.isoformat() if p.next_due_on else None,
        "last_contact_at": p.last_contact_at.isoformat() if p.last_contact_at else None,
        "archived": p.archived,
    }


def parse_when(value: str | None):
    """A date or a date and time as typed, checked like the CLI's --when."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace(" ", "T")
    try:
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise field_error("when", f"{value!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM.") from None


class Runner:
    """Runs a tool's work for the account it acts for: the fixed ``principal`` (stdio,
    tests), else the owner of the token the HTTP request carried (see server.http)."""

    def __init__(self, principal: Principal | None) -> None:
        self.principal = principal

    def who(self, ctx: Context) -> Principal:
        if self.principal is not None:
            return self.principal
        request = ctx.request_context.request
        found = getattr(request, "scope", {}).get(PRINCIPAL) if request is not None else None
        if found is None:
            raise MCPError(INVALID_PARAMS, "No account: send a Goodwill access token.")
        return found

    async def call(self, ctx: Context, work: Callable, *, write: bool = False) -> CallToolResult:
        """A tool's answer: ``work(owner)``, its errors in the API's shape."""
        acting = self.who(ctx)
        if write and not acting.can_write:
            return schemas.read_only()

        def job() -> CallToolResult:
            try:
                return work(owner_of(acting))
            except (ValidationError, Http404) as exc:
                return schemas.from_exception(exc)

        return await in_django(job)

    async def text(self, ctx: Context, work: Callable[..., str]) -> str:
        """A resource's or prompt's text: ``work(owner)``; an error is an MCP error."""
        acting = self.who(ctx)

        def job() -> str:
            try:
                return work(owner_of(acting))
            except (ValidationError, Http404) as exc:
                message = schemas.from_exception(exc).content[0].text
                raise MCPError(INVALID_PARAMS, message) from None

        return await in_django(job)

    @staticmethod
    def save(owner, tool: str, arguments: dict, confirm: str | None, write, show):
        """A write tool's answer: the preview and its confirmation, or what was saved."""
        saved, shown, token = preview_or_commit(
            owner=owner, tool=tool, arguments=arguments, confirm=confirm, write=write, show=show
        )
        return schemas.written(tool, saved, shown, token)
