"""Finding a person from what the user typed: an id, a name, or a unique part of one."""

from __future__ import annotations

import typer
from django.db import DatabaseError

from goodwill.cli.common import completing_user, completions, fail
from goodwill.people.models import Person
from goodwill.people.queries import CANDIDATES_SHOWN, find_people

__all__ = ["complete_person", "find_people", "resolve_person"]

COMPLETED = 40  # names offered at most


def _describe(people: list[Person]) -> str:
    lines = []
    for p in people[:CANDIDATES_SHOWN]:
        org = f" ({p.organization.name})" if p.organization_id else ""
        archived = " [archived]" if p.archived else ""
        lines.append(f"  {p.pk:>6}  {p.display_name}{org}{archived}")
    if len(people) > CANDIDATES_SHOWN:
        lines.append("  …")
    return "\n".join(lines)


def resolve_person(owner, text: str, *, hint: str = "", field: str = "") -> Person:
    """One person of the owner's, by id or name; else an error listing the candidates.

    ``field`` names the option the text came from, so the error can name it too.
    """
    prefix = f"{field}: " if field else ""
    text = (text or "").strip()
    digits = text.lstrip("#")
    if digits.isdigit():
        person = Person.objects.filter(owner=owner, pk=int(digits)).first()
        if person is None:
            raise fail(f"{prefix}No person with id {digits}.")
        return person
    found = find_people(owner, text)
    if not found:
        raise fail(f"{prefix}Nobody matches {text!r}.{hint}")
    if len(found) > 1:
        raise fail(
            f"{prefix}{text!r} could be "
            f"{'more than ' if len(found) > CANDIDATES_SHOWN else ''}"
            f"{min(len(found), CANDIDATES_SHOWN)} people; pass an id instead:\n{_describe(found)}"
        )
    return found[0]


def complete_person(ctx: typer.Context, incomplete: str) -> list[str]:
    """People's names for the shell to complete (`goodwill log coffee An<Tab>`): the
    account's people whose name starts with what was typed (typer keeps those whose case
    matches too). Nothing when there is no database or account yet."""
    owner = completing_user(ctx)
    if owner is None:
        return []
    people = Person.objects.filter(
        owner=owner, is_me=False, archived=False, display_name__istartswith=incomplete.strip()
    )
    try:
        names = list(
            people.order_by("display_name").values_list("display_name", flat=True)[:COMPLETED]
        )
    except DatabaseError:
        return []
    return completions(list(dict.fromkeys(names)))
