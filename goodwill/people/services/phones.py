"""The stored keys of phone numbers (PersonPhone.normalized), computed again when the
rule's input changes: the account's default region (accounts.services.set_phone_region)."""

from __future__ import annotations

from django.db import transaction

from goodwill.people.models import PersonPhone
from goodwill.people.rules import phone_key, region_of

BATCH = 1000


@transaction.atomic
def rekey_phones(*, owner, region: str | None = None) -> int:
    """Recompute the key of every phone of the owner's people, read in ``region`` (by
    default the owner's phone_region); returns how many keys changed.

    Only ``normalized`` is written (no save(), so updated_at stays: re-keying is not an
    edit of the person, and an import can still be undone after it)."""
    region = region_of(owner) if region is None else region
    changed = []
    rows = PersonPhone.objects.filter(owner=owner).only("pk", "number", "normalized")
    for phone in rows.iterator(chunk_size=BATCH):
        key = phone_key(phone.number, region)
        if key != phone.normalized:
            phone.normalized = key
            changed.append(phone)
    PersonPhone.objects.bulk_update(changed, ["normalized"], batch_size=BATCH)
    return len(changed)
