"""`goodwill export`, `import-json`, `backup`, `restore` and `dedupe` on the command line."""

from __future__ import annotations

import json
import stat

import pytest
from django.db import connection

from goodwill.accounts import services as accounts
from goodwill.exchange.models import NotDuplicate
from goodwill.interactions.models import Interaction
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.api_support import api_for

pytestmark = pytest.mark.django_db


def test_it_exports_vcard_to_stdout_and_private_csv_to_a_private_file(run, tmp_path, ana):
    people.update_person(owner=ana.owner, person=ana, about="secret about")
    result = run("export")
    assert result.exit_code == 0, result.output
    assert (
        b"BEGIN:VCARD\r\nVERSION:3.0" in result.stdout_bytes and "secret about" not in result.stdout
    )
    target = tmp_path / "people.csv"
    result = run("export", "--format", "csv", "-o", str(target), "--private")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "secret about" in target.read_text(encoding="utf-8-sig")
    bad = run("export", "--format", "xls")
    assert bad.exit_code == 2 and "format: 'xls' is not one of" in bad.stderr


def test_it_exports_json_and_imports_it_into_an_empty_account(run, tmp_path, alice, coffee):
    target = tmp_path / "account.json"
    assert run("--user", "alice", "export", "-f", "json", "-o", str(target)).exit_code == 0
    accounts.create_account(username="carol", email="", password="a long password 123")
    result = run("--user", "carol", "import-json", str(target))
    assert result.exit_code == 0, result.output
    assert "Loaded into 'carol': " in result.stdout and "1 interactions" in result.stdout
    assert Interaction.objects.get(owner__username="carol").notes == coffee.notes
    again = run("--user", "carol", "import-json", str(target))
    assert again.exit_code == 2 and "already has people" in again.stderr
    (tmp_path / "bad.json").write_text("{nope")
    bad = run("--user", "carol", "import-json", str(tmp_path / "bad.json"))
    assert bad.exit_code == 2 and "is not JSON" in bad.stderr


def test_it_backs_up_and_refuses_a_file_that_is_not_a_backup(run, tmp_path, alice, monkeypatch):
    (tmp_path / "x.sqlite3").write_text("not a database")
    result = run("restore", str(tmp_path / "x.sqlite3"), "--yes")
    assert result.exit_code == 2 and "is not an SQLite database" in result.stderr
    monkeypatch.setattr(connection, "vendor", "postgresql")
    result = run("backup")
    assert result.exit_code == 2 and "pg_dump" in result.stderr


def test_it_lists_duplicates_as_a_table_and_as_json(run, ana, twin):
    result = run("dedupe")
    assert result.exit_code == 0, result.output
    assert "Same email ana@ruiz.example, same name" in result.stdout
    pairs = json.loads(run("dedupe", "--json", "--limit", "5").stdout)
    assert pairs[0]["a"]["id"] == ana.pk and pairs[0]["b"]["id"] == twin.pk


def test_it_merges_after_confirming_and_marks_not_the_same(run, alice, ana, twin):
    third = people.create_person(owner=alice, display_name="Ana Ruiz")
    result = run("dedupe", "not-same", str(ana.pk), str(third.pk))
    assert result.exit_code == 0 and NotDuplicate.objects.count() == 1
    refused = run("dedupe", "merge", str(ana.pk), str(twin.pk), input="n\n")
    assert refused.exit_code == 2 and Person.objects.filter(pk=twin.pk).exists()
    done = run("dedupe", "merge", str(ana.pk), str(twin.pk), "--yes")
    assert done.exit_code == 0, done.output
    assert f"id {twin.pk} is gone" in done.stdout
    assert not Person.objects.filter(pk=twin.pk).exists()
    me = Person.objects.get(owner=alice, is_me=True)
    refused = run("dedupe", "merge", str(ana.pk), str(me.pk), "--yes")
    assert refused.exit_code == 2 and "merge: Your own record" in refused.stderr


# ---------------------------------------------------------------- web and API downloads


def test_it_downloads_each_format_from_the_export_page(alice_client, ana):
    page = alice_client.get("/export/")
    assert page.status_code == 200 and "private notes included" in page.content.decode()
    for fmt, ctype in [("vcard", "text/vcard"), ("vcard4", "text/vcard"), ("csv", "text/csv"),
                       ("json", "application/json")]:  # fmt: skip
        response = alice_client.get("/export/", {"format": fmt})
        assert response.status_code == 200 and response["Content-Type"].startswith(ctype)
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert "Ana Ruiz" in response.content.decode()
    assert alice_client.get("/export/", {"format": "xls"}).status_code == 422


def test_it_keeps_private_notes_out_unless_the_box_is_ticked(alice_client, alice, ana):
    people.update_person(owner=alice, person=ana, about="very private")
    assert b"very private" not in alice_client.get("/export/", {"format": "csv"}).content
    ticked = alice_client.get("/export/", {"format": "csv", "private": "on"})
    assert b"very private" in ticked.content


def test_it_downloads_exports_over_the_api_with_only_the_callers_data(client, alice, bob, ana):
    api = api_for(client, bob)
    response = api.get("/export", format="json")
    assert response.status_code == 200
    assert "Ana Ruiz" not in response.content.decode()
    mine = api_for(client, alice).get("/export", format="vcard4")
    assert "VERSION:4.0" in mine.content.decode() and "Ana Ruiz" in mine.content.decode()
    assert api.get("/export", format="xls").status_code == 422
