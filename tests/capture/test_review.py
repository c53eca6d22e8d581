"""The review list and its answers, the timeline mark, the pages and the API, without a
mail server: items arrive through record_seen, the one way in for every source."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from goodwill.capture.models import Captured, Connector, Ignored, ReviewEntry
from goodwill.capture.rules.seen import Address, Seen
from goodwill.capture.services import connectors, record, review
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person


@pytest.fixture
def box(alice):
    return connectors.add_mailbox(
        owner=alice,
        name="Work mail",
        host="imap.example.org",
        username="alice@example.org",
        password="app-password-1234",
    )


def seen(n, who, *, direction="sent", days=1, thread=None, source="mail", kind="email", name=""):
    return Seen(
        key=f"<k{n}@x>",
        kind=kind,
        occurred_at=timezone.now() - dt.timedelta(days=days),
        direction=direction,
        counterparts=(Address(who, name),),
        subject=f"Subject {n}",
        thread=thread or f"<k{n}@x>",
        source=source,
    )


def test_re_reading_the_same_items_changes_nothing(alice, ana, box):
    items = [seen(1, "ana@ruiz.example"), seen(2, "new@person.example")]
    first = record.record_seen(owner=alice, connector=box, items=items)
    again = record.record_seen(owner=alice, connector=box, items=items)
    assert (first.new, again.new, again.repeated) == (2, 0, 2)
    assert Interaction.objects.filter(owner=alice).count() == 1
    assert ReviewEntry.objects.get(owner=alice).sent_count == 1


def test_a_person_is_matched_by_any_of_their_addresses_in_any_case(alice, ana, box):
    from goodwill.people import services as people

    people.update_person(
        owner=alice, person=ana, emails=["ana@ruiz.example", "Ana.Home@Mail.example"]
    )
    record.record_seen(owner=alice, connector=box, items=[seen(1, "ana.home@mail.example")])
    assert list(Interaction.objects.get(owner=alice).participants.all()) == [ana]


def test_add_from_the_review_list_creates_the_person_and_logs_the_mail(alice, box):
    items = [seen(n, "dora@lind.example", name="Dora Lind", days=n) for n in (1, 2)]
    record.record_seen(owner=alice, connector=box, items=items)
    entry = ReviewEntry.objects.get(owner=alice)
    person = review.add_person(owner=alice, entry=entry)
    assert person.display_name == "Dora Lind"
    assert [e.address for e in person.emails.all()] == ["dora@lind.example"]
    assert person.interactions.count() == 2
    person.refresh_from_db()
    assert person.last_contact_at is not None
    assert not ReviewEntry.objects.filter(owner=alice).exists()


def test_merge_adds_the_address_to_someone_known(alice, ana, box):
    record.record_seen(owner=alice, connector=box, items=[seen(1, "ana@studio.example")])
    entry = ReviewEntry.objects.get(owner=alice)
    review.merge_into(owner=alice, entry=entry, person=ana)
    assert {e.address for e in ana.emails.all()} == {"ana@ruiz.example", "ana@studio.example"}
    assert ana.interactions.count() == 1


def test_ignoring_a_domain_clears_it_and_stops_it(alice, box):
    record.record_seen(
        owner=alice,
        connector=box,
        items=[seen(1, "a@shop.example"), seen(2, "b@shop.example"), seen(3, "c@else.example")],
    )
    review.ignore_domain(owner=alice, entry=ReviewEntry.objects.get(email="a@shop.example"))
    assert list(ReviewEntry.objects.values_list("email", flat=True)) == ["c@else.example"]
    report = record.record_seen(owner=alice, connector=box, items=[seen(4, "d@shop.example")])
    assert report.filtered == 1


def test_forget_removes_what_was_captured_and_only_that(alice, ana, box, coffee):
    record.record_seen(owner=alice, connector=box, items=[seen(1, "ana@ruiz.example")])
    assert Interaction.objects.filter(owner=alice).count() == 2
    done = review.forget_address(owner=alice, email="ANA@ruiz.example")
    assert done == {"captured": 1, "interactions": 1, "review": 0}
    assert list(Interaction.objects.filter(owner=alice)) == [coffee]  # hers stays
    assert not Captured.objects.filter(owner=alice).exists()
    assert Ignored.objects.filter(owner=alice, value="ana@ruiz.example").exists()


def test_big_meetings_are_skipped_and_small_ones_logged(alice, ana, box):
    crowd = tuple(Address(f"p{n}@crowd.example") for n in range(9))
    big = Seen(
        key="ev1|x",
        kind="meeting",
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        direction="met",
        counterparts=(Address("ana@ruiz.example"), *crowd),
        source="calendar",
    )
    small = Seen(
        key="ev2|x",
        kind="video",
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        direction="met",
        counterparts=(Address("ana@ruiz.example"), Address("new@face.example", "Nia")),
        subject="Catch-up",
        source="calendar",
    )
    report = record.record_seen(owner=alice, connector=box, items=[big, small])
    assert report.filtered == 1
    meeting = Interaction.objects.get(owner=alice)
    assert meeting.kind == "video"
    assert meeting.capture_mark.source == "calendar"
    assert ReviewEntry.objects.get(owner=alice).met_count == 1


def test_the_timeline_marks_what_came_from_mail(alice_client, alice, ana, box, coffee):
    record.record_seen(owner=alice, connector=box, items=[seen(1, "ana@ruiz.example")])
    page = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert page.count('class="badge capture-mark">from mail<') == 1


def test_the_password_is_never_shown_again(alice_client, api, box):
    page = alice_client.get(f"/capture/{box.pk}/").content.decode()
    listing = api.get("/capture/connectors").json()
    for text in (page, str(listing)):
        assert "app-password-1234" not in text
    assert listing[0]["password_hint"] == "••••••1234"
    assert Connector.objects.get(pk=box.pk).secret != "app-password-1234"


def test_the_pages_answer(alice_client, alice, box):
    record.record_seen(
        owner=alice, connector=box, items=[seen(1, "dora@lind.example", name="Dora Lind")]
    )
    for url in ("/capture/", "/capture/review/", "/capture/add/mail/", "/capture/add/calendar/"):
        assert alice_client.get(url).status_code == 200, url
    assert "Dora Lind" in alice_client.get("/capture/review/").content.decode()
    entry = ReviewEntry.objects.get(owner=alice)
    response = alice_client.post(f"/capture/review/{entry.pk}/add/")
    assert response.status_code == 302
    assert Person.objects.filter(owner=alice, display_name="Dora Lind").exists()


def test_adding_a_mailbox_on_the_web_names_the_wrong_field(alice_client, alice):
    response = alice_client.post(
        "/capture/add/mail/",
        {
            "name": "Mail",
            "host": "imap.example.org",
            "security": "plain",
            "username": "me",
            "password": "pw",
        },
    )
    assert response.status_code == 422
    assert "only to this computer" in response.content.decode()
    assert not Connector.objects.filter(owner=alice).exists()


def test_the_api_adds_lists_and_reviews(api, alice):
    created = api.post(
        "/capture/connectors/mailbox",
        {"name": "Mail", "host": "imap.example.org", "username": "a@b.example", "password": "x"},
    )
    assert created.status_code == 201, created.json()
    assert "password" not in created.json()
    bad = api.post(
        "/capture/connectors/mailbox",
        {"name": "Mail 2", "host": "", "username": "a", "password": "x"},
    )
    assert bad.status_code == 422 and "host" in bad.json()["fields"]
    box = Connector.objects.get(owner=alice)
    record.record_seen(owner=alice, connector=box, items=[seen(1, "eli@park.example")])
    listing = api.get("/capture/review").json()
    assert [e["email"] for e in listing["items"]] == ["eli@park.example"]
    added = api.post(f"/capture/review/{listing['items'][0]['id']}/add", {})
    assert added.status_code == 201
    assert api.patch(f"/capture/connectors/{box.pk}", {"paused": True}).json()["paused"]
    assert api.delete(f"/capture/connectors/{box.pk}").status_code == 204


def test_the_json_export_lists_connectors_without_secrets_and_loads_back(alice, bob, box):
    import json

    from goodwill.exchange.services.exports.account import dump_account
    from goodwill.exchange.services.exports.load import load_account_json

    record.record_seen(owner=alice, connector=box, items=[seen(1, "eli@park.example")])
    data = json.loads(json.dumps(dump_account(alice)))
    rows = data["other"]["goodwill.connector"]
    assert [r["name"] for r in rows] == ["Work mail"]
    assert {"secret", "secret_hint", "url"}.isdisjoint(rows[0])
    assert "app-password" not in json.dumps(data)
    assert box.secret not in json.dumps(data)
    load_account_json(owner=bob, data=data)
    copy = Connector.objects.get(owner=bob)
    assert (copy.name, copy.secret) == ("Work mail", "")
    assert ReviewEntry.objects.get(owner=bob).email == "eli@park.example"


def test_a_refused_api_request_never_echoes_the_password(api, alice):
    response = api.post(
        "/capture/connectors/mailbox",
        {"name": "Mail", "host": "imap.example.org", "username": "a", "password": "pw-9f8e7d",
         "port": "not a port"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "pw-9f8e7d" not in response.content.decode()
    assert not Connector.objects.filter(owner=alice).exists()
