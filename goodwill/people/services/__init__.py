"""People: create, edit, archive, delete, and your own record. Organizations and tags
are in organizations.py, the cadence clock in cadence.py, the search column in
search.py, phone keys in phones.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Count
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from goodwill.core.rules import UNSET, check_fields, clean_instance, field_error, resolve_owned
from goodwill.people import queries as people_queries
from goodwill.people.models import (
    Person,
    PersonEmail,
    PersonPhone,
    person_introduced,
)
from goodwill.people.rules import (
    check_url,
    phone_key,
    reencode_photo,
    region_of,
    search_text_for,
)
from goodwill.people.services import cadence
from goodwill.people.services.organizations import get_or_create_organization, get_or_create_tags
from goodwill.people.services.search import reindex

PERSON_FIELDS = {
    "display_name",
    "given_name",
    "family_name",
    "nickname",
    "title",
    "location",
    "linkedin_url",
    "website",
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "met_how",
    "met_on",
    "about",
    "cadence_days",
}
TEXT_FIELDS = {
    f
    for f in PERSON_FIELDS
    if isinstance(Person._meta.get_field(f), models.CharField | models.TextField)
}


# ---------------------------------------------------------------- normalising helpers


def _clean_emails(values) -> list[tuple[str, str]]:
    cleaned, seen = [], set()
    for index, value in enumerate(values or []):
        if isinstance(value, str):
            label, address = "", value
        elif isinstance(value, dict):
            label, address = value.get("label") or "", value.get("address") or ""
        else:
            label, address = value
        address = (address or "").strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise field_error(
                "emails", f"Email {index + 1}: {address!r} is not a valid email address."
            ) from None
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        cleaned.append(((label or "").strip()[:40], address))
    return cleaned


def _clean_phones(values, region: str = "") -> list[tuple[str, str, str]]:
    """(label, number, key) per phone, the key read in the owner's region; one per key."""
    cleaned, seen = [], set()
    for index, value in enumerate(values or []):
        if isinstance(value, str):
            label, number = "", value
        elif isinstance(value, dict):
            label, number = value.get("label") or "", value.get("number") or ""
        else:
            label, number = value
        number = (number or "").strip()
        if not number:
            continue
        normalized = phone_key(number, region)
        if len(normalized.lstrip("+")) < 3 or len(number) > 60:
            raise field_error("phones", f"Phone {index + 1}: {number!r} is not a phone number.")
        if normalized in seen:
            continue
        seen.add(normalized)
        cleaned.append(((label or "").strip()[:40], number, normalized))
    return cleaned


def _check_birthday(person: Person) -> None:
    y, m, d = person.birthday_year, person.birthday_month, person.birthday_day
    if m is None and d is None:
        if y is not None:
            raise field_error("birthday_month", "A birthday with a year needs a month and day.")
        return
    if m is None or d is None:
        raise field_error(
            "birthday_day" if d is None else "birthday_month", "Give both month and day."
        )
    this_year = timezone.localdate().year
    if y is not None and not 1900 <= y <= this_year:
        raise field_error("birthday_year", f"Year must be between 1900 and {this_year}.")
    try:
        dt.date(y or 2000, m, d)  # 2000 is a leap year: 29 February is fine without a year
    except (ValueError, OverflowError):  # OverflowError: a day or month beyond any integer
        raise field_error("birthday_day", f"{d}/{m} is not a day of the year.") from None


# ---------------------------------------------------------------- organizations and tags


# ---------------------------------------------------------------- people


def _compose_name(fields: dict, emails: Sequence[tuple[str, str]]) -> str:
    name = " ".join(
        p for p in (fields.get("given_name", ""), fields.get("family_name", "")) if p
    ).strip()
    return name or fields.get("nickname", "") or (emails[0][1] if emails else "")


def _apply_fields(person: Person, fields: dict) -> None:
    for key, value in fields.items():
        if value is None and key in TEXT_FIELDS:
            value = ""  # a text field left out or nulled is empty, never NULL
        if isinstance(value, str):
            value = value.strip()
        if value == "" and key in {
            "birthday_year",
            "birthday_month",
            "birthday_day",
            "met_on",
            "cadence_days",
        }:
            value = None
        setattr(person, key, value)


def _validate(person: Person) -> None:
    if not person.display_name:
        raise field_error("display_name", "A person needs a name.")
    for field in ("linkedin_url", "website"):
        check_url(field, getattr(person, field))
    _check_birthday(person)
    clean_instance(
        person, exclude=["owner", "organization", "introduced_by", "photo", "search_text"]
    )


def _set_contacts(owner, person: Person, emails, phones) -> None:
    if emails is not None:
        PersonEmail.objects.filter(person=person).delete()
        PersonEmail.objects.bulk_create(
            PersonEmail(owner=owner, person=person, label=label, address=address, position=i)
            for i, (label, address) in enumerate(emails)
        )
    if phones is not None:
        PersonPhone.objects.filter(person=person).delete()
        PersonPhone.objects.bulk_create(
            PersonPhone(
                owner=owner, person=person, label=label, number=number, normalized=norm, position=i
            )
            for i, (label, number, norm) in enumerate(phones)
        )


def _photo(photo):
    """An uploaded file is re-encoded (people.rules.reencode_photo); a stored photo's
    name or field file is kept as it is."""
    if isinstance(photo, (str, FieldFile)):
        return photo
    return reencode_photo(photo)


