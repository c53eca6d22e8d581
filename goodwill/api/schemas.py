"""The one JSON shape of each object, used by the API and by the CLI's --json."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema


class Ref(Schema):
    id: int
    display_name: str


def ref(person) -> dict:
    """A person as a Ref: what every schema that names someone shows of them."""
    return {"id": person.pk, "display_name": person.display_name}


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


class AskNextOut(Schema):
    id: int
    person_id: int
    text: str
    source_id: int | None
    done_at: dt.datetime | None
    done_in_id: int | None
    created_at: dt.datetime


class InteractionOut(Schema):
    id: int
    occurred_at: dt.datetime
    kind: str
    summary: str
    notes: str
    participants: list[Ref]
    initiated_by: Ref | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_participants(obj) -> list[dict]:
        return [{"id": p.pk, "display_name": p.display_name} for p in obj.participants.all()]


class RelationshipOut(Schema):
    id: int
    person: Ref
    other: Ref
    kind: str
    strength: int
    since: dt.date | None
    source: str

    @staticmethod
    def resolve_person(obj) -> dict:
        return {"id": obj.src_id, "display_name": obj.src.display_name}

    @staticmethod
    def resolve_other(obj) -> dict:
        return {"id": obj.dst_id, "display_name": obj.dst.display_name}


class DuePersonOut(Schema):
    id: int
    display_name: str
    organization: str | None
    next_due_on: dt.date
    last_contact_at: dt.datetime | None
    days_overdue: int

    @staticmethod
    def resolve_organization(obj) -> str | None:
        return obj.organization.name if obj.organization_id else None

    @staticmethod
    def resolve_days_overdue(obj) -> int:
        from goodwill.queries import today

        return (today() - obj.next_due_on).days


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    scope: Literal["read", "write"]
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class ErrorOut(Schema):
    """Every API error has this shape."""

    error: str
    message: str
    fields: dict[str, list[str]] = {}


class MeOut(Schema):
    """An account and its own person record (built from the user)."""

    id: int
    username: str
    email: str
    person: PersonOut | None

    @staticmethod
    def resolve_person(obj):
        from goodwill import queries

        mine = queries.me(obj)
        return queries.person_full(obj, mine.pk) if mine else None


class CadenceOut(Schema):
    """A person's keep-in-touch settings. cadence_days is their own interval;
    effective_cadence_days is what applies (their own, else the shortest of their tags')."""

    person_id: int
    cadence_days: int | None
    effective_cadence_days: int | None
    cadence_from: str | None  # "person", "tag" or null
    snoozed_until: dt.date | None
    last_contact_at: dt.datetime | None
    next_due_on: dt.date | None


class TokenCreatedOut(TokenOut):
    """Returned once, on creation: the secret is not stored and cannot be shown again."""

    secret: str


class PersonDeletedOut(Schema):
    interactions_deleted: int
    interactions_kept_without_them: int
    ask_next_deleted: int
    relationships_deleted: int
    introductions_unlinked: int
    also_deleted: dict[str, int] = {}


# ---------------------------------------------------------------- imports (exchange area)


class ImportCountsOut(Schema):
    records: int  # contacts in the file, read or rejected
    created: int  # new people (to be) created
    matched: int  # contacts that are people you already have
    updated: int  # ... of which something was (or would be) filled in
    unchanged: int  # ... of which nothing was new
    rejected: int
    merged: int  # rows folded into an earlier row of the same person in the file


class ImportRejectedOut(Schema):
    position: str  # "line 12", "card 3" or "file"
    reason: str


class ImportNewPersonOut(Schema):
    position: str
    display_name: str
    organization: str
    emails: list[str]


class ImportUpdateOut(Schema):
    person_id: int
    display_name: str
    position: str
    matched_on: str  # email, linkedin_url, phone or name_organization
    fields: list[str]  # the empty fields filled in, and emails/phones/tags added


class ImportKeptOut(Schema):
    id: int
    display_name: str
    reason: str


class ImportUndoOut(Schema):
    removed: int
    kept: list[ImportKeptOut]
    organizations_removed: int = 0
    tags_removed: int = 0


class ImportBatchOut(Schema):
    """An import: a preview (status previewed; id null for a dry run), what a commit did,
    and after an undo what it removed and which people it kept."""

    id: int | None
    filename: str
    format: str
    status: str  # previewed, committed or undone
    created_at: dt.datetime | None
    committed_at: dt.datetime | None
    undone_at: dt.datetime | None
    counts: ImportCountsOut
    matched_on: dict[str, int]
    filled: dict[str, int]
    rejected: list[ImportRejectedOut]
    warnings: list[str]
    new_people: list[ImportNewPersonOut]  # the first 20
    updates: list[ImportUpdateOut]  # the first 200
    undo: ImportUndoOut | None

    @staticmethod
    def resolve_counts(obj) -> dict:
        return obj.report.get("counts") or {
            "records": 0, "created": 0, "matched": 0, "updated": 0, "unchanged": 0,
            "rejected": 0, "merged": 0,
        }  # fmt: skip

    @staticmethod
    def resolve_matched_on(obj) -> dict:
        return obj.report.get("matched_on", {})

    @staticmethod
    def resolve_filled(obj) -> dict:
        return obj.report.get("filled", {})

    @staticmethod
    def resolve_rejected(obj) -> list:
        return obj.report.get("rejected", [])

    @staticmethod
    def resolve_warnings(obj) -> list:
        return obj.report.get("warnings", [])

    @staticmethod
    def resolve_new_people(obj) -> list:
        return obj.report.get("new_people", [])

    @staticmethod
    def resolve_updates(obj) -> list:
        return obj.report.get("updates", [])

    @staticmethod
    def resolve_undo(obj) -> dict | None:
        return obj.report.get("undo")


# ---------------------------------------------------------------- duplicates


class DuplicatePairOut(Schema):
    """Two people who are probably one: why (reasons) and how sure (score, 0-100)."""

    a: Ref
    b: Ref
    score: int
    reason: str
    reasons: list[str]

    @staticmethod
    def resolve_a(obj) -> dict:
        return {"id": obj.a_id, "display_name": obj.a_name}

    @staticmethod
    def resolve_b(obj) -> dict:
        return {"id": obj.b_id, "display_name": obj.b_name}


class MergeOut(Schema):
    """What a merge did: the person kept, the one merged away, rows moved per kind."""

    kept: int
    merged: int
    moved: dict[str, int]
    filled: list[str]


def dump(schema: type[Schema], obj) -> dict:
    """Serialize one object to its JSON-ready dict."""
    return schema.from_orm(obj).model_dump(mode="json")


def dump_many(schema: type[Schema], objs) -> list[dict]:
    return [dump(schema, o) for o in objs]
