"""The Monica import writes in bulk; these tests hold it to what the services would write.

The same export is imported for alice by the importer and for bob by the first version of
it, which wrote every row through the areas' services (monica_by_services.py, kept for
this). Every row either account then has, in every table, is compared field by field:
the people with their e-mails, phones, tags and every derived column (search text, sort
key, last contact, next due, last touch), the interactions and who took part, the
relationships both ways, the promises and the gives. Ids are replaced by what they point
at, so the two accounts can be compared.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from benchmarks.bench_monica_import import monica_file
from goodwill.core.revision import BOOKKEEPING
from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.services.imports import pipeline, steps
from goodwill.exchange.services.imports.monica import read as reader
from goodwill.exchange.services.imports.monica import write as monica_writer
from goodwill.giving.models import Give
from goodwill.interactions.models import Interaction, Promise
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.exchange import monica_by_services

FIXTURE = Path(__file__).parent.parent / "fixtures" / "monica" / "monica-4x-export.json"
# Not the account's data, or told apart on purpose: the batch (its report holds ids).
SKIP_TABLES = BOOKKEEPING | {"goodwill_importbatch", "goodwill_importedperson"}
ME_MASKED = ("display_name", "search_text", "sort_key")  # "alice" and "bob"


def _person_key(pk):
    if pk is None:
        return None
    row = Person.objects.filter(pk=pk).values("display_name", "is_me").get()
    return "me" if row["is_me"] else ("person", row["display_name"])


def _row(model, values: dict, depth: int = 0):
    """A row as comparable values: no ids, no owner, each foreign key as what it names."""
    out = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == "owner":
            continue
        value = values[field.attname]
        if isinstance(field, models.ForeignKey):
            target = field.related_model
            if target is Person:
                value = _person_key(value)
            elif target is ImportBatch:
                value = "the batch" if value is not None else None
            elif value is not None and depth < 3:
                value = _row(
                    target, target._base_manager.filter(pk=value).values().get(), depth + 1
                )
        out[field.name] = value
    if model is Person and values["is_me"]:
        out.update(dict.fromkeys(ME_MASKED, "me"))
    return tuple(sorted(out.items(), key=lambda kv: kv[0]))


def _rows(owner) -> dict[str, list]:
    """Every row of the account, table by table, sorted."""
    found = {}
    for model in apps.get_app_config("goodwill").get_models(include_auto_created=True):
        if model._meta.db_table in SKIP_TABLES:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        if "owner" in names:
            rows = model._base_manager.filter(owner=owner)
        elif "person" in names:
            rows = model._base_manager.filter(person__owner=owner)
        else:
            continue
        found[model._meta.db_table] = sorted(repr(_row(model, v)) for v in rows.values())
    return found


def _by_services(owner, data: bytes) -> None:
    root = reader.load(data, "monica.json")
    plan = reader.read(root, today=dt.date(2026, 6, 15))
    with transaction.atomic():
        batch = ImportBatch.objects.create(owner=owner, filename="monica.json", format="monica")
        monica_by_services.write(owner, batch, plan)


@pytest.mark.parametrize("with_me", [True, False], ids=["own-card-there", "no-own-card-yet"])
def test_the_import_makes_the_rows_the_services_made(frozen_now, alice, bob, with_me):
    if with_me:
        people.ensure_me(owner=alice)
        people.ensure_me(owner=bob)
    data = FIXTURE.read_bytes()
    _by_services(bob, data)
    pipeline.import_file(owner=alice, data=data, filename="monica.json")

    mine, reference = _rows(alice), _rows(bob)
    assert set(mine) == set(reference)
    assert mine["goodwill_person"], "nobody was imported"
    for table, rows in reference.items():
        assert mine[table] == rows, _diff(mine[table], rows)


def test_the_undo_record_names_exactly_what_was_written(frozen_now, alice):
    people.ensure_me(owner=alice)
    batch = pipeline.import_file(owner=alice, data=FIXTURE.read_bytes(), filename="monica.json")
    written = batch.report["monica"]["written"]
    everyone = Person.objects.filter(owner=alice, is_me=False)
    assert sorted(int(pk) for pk in written["people"]) == sorted(
        everyone.values_list("pk", flat=True)
    )
    for key, model in (
        ("interactions", Interaction),
        ("relationships", Relationship),
        ("promises", Promise),
        ("gives", Give),
    ):
        assert sorted(written[key]) == sorted(
            model.objects.filter(owner=alice).values_list("pk", flat=True)
        ), key
    at = {pk: when.isoformat() for pk, when in everyone.values_list("pk", "updated_at")}
    assert {int(pk): when for pk, when in written["people"].items()} == at


def _diff(mine: list, reference: list) -> str:
    only_mine = [r for r in mine if r not in reference]
    only_theirs = [r for r in reference if r not in mine]
    return f"bulk only: {only_mine}\nservices only: {only_theirs}"


def test_a_bigger_generated_account_makes_the_same_rows(frozen_now, alice, bob):
    """The benchmark's export: three activities a pair of contacts (each pair linked by
    the lunches, then made friends), a call, notes and a yearly reminder each."""
    data = monica_file(12)
    _by_services(bob, data)
    pipeline.import_file(owner=alice, data=data, filename="monica.json")
    mine, reference = _rows(alice), _rows(bob)
    assert len(mine["goodwill_interaction"]) == 12 // 2 * 3 + 12
    for table, rows in reference.items():
        assert mine[table] == rows, _diff(mine[table], rows)


def _with_contact(data: bytes, contact: dict) -> bytes:
    root = json.loads(data)
    root["account"]["instance"]["contact_field_types"].append(
        {"uuid": "cft-linkedin", "properties": {"name": "LinkedIn", "protocol": None}}
    )
    for item in root["account"]["data"]:
        if item["type"] == "contact":
            item["values"].append(contact)
    return json.dumps(root).encode()


def _contact(uuid: str, props: dict, fields=(), calls=()) -> dict:
    def value(props):
        return {"created_at": "2025-01-10T09:00:00Z", "properties": props}

    return {
        "uuid": uuid,
        "properties": props,
        "data": [
            {"count": 1, "type": "contact_field", "values": [value(f) for f in fields]},
            {"count": 1, "type": "call", "values": [value(c) for c in calls]},
        ],
    }


def test_forgiving_where_the_services_would_have_refused_the_file(frozen_now, alice):
    people.ensure_me(owner=alice)
    phone_only = _contact(
        "c-phone",
        {},
        fields=[
            {"data": "+351 910 000 001", "type": "cft-phone"},
            {"data": "just-a-name", "type": "cft-linkedin"},
        ],
        calls=[{"called_at": "2025-05-01", "contact_called": True}],
    )
    data = _with_contact(FIXTURE.read_bytes(), phone_only)
    pipeline.import_file(owner=alice, data=data, filename="monica.json")
    person = Person.objects.get(owner=alice, display_name="+351 910 000 001")
    call = Interaction.objects.get(owner=alice, participants=person)
    assert timezone.localtime(call.occurred_at).time() == dt.time(12, 0)
    assert call.initiated_by == person
    assert person.last_contact_at == call.occurred_at
    # A LinkedIn field that is not a web address stays in their notes, not refused.
    assert person.linkedin_url == "" and "LinkedIn: just-a-name" in person.about


def test_a_contact_goodwill_cannot_take_stops_the_import_naming_them(frozen_now, alice):
    people.ensure_me(owner=alice)
    bad = _contact(
        "c-bad", {"first_name": "Zed"}, fields=[{"data": "zed at example", "type": "cft-email"}]
    )
    data = _with_contact(FIXTURE.read_bytes(), bad)
    with pytest.raises(ValidationError) as caught:
        pipeline.import_file(owner=alice, data=data, filename="monica.json")
    message = " ".join(caught.value.message_dict["file"])
    assert "Monica contact Zed" in message and "'zed at example'" in message
    assert "export again" in message
    assert not Person.objects.filter(owner=alice, is_me=False).exists()
    assert not Interaction.objects.filter(owner=alice).exists()
    assert not ImportBatch.objects.filter(owner=alice).exists()


def test_a_very_large_account_is_written_by_the_worker_all_at_once(
    frozen_now, alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(steps, "MONICA_SYNC_MAX", 3)  # the fixture has 8 contacts
    people.ensure_me(owner=alice)
    batch = pipeline.preview_import(owner=alice, data=FIXTURE.read_bytes(), filename="m.json")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(f"/import/{batch.pk}/commit/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Importing…" in html and "written in the background, all in one go" in html
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTING
    assert not Person.objects.filter(owner=alice, is_me=False).exists()

    assert steps.write_in_background.call(batch.pk) == "committed"
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.data is None
    assert "progress" not in batch.report and batch.created_count == 4
    assert Person.objects.filter(owner=alice, is_me=False).count() == 4
    assert Interaction.objects.filter(owner=alice).exists()
    done = alice_client.get(f"/import/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Undo this import" in done and "every 1s" not in done
    undone = pipeline.undo_import(owner=alice, batch=batch)
    assert undone.report["undo"]["removed"] == 4
    assert not Interaction.objects.filter(owner=alice).exists()


def test_a_worker_write_that_fails_keeps_nothing_and_says_so(frozen_now, alice, monkeypatch):
    monkeypatch.setattr(steps, "MONICA_SYNC_MAX", 3)
    people.ensure_me(owner=alice)
    batch = pipeline.preview_import(owner=alice, data=FIXTURE.read_bytes(), filename="m.json")
    batch = steps.start(owner=alice, batch=batch.pk)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(monica_writer._Bulk, "promises", broken)
    with pytest.raises(RuntimeError):
        steps.write_in_background.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and batch.data
    assert "nothing of it was kept" in batch.report["error"]
    assert not Person.objects.filter(owner=alice, is_me=False).exists()
    assert not Interaction.objects.filter(owner=alice).exists()
