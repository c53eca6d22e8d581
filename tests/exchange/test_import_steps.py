"""Issue 16, finding 4: a large import is written in steps of short transactions, by the
worker for the page and the API, and stays all or nothing as the user sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.services.imports import pipeline, steps
from goodwill.exchange.services.imports.write import Writer
from goodwill.people.models import Organization, Person
from tests.import_support import linkedin_csv

ROWS = 30


def big_file(rows: int = ROWS, start: int = 0) -> bytes:
    return linkedin_csv(
        *(
            f"Pat{i},Lee{i},https://www.linkedin.com/in/pat-{i},,Org {i % 4},Engineer,01 Jan 2024"
            for i in range(start, start + rows)
        )
    )


@pytest.fixture
def small_steps(monkeypatch):
    """More than 10 contacts is "large", written 7 people a step."""
    monkeypatch.setattr(steps, "SYNC_MAX", 10)
    monkeypatch.setattr(steps, "SYNC_BYTES", 100)
    monkeypatch.setattr(steps, "STEP", 7)
    monkeypatch.setattr(steps, "SHOW_STEP", 7)


def _queued(batch) -> int:
    return DBTaskResult.objects.filter(
        task_path__endswith="write_in_background", args_kwargs__args=[batch.pk]
    ).count()


def _visible(owner):
    return Person.objects.filter(owner=owner, archived=False, display_name__startswith="Pat")


def test_the_page_hands_a_large_import_to_the_worker_which_writes_it_in_steps(
    alice, alice_client, small_steps, django_capture_on_commit_callbacks
):
    batch = pipeline.preview_import(owner=alice, data=big_file(), filename="big.csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(f"/import/{batch.pk}/commit/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Importing…" in html and "0 of 30 people written" in html
    assert 'hx-trigger="every 1s"' in html  # the page asks again until it is done
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTING and _queued(batch) == 1
    assert not _visible(alice).exists()

    seen: list[tuple[int, int, int]] = []
    real_insert = Writer.insert_people

    def watch(writer, rows, contacts):
        seen.append((len(rows), _visible(alice).count(), batch.pk))
        return real_insert(writer, rows, contacts)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Writer, "insert_people", watch)
        assert steps.write_in_background.call(batch.pk) == "committed"

    assert [n for n, _, _ in seen] == [7, 7, 7, 7, 2]  # steps of at most STEP people
    assert {visible for _, visible, _ in seen} == {0}  # nobody shown before the end
    assert _visible(alice).count() == ROWS
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.data is None
    assert batch.created_count == ROWS and "progress" not in batch.report
    done = alice_client.get(f"/import/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Undo this import" in done and "every 1s" not in done
    # Undo still recognises every person as untouched since the commit.
    undone = pipeline.undo_import(owner=alice, batch=batch)
    assert undone.report["undo"]["removed"] == ROWS and not _visible(alice).exists()


def test_a_failed_step_takes_back_everything_it_wrote(alice, small_steps, monkeypatch):
    batch = steps.start(
        owner=alice, batch=pipeline.preview_import(owner=alice, data=big_file(), filename="b.csv")
    )
    calls = {"n": 0}
    real_insert = Writer.insert_people

    def fail_third(writer, rows, contacts):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk I/O error")
        return real_insert(writer, rows, contacts)

    monkeypatch.setattr(Writer, "insert_people", fail_third)
    with pytest.raises(RuntimeError):
        steps.write_in_steps(batch)
    assert not Person.objects.filter(owner=alice, import_batch=batch).exists()
    assert not Organization.objects.filter(owner=alice, name__startswith="Org ").exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and batch.data
    assert "nothing of it was kept" in batch.report["error"]

    monkeypatch.setattr(Writer, "insert_people", real_insert)  # a second try works
    batch = steps.commit_import(owner=alice, batch=batch)
    assert batch.status == ImportStatus.IMPORTING
    steps.write_in_background.call(batch.pk)
    assert _visible(alice).count() == ROWS


def test_the_api_answers_importing_then_committed(
    api, alice, small_steps, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = api.client.post(
            "/api/v1/imports", {"file": SimpleUploadedFile("big.csv", big_file())}, **api.headers
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "importing" and body["progress"] == {"done": 0, "total": 0}
    assert _queued(ImportBatch.objects.get(pk=body["id"])) == 1
    steps.write_in_background.call(body["id"])
    after = api.get(f"/imports/{body['id']}").json()
    assert after["status"] == "committed" and after["progress"] is None
    assert after["counts"]["created"] == ROWS


def test_the_cli_writes_a_large_file_in_steps_itself(run, alice, small_steps, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(big_file())
    result = run("--user", "alice", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _visible(alice).count() == ROWS
    assert ImportBatch.objects.get(owner=alice).status == ImportStatus.COMMITTED
    assert DBTaskResult.objects.count() == 0  # no worker needed


def test_a_batch_left_half_written_by_a_stopped_worker_is_finished_later(alice, small_steps):
    batch = steps.start(
        owner=alice, batch=pipeline.preview_import(owner=alice, data=big_file(), filename="b.csv")
    )
    DBTaskResult.objects.all().delete()  # the worker took it, then was killed
    Person.objects.create(owner=alice, display_name="Pat0 Lee0", import_batch=batch, archived=True)
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=long_ago)
    assert steps.resume_stale() == 1
    assert steps.resume_stale() == 0  # queued once
    steps.write_in_background.call(batch.pk)
    assert _visible(alice).count() == ROWS  # the half-written person was not doubled