@transaction.atomic
def create_person(
    *,
    owner,
    emails=(),
    phones=(),
    tags: Iterable[str] = (),
    organization: str | None = None,
    introduced_by=None,
    photo=None,
    **fields,
) -> Person:
    check_fields(fields, PERSON_FIELDS)
    clean_emails = _clean_emails(emails)
    clean_phones = _clean_phones(phones, region_of(owner))
    if not (fields.get("display_name") or "").strip():
        fields["display_name"] = _compose_name(fields, clean_emails)
    person = Person(owner=owner)
    _apply_fields(person, fields)
    person.introduced_by = resolve_owned(Person, owner, introduced_by, "introduced_by")
    _validate(person)
    person.organization = get_or_create_organization(owner=owner, name=organization or "")
    if photo is not None:
        person.photo = _photo(photo)
    person.save()
    _set_contacts(owner, person, clean_emails, clean_phones)
    tag_objs = get_or_create_tags(owner=owner, names=tags)
    if tag_objs:
        person.tags.set(tag_objs)
    person.search_text = search_text_for(
        person,
        [a for _, a in clean_emails],
        [t.name for t in tag_objs],
        person.organization.name if person.organization else "",
    )
    person.save(update_fields=["search_text"])
    if person.introduced_by_id:
        person_introduced.send(sender=Person, owner=owner, person=person)
    cadence.refresh(owner=owner, person_ids=[person.pk])
    person.refresh_from_db()
    return person


@transaction.atomic
def update_person(
    *,
    owner,
    person: Person,
    emails=None,
    phones=None,
    tags: Iterable[str] | None = None,
    organization=UNSET,
    introduced_by=UNSET,
    photo=UNSET,
    **fields,
) -> Person:
    """Change the given fields only; leave everything not named as it is."""
    check_fields(fields, PERSON_FIELDS)
    person = resolve_owned(Person, owner, person, "person")
    clean_emails = _clean_emails(emails) if emails is not None else None
    clean_phones = _clean_phones(phones, region_of(owner)) if phones is not None else None
    _apply_fields(person, fields)
    if introduced_by is not UNSET:
        introducer = resolve_owned(Person, owner, introduced_by, "introduced_by")
        if introducer is not None and introducer.pk == person.pk:
            raise field_error("introduced_by", "Nobody introduces themselves.")
        person.introduced_by = introducer
    _validate(person)
    if organization is not UNSET:
        person.organization = get_or_create_organization(owner=owner, name=organization or "")
    if photo is not UNSET:
        new_photo = _photo(photo) if photo else ""
        if person.photo and new_photo != person.photo:
            person.photo.delete(save=False)
        person.photo = new_photo
    person.save()
    _set_contacts(owner, person, clean_emails, clean_phones)
    if tags is not None:
        person.tags.set(get_or_create_tags(owner=owner, names=tags))
    reindex([person.pk])
    if introduced_by is not UNSET and person.introduced_by_id:
        person_introduced.send(sender=Person, owner=owner, person=person)
    cadence.refresh(owner=owner, person_ids=[person.pk])
    person.refresh_from_db()
    return person


@transaction.atomic
def set_archived(*, owner, person: Person, archived: bool) -> Person:
    person = resolve_owned(Person, owner, person, "person")
    if person.is_me and archived:
        raise field_error("archived", "Your own record cannot be archived.")
    person.archived = archived
    person.save(update_fields=["archived", "updated_at"])
    return person


def _solo_interactions(person: Person):
    """Interactions this person took part in with nobody else.

    Read through the person's reverse relations (participants of interactions, their
    relationships, things to ask them): the areas that own those rows sit above people."""
    interactions = person.interactions.model.objects.filter(pk__in=person.interactions.values("pk"))
    return interactions.annotate(n=Count("participants")).filter(n=1)


def deletion_summary(*, owner, person: Person) -> dict[str, int]:
    """What else goes when this person is deleted, for the confirmation step."""
    person = resolve_owned(Person, owner, person, "person")
    solo = _solo_interactions(person).count()
    shared = person.interactions.count() - solo
    return {
        "interactions_deleted": solo,
        "interactions_kept_without_them": shared,
        "ask_next_deleted": person.ask_next.count(),
        "relationships_deleted": person.relationships.count(),
        "introductions_unlinked": Person.objects.filter(introduced_by=person).count(),
        "also_deleted": _other_cascades(person),
    }


# Rows that deletion_summary already describes in its own words, by model name.
_DESCRIBED = {"participation", "asknext", "relationship", "personemail", "personphone"}


def _other_cascades(person: Person) -> dict[str, int]:
    """Everything else that goes with a person (leads, referrals, … any later area).

    Found by walking the foreign keys to Person, so a new model that points at people
    shows up in the confirmation without anyone remembering to add it here.
    """
    counts: dict[str, int] = {}
    for rel in Person._meta.related_objects:
        model = rel.related_model
        described = model._meta.model_name in _DESCRIBED
        if described or model is Person or rel.on_delete is not models.CASCADE:
            continue
        n = model._base_manager.filter(**{rel.field.name: person}).count()
        if n:
            label = str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + n
    return counts


@transaction.atomic
def delete_person(*, owner, person: Person) -> dict[str, int]:
    """Delete a person, the interactions only they took part in, and their edges (both
    directions of a relationship cascade with the person)."""
    person = resolve_owned(Person, owner, person, "person")
    if person.is_me:
        raise field_error("person", "Your own record cannot be deleted.")
    summary = deletion_summary(owner=owner, person=person)
    solo_ids = list(_solo_interactions(person).values_list("pk", flat=True))
    person.interactions.model.objects.filter(pk__in=solo_ids).delete()
    if person.photo:
        person.photo.delete(save=False)
    person.delete()
    return summary


@transaction.atomic
def ensure_me(*, owner, display_name: str = "") -> Person:
    me = people_queries.me(owner)
    if me is None:
        name = display_name or owner.get_full_name() or owner.get_username()
        me = Person.objects.create(owner=owner, display_name=name, is_me=True)
        me.search_text = search_text_for(me)
        me.save(update_fields=["search_text"])
    return me
