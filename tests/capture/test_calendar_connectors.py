"""Calendar connectors end to end: a private ICS address served from loopback, a CalDAV
calendar on Radicale, and an uploaded .ics file, through the same services as mail."""

from __future__ import annotations

import pytest

from goodwill.capture.models import Captured, ReviewEntry
from goodwill.capture.services import connectors, runs
from goodwill.interactions.models import Interaction
from goodwill.people import services as people
from tests.capture.calendar_support import (
    PASSWORD,
    PERSONAL,
    USER,
    WORK,
    Feeds,
    Radicale,
    fixture,
    merged,
    required,
)

TOKEN = "private-9d1e"
ALL = WORK + PERSONAL


@pytest.fixture
def carmen(alice):
    connectors.update_settings(owner=alice, my_addresses="alice@example.org\nalice@home.example")
    return people.create_person(
        owner=alice, display_name="Carmen Díaz", emails=["Carmen@Example.net"]
    )


@pytest.fixture(scope="module")
def feeds():
    server = Feeds()
    server.routes[f"/cal/{TOKEN}/basic.ics"] = (200, "text/calendar", merged(ALL), 0)
    yield server
    server.close()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = Radicale(tmp_path_factory.mktemp("radicale-connectors"))
    try:
        server.start()
    except Exception as exc:
        required(f"Radicale could not start on loopback: {str(exc)[-300:]}")
    try:
        server.work = server.make_calendar("work", WORK)
        server.personal = server.make_calendar("personal", PERSONAL)
        yield server
    finally:
        server.stop()


def weekly(alice):
    return Interaction.objects.filter(owner=alice, summary__startswith="Weekly 1:1 with Carmen")


def test_an_ics_address_logs_meetings_with_known_people_once(alice, carmen, feeds):
    connector = connectors.add_calendar(
        owner=alice, name="Work calendar", url=f"{feeds.base}/cal/{TOKEN}/basic.ics"
    )
    assert TOKEN not in connector.url_hint and TOKEN not in connector.url
    report = runs.run_connector(connector)
    assert report.ok, report.status
    meetings = weekly(alice)
    # Ten weekly occurrences, one cancelled by an exception; each that happened is one.
    assert meetings.count() >= 4
    assert {m.kind for m in meetings} == {"video"}
    assert all(m.capture_mark.source == "calendar" for m in meetings)
    carmen.refresh_from_db()
    assert carmen.last_contact_at == max(m.occurred_at for m in meetings)
    # Everyone else met is on the review list, never a person on their own.
    assert ReviewEntry.objects.filter(owner=alice, email="ben.okafor@example.com").exists()
    assert not people.Person.objects.filter(owner=alice, display_name="Ben Okafor").exists()
    before = Captured.objects.filter(owner=alice).count()
    again = runs.run_connector(connector)
    assert again.recorded.new == 0
    assert Captured.objects.filter(owner=alice).count() == before


def test_a_caldav_calendar_reads_the_same_meetings(alice, carmen, radicale):
    connector = connectors.add_calendar(
        owner=alice,
        name="CalDAV",
        kind="caldav",
        url=f"{radicale.base}/{USER}/",
        username=USER,
        password=PASSWORD,
    )
    report = runs.run_connector(connector)
    assert report.ok, report.status
    assert weekly(alice).count() >= 4


def test_a_wrong_caldav_password_says_so_and_backs_off(alice, radicale):
    connector = connectors.add_calendar(
        owner=alice,
        name="CalDAV",
        kind="caldav",
        url=f"{radicale.base}/{USER}/",
        username=USER,
        password="wrong",
    )
    report = runs.run_connector(connector)
    connector.refresh_from_db()
    assert not report.ok
    assert connector.status.startswith("Login refused by 127.0.0.1")
    assert connector.failures == 1 and connector.next_try_at is not None


def test_an_uploaded_file_is_read_once(alice_client, alice, carmen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "weekly.ics", fixture("weekly-one-to-one.ics"), content_type="text/calendar"
    )
    response = alice_client.post(
        "/capture/add/calendar/", {"name": "Old calendar", "kind": "ics_file", "file": upload}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert weekly(alice).count() >= 4
    broken = SimpleUploadedFile("x.ics", b"not a calendar", content_type="text/calendar")
    response = alice_client.post(
        "/capture/add/calendar/", {"name": "Broken", "kind": "ics_file", "file": broken}
    )
    assert response.status_code == 422
