"""The full JSON export of an account: a backup that loads back with nothing lost.

The shape (``FORMAT``/``VERSION`` at the top; docs/export.md describes every key):
organizations, tags, people (with emails, phones, tag ids, photo inline as base64),
interactions (with participant ids), ask_next, relationships (both directed rows),
not_duplicates, and ``other``: every other owned model of the project (leads, report
backs, referrals…), dumped generically as ``{"app_label.model": [rows]}`` with foreign
keys as ids. Derived columns (last contact, next due, search text) are left out: the
loader recomputes them. Ids are those of the exporting database; the loader maps them.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import mimetypes
import uuid

from django.apps import apps
from django.db import models
from django.utils import timezone

from goodwill.accounts.models import ApiToken
from goodwill.exchange.models import NotDuplicate
from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.network.models import Relationship
from goodwill.people.models import Organization, Person, PersonEmail, PersonPhone, Tag
from goodwill.people.services import PERSON_FIELDS as EDITABLE_PERSON_FIELDS

FORMAT = "goodwill-account"
VERSION = 1
# Everything a person's edit form can set, plus what only the app sets.
PERSON_FIELDS = [
    *sorted(EDITABLE_PERSON_FIELDS),
    *("is_me", "archived", "snoozed_until", "first_due_on", "last_touch_at", "created_at"),
]
INTERACTION_FIELDS = ["occurred_at", "kind", "summary", "notes", "created_at"]
ASK_FIELDS = ["text", "done_at", "created_at"]
RELATIONSHIP_FIELDS = ["kind", "strength", "since", "source", "created_at"]
# Models with a section of their own (or never exported: token secrets stay behind).
HANDLED = {
    Organization,
    Tag,
    Person,
    PersonEmail,
    PersonPhone,
    Interaction,
    Participation,
    AskNext,
    Relationship,
    NotDuplicate,
    ApiToken,
}


def jsonable(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, bytes | bytearray | memoryview):
        # Base64, as Django's BinaryField reads it back (to_python) when loading.
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


# Derived or delivery state, rebuilt on its own: never part of an account's data.
NOT_EXPORTED = {
    "goodwill.matchterm",
    "goodwill.matchdirty",
    "goodwill.matchstate",
    "goodwill.digestsend",
    "goodwill.notice",  # the notifications outbox
    "goodwill.pushdevice",  # a browser's push subscription to this server only
}
# Secrets and proofs that belong to this server, not to the data: a calendar feed
# token or a verified address must not come back to life on another install.
NOT_EXPORTED_FIELDS = {
    # The uploaded file a pending import preview keeps for its commit (up to 20 MB): a
    # copy of a file the user has, not data of the account.
    "goodwill.importbatch": {"data"},
    # An Apprise URL holds a token, sealed with this server's vault key: entered again.
    "goodwill.channel": {"url_sealed", "last_error", "last_error_at", "last_ok_at"},
    # A mailbox's password and a private calendar address (sealed, but still secrets of
    # this server): an export lists the connectors without them (docs/capture.md).
    "goodwill.connector": {"secret", "secret_hint", "url", "running_until"},
    "goodwill.remindersettings": {
        "feed_digest",
        "feed_hint",
        "feed_created_at",
        "verified_at",
        "verification_sent_at",
    },
}


def other_models() -> list[type[models.Model]]:
    """Every owned model of the project that has no section of its own."""
    found = []
    for model in apps.get_app_config("goodwill").get_models():
        if model in HANDLED or model._meta.proxy or model._meta.label_lower in NOT_EXPORTED:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        if "owner" in names:
            found.append(model)
    return found


def _photo(person: Person) -> dict | None:
    if not person.photo:
        return None
    try:
        with person.photo.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return None
    return {
        "name": person.photo.name.rsplit("/", 1)[-1],
        "content_type": mimetypes.guess_type(person.photo.name)[0] or "application/octet-stream",
        "data": base64.b64encode(data).decode("ascii"),
    }


def _people(owner) -> list[dict]:
    qs = Person.objects.filter(owner=owner).order_by("pk").prefetch_related("emails", "phones")
    tags: dict[int, list[int]] = {}
    for person_id, tag_id in (
        Person.tags.through.objects.filter(person__owner=owner)
        .order_by("person_id", "tag_id")
        .values_list("person_id", "tag_id")
    ):
        tags.setdefault(person_id, []).append(tag_id)
    result = []
    for p in qs.iterator(chunk_size=2000):
        row = {"id": p.pk, **{f: jsonable(getattr(p, f)) for f in PERSON_FIELDS}}
        row["organization"] = p.organization_id
        row["introduced_by"] = p.introduced_by_id
        row["tags"] = tags.get(p.pk, [])
        row["emails"] = [{"label": e.label, "address": e.address} for e in p.emails.all()]
        row["phones"] = [{"label": x.label, "number": x.number} for x in p.phones.all()]
        row["photo"] = _photo(p)
        result.append(row)
    return result


def _interactions(owner) -> list[dict]:
    participants: dict[int, list[int]] = {}
    for interaction_id, person_id in (
        Participation.objects.filter(interaction__owner=owner)
        .order_by("interaction_id", "id")
        .values_list("interaction_id", "person_id")
    ):
        participants.setdefault(interaction_id, []).append(person_id)
    rows = Interaction.objects.filter(owner=owner).order_by("pk")
    return [
        {
            "id": i.pk,
            **{f: jsonable(getattr(i, f)) for f in INTERACTION_FIELDS},
            "initiated_by": i.initiated_by_id,
            "participants": participants.get(i.pk, []),
        }
        for i in rows.iterator(chunk_size=2000)
    ]


def _generic(model, owner) -> list[dict]:
    skip = {"owner", *NOT_EXPORTED_FIELDS.get(model._meta.label_lower, ())}
    fields = [f for f in model._meta.concrete_fields if f.name not in skip]
    m2m = list(model._meta.many_to_many)
    qs = model._base_manager.filter(owner=owner).order_by("pk")
    if m2m:
        qs = qs.prefetch_related(*(f.name for f in m2m))
    rows = []
    for obj in qs.iterator(chunk_size=2000):
        row = {f.name: jsonable(f.value_from_object(obj)) for f in fields}
        row["id"] = obj.pk
        for f in m2m:
            row[f.name] = sorted(x.pk for x in getattr(obj, f.name).all())
        rows.append(row)
    return rows


def dump_account(owner) -> dict:
    """Everything the account has, as JSON-ready data (see the module's docstring)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": jsonable(timezone.now()),
        "account": {
            "username": owner.get_username(),
            "email": owner.email,
            "phone_region": owner.phone_region,
        },
        "organizations": [
            {"id": o.pk, "name": o.name, "domain": o.domain, "website": o.website}
            for o in Organization.objects.filter(owner=owner).order_by("pk")
        ],
        "tags": [
            {"id": t.pk, "name": t.name, "cadence_days": t.cadence_days}
            for t in Tag.objects.filter(owner=owner).order_by("pk")
        ],
        "people": _people(owner),
        "interactions": _interactions(owner),
        "ask_next": [
            {
                "id": a.pk,
                "person": a.person_id,
                **{f: jsonable(getattr(a, f)) for f in ASK_FIELDS},
                "source": a.source_id,
                "done_in": a.done_in_id,
            }
            for a in AskNext.objects.filter(owner=owner).order_by("pk")
        ],
        "relationships": [
            {
                "src": r.src_id,
                "dst": r.dst_id,
                **{f: jsonable(getattr(r, f)) for f in RELATIONSHIP_FIELDS},
                "source_interaction": r.source_interaction_id,
            }
            for r in Relationship.objects.filter(owner=owner).order_by("pk")
        ],
        "not_duplicates": [
            {"a": a, "b": b}
            for a, b in NotDuplicate.objects.filter(owner=owner)
            .order_by("pk")
            .values_list("a_id", "b_id")
        ],
        "other": {
            model._meta.label_lower: _generic(model, owner)
            for model in other_models()
            if model._base_manager.filter(owner=owner).exists()
        },
    }
