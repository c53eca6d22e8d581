"""Importing a Monica 4.x JSON account export: everything accounted for, all or nothing,
undo, another user's rows and every secret left behind, clear refusals.

The fixture (tests/fixtures/monica/monica-4x-export.json) is written for Goodwill in the
shape Monica's JSON export documents (app/ExportResources in monicahq/monica): an
envelope naming the exporting user, collections {count, type, values}, objects {uuid,
created_at, updated_at, properties, data}, activities kept once on the account and named
by uuid from each contact who took part. Its people are made up."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.services.imports import pipeline
from goodwill.giving.models import Give
from goodwill.interactions.models import Interaction, Kind, Promise
from goodwill.network.models import Relationship, RelKind
from goodwill.people import services as people
from goodwill.people.models import Organization, Person, Tag

FIXTURE = Path(__file__).parent.parent / "fixtures" / "monica" / "monica-4x-export.json"
SECRETS = (
    "MONICA-2FA-SECRET-ALEX",
    "MONICA-2FA-SECRET-SAM",
    "MONICA-PASSWORD-HASH",
    "MONICA-REMEMBER-TOKEN",
    "MONICA-ACCOUNT-API-KEY",
    "MONICA-DAV-PASSWORD",
    "MONICA-SYNC-TOKEN",
)
THEIRS = ("Dora", "Sam's note", "Sam and Dora", "sam@other.example", "dora@private.example")


@pytest.fixture
def data() -> bytes:
    return FIXTURE.read_bytes()


@pytest.fixture
def me(alice):
    return people.ensure_me(owner=alice)  # the exporting user's own card maps to it


def _types(value, found: set[str]) -> set[str]:
    """Every type of object in the file: collections, the account's lists, its look-ups."""
    if isinstance(value, dict):
        values = value.get("values") or []
        if "type" in value and any(isinstance(v, dict) for v in values):
            found.add(value["type"])
        for v in value.values():
            _types(v, found)
    elif isinstance(value, list):
        for v in value:
            _types(v, found)
    return found


def _counts(owner) -> tuple:
    return tuple(
        model.objects.filter(owner=owner).count()
        for model in (Person, Interaction, Relationship, Promise, Give, Tag, Organization)
    )


def test_the_preview_accounts_for_every_object_type_found(alice, me, data, frozen_now):
    batch = pipeline.preview_import(owner=alice, data=data, filename="monica.json", save=False)
    rows = {row["type"]: row for row in batch.report["monica"]["rows"]}

    root = json.loads(data)
    expected = _types(root, set())
    account = root["account"]
    expected |= {"journal_entry", "module", "reminder_rule", "audit_log"}
    expected |= {
        key.removesuffix("s").replace("categorie", "category") for key in account["instance"]
    }
    expected |= {"tag"}
    assert set(rows) == expected
    for row in rows.values():  # each one imported or left out with a reason, none lost
        left = sum(s["count"] for s in row["skipped"])
        assert row["imported"] + left == row["found"], row
        assert all(s["why"] for s in row["skipped"])
        assert row["becomes"]

    assert (rows["contact"]["found"], rows["contact"]["imported"]) == (8, 4)
    assert (rows["activity"]["found"], rows["activity"]["imported"]) == (4, 2)
    assert rows["user"]["imported"] == 0
    assert batch.report["counts"]["created"] == 4
    assert batch.format == "monica"
    assert Person.objects.filter(owner=alice).count() == 1  # a dry run saved nothing


