"""Undoing a committed import: remove the people it created that nobody touched since.

The people an import creates carry it in Person.import_batch, and were all written at
the batch's ``committed_at``. A created person is kept when they changed after the
commit, or when anything else now refers to them: an interaction, a thing to ask, a
relationship, someone they introduced, a lead... (every foreign key to Person is
checked, so areas added later are covered too). Fields an import filled in on people
you already had are not reverted.

"Changed" means: their row was saved since (every edit of a person, their emails,
phones or tags included, goes through a save that moves updated_at), an email or phone
of theirs is not one the import wrote, or a field the import never sets is set.
Batches committed before Person.import_batch existed have an ImportedPerson row with a
fingerprint per created person instead; those are still read and compared as before.
"""

from __future__ import annotations

from collections import defaultdict
from hashlib import blake2b

from django.db.models import Q

from goodwill.core.bulk import chunks
from goodwill.exchange.models import ImportedPerson
from goodwill.people.models import Organization, Person, PersonEmail, PersonPhone, Tag

CHUNK = 500
# The state an ImportedPerson fingerprint covers (batches from before import_batch).
FINGERPRINT_COLUMNS = [
    *("display_name", "given_name", "family_name", "nickname", "organization_id", "title"),
    *("location", "linkedin_url", "website", "birthday_year", "birthday_month"),
    *("birthday_day", "met_how", "met_on", "about", "photo", "cadence_days", "archived"),
    *("introduced_by_id", "snoozed_until", "is_me"),
]
# Set on a person only by something other than an import: any of these means "changed".
NEVER_IMPORTED = (
    Q(introduced_by__isnull=False)
    | Q(snoozed_until__isnull=False)
    | Q(cadence_days__isnull=False)
    | Q(archived=True)
    | Q(is_me=True)
)
# Rows an import writes for a person it creates; any other row pointing at them is news.
OWN_ROWS = (PersonEmail, PersonPhone, Person.tags.through, ImportedPerson)
CHANGED = "changed since the import"
REFERRED = "has interactions or other records since the import"


def _references(model, skip=()) -> list[tuple[type, str]]:
    """(model, column) of every foreign key to ``model``, but those in ``skip``."""
    return [
        (f.related_model, f.field.attname)
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created
        and not f.concrete
        and (f.one_to_many or f.one_to_one)
        and f.related_model not in skip
    ]


def _referred(model, ids: list[int], skip=()) -> set[int]:
    """Those of ``ids`` that some row (outside ``skip``) points to."""
    found: set[int] = set()
    for related, column in _references(model, skip):
        found.update(
            related._base_manager.filter(**{f"{column}__in": ids})
            .values_list(column, flat=True)
            .distinct()
        )
    return found


def fingerprint(values, emails, phones, tag_ids) -> str:
    """The ImportedPerson fingerprint: a short hash of what a person looked like.

    ``values`` are the person's FINGERPRINT_COLUMNS, in that order, as Python values."""
    mails = repr(sorted([a.lower() for a in emails])) if emails else "[]"
    numbers = repr(sorted(phones)) if phones else "[]"
    tags = repr(sorted(tag_ids)) if tag_ids else "[]"
    state = f"({tuple(values)!r}, {mails}, {numbers}, {tags})"
    return blake2b(state.encode(), digest_size=16).hexdigest()


def _current_fingerprints(ids: list[int]) -> dict[int, tuple]:
    """pk -> (display_name, updated_at, fingerprint) as the people are now."""
    emails, phones, tags = defaultdict(list), defaultdict(list), defaultdict(list)
    for pk, address in PersonEmail.objects.filter(person_id__in=ids).values_list(
        "person_id", "address"
    ):
        emails[pk].append(address)
    for pk, norm in PersonPhone.objects.filter(person_id__in=ids).values_list(
        "person_id", "normalized"
    ):
        phones[pk].append(norm)
    for pk, tag_id in Person.tags.through.objects.filter(person_id__in=ids).values_list(
        "person_id", "tag_id"
    ):
        tags[pk].append(tag_id)
    rows = Person.objects.filter(pk__in=ids).values("pk", "updated_at", *FINGERPRINT_COLUMNS)
    return {
        row["pk"]: (
            row["display_name"],
            row["updated_at"],
            fingerprint(
                [row[c] for c in FINGERPRINT_COLUMNS],
                emails[row["pk"]],
                phones[row["pk"]],
                tags[row["pk"]],
            ),
        )
        for row in rows
    }


