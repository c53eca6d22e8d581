"""The import pipeline: preview, matching, commit (all or nothing), re-import, undo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from goodwill.exchange.models import ImportBatch, ImportedPerson
from goodwill.exchange.services.imports import pipeline, write
from goodwill.exchange.services.imports.records import Birthday, ContactRecord, Photo, Rejection
from goodwill.interactions import services as interactions
from goodwill.people import queries
from goodwill.people import services as people
from goodwill.people.models import Organization, Person, PersonEmail, Tag
from goodwill.people.services import organizations, search
from tests.import_support import BAD_ROW, given, linkedin_csv, png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tiny_parser")]
REAL_PARSER = pipeline.parser  # taken before the tiny_parser fixture stands in for it

FILE = linkedin_csv(
    "Ana,Ruiz,https://www.linkedin.com/in/anaruiz,ANA@ruiz.example,Ruiz Studio,Founder,12 Mar 2024",
    "Ben,Ito,https://www.linkedin.com/in/benito/,ben@ito.example,Acme,CTO,2024-03-12",
    ",,,not-an-email,,,",  # nothing but a bad address
    ",,https://www.linkedin.com/in/nobody,,,,",
    "Dee,Park,https://linkedin.com/in/deepark,,Park & Co,Designer,2023-01-05",
    "Ben,Ito,https://linkedin.com/in/benito,,Acme,CTO,",
)


def preview(owner, data=FILE, **kw):
    return pipeline.preview_import(owner=owner, data=data, filename="Connections.csv", **kw)


def test_it_previews_counts_matches_and_reasons_without_writing(alice, ana):
    before = Person.objects.count(), Organization.objects.count(), Tag.objects.count()
    batch = preview(alice)
    counts = batch.report["counts"]
    assert counts == {
        "records": 6,
        "created": 2,  # Ben (twice in the file) and Dee
        "matched": 1,  # Ana, by email whatever its case
        "updated": 1,
        "unchanged": 0,
        "rejected": 2,
        "merged": 1,
    }
    assert batch.report["matched_on"] == {"email": 1}
    assert batch.report["rejected"] == [
        {"position": "line 7", "reason": BAD_ROW},
        {"position": "line 8", "reason": "No name and no email: nothing to call this person by."},
    ]
    [update] = batch.report["updates"]
    assert update["person_id"] == ana.pk and update["position"] == "line 5"
    assert update["fields"] == ["linkedin_url", "met_how"]  # title and organization were set
    names = [p["display_name"] for p in batch.report["new_people"]]
    assert names == ["Ben Ito", "Dee Park"]
    assert batch.status == "previewed" and bytes(batch.data) == FILE
    assert (batch.created_count, batch.matched_count, batch.rejected_count) == (2, 1, 2)
    assert (Person.objects.count(), Organization.objects.count(), Tag.objects.count()) == before


def test_it_commits_what_it_previewed(alice, ana):
    batch = pipeline.commit_import(owner=alice, batch=preview(alice).pk)
    assert batch.status == "committed" and batch.data is None and batch.committed_at
    ben = Person.objects.get(owner=alice, display_name="Ben Ito")
    assert ben.organization.name == "Acme" and ben.title == "CTO"
    assert ben.linkedin_url == "https://www.linkedin.com/in/benito/"
    assert ben.met_on == dt.date(2024, 3, 12) and ben.met_how == "Connected on LinkedIn"
    assert [e.address for e in ben.emails.all()] == ["ben@ito.example"]
    ana.refresh_from_db()
    assert ana.linkedin_url == "https://www.linkedin.com/in/anaruiz"
    assert ana.title == "Founder" and ana.met_on is None  # "12 Mar 2024" is not a date
    assert any("12 Mar 2024" in w for w in batch.report["warnings"])
    assert Organization.objects.filter(owner=alice).count() == 3
    dee = Person.objects.get(display_name="Dee Park")
    assert set(Person.objects.filter(import_batch=batch).values_list("pk", flat=True)) == {
        ben.pk,
        dee.pk,
    }
    assert list(ImportedPerson.objects.filter(batch=batch).values_list("person_id", "created")) == [
        (ana.pk, False)
    ]


def test_it_creates_people_with_every_field_and_derived_columns(monkeypatch, alice, frozen_now):
    organizations.update_tag(
        owner=alice,
        tag=organizations.get_or_create_tags(owner=alice, names=["Friends"])[0],
        cadence_days=30,
    )
    record = ContactRecord(
        position="card 1",
        display_name="Élodie Durand",
        given_name="Élodie",
        family_name="Durand",
        nickname="Lodie",
        organization="Café Noir",
        title="Chef",
        location="Lyon",
        linkedin_url="linkedin.com/in/elodie",
        website="https://elodie.example",
        emails=[("work", "elodie@noir.example"), ("home", "ELODIE@noir.example")],
        phones=[("mobile", "+33 6 12 34 56 78"), ("", "x")],
        birthday=Birthday(month=2, day=29),
        met_on="2022-05-01",
        met_how="Cooking class",
        tags=["friends", "#Lyon"],
        about="Makes the best tarte tatin.",
        photo=Photo(png_bytes(), "image/png"),
        extra={"Photo URL": "https://evil.example/track.png", "Address": "1 rue X"},
    )
    given(monkeypatch, record)
    batch = pipeline.import_file(owner=alice, data=b"x", filename="contacts.vcf")
    p = Person.objects.get(owner=alice, display_name="Élodie Durand")
    assert (p.nickname, p.title, p.location) == ("Lodie", "Chef", "Lyon")
    assert p.organization.name == "Café Noir" and p.website == "https://elodie.example"
    assert [(e.label, e.address) for e in p.emails.all()] == [("work", "elodie@noir.example")]
    assert [(x.label, x.number, x.normalized) for x in p.phones.all()] == [
        ("mobile", "+33 6 12 34 56 78", "+33612345678")
    ]
    assert (p.birthday_year, p.birthday_month, p.birthday_day) == (None, 2, 29)
    assert p.met_on == dt.date(2022, 5, 1) and p.met_how == "Cooking class"
    assert sorted(t.name for t in p.tags.all()) == ["Friends", "Lyon"]
    assert "tarte tatin" in p.about and "Photo URL: https://evil.example/track.png" in p.about
    with Image.open(p.photo.open("rb")) as image:
        assert image.format == "PNG"
    stored = p.search_text
    search.reindex([p.pk])
    p.refresh_from_db()
    assert p.search_text == stored and "elodie" in stored and "cafe noir" in stored
    assert p.next_due_on == dt.date(2026, 7, 15)  # the Friends tag: every 30 days
    assert any("'x' is not a phone number" in w for w in batch.report["warnings"])
    assert queries.people(alice, q="elodie").get() == p


def test_it_drops_a_photo_that_is_not_an_image(monkeypatch, alice):
    record = ContactRecord(
        "card 2", display_name="Pat", photo=Photo(b"<svg onload=x>", "image/png")
    )
    given(monkeypatch, record)
    batch = pipeline.import_file(owner=alice, data=b"x")
    assert not Person.objects.get(display_name="Pat").photo
    assert batch.report["warnings"] == [
        "card 2: the photo is not an image we can use (JPEG, PNG, GIF or WebP, 5 MB); left out."
    ]


def record(**fields) -> ContactRecord:
    return ContactRecord("line 2", **{"display_name": "A", **fields})


@pytest.mark.parametrize(
    ("found", "on"),
    [
        (record(emails=[("", "Ana@RUIZ.example")]), "email"),
        (record(linkedin_url="http://WWW.linkedin.com/in/Ana/"), "linkedin_url"),
        (record(linkedin_url="es.linkedin.com/in/ana?trk=1"), "linkedin_url"),
        (record(phones=[("", "+34-600-123-456")]), "phone"),
        (record(display_name="ana  RUIZ", organization="ruiz stúdio"), "name_organization"),
    ],
)
def test_it_matches_by_each_key(monkeypatch, alice, ana, found, on):
    people.update_person(owner=alice, person=ana, linkedin_url="https://linkedin.com/in/ana")
    given(monkeypatch, found)
    batch = preview(alice)
    assert batch.report["matched_on"] == {on: 1}
    assert batch.report["counts"]["created"] == 0


def test_it_does_not_match_a_name_alone_or_at_another_organization(monkeypatch, alice, ana):
    given(
        monkeypatch,
        ContactRecord("line 2", display_name="Ana Ruiz"),
        ContactRecord("line 3", display_name="Ana Ruiz", organization="Other"),
    )
    assert preview(alice).report["counts"]["created"] == 2


def test_it_keeps_two_linkedin_profiles_apart_despite_name_and_organization(monkeypatch, alice):
    people.create_person(
        owner=alice,
        display_name="Li Wei",
        organization="Acme",
        linkedin_url="https://linkedin.com/in/li-wei-1",
    )
    given(
        monkeypatch,
        ContactRecord("line 2", display_name="Li Wei", organization="Acme",
                      linkedin_url="https://linkedin.com/in/li-wei-2"),
        ContactRecord("line 3", display_name="Li Wei", organization="Acme",
                      linkedin_url="https://linkedin.com/in/li-wei-3"),
        ContactRecord("line 4", display_name="Li Wei", organization="ACME"),
    )  # fmt: skip
    counts = preview(alice).report["counts"]
    assert (counts["created"], counts["merged"], counts["matched"]) == (2, 1, 0)


def test_it_never_matches_someone_elses_people(alice, bob):
    people.create_person(owner=bob, display_name="Bob's Ben", emails=["ben@ito.example"])
    batch = pipeline.import_file(owner=alice, data=FILE)
    assert batch.report["counts"]["matched"] == 0
    assert Person.objects.filter(owner=alice, display_name="Ben Ito").exists()
    assert Person.objects.get(owner=bob, is_me=False).display_name == "Bob's Ben"
    assert PersonEmail.objects.filter(owner=bob).count() == 1


def test_it_merges_duplicates_within_the_file(monkeypatch, alice):
    given(
        monkeypatch,
        ContactRecord("card 1", display_name="Mo", emails=[("", "mo@x.example")], title="CEO"),
        ContactRecord(
            "card 2",
            display_name="Mo S",
            emails=[("", "MO@x.example"), ("", "m@y.example")],
            location="Oslo",
        ),
        ContactRecord(
            "card 3",
            display_name="Mo",
            phones=[("", "+47 22 33 44 55")],
            emails=[("", "m@y.example")],
        ),
    )
    batch = pipeline.import_file(owner=alice, data=b"x")
    assert batch.report["counts"]["merged"] == 2 and batch.report["counts"]["created"] == 1
    mo = Person.objects.get(owner=alice, is_me=False)
    assert (mo.display_name, mo.title, mo.location) == ("Mo", "CEO", "Oslo")
    assert [e.address for e in mo.emails.all()] == ["mo@x.example", "m@y.example"]
    assert mo.phones.count() == 1
    assert batch.report["new_people"][0]["position"] == "card 1, card 2, card 3"


def test_it_creates_no_duplicates_when_the_same_file_comes_again(alice):
    first = pipeline.import_file(owner=alice, data=FILE)
    count = Person.objects.filter(owner=alice).count()
    again = pipeline.import_file(owner=alice, data=FILE)
    assert first.report["counts"]["created"] == 3
    assert again.report["counts"]["created"] == 0 and again.report["counts"]["matched"] == 3
    assert again.report["counts"]["unchanged"] == 3
    assert Person.objects.filter(owner=alice).count() == count
    assert PersonEmail.objects.filter(owner=alice).count() == 2


def test_it_fills_empty_fields_from_an_updated_file_and_never_overwrites(alice):
    pipeline.import_file(owner=alice, data=linkedin_csv("Ben,Ito,,ben@ito.example,,,"))
    ben = Person.objects.get(owner=alice, is_me=False)
    people.update_person(owner=alice, person=ben, title="Chief Tinkerer")
    newer = linkedin_csv(
        "Ben,Ito,https://linkedin.com/in/benito,BEN@ito.example,Acme,CTO,2024-01-02"
    )
    batch = pipeline.import_file(owner=alice, data=newer)
    ben.refresh_from_db()
    assert ben.title == "Chief Tinkerer"  # what the user wrote stays
    assert ben.organization.name == "Acme" and ben.linkedin_url.endswith("/benito")
    assert ben.met_on == dt.date(2024, 1, 2)
    assert batch.report["updates"][0]["fields"] == ["linkedin_url", "met_on", "organization"]
    assert batch.report["filled"] == {"linkedin_url": 1, "met_on": 1, "organization": 1}
    assert queries.people(alice, q="acme").get() == ben  # search text recomputed


def test_it_adds_new_emails_phones_and_tags_to_a_matched_person(monkeypatch, alice, ana):
    given(
        monkeypatch,
        ContactRecord(
            "card 1",
            display_name="Ana R.",
            emails=[("", "ana@ruiz.example"), ("home", "ana@home.example")],
            phones=[("", "+34 600 123 456"), ("work", "+34 91 000 00 00")],
            tags=["Design", "Speakers"],
        ),
    )
    pipeline.import_file(owner=alice, data=b"x")
    ana.refresh_from_db()
    assert ana.display_name == "Ana Ruiz"
    assert [(e.address, e.position) for e in ana.emails.all()] == [
        ("ana@ruiz.example", 0),
        ("ana@home.example", 1),
    ]
    assert [p.number for p in ana.phones.all()] == ["+34 600 123 456", "+34 91 000 00 00"]
    assert sorted((t.name for t in ana.tags.all()), key=str.lower) == [
        "design",
        "madrid",
        "Speakers",
    ]
    assert "speakers" in ana.search_text and "ana@home.example" in ana.search_text


def test_it_writes_nothing_when_the_commit_fails_midway(monkeypatch, alice, ana):
    batch = preview(alice)
    before = (
        Person.objects.count(),
        Organization.objects.count(),
        PersonEmail.objects.count(),
        Person.objects.get(pk=ana.pk).linkedin_url,
    )

    def boom(self, records):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write.Writer, "record", boom)
    with pytest.raises(RuntimeError):
        pipeline.commit_import(owner=alice, batch=batch.pk)
    after = (
        Person.objects.count(),
        Organization.objects.count(),
        PersonEmail.objects.count(),
        Person.objects.get(pk=ana.pk).linkedin_url,
    )
    assert after == before
    batch.refresh_from_db()
    assert batch.status == "previewed" and bytes(batch.data) == FILE
    assert not ImportedPerson.objects.exists()


def test_it_removes_photo_files_when_the_commit_fails(monkeypatch, alice, settings):
    given(monkeypatch, ContactRecord("card 1", display_name="Pat", photo=Photo(png_bytes())))
    monkeypatch.setattr(write.Writer, "record", lambda self, records: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pipeline.import_file(owner=alice, data=b"x")
    assert not Person.objects.filter(is_me=False).exists()
    photos = settings.MEDIA_ROOT / "photos"
    assert not photos.exists() or not any(photos.rglob("*.png"))


def test_it_refuses_a_file_it_cannot_read_and_saves_nothing(alice):
    with pytest.raises(ValidationError) as caught:
        pipeline.preview_import(owner=alice, data=b"hello", filename="notes.txt")
    # Named for what it looks like (exchange.rules.describe_file), with what to do.
    assert caught.value.message_dict == {
        "file": [
            "notes.txt looks like plain text, not a list of contacts. Choose the contacts file "
            "itself (a .vcf or .csv file); the import page says where each service keeps it."
        ]
    }
    assert not ImportBatch.objects.exists()


def test_it_refuses_files_over_20_mb_and_unknown_formats(alice):
    with pytest.raises(ValidationError) as caught:
        preview(alice, data=b"x" * (20 * 1024 * 1024 + 1))
    assert "larger than 20 MB" in caught.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as caught:
        preview(alice, format="excel")
    assert "format" in caught.value.message_dict


def test_it_matches_in_a_fixed_number_of_queries(monkeypatch, alice, ana):
    def count(n):
        records = [
            ContactRecord(f"line {i}", display_name=f"P {i}", emails=[("", f"p{i}@x.example")])
            for i in range(n)
        ]
        given(
            monkeypatch,
            *records,
            ContactRecord("line 0", display_name="A", emails=[("", "ana@ruiz.example")]),
        )
        with CaptureQueriesContext(connection) as ctx:
            pipeline.preview_import(owner=alice, data=b"x", save=False)
        return len(ctx.captured_queries)

    assert count(3) == count(300) <= 4


def test_it_undoes_a_commit_but_keeps_people_edited_since(alice, ana, frozen_now):
    batch = pipeline.import_file(owner=alice, data=FILE)
    ben = Person.objects.get(owner=alice, display_name="Ben Ito")
    dee = Person.objects.get(owner=alice, display_name="Dee Park")
    frozen_now(minutes=5)
    people.update_person(owner=alice, person=ben, about="Met again at PyCon.")
    frozen_now(minutes=5)
    interactions.log_interaction(owner=alice, participants=[dee.pk], kind="call")
    count = Person.objects.filter(owner=alice).count()
    before = Organization.objects.filter(owner=alice).count()
    with pytest.raises(ValidationError):  # a committed batch cannot be committed again
        pipeline.commit_import(owner=alice, batch=batch)
    done = pipeline.undo_import(owner=alice, batch=batch.pk)
    assert done.status == "undone" and done.undone_at
    undo = done.report["undo"]
    assert undo["removed"] == 0
    assert {(k["display_name"], k["reason"]) for k in undo["kept"]} == {
        ("Ben Ito", "changed since the import"),
        ("Dee Park", "has interactions or other records since the import"),
    }
    assert Person.objects.filter(owner=alice).count() == count
    assert Organization.objects.filter(owner=alice).count() == before
    ana.refresh_from_db()
    assert ana.linkedin_url  # what the import filled in is not reverted
    with pytest.raises(ValidationError) as caught:
        pipeline.undo_import(owner=alice, batch=batch.pk)
    assert "already undone" in caught.value.message_dict["batch"][0]


def test_it_undoes_the_untouched_people_and_what_only_they_used(monkeypatch, alice, ana):
    given(
        monkeypatch,
        ContactRecord(
            "card 1",
            display_name="Pat",
            organization="Pat Corp",
            tags=["new"],
            photo=Photo(png_bytes()),
        ),
        ContactRecord("card 2", display_name="Ana", emails=[("", "ana@ruiz.example")], tags=["x"]),
    )
    batch = pipeline.import_file(owner=alice, data=b"x")
    photo = Person.objects.get(display_name="Pat").photo
    assert photo.storage.exists(photo.name)
    done = pipeline.undo_import(owner=alice, batch=batch)
    assert done.report["undo"]["removed"] == 1 and done.report["undo"]["kept"] == []
    assert not Person.objects.filter(display_name="Pat").exists()
    assert not Organization.objects.filter(name="Pat Corp").exists()
    assert not Tag.objects.filter(owner=alice, name="new").exists()
    assert Tag.objects.filter(owner=alice, name="x").exists()  # Ana has it now
    assert not photo.storage.exists(photo.name)
    assert Person.objects.filter(pk=ana.pk).exists()


def test_it_refuses_to_undo_a_preview(alice):
    batch = preview(alice)
    with pytest.raises(ValidationError) as caught:
        pipeline.undo_import(owner=alice, batch=batch)
    assert "only previewed" in caught.value.message_dict["batch"][0]


def test_it_keeps_batches_owner_scoped(alice, bob):
    batch = preview(alice)
    for action in (pipeline.commit_import, pipeline.undo_import):
        with pytest.raises(ValidationError) as caught:
            action(owner=bob, batch=batch.pk)
        assert "batch" in caught.value.message_dict
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_it_keeps_parser_rejections_with_their_positions(monkeypatch, alice):
    given(
        monkeypatch,
        ContactRecord("card 1", display_name="Ok"),
        rejected=[Rejection("card 2", "The card has no END:VCARD.")],
    )
    batch = preview(alice)
    assert batch.report["rejected"] == [
        {"position": "card 2", "reason": "The card has no END:VCARD."}
    ]
    assert batch.report["counts"]["records"] == 2


def test_it_imports_with_the_real_parsers(monkeypatch, alice):
    pytest.importorskip("goodwill.exchange.services.imports.parse")
    monkeypatch.setattr(pipeline, "parser", REAL_PARSER)
    vcf = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Lang\r\nN:Lang;Zoë;;;\r\n"
        "EMAIL;TYPE=work:zoe@lang.example\r\nORG:Lang AG\r\nEND:VCARD\r\n"
    ).encode()
    batch = pipeline.import_file(owner=alice, data=vcf, filename="z.vcf")
    assert batch.format == "vcard" and batch.report["counts"]["created"] == 1
    zoe = Person.objects.get(owner=alice, display_name="Zoë Lang")
    assert zoe.organization.name == "Lang AG" and zoe.emails.get().address == "zoe@lang.example"
    again = pipeline.import_file(owner=alice, data=vcf, filename="z.vcf")
    assert again.report["counts"]["matched"] == 1 and again.report["counts"]["created"] == 0
