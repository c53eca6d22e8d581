"""The undo record of an import (Person.import_batch) and the fast paths of the parsers.

Created people carry their batch instead of an ImportedPerson row each; undo still keeps
the people changed since, also when the change did not save the person, and still reads
the ImportedPerson rows of batches committed before the mark existed.
"""

from __future__ import annotations

import dataclasses

import pytest

from goodwill.exchange.models import ImportedPerson
from goodwill.exchange.services.imports import clean, csvformats, pipeline, undo
from goodwill.exchange.services.imports.parse import parse_file
from goodwill.exchange.services.imports.records import ContactRecord
from goodwill.people import services as people
from goodwill.people.models import Person, PersonEmail, PersonPhone
from tests.import_support import linkedin_csv

pytestmark = pytest.mark.django_db

FILE = linkedin_csv(
    "Ben,Ito,https://www.linkedin.com/in/benito,ben@ito.example,Acme,CTO,12 Mar 2024",
    "Dee,Park,https://www.linkedin.com/in/deepark,,Park & Co,Designer,05 Jan 2023",
    "Eve,Berg,https://www.linkedin.com/in/eveberg,,,,",
    "Fox,Kim,https://www.linkedin.com/in/foxkim,,,,",
)


def imported(owner):
    return pipeline.import_file(owner=owner, data=FILE, filename="Connections.csv")


def named(name: str) -> Person:
    return Person.objects.get(display_name=name)


def test_it_marks_the_people_it_creates_with_the_batch_and_records_only_fills(alice, ana):
    ana_file = linkedin_csv("Ana,Ruiz,https://www.linkedin.com/in/anaruiz,ana@ruiz.example,,,")
    batch = pipeline.import_file(owner=alice, data=FILE + ana_file.split(b"\n", 4)[4])
    created = set(Person.objects.filter(import_batch=batch).values_list("display_name", flat=True))
    assert created == {"Ben Ito", "Dee Park", "Eve Berg", "Fox Kim"}
    assert list(ImportedPerson.objects.filter(batch=batch).values_list("person_id", "created")) == [
        (ana.pk, False)
    ]
    assert named("Ben Ito").updated_at == batch.committed_at
    assert Person.objects.get(pk=ana.pk).import_batch is None


def test_it_keeps_people_changed_without_a_save_and_removes_the_rest(alice, ana, frozen_now):
    batch = imported(alice)
    frozen_now(minutes=5)
    ben, dee, eve = named("Ben Ito"), named("Dee Park"), named("Eve Berg")
    # Changes that leave the person's own updated_at alone: still changes.
    PersonPhone.objects.create(
        owner=alice, person=dee, number="+1 555 0100", normalized="+15550100"
    )
    Person.objects.filter(pk=eve.pk).update(introduced_by=ana)
    PersonEmail.objects.create(owner=alice, person=ben, address="ben@elsewhere.example")
    done = pipeline.undo_import(owner=alice, batch=batch)
    undone = done.report["undo"]
    assert undone["removed"] == 1 and not Person.objects.filter(display_name="Fox Kim").exists()
    assert {k["display_name"]: k["reason"] for k in undone["kept"]} == {
        "Ben Ito": undo.CHANGED,
        "Dee Park": undo.CHANGED,
        "Eve Berg": undo.CHANGED,
    }


def test_it_keeps_people_edited_through_the_service(alice, frozen_now):
    batch = imported(alice)
    frozen_now(minutes=1)
    people.update_person(owner=alice, person=named("Fox Kim"), tags=["Friends"])
    undone = pipeline.undo_import(owner=alice, batch=batch).report["undo"]
    assert undone["removed"] == 3
    assert undone["kept"] == [
        {"id": named("Fox Kim").pk, "display_name": "Fox Kim", "reason": undo.CHANGED}
    ]


def test_it_still_undoes_a_batch_committed_before_the_mark(alice, frozen_now):
    """An older batch: ImportedPerson rows with fingerprints, people not marked."""
    batch = imported(alice)
    rows = []
    for row in Person.objects.filter(import_batch=batch).values("pk", *undo.FINGERPRINT_COLUMNS):
        emails = list(PersonEmail.objects.filter(person_id=row["pk"]).values_list("address"))
        values = [row[c] for c in undo.FINGERPRINT_COLUMNS]
        mark = undo.fingerprint(values, [a for (a,) in emails], [], [])
        rows.append(ImportedPerson(batch=batch, person_id=row["pk"], fingerprint=mark))
    ImportedPerson.objects.bulk_create(rows)
    for row in ImportedPerson.objects.filter(batch=batch):  # as written at the commit
        ImportedPerson.objects.filter(pk=row.pk).update(updated_at=row.person.updated_at)
    Person.objects.filter(import_batch=batch).update(import_batch=None)
    frozen_now(minutes=1)
    people.update_person(owner=alice, person=named("Dee Park"), about="Met again.")
    undone = pipeline.undo_import(owner=alice, batch=batch).report["undo"]
    assert undone["removed"] == 3
    assert [k["display_name"] for k in undone["kept"]] == ["Dee Park"]
    assert list(Person.objects.filter(owner=alice, is_me=False).values_list("display_name")) == [
        ("Dee Park",)
    ]


def test_it_cleans_each_text_field_to_its_column(alice):
    long = "x" * 600
    record = ContactRecord(
        "line 2",
        display_name="  Ana   Ruiz ",
        **{name: f"  {long[:3]}   {long} " for name in clean.TEXT_FIELDS},
    )
    candidate = clean.clean_record(record, [])
    text = {k: v for k, v in candidate.fields.items() if k in clean.TEXT_FIELDS}
    assert list(text) == list(clean.TEXT_FIELDS)
    for name, limit in clean.TEXT_FIELDS.items():
        assert text[name] == f"xxx {long}"[:limit] or name in ("linkedin_url", "website")
    assert candidate.display_name == "Ana Ruiz"


def test_it_reads_plain_csv_names_into_the_right_fields():
    order = [f.name for f in dataclasses.fields(ContactRecord)][1:7]
    assert order == csvformats._NAME_ORDER
    data = (
        b"Display Name,First Name,Last Name,Nickname,Company,Job Title,E-mail Address\n"
        b"  Ana R ,Ana,Ruiz,Nan,Studio,Founder,ana@ruiz.example\n"
        b"  ,  Ben ,  Ito ,,,,\n"
    )
    ana, ben = parse_file(data, filename="c.csv").records
    assert (ana.display_name, ana.given_name, ana.family_name) == ("Ana R", "Ana", "Ruiz")
    assert (ana.nickname, ana.organization, ana.title) == ("Nan", "Studio", "Founder")
    assert ben.display_name == "Ben Ito" and ben.emails == []
