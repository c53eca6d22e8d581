"""The quick log a phone sends: once per key, names matched without guessing, and the
"finish these" list for names that match nobody or several people."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from goodwill.giving.models import Need
from goodwill.interactions.models import AskNext, Interaction
from goodwill.notify import services as notify
from goodwill.notify.models import QuickLog
from goodwill.people import services as people
from tests.api_support import api_for


@pytest.fixture
def twins(alice):
    return [
        people.create_person(owner=alice, display_name="Ana Ruiz"),
        people.create_person(owner=alice, display_name="Ana Torres"),
    ]


def test_a_clear_name_is_logged_once_per_key(alice, ana):
    item, created = notify.quick_log(
        owner=alice,
        key="k-0000001",
        names="ana ruiz",
        kind="call",
        heard="Moving to Lisbon in May",
        ask_next="how the move went",
        needs="an accountant in Lisbon",
    )
    assert created and item.status == "logged"
    again, created_again = notify.quick_log(owner=alice, key="k-0000001", names="ana ruiz")
    assert not created_again and again.pk == item.pk
    logged = Interaction.objects.get(owner=alice)
    assert logged.kind == "call" and logged.notes == "Moving to Lisbon in May"
    assert list(logged.participants.all()) == [ana]
    assert AskNext.objects.get(owner=alice).text == "how the move went"
    assert Need.objects.get(owner=alice).text == "an accountant in Lisbon"


def test_an_ambiguous_or_unknown_name_waits_in_finish_these(alice, twins):
    item, _ = notify.quick_log(owner=alice, key="k-0000002", names="Ana")
    other, _ = notify.quick_log(owner=alice, key="k-0000003", names="Zoe Nobody")
    assert item.status == other.status == "waiting"
    assert not Interaction.objects.filter(owner=alice).exists()
    with pytest.raises(ValidationError) as missing:
        notify.finish_quick_log(owner=alice, item=item, choices={})
    assert "name-0" in missing.value.message_dict
    notify.finish_quick_log(owner=alice, item=item, choices={"name-0": str(twins[1].pk)})
    notify.finish_quick_log(owner=alice, item=other, choices={"name-0": "new"})
    logged = Interaction.objects.filter(owner=alice)
    assert logged.count() == 2
    names = sorted(p.display_name for i in logged for p in i.participants.all())
    assert names == ["Ana Torres", "Zoe Nobody"]
    assert set(QuickLog.objects.values_list("status", flat=True)) == {"logged"}


def test_bad_input_names_the_field_and_saves_nothing(alice, ana):
    for kwargs, field in (
        ({"key": "short", "names": "Ana Ruiz"}, "key"),
        ({"key": "k-0000004", "names": " , "}, "names"),
        ({"key": "k-0000004", "names": "Ana Ruiz", "kind": "duel"}, "kind"),
        (
            {"key": "k-0000004", "names": "Ana Ruiz", "occurred_at": "2999-01-01T10:00"},
            "occurred_at",
        ),
    ):
        with pytest.raises(ValidationError) as bad:
            notify.quick_log(owner=alice, **kwargs)
        assert field in bad.value.message_dict
    assert not QuickLog.objects.exists() and not Interaction.objects.exists()


def test_the_api_answers_201_then_200_for_the_same_key(client, alice, ana):
    api = api_for(client, alice)
    body = {"key": "phone-abc-123", "names": "Ana Ruiz", "kind": "coffee", "heard": "Hi"}
    first = api.post("/api/v1/notify/quick-log", body)
    second = api.post("/api/v1/notify/quick-log", body)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and first.json()["status"] == "logged"
    assert Interaction.objects.filter(owner=alice).count() == 1
    bad = api.post("/api/v1/notify/quick-log", {**body, "key": "x"})
    assert bad.status_code == 422 and "key" in bad.json()["fields"]


def test_the_finish_page_lists_and_logs_a_waiting_entry(alice_client, alice, twins):
    item, _ = notify.quick_log(owner=alice, key="k-0000005", names="Ana", heard="Met at the fair")
    page = alice_client.get("/log/finish/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ana Ruiz" in html and "Ana Torres" in html and "Met at the fair" in html
    refused = alice_client.post(f"/log/finish/{item.pk}/", {})
    assert refused.status_code == 422
    done = alice_client.post(f"/log/finish/{item.pk}/", {"name-0": str(twins[0].pk)})
    assert done.status_code == 302
    assert Interaction.objects.get(owner=alice).participants.get() == twins[0]
