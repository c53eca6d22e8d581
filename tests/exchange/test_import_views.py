"""The import pages: upload, preview, commit, history, undo; htmx and full page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goodwill.exchange.models import ImportBatch
from goodwill.exchange.services.imports import pipeline
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.import_support import FILE
from tests.support import HTMX

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tiny_parser")]


def upload(client, data=FILE, name="Connections.csv", fmt="auto"):
    return client.post(
        "/import/", {"file": SimpleUploadedFile(name, data, "text/csv"), "format": fmt}
    )


def test_it_shows_the_upload_form_linked_from_settings_and_empty_states(alice_client):
    page = alice_client.get("/import/")
    assert page.status_code == 200
    assert b'type="file"' in page.content and b'enctype="multipart/form-data"' in page.content
    for url in ("/settings/tokens/", "/people/", "/"):
        assert b'href="/import/"' in alice_client.get(url).content, url


def test_it_uploads_then_previews_without_saving_people(alice_client, alice, ana):
    response = upload(alice_client)
    batch = ImportBatch.objects.get(owner=alice)
    assert response.status_code == 302 and response["Location"] == f"/import/{batch.pk}/"
    page = alice_client.get(response["Location"])
    text = page.content.decode()
    assert "Nothing is saved yet" in text
    assert "<strong>1</strong> new person" in text
    assert "recognised by email: 1" in text
    assert "Line 7" in text and "&#x27;not-an-email&#x27; is not a valid email address" in text
    assert "Ben Ito" in text
    assert f'action="/import/{batch.pk}/commit/"' in text
    assert not Person.objects.filter(owner=alice, display_name="Ben Ito").exists()


def test_it_names_a_bad_file_and_keeps_nothing(alice_client):
    response = upload(alice_client, data=b"just some notes", name="notes.txt")
    assert response.status_code == 422
    assert b"notes.txt looks like plain text, not a list of contacts." in response.content
    assert b"nothing was saved" in response.content
    assert not ImportBatch.objects.exists()


def test_it_commits_with_a_plain_form_and_redirects_to_the_result(alice_client, alice):
    batch = pipeline.preview_import(owner=alice, data=FILE, filename="c.csv")
    response = alice_client.post(f"/import/{batch.pk}/commit/")
    assert response.status_code == 302 and response["Location"] == f"/import/{batch.pk}/"
    page = alice_client.get(response["Location"]).content.decode()
    assert (
        "Imported. Next, pick a few people to hear from." in page
        and f'action="/import/{batch.pk}/undo/"' in page
    )
    assert Person.objects.filter(owner=alice, display_name="Ben Ito").exists()


def test_it_commits_over_htmx_and_swaps_only_the_report(alice_client, alice):
    batch = pipeline.preview_import(owner=alice, data=FILE, filename="c.csv")
    response = alice_client.post(f"/import/{batch.pk}/commit/", headers=HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text and 'id="import-report"' in text
    assert "2 new people from your LinkedIn file; 0 already here" in text
    again = alice_client.post(f"/import/{batch.pk}/commit/", headers=HTMX)
    assert again.status_code == 422 and b"already committed" in again.content
    assert Person.objects.filter(owner=alice, is_me=False).count() == 2


def test_it_lists_past_imports_and_undoes_keeping_edited_people(alice_client, alice):
    batch = pipeline.import_file(owner=alice, data=FILE, filename="c.csv")
    ben = Person.objects.get(owner=alice, display_name="Ben Ito")
    people.update_person(owner=alice, person=ben, title="Boss")
    history = alice_client.get("/import/history/").content.decode()
    assert "c.csv" in history and f'action="/import/{batch.pk}/undo/"' in history
    response = alice_client.post(f"/import/{batch.pk}/undo/")
    assert response.status_code == 302
    page = alice_client.get(response["Location"]).content.decode()
    assert "1 person removed" in page and "Ben Ito" in page and "changed since the import" in page
    assert not Person.objects.filter(owner=alice, display_name="Ana Ruiz").exists()
    twice = alice_client.post(f"/import/{batch.pk}/undo/", follow=True)
    assert b"already undone" in twice.content


def test_it_answers_get_on_commit_and_undo_with_405(alice_client, alice):
    batch = pipeline.preview_import(owner=alice, data=FILE)
    assert alice_client.get(f"/import/{batch.pk}/commit/").status_code == 405
    assert alice_client.get(f"/import/{batch.pk}/undo/").status_code == 405


def test_it_gives_bob_404_on_alices_imports(client, alice, bob):
    batch = pipeline.preview_import(owner=alice, data=FILE)
    client.force_login(bob)
    for url in (f"/import/{batch.pk}/", f"/import/{batch.pk}/commit/", f"/import/{batch.pk}/undo/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert b"Connections" not in client.get("/import/history/").content
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_it_needs_a_login(client):
    assert client.get("/import/").status_code == 302
    assert client.get("/import/history/").status_code == 302
