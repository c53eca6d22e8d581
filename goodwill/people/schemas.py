from __future__ import annotations

import datetime as dt
from typing import Literal

from goodwill.api.schemas import In, Ref, Schema


class OrganizationOut(Schema):
    id: int
    name: str
    domain: str
    website: str


class TagOut(Schema):
    id: int
    name: str
    cadence_days: int | None


class EmailOut(Schema):
    label: str
    address: str


class PhoneOut(Schema):
    label: str
    number: str


class Birthday(Schema):
    year: int | None = None
    month: int
    day: int


class PersonOut(Schema):
    id: int
    display_name: str
    given_name: str
    family_name: str
    nickname: str
    organization: str | None
    organization_id: int | None
    title: str
    location: str
    linkedin_url: str
    website: str
    birthday: Birthday | None
    met_how: str
    met_on: dt.date | None
    introduced_by: Ref | None
    tags: list[str]
    emails: list[EmailOut]
    phones: list[PhoneOut]
    about: str
    has_photo: bool
    is_me: bool
    archived: bool
    cadence_days: int | None
    snoozed_until: dt.date | None
    last_contact_at: dt.datetime | None
    next_due_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organization(obj) -> str | None:
        return obj.organization.name if obj.organization_id else None

    @staticmethod
    def resolve_birthday(obj) -> dict | None:
        if not (obj.birthday_month and obj.birthday_day):
            return None
        return {"year": obj.birthday_year, "month": obj.birthday_month, "day": obj.birthday_day}

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return sorted(t.name for t in obj.tags.all())

    @staticmethod
    def resolve_has_photo(obj) -> bool:
        return bool(obj.photo)


class PersonDeletedOut(Schema):
    interactions_deleted: int
    interactions_kept_without_them: int
    ask_next_deleted: int
    relationships_deleted: int
    introductions_unlinked: int
    also_deleted: dict[str, int] = {}


# ---------------------------------------------------------------- people


class EmailIn(In):
    label: str = ""
    address: str


class PhoneIn(In):
    label: str = ""
    number: str


class BirthdayIn(In):
    year: int | None = None
    month: int
    day: int


class PersonIn(In):
    """A person. On create every field is optional but a name (display_name, given or
    family name, nickname or an email) is needed; on PATCH only the fields sent change.
    Lists (emails, phones, tags) replace the whole list."""

    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    nickname: str | None = None
    organization: str | None = None
    title: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    website: str | None = None
    birthday: BirthdayIn | None = None
    met_how: str | None = None
    met_on: dt.date | None = None
    introduced_by: int | None = None
    tags: list[str] | None = None
    emails: list[EmailIn] | None = None
    phones: list[PhoneIn] | None = None
    about: str | None = None
    cadence_days: int | None = None


class PersonPatch(PersonIn):
    archived: bool | None = None


class PeopleFilters(Schema):
    q: str = ""
    tag: str = ""
    show: Literal["all", "due", "dormant", "archived"] = "all"


# ---------------------------------------------------------------- tags, organizations, tokens


class TagIn(In):
    name: str
    cadence_days: int | None = None


class TagPatch(In):
    name: str | None = None
    cadence_days: int | None = None


class NameFilter(Schema):
    q: str = ""


class OrganizationIn(In):
    name: str
    domain: str = ""
    website: str = ""


class OrganizationPatch(In):
    name: str | None = None
    domain: str | None = None
    website: str | None = None
