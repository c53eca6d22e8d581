"""`goodwill import FILE...`, `goodwill import list` and `goodwill import undo BATCH`."""

from __future__ import annotations

import json

import pytest

from goodwill.exchange.models import ImportBatch
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.import_support import BAD_ROW, FILE, linkedin_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tiny_parser")]


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(FILE)
    return path


def test_it_dry_runs_without_saving_anything(run, alice, ana, csv_file):
    result = run("import", str(csv_file), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 new, 1 already known (email: 1)" in result.stdout
    assert f"rejected line 7: {BAD_ROW}" in result.stdout
    assert "Dry run: nothing was saved." in result.stdout
    assert not ImportBatch.objects.exists()
    assert not Person.objects.filter(display_name="Ben Ito").exists()


def test_it_prints_the_preview_as_json(run, alice, csv_file):
    result = run("import", str(csv_file), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["id"] is None and body["status"] == "previewed"
    assert (body["counts"]["created"], body["counts"]["matched"]) == (2, 0)
    assert body["counts"]["rejected"] == 1
    assert body["rejected"][0]["reason"] == BAD_ROW


def test_it_imports_then_recognises_the_same_file(run, alice, csv_file):
    first = run("import", str(csv_file), "--format", "linkedin")
    assert first.exit_code == 0, first.output
    batch = ImportBatch.objects.get(owner=alice)
    assert (
        f"Import {batch.pk} done. Undo it with `goodwill import undo {batch.pk}`." in first.stdout
    )
    assert Person.objects.filter(owner=alice, is_me=False).count() == 2
    again = json.loads(run("import", str(csv_file), "--json").stdout)
    assert again["counts"]["created"] == 0 and again["counts"]["matched"] == 2
    assert Person.objects.filter(owner=alice, is_me=False).count() == 2


def test_it_imports_several_files_and_a_bad_one_sets_the_exit_status(run, alice, tmp_path):
    good = tmp_path / "a.csv"
    good.write_bytes(linkedin_csv("Ana,Ruiz,,ana@x.example,,,"))
    other = tmp_path / "b.csv"
    other.write_bytes(linkedin_csv("Ben,Ito,,ben@x.example,,,"))
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"hello")
    missing = tmp_path / "gone.csv"
    result = run("import", str(good), str(bad), str(missing), str(other), "--json")
    assert result.exit_code == 2
    assert "error: notes.txt looks like plain text, not a list of contacts" in result.stderr
    assert "gone.csv: No such file or directory." in result.stderr
    body = json.loads(result.stdout)
    assert [b["filename"] for b in body] == ["a.csv", "b.csv"]
    assert ImportBatch.objects.filter(owner=alice).count() == 2
    assert set(Person.objects.filter(is_me=False).values_list("display_name", flat=True)) == {
        "Ana Ruiz",
        "Ben Ito",
    }


def test_it_lists_and_undoes_imports(run, alice, csv_file):
    run("import", str(csv_file))
    batch = ImportBatch.objects.get(owner=alice)
    ben = Person.objects.get(owner=alice, display_name="Ben Ito")
    people.update_person(owner=alice, person=ben, title="Boss")
    listing = run("import", "list")
    assert "Connections.csv" in listing.stdout and "committed" in listing.stdout
    assert json.loads(run("import", "list", "--json").stdout)[0]["id"] == batch.pk
    result = run("import", "undo", str(batch.pk))
    assert result.exit_code == 0, result.output
    assert f"Import {batch.pk} undone: 1 people removed." in result.stdout
    assert f"Ben Ito (id {ben.pk}): changed since the import" in result.stdout
    twice = run("import", "undo", str(batch.pk))
    assert twice.exit_code == 2 and "already undone" in twice.stderr


def test_it_refuses_bad_arguments_clearly(run, alice, bob, csv_file):
    other = run("--user", "bob", "import", "undo", "999")
    assert other.exit_code == 2 and "There is no import 999" in other.stderr
    assert run("--user", "alice", "import", "undo").exit_code == 2
    assert "--format must be one of" in run("-u", "alice", "import", "x.csv", "-f", "xls").stderr


def test_it_does_not_let_bob_undo_alices_import(run, alice, bob, csv_file):
    run("--user", "alice", "import", str(csv_file))
    batch = ImportBatch.objects.get(owner=alice)
    result = run("--user", "bob", "import", "undo", str(batch.pk))
    assert result.exit_code == 2 and f"There is no import {batch.pk}" in result.stderr
    batch.refresh_from_db()
    assert batch.status == "committed"
