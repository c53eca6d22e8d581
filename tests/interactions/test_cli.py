"""`goodwill log` and `goodwill due`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from goodwill.api.schemas import dump, dump_many
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions import services as interactions
from goodwill.interactions.models import AskNext, Interaction
from goodwill.interactions.schemas import DuePersonOut, InteractionOut
from goodwill.people import services as people
from goodwill.people.models import Person


def test_it_logs_a_coffee_with_things_to_ask_next_time(run, alice, ana, frozen_now):
    result = run(
        "log", "coffee", "Ana Ruiz", "--note", "Talked about her studio.",
        "--summary", "Catch-up", "--ask-next", "her marathon", "--ask-next", "the new office",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    interaction = Interaction.objects.get(owner=alice)
    assert f"Logged coffee with Ana Ruiz on 2026-06-15 (id {interaction.pk})." in result.stdout
    assert (interaction.kind, interaction.summary) == ("coffee", "Catch-up")
    assert interaction.notes == "Talked about her studio."
    assert [a.text for a in AskNext.objects.filter(person=ana)] == [
        "her marathon",
        "the new office",
    ]
    ana.refresh_from_db()
    assert ana.last_contact_at == frozen_now()


def test_it_ticks_off_what_was_asked_and_takes_a_date(run, alice, ana, coffee, frozen_now):
    ask = AskNext.objects.get(person=ana)
    result = run("log", "CALL", "ruiz", "--asked", str(ask.pk), "--when", "2026-06-10T18:30",
                 "--by", "them", "--json")  # fmt: skip
    data = json.loads(result.stdout)
    call = Interaction.objects.get(pk=data["id"])
    assert data == dump(InteractionOut, call)
    assert data["kind"] == "call" and data["occurred_at"] == "2026-06-10T18:30:00Z"
    assert data["initiated_by"] == {"id": ana.pk, "display_name": "Ana Ruiz"}
    ask.refresh_from_db()
    assert ask.done_in == call


def test_it_suggests_new_for_an_unknown_name_and_saves_nothing(run, alice, ana):
    result = run("log", "meal", "Ana Ruiz", "Carla Nueva")
    assert result.exit_code == 2
    assert "Nobody matches 'Carla Nueva'." in result.stderr and "--new" in result.stderr
    assert not Interaction.objects.exists()


def test_it_creates_new_people_while_logging_with_new(run, alice, ana):
    result = run("log", "meal", "Ana Ruiz", "Carla Nueva", "--new")
    assert result.exit_code == 0, result.output
    carla = Person.objects.get(owner=alice, display_name="Carla Nueva")
    assert "with Ana Ruiz, Carla Nueva (new)" in result.stdout
    meal = Interaction.objects.get(owner=alice)
    assert set(meal.participants.all()) == {ana, carla}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--when", "last tuesday"], "occurred_at"),
        (["--when", "2099-01-01"], "occurred_at"),
        (["--asked", "999999"], "asked"),
    ],
)
def test_it_names_the_field_when_a_log_is_wrong(run, alice, ana, args, field):
    result = run("log", "coffee", "Ana", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {field}: ")
    assert not Interaction.objects.exists()


def test_it_refuses_an_unknown_kind(run, alice, ana):
    result = run("log", "picnic", "Ana")
    assert result.exit_code == 2
    assert "picnic" in result.output
    assert not Interaction.objects.exists()


def test_it_lists_who_is_due_with_days_overdue(run, alice, ana, frozen_now):
    interactions.log_interaction(
        owner=alice, participants=[ana.pk], kind="call", occurred_at=dt.date(2026, 5, 6)
    )
    people.update_person(owner=alice, person=ana, cadence_days=30)  # due 2026-06-05
    later = people.create_person(owner=alice, display_name="Later Person", cadence_days=20)

    result = run("due")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Name", "Organization", "Due", "Last", "contact"]
    assert "Ana Ruiz" in lines[1] and "overdue by 10 days" in lines[1]
    assert "40 days ago" in lines[1]
    assert "Later Person" not in result.stdout

    data = json.loads(run("due", "--json").stdout)
    assert data == dump_many(DuePersonOut, interaction_queries.due(alice))
    assert data[0]["days_overdue"] == 10

    soon = json.loads(run("due", "--days", "20", "--json").stdout)
    assert [d["id"] for d in soon] == [ana.pk, later.pk]
    assert soon[1]["days_overdue"] == -20


def test_it_says_when_nobody_is_due(run, alice, ana):
    result = run("due")
    assert result.exit_code == 0 and "Nobody is due today." in result.stdout


def test_it_limits_the_due_list_and_says_how_many_more(run, alice, frozen_now):
    for i in range(4):
        people.create_person(owner=alice, display_name=f"Due {i}", cadence_days=1)
    frozen_now(days=5)
    result = run("due", "--limit", "3")
    assert result.exit_code == 0
    assert "Due 0" in result.stdout and "Due 3" not in result.stdout
    assert "… and 1 more" in result.stdout
    assert len(json.loads(run("due", "--limit", "0", "--json").stdout)) == 4
