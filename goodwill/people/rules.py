"""Rules about people that every area shares: naming someone by id, a phone number's
comparable form, URLs, and the text people are found by."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

from anyascii import anyascii

from goodwill.core.rules import field_error, resolve_owned
from goodwill.people.models import (
    SEARCH_TEXT_MAX,
    Person,
)


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


def normalize_phone(number: str) -> str:
    """Digits only, with a leading + kept: what two spellings of one number share."""
    number = number.strip()
    if number.lower().startswith("tel:"):
        number = number[4:]
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.startswith("+"):
        return "+" + digits
    if number.startswith("00") and len(digits) > 6:
        return "+" + digits[2:]
    return digits


def check_url(field: str, value: str) -> None:
    if not value:
        return
    try:
        parsed = urlparse(value if "://" in value else "https://" + value)
    except ValueError:  # e.g. "http://[": an unclosed IPv6 bracket
        raise field_error(field, f"{value!r} is not a web address.") from None
    if parsed.scheme not in {"http", "https"} or not parsed.netloc or " " in value:
        raise field_error(field, f"{value!r} is not a web address.")


def search_text_for(
    person: Person,
    emails: Iterable[str] = (),
    tags: Iterable[str] = (),
    organization: str = "",
) -> str:
    parts = [
        person.display_name,
        person.given_name,
        person.family_name,
        person.nickname,
        organization,
        *emails,
        *tags,
    ]
    text = " ".join(p for p in parts if p)
    folded = anyascii(text).lower()
    original = text.lower()
    combined = folded if folded == original else f"{folded} {original}"
    return combined[:SEARCH_TEXT_MAX]