def test_it_imports_people_and_everything_that_happened_with_them(run, alice, me, frozen_now):
    result = run("import", str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert "contact: 8 found, 4 → people" in result.output

    ana = Person.objects.get(owner=alice, given_name="Ana Maria")
    ben = Person.objects.get(owner=alice, display_name="Ben Okafor")
    chen = Person.objects.get(owner=alice, display_name="Chen Wu")
    gus = Person.objects.get(owner=alice, display_name="Gus Ferreira")
    assert (ana.display_name, ana.nickname, ana.title) == ("Ana Maria Lima", "Aninha", "Founder")
    assert ana.organization.name == "Lima Studio"
    assert [e.address for e in ana.emails.all()] == ["ana@lima.example"]
    assert [p.number for p in ana.phones.all()] == ["+351 912 345 678"]
    assert sorted(t.name for t in ana.tags.all()) == ["design", "lisbon"]
    assert (ana.birthday_year, ana.birthday_month, ana.birthday_day) == (1988, 3, 14)
    assert ana.location == "Lisbon, PT" and ana.cadence_days == 14
    assert (chen.birthday_year, chen.birthday_month, chen.birthday_day) == (None, 11, 2)
    assert chen.introduced_by == ana and chen.met_how == "At the climbing gym"
    assert chen.met_on == dt.date(2024, 6, 1)
    assert ben.cadence_days == 30 and [e.address for e in ben.emails.all()] == [
        "ben@tidewater.example"
    ]
    # notes, life events, pets, addresses and other fields: dated, in their notes
    for line in (
        "Runs a small design studio.",
        "2025-03-02 — Her studio is looking for a part-time illustrator.",
        "2024-11-20 — Loves the Alfama flea market.",
        "2023-09-01 — Life event: Opened her studio · New job · In Graça",
        "Pet: Biscoito (dog)",
        "Address (Studio): Rua das Flores 12, 1200-195, Lisbon, PT",
        "Twitter: @analima",
        "Gift idea: Concert tickets",
    ):
        assert line in ana.about, line
    assert "2025-02-01 — Life event: Moved to Porto" in chen.about
    assert "Passed away on 2024-12-01." in gus.about

    # activities with everyone who took part; calls, with who called
    dinner = Interaction.objects.get(owner=alice, summary="Dinner at Ana's")
    assert dinner.kind == Kind.MEAL
    assert set(dinner.participation_set.values_list("person_id", flat=True)) == {ana.pk, ben.pk}
    assert Interaction.objects.get(owner=alice, summary="Coffee near the gym").kind == Kind.COFFEE
    calls = Interaction.objects.filter(owner=alice, kind=Kind.CALL).order_by("occurred_at")
    assert [c.participation_set.get().person_id for c in calls] == [ana.pk, ben.pk]
    assert calls[0].occurred_at == dt.datetime(2025, 4, 2, 17, 30, tzinfo=dt.UTC)
    assert not Interaction.objects.filter(summary="Climbing trip").exists()  # not yet

    # reminders and open tasks: promises, on their next date
    promises = {p.text: p.due_on for p in Promise.objects.filter(owner=alice)}
    assert promises == {
        "Wish Ana a happy birthday": dt.date(2027, 3, 14),
        "Send Ana the illustrator's portfolio": dt.date(2026, 6, 22),
    }
    # gifts and debts: gives, in the right direction
    gives = {(g.giver_id, g.receiver_id, g.summary) for g in Give.objects.filter(owner=alice)}
    assert gives == {
        (me.pk, ana.pk, "Gift: A book on Portuguese tiles"),
        (ben.pk, me.pk, "Gift: Homemade jam"),
        (me.pk, ana.pk, "Lent them 40 EUR"),
        (ben.pk, me.pk, "Lent you 15 EUR"),
    }
    # relationships, both ways, in Goodwill's kinds
    edges = set(Relationship.objects.filter(owner=alice).values_list("src", "dst", "kind"))
    assert {(ana.pk, ben.pk, RelKind.FRIEND), (ben.pk, ana.pk, RelKind.FRIEND)} <= edges
    assert {(ben.pk, chen.pk, RelKind.MENTOR), (chen.pk, ben.pk, RelKind.MENTEE)} <= edges
    assert {(me.pk, ana.pk, RelKind.COLLEAGUE), (ana.pk, me.pk, RelKind.COLLEAGUE)} <= edges


def test_undo_takes_it_all_back(run, alice, me, frozen_now):
    before = _counts(alice)
    assert run("import", str(FIXTURE)).exit_code == 0
    batch = ImportBatch.objects.get(owner=alice)
    assert _counts(alice) != before

    result = run("import", "undo", str(batch.pk))
    assert result.exit_code == 0, result.output
    assert "4 people removed" in result.output
    assert _counts(alice) == before


def test_undo_keeps_someone_you_changed_since(alice, me, data, frozen_now):
    batch = pipeline.import_file(owner=alice, data=data, filename="monica.json")
    ben = Person.objects.get(owner=alice, display_name="Ben Okafor")
    frozen_now(minutes=5)
    people.update_person(owner=alice, person=ben, title="Lead engineer")

    batch = pipeline.undo_import(owner=alice, batch=batch)
    kept = batch.report["undo"]["kept"]
    assert [k["display_name"] for k in kept] == ["Ben Okafor"]
    assert list(Person.objects.filter(owner=alice, is_me=False)) == [ben]


def test_another_users_rows_never_come_in(alice, me, data, frozen_now):
    pipeline.import_file(owner=alice, data=data, filename="monica.json")
    names = set(Person.objects.filter(owner=alice).values_list("display_name", flat=True))
    assert names == {me.display_name, "Ana Maria Lima", "Ben Okafor", "Chen Wu", "Gus Ferreira"}
    dump = _dump()
    for word in THEIRS:
        assert word not in dump, word


def test_no_secret_of_the_export_is_kept_anywhere(alice_client, alice, me, data, frozen_now):
    response = alice_client.post(
        "/import/", {"file": SimpleUploadedFile("monica.json", data), "format": "auto"}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(owner=alice)
    kept = bytes(batch.data).decode()  # the previewed file, kept until it is committed
    assert "c-ana" in kept
    for secret in SECRETS:
        assert secret not in kept, secret
        assert secret not in _dump(), secret

    page = alice_client.get(response["Location"]).content.decode()
    assert "Everything in the Monica export" in page
    assert "a Monica account export" in page
    assert alice_client.post(f"/import/{batch.pk}/commit/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.data is None
    exported = alice_client.get("/export/", {"format": "json"}).content.decode()
    for secret in SECRETS:
        assert secret not in _dump(), secret
        assert secret not in exported, secret


def test_broken_json_is_refused_and_nothing_is_kept(run, alice, me, tmp_path, data):
    broken = tmp_path / "monica.json"
    broken.write_bytes(data[: len(data) // 2])
    result = run("import", str(broken))
    assert result.exit_code == 2
    assert "is not complete JSON (line" in result.output
    assert "export it again from Monica" in result.output
    assert not ImportBatch.objects.exists()
    assert Person.objects.filter(owner=alice).count() == 1


def test_the_web_page_says_what_is_wrong_with_a_broken_export(alice_client, alice, data):
    upload = SimpleUploadedFile("monica.json", data[:-200])
    response = alice_client.post("/import/", {"file": upload, "format": "auto"})
    assert response.status_code == 422
    assert "is not complete JSON (line" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_older_monica_export_is_refused_with_what_to_do(run, alice, tmp_path):
    older = {  # the 3.x preview of the JSON export: lists straight on the account
        "version": "1.0-preview.1",
        "app_version": "3.5.0",
        "account": {
            "uuid": "acc",
            "users": {"count": 1, "values": [{"uuid": "u", "google2fa_secret": "X"}]},
            "contacts": {"count": 1, "values": [{"uuid": "c", "properties": {"first_name": "A"}}]},
        },
    }
    path = tmp_path / "monica-3.json"
    path.write_text(json.dumps(older))
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "older Monica" in result.output and "vCard" in result.output
    assert not Person.objects.filter(owner=alice, is_me=False).exists()


def test_an_export_with_nobody_of_yours_is_refused(run, alice, tmp_path, data):
    root = json.loads(data)
    for item in root["account"]["data"]:
        if item["type"] == "contact":
            item["values"] = [c for c in item["values"] if c["uuid"] in ("c-alex", "c-sam")]
    path = tmp_path / "monica.json"
    path.write_text(json.dumps(root))
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "no contacts of yours" in result.output


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "goodwill", stdout=out)
    return out.getvalue()
