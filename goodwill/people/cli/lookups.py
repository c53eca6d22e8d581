"""Finding a person from what the user typed: an id, a name, or a unique part of one."""

from __future__ import annotations

from goodwill.cli.common import fail
from goodwill.people.models import Person
from goodwill.people.queries import CANDIDATES_SHOWN, find_people

__all__ = ["find_people", "resolve_person"]


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
