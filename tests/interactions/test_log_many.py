"""log_many: many interactions at once leave what log_interaction leaves for each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from goodwill.accounts import services as accounts
from goodwill.interactions import services
from goodwill.interactions.models import Interaction, Participation
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.services import cadence


def _account(name: str):
    owner = accounts.create_account(
        username=name, email=f"{name}@example.org", password="a-long-password-123"
    )
    ids = [
        people.create_person(owner=owner, display_name=n, cadence_days=days).pk
        for n, days in (("Ana", 30), ("Ben", None), ("Cara", 14))
    ]
    cadence.snooze(owner=owner, person=ids[2], days=60)
    return owner, ids


def _entries(ids):
    at = timezone.now().replace(microsecond=0) - dt.timedelta(days=4)
    return [
        {"participants": [ids[0]], "kind": "email", "occurred_at": at, "summary": "Lunch",
         "initiated_by": "me"},
        {"participants": [ids[1], ids[2]], "kind": "meeting", "occurred_at": at,
         "summary": "Plans", "notes": "Talked about the move.", "initiated_by": "them"},
        {"participants": [ids[0]], "kind": "email", "occurred_at": at - dt.timedelta(days=9)},
    ]  # fmt: skip


def _snapshot(owner):
    names = {p.pk: "me" if p.is_me else p.display_name for p in Person.objects.filter(owner=owner)}
    return {
        "interactions": sorted(
            (
                i.kind,
                i.occurred_at,
                i.summary,
                i.notes,
                names.get(i.initiated_by_id),
                sorted(
                    (names[p.person_id], p.occurred_at)
                    for p in Participation.objects.filter(interaction=i)
                ),
            )
            for i in Interaction.objects.filter(owner=owner)
        ),
        "people": sorted(
            (p.display_name, p.last_contact_at, p.next_due_on, p.snoozed_until)
            for p in Person.objects.filter(owner=owner, is_me=False)
        ),
        "edges": sorted(
            (names[r.src_id], names[r.dst_id], r.kind, r.source, r.since)
            for r in Relationship.objects.filter(owner=owner)
        ),
    }


def test_many_at_once_leave_what_one_by_one_leave(db):
    one, one_ids = _account("one")
    many, many_ids = _account("many")
    for entry in _entries(one_ids):
        services.log_interaction(owner=one, **entry)
    logged = services.log_many(owner=many, entries=_entries(many_ids))
    assert [i.summary for i in logged] == ["Lunch", "Plans", ""]
    assert _snapshot(many) == _snapshot(one)
    assert _snapshot(many)["edges"]  # Ben and Cara met


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "telepathy"}, "kind"),
        ({"participants": []}, "participants"),
        ({"summary": "x" * 201}, "summary"),
        ({"initiated_by": "someone"}, "initiated_by"),
        ({"occurred_at": timezone.now() + dt.timedelta(days=30)}, "occurred_at"),
    ],
)
def test_a_wrong_entry_names_its_field_and_nothing_is_saved(db, change, field):
    owner, ids = _account("one")
    entries = _entries(ids)
    entries[1] = {**entries[1], **change}
    with pytest.raises(ValidationError) as caught:
        services.log_many(owner=owner, entries=entries)
    assert field in caught.value.message_dict
    assert not Interaction.objects.filter(owner=owner).exists()


def test_another_accounts_person_is_refused(db):
    owner, _ = _account("one")
    _, other_ids = _account("two")
    with pytest.raises(ValidationError) as caught:
        services.log_many(owner=owner, entries=[{"participants": [other_ids[0]]}])
    assert "participants" in caught.value.message_dict
    assert not Interaction.objects.filter(owner=owner).exists()
