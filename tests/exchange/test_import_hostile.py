"""Imports and hostile input (issue 16): characters no database stores (NUL, a lone
surrogate) are taken out with a warning, dates out of range and links that are not web
addresses ("javascript:", "data:") are left out of their field, the link kept as text in
the notes; an account keeps a bounded number of pending previews, and the worker's tick
drops those older than a day."""

from __future__ import annotations

import datetime as dt

from goodwill.exchange.models import ImportBatch
from goodwill.exchange.services.imports import parse, pipeline
from goodwill.people.models import Person
from goodwill.reminders.services import outbox
from tests.import_support import ContactRecord, given

GOOGLE = "Name,Given Name,Family Name,Notes,Website 1 - Value\n"


def _preview(owner, data: bytes = b"x", **kw):
    return pipeline.preview_import(owner=owner, data=data, filename="c.csv", **kw)


def test_a_file_with_nul_and_surrogates_imports_clean_with_a_warning(alice):
    vcard = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:a=00b\r\nEND:VCARD\r\n"
    )
    result = parse.parse_file(vcard.encode(), filename="c.vcf")
    assert result.records[0].about == "ab"
    assert result.warnings == [
        "card 1: a character that cannot be saved (a NUL or a broken one) was taken out."
    ]
    jcard = '["vcard",[["version",{},"text","4.0"],["fn",{},"text","Ann\\ud800 Lee"]]]'
    result = parse.parse_file(jcard.encode(), filename="c.json")
    assert result.records[0].display_name == "Ann\ufffd Lee"
    assert len(result.warnings) == 1
    csv = (GOOGLE + "Eve Nul,Eve,Nul,met at\x00 the fair,\n").encode()
    assert parse.parse_file(csv, filename="c.csv").records[0].about == "met at the fair"


def test_a_nul_in_a_file_commits_without_a_500(alice):
    data = (GOOGLE + "Eve Nul,Eve,Nul,met at\x00 the fair,\n").encode()
    batch = pipeline.commit_import(owner=alice, batch=_preview(alice, data).pk)
    assert batch.status == "committed"
    assert Person.objects.get(owner=alice, display_name="Eve Nul").about == "met at the fair"


def test_a_javascript_website_stays_out_of_the_link_and_in_the_notes(monkeypatch, alice):
    given(
        monkeypatch,
        ContactRecord("card 1", display_name="Eve", website="javascript:alert(1)"),
        ContactRecord(
            "card 2",
            display_name="Dan",
            website="data:text/html,<b>x</b>",
            linkedin_url="JavaScript://%0aalert(1)",
            about="Old friend",
        ),
        ContactRecord("card 3", display_name="Fay", website="example.org:8080/fay"),
    )
    batch = _preview(alice)
    assert any(
        "'javascript:alert(1)' is not a web address; kept in the notes" in w
        for w in batch.report["warnings"]
    ), batch.report["warnings"]
    pipeline.commit_import(owner=alice, batch=batch.pk)
    eve = Person.objects.get(owner=alice, display_name="Eve")
    dan = Person.objects.get(owner=alice, display_name="Dan")
    assert eve.website == "" and "Website (not a web address): javascript:alert(1)" in eve.about
    assert dan.website == dan.linkedin_url == ""
    assert dan.about.startswith("Old friend\n\n")
    assert "LinkedIn (not a web address): JavaScript://%0aalert(1)" in dan.about
    assert Person.objects.get(owner=alice, display_name="Fay").website == "example.org:8080/fay"


def test_a_far_met_on_date_is_left_out_with_a_warning(monkeypatch, alice):
    given(monkeypatch, ContactRecord("line 2", display_name="Old", met_on="0001-01-01"))
    batch = _preview(alice)
    assert any("between the years 1800 and 2200" in w for w in batch.report["warnings"])
    pipeline.commit_import(owner=alice, batch=batch.pk)
    assert Person.objects.get(owner=alice, display_name="Old").met_on is None


def test_an_account_keeps_at_most_five_pending_previews_the_newest(monkeypatch, alice, bob):
    given(monkeypatch, ContactRecord("line 2", display_name="Ann"))
    theirs = _preview(bob)
    made = [_preview(alice).pk for _ in range(pipeline.MAX_PREVIEWS + 2)]
    pending = ImportBatch.objects.filter(owner=alice, status="previewed")
    assert sorted(pending.values_list("pk", flat=True)) == made[-pipeline.MAX_PREVIEWS :]
    assert ImportBatch.objects.filter(pk=theirs.pk).exists()  # another account's stay


def test_the_worker_tick_drops_previews_older_than_a_day(monkeypatch, alice, frozen_now):
    given(monkeypatch, ContactRecord("line 2", display_name="Ann"))
    old = _preview(alice)
    frozen_now(hours=23)
    fresh = _preview(alice)
    report = outbox.tick(now=old.created_at + dt.timedelta(days=1, minutes=1))
    assert report.purged_previews == 1
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [fresh.pk]
