"""Rules about people that other areas' services share: naming someone by id."""

from __future__ import annotations

from goodwill.core.rules import field_error, resolve_owned
from goodwill.people.models import Person


def resolve_someone(owner, value, field: str, missing: str):
    """One of the owner's people other than themselves, or a field error saying why."""
    person = resolve_owned(Person, owner, value, field)
    if person is None:
        raise field_error(field, missing)
    if person.is_me:
        raise field_error(field, "That is you; name someone else.")
    return person


def resolve_two_people(
    owner, a, b, *, fields=("a", "b"), same: str = "Choose two different people."
):
    """Two different people of the owner's, from ids or instances; else a field error."""
    first = resolve_owned(Person, owner, a, fields[0])
    second = resolve_owned(Person, owner, b, fields[1])
    if first is None or second is None:
        raise field_error(fields[0] if first is None else fields[1], "Name both people.")
    if first.pk == second.pk:
        raise field_error(fields[1], same)
    return first, second
