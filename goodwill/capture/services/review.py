"""The review list's answers: add the person, merge into someone, ignore, forget.

Nobody becomes a person on their own: only these services, on the user's word, turn an
address into a person (and then log what was captured with it).
"""

from __future__ import annotations

from django.db import transaction

from goodwill.capture.models import Captured, Ignored, ReviewEntry
from goodwill.capture.rules.connectors import EMAIL, domain_of
from goodwill.capture.services.record import contains, interactions_from, relog
from goodwill.core.rules import field_error, resolve_owned
from goodwill.interactions import services as interactions
from goodwill.people import services as people
from goodwill.people.models import Person, PersonEmail


def _entry(owner, entry) -> ReviewEntry:
    return resolve_owned(ReviewEntry, owner, entry, "entry")


@transaction.atomic
def add_person(*, owner, entry, display_name: str = "") -> Person:
    """A new person with this address, and what was captured with them logged."""
    entry = _entry(owner, entry)
    name = " ".join((display_name or entry.name or "").split())
    person = people.create_person(
        owner=owner, display_name=name or entry.email, emails=[entry.email]
    )
    relog(owner, entry.email, person.pk)
    entry.delete()
    return person


@transaction.atomic
def merge_into(*, owner, entry, person) -> Person:
    """Add the address to someone already in Goodwill, and log what was captured."""
    entry = _entry(owner, entry)
    person = resolve_owned(Person, owner, person, "person")
    if person.is_me:
        raise field_error("person", "That is you; add the address to your own addresses instead.")
    emails = [{"label": e.label, "address": e.address} for e in person.emails.all()]
    if entry.email not in {e["address"].lower() for e in emails}:
        emails.append({"label": "", "address": entry.email})
        person = people.update_person(owner=owner, person=person, emails=emails)
    relog(owner, entry.email, person.pk)
    entry.delete()
    return person


def _ignore(owner, value: str, *, is_domain: bool) -> Ignored:
    found, _ = Ignored.objects.get_or_create(
        owner=owner, value=value, defaults={"is_domain": is_domain}
    )
    return found


@transaction.atomic
def ignore_address(*, owner, entry=None, email: str = "") -> Ignored:
    """Leave this address alone from now on; it leaves the review list."""
    if entry is not None:
        email = _entry(owner, entry).email
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise field_error("email", f"{email!r} is not an e-mail address.")
    ReviewEntry.objects.filter(owner=owner, email=email).delete()
    return _ignore(owner, email, is_domain=False)


@transaction.atomic
def ignore_domain(*, owner, entry=None, domain: str = "") -> Ignored:
    """Leave every address at this domain alone (a shop, a service, a company's robots)."""
    if entry is not None:
        domain = domain_of(_entry(owner, entry).email)
    domain = (domain or "").strip().lstrip("@").lower()
    if not domain or "." not in domain or " " in domain:
        raise field_error("domain", f"{domain!r} is not a domain, e.g. example.com.")
    ReviewEntry.objects.filter(owner=owner, email__endswith=f"@{domain}").delete()
    return _ignore(owner, domain, is_domain=True)


@transaction.atomic
def unignore(*, owner, item) -> None:
    resolve_owned(Ignored, owner, item, "item").delete()


@transaction.atomic
def forget_address(*, owner, email: str = "", entry=None) -> dict[str, int]:
    """Remove everything captured from this address: the items, the review line, and the
    interactions capture logged from them alone. The address is ignored from then on, so
    it is not read again. Interactions the user logged by hand are never touched."""
    if entry is not None:
        email = _entry(owner, entry).email
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise field_error("email", f"{email!r} is not an e-mail address.")
    rows = list(Captured.objects.filter(owner=owner, **contains(email)))
    logged = interactions_from(owner, rows)
    Captured.objects.filter(pk__in=[r.pk for r in rows]).delete()
    for interaction_id in logged:
        interactions.delete_interaction(owner=owner, interaction=interaction_id)
    review, _ = ReviewEntry.objects.filter(owner=owner, email=email).delete()
    _ignore(owner, email, is_domain=False)
    return {"captured": len(rows), "interactions": len(logged), "review": review}


def known_address(owner, email: str) -> bool:
    return PersonEmail.objects.filter(owner=owner, address__iexact=email).exists()