def _changed_since(batch, ids: list[int]) -> set[int]:
    """Those of ``ids`` (people ``batch`` created) that changed after its commit."""
    when = batch.committed_at
    changed = set(
        Person.objects.filter(pk__in=ids)
        .filter(~Q(updated_at=when) | NEVER_IMPORTED)
        .values_list("pk", flat=True)
    )
    for model in (PersonEmail, PersonPhone):  # rows the import did not write
        changed.update(
            model.objects.filter(person_id__in=ids)
            .filter(~Q(updated_at=when) | ~Q(created_at=when))
            .values_list("person_id", flat=True)
        )
    return changed


def _marked(batch, removable: list[int], kept: list[dict]) -> None:
    """Sort the people marked with ``batch`` into removable and kept (with the reason)."""
    people = list(
        Person.objects.filter(owner_id=batch.owner_id, import_batch=batch)
        .order_by("pk")
        .values_list("pk", "display_name")
    )
    for chunk in chunks(people, CHUNK):
        ids = [pk for pk, _ in chunk]
        changed = _changed_since(batch, ids)
        referred = _referred(Person, ids, OWN_ROWS)
        for pk, name in chunk:
            if pk in changed:
                kept.append({"id": pk, "display_name": name, "reason": CHANGED})
            elif pk in referred:
                kept.append({"id": pk, "display_name": name, "reason": REFERRED})
            else:
                removable.append(pk)


def remove_created(batch) -> dict:
    """Delete the untouched people ``batch`` created; list the ones kept and why."""
    removable: list[int] = []
    kept: list[dict] = []
    _marked(batch, removable, kept)
    created = list(  # batches from before Person.import_batch
        ImportedPerson.objects.filter(batch=batch, created=True).values_list(
            "person_id", "updated_at", "fingerprint"
        )
    )
    for chunk in chunks(created, CHUNK):
        ids = [pk for pk, _, _ in chunk]
        now = _current_fingerprints(ids)
        referred = _referred(Person, ids, OWN_ROWS)
        for pk, updated_at, mark in chunk:
            if pk not in now:
                continue  # deleted meanwhile
            name, current_updated_at, current_mark = now[pk]
            if current_updated_at != updated_at or current_mark != mark:
                kept.append({"id": pk, "display_name": name, "reason": CHANGED})
            elif pk in referred:
                kept.append({"id": pk, "display_name": name, "reason": REFERRED})
            else:
                removable.append(pk)
    photos: list[str] = []
    for chunk in chunks(removable, CHUNK):
        photos += [
            p for p in Person.objects.filter(pk__in=chunk).values_list("photo", flat=True) if p
        ]
        Person.objects.filter(pk__in=chunk).delete()
    report = batch.report or {}
    orgs = _drop_unused(Organization, report.get("organizations_created", []))
    tags = _drop_unused(Tag, report.get("tags_created", []), cadence_days__isnull=True)
    return {
        "removed": len(removable),
        "kept": kept,
        "organizations_removed": orgs,
        "tags_removed": tags,
        "photos": photos,
    }


def _drop_unused(model, ids: list[int], **extra) -> int:
    """Remove the organizations or tags the import created that nothing uses any more."""
    removed = 0
    for chunk in chunks(ids, CHUNK):
        used = _referred(model, chunk)
        if model is Tag:
            used |= set(
                Person.tags.through.objects.filter(tag_id__in=chunk).values_list(
                    "tag_id", flat=True
                )
            )
        unused = [
            pk
            for pk in model.objects.filter(pk__in=chunk, **extra).values_list("pk", flat=True)
            if pk not in used
        ]
        removed += model.objects.filter(pk__in=unused).delete()[1].get(model._meta.label, 0)
    return removed
