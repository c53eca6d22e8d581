"""Imports over the API: upload (dry run or at once), list, read, commit, undo."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goodwill.api.schemas import dump
from goodwill.exchange.models import ImportBatch
from goodwill.exchange.schemas import ImportBatchOut
from goodwill.exchange.services.imports import pipeline
from goodwill.people.models import Person
from tests.api_support import api_for, assert_error
from tests.import_support import BAD_ROW, FILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tiny_parser")]


def upload(api, data=FILE, name="Connections.csv", **fields):
    return api.client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile(name, data, "text/csv"), **fields},
        **api.headers,
    )


def test_it_previews_a_file_with_dry_run_and_commits_it_later(api, alice, ana):
    response = upload(api, dry_run="true")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "previewed" and body["format"] == "linkedin"
    assert body["counts"]["created"] == 1 and body["counts"]["matched"] == 1
    assert body["counts"]["rejected"] == 1
    assert body["matched_on"] == {"email": 1}
    assert body["rejected"] == [{"position": "line 7", "reason": BAD_ROW}]
    assert not Person.objects.filter(owner=alice, display_name="Ben Ito").exists()
    committed = api.post(f"/imports/{body['id']}/commit")
    assert committed.status_code == 200, committed.content
    assert committed.json()["status"] == "committed"
    assert Person.objects.filter(owner=alice, display_name="Ben Ito").exists()
    assert_error(api.post(f"/imports/{body['id']}/commit"), 422, "validation_error", "batch")


def test_it_imports_at_once_without_dry_run(api, alice):
    response = upload(api, format="linkedin")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "committed" and body["counts"]["created"] == 2
    batch = ImportBatch.objects.get(pk=body["id"])
    shape = dump(ImportBatchOut, batch)  # the one shape, as the CLI prints it
    assert set(body) == set(shape)
    assert {k: v for k, v in body.items() if not k.endswith("_at")} == {
        k: v for k, v in shape.items() if not k.endswith("_at")
    }


def test_it_names_a_bad_file_and_saves_nothing(api):
    body = assert_error(
        upload(api, data=b"hello", name="notes.txt"), 422, "validation_error", "file"
    )
    # What the file looks like, in the words the web page uses too.
    assert "notes.txt looks like plain text, not a list of contacts" in body["fields"]["file"][0]
    assert_error(upload(api, format="excel"), 422, "validation_error", "format")
    assert_error(
        api.client.post("/api/v1/imports", {}, **api.headers), 422, "validation_error", "file"
    )
    assert not ImportBatch.objects.exists()


def test_it_lists_reads_and_undoes_imports(api, alice):
    first = pipeline.import_file(owner=alice, data=FILE, filename="one.csv")
    second = pipeline.preview_import(owner=alice, data=FILE, filename="two.csv")
    listing = api.get("/imports").json()
    assert listing["count"] == 2
    assert [b["id"] for b in listing["items"]] == [second.pk, first.pk]
    assert api.get(f"/imports/{first.pk}").json()["filename"] == "one.csv"
    undone = api.post(f"/imports/{first.pk}/undo")
    assert undone.status_code == 200, undone.content
    body = undone.json()
    assert body["status"] == "undone" and body["undo"]["removed"] == 2
    assert body["undo"]["kept"] == []
    again = assert_error(api.post(f"/imports/{first.pk}/undo"), 422, "validation_error", "batch")
    assert "already undone" in again["message"]


def test_it_gives_404_on_someone_elses_import(client, alice, bob):
    batch = pipeline.preview_import(owner=alice, data=FILE)
    bobs = api_for(client, bob)
    assert_error(bobs.get(f"/imports/{batch.pk}"), 404, "not_found")
    assert_error(bobs.post(f"/imports/{batch.pk}/commit"), 404, "not_found")
    assert_error(bobs.post(f"/imports/{batch.pk}/undo"), 404, "not_found")
    assert bobs.get("/imports").json()["count"] == 0
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_it_needs_authentication(client):
    assert_error(client.get("/api/v1/imports"), 401, "unauthorized")
