"""The calendar source: what a CalDAV server (Radicale on loopback), a private ICS address
(http.server on loopback) and .ics files become, as `Seen` items.

The same fixture events are read three ways and must give the same list: from CalDAV, from
one ICS feed, and file by file. Alice is the user; "now" is Friday 3 April 2026, noon UTC.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.capture.rules.seen import Address, Direction, Seen, SourceError
from goodwill.capture.sources.calendar import fetch_caldav, fetch_ics_url, read_ics
from goodwill.capture.sources.calendar import web as calendar_web
from tests.capture.calendar_support import (
    FIXTURES,
    NOW,
    OWN,
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

ALL = WORK + PERSONAL
UTC = dt.UTC


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def seen(key, kind, when, people, subject) -> Seen:
    return Seen(
        key=key,
        kind=kind,
        occurred_at=when,
        direction=Direction.MET,
        counterparts=tuple(Address(email, name) for email, name in people),
        subject=subject,
        thread=key,
        source="calendar",
    )


CARMEN = [("carmen@example.net", "Carmen Díaz")]
WEEKLY = "weekly-carmen@goodwill.test"
LOU = [("lou@example.com", "Lou Baptiste")]
# Everything of WORK + PERSONAL that happened by NOW, oldest first. Not here: the
# cancelled lunch, the declined demo, the all-hands (12 others), next week's lunch, the
# day off and the dentist (no one else), the weekly occurrence on 12 March (EXDATE) and
# on 26 March (cancelled), Lou's 6 April date and Carmen's 9 and 16 April (to come).
EXPECTED = [
    seen("mentoring-lou@goodwill.test|2026-01-05T15:00:00Z", "call", at(2026, 1, 5, 15), LOU,
         "Mentoring call with Lou"),
    seen("mentoring-lou@goodwill.test|2026-02-02T15:00:00Z", "call", at(2026, 2, 2, 15), LOU,
         "Mentoring call with Lou"),
    # New York, before the change to summer time on 8 March: 10:00 EST is 15:00 UTC.
    seen(f"{WEEKLY}|2026-02-19T15:00:00Z", "video", at(2026, 2, 19, 15), CARMEN,
         "Weekly 1:1 with Carmen"),
    seen(f"{WEEKLY}|2026-02-26T15:00:00Z", "video", at(2026, 2, 26, 15), CARMEN,
         "Weekly 1:1 with Carmen"),
    seen("mentoring-lou@goodwill.test|2026-03-02T15:00:00Z", "call", at(2026, 3, 2, 15), LOU,
         "Mentoring call with Lou"),
    seen(f"{WEEKLY}|2026-03-05T15:00:00Z", "video", at(2026, 3, 5, 15), CARMEN,
         "Weekly 1:1 with Carmen"),
    # Tokyo, 19:00 JST; Hana declined, so only Gus was there.
    seen("dinner-gus@goodwill.test|2026-03-14T10:00:00Z", "meeting", at(2026, 3, 14, 10),
         [("gus@example.jp", "Gus Tanaka")], "Dinner with Gus"),
    # All day, with someone: noon UTC of that day.
    seen("offsite-ian@goodwill.test|2026-03-16", "meeting", at(2026, 3, 16, 12),
         [("ian@example.com", "Ian Wright")], "Planning day with Ian"),
    seen("catch-up-jules@goodwill.test|2026-03-17T17:00:00Z", "video", at(2026, 3, 17, 17),
         [("jules@example.com", "Jules Martin")], "Catch-up"),
    seen("phone-kim@goodwill.test|2026-03-18T18:00:00Z", "call", at(2026, 3, 18, 18),
         [("kim@example.com", "Kim Lee")], "Kim about the introduction"),
    # Moved from Thursday 19 March to Friday 15:00 EDT: its key stays the Thursday's.
    seen(f"{WEEKLY}|2026-03-19T14:00:00Z", "video", at(2026, 3, 20, 19), CARMEN,
         "Weekly 1:1 with Carmen (moved to Friday)"),
    # Berlin, after its change to summer time on 29 March: 09:00 CEST is 07:00 UTC. The
    # room and Alice's other address are not counterparts; Ben's address is lower-cased.
    seen("coffee-ben@goodwill.test|2026-03-30T07:00:00Z", "meeting", at(2026, 3, 30, 7),
         [("ben.okafor@example.com", "Ben Okafor")], "Coffee with Ben"),
    # New York after the change: 10:00 EDT is 14:00 UTC.
    seen(f"{WEEKLY}|2026-04-02T14:00:00Z", "video", at(2026, 4, 2, 14), CARMEN,
         "Weekly 1:1 with Carmen"),
]  # fmt: skip


def read_all(objects: list[bytes], **options) -> list[Seen]:
    items = [item for data in objects for item in read_ics(data, own=OWN, now=NOW, **options)]
    return sorted(items, key=lambda item: (item.occurred_at, item.key))


def uids(objects: list[bytes]) -> set[str]:
    return {
        line.split(":", 1)[1].strip()
        for data in objects
        for line in data.decode().splitlines()
        if line.startswith("UID:")
    }


# --- CalDAV: Radicale on loopback ------------------------------------------------------


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    try:
        server.start()
    except Exception as exc:  # not installed, or it would not start here
        required(f"Radicale could not start on loopback: {str(exc)[-300:]}")
    try:
        server.work = server.make_calendar("work", WORK)
        server.personal = server.make_calendar("personal", PERSONAL)
        yield server
    finally:
        server.stop()


def test_caldav_reads_every_calendar_of_the_user_into_the_expected_list(radicale):
    objects = fetch_caldav(f"{radicale.base}/{USER}/", USER, PASSWORD)
    assert len(objects) == len(ALL)
    assert read_all(objects) == EXPECTED


def test_caldav_finds_the_calendars_from_the_server_address(radicale):
    objects = fetch_caldav(f"{radicale.base}/", USER, PASSWORD)
    assert uids(objects) == uids([fixture(name) for name in ALL])


def test_caldav_reads_only_the_calendar_whose_address_is_given(radicale):
    work = fetch_caldav(radicale.work, USER, PASSWORD)
    personal = fetch_caldav(radicale.personal, USER, PASSWORD)
    assert uids(work) == uids([fixture(name) for name in WORK])
    assert uids(personal) == uids([fixture(name) for name in PERSONAL])
    assert read_all(personal) == [item for item in EXPECTED if item.key.startswith("dinner-gus")]


def test_caldav_since_asks_the_server_for_what_may_have_happened_since(radicale):
    since = at(2026, 3, 15)
    objects = fetch_caldav(f"{radicale.base}/{USER}/", USER, PASSWORD, since=since)
    # The dinner (14 March), the demo, the lunch, the all-hands and the day off end
    # before; Lou's series has a date on 6 April and Carmen's goes on, so both come.
    assert "dinner-gus@goodwill.test" not in uids(objects)
    assert {"weekly-carmen@goodwill.test", "mentoring-lou@goodwill.test"} <= uids(objects)
    later = [item for item in EXPECTED if item.occurred_at >= since]
    assert read_all(objects, since=since) == later


def test_caldav_wrong_password_is_a_refused_login_naming_the_host(radicale):
    with pytest.raises(SourceError) as refused:
        fetch_caldav(f"{radicale.base}/{USER}/", USER, "not the password")
    assert str(refused.value) == "login refused by 127.0.0.1; check the user name and password"


def test_caldav_another_users_calendar_is_not_readable(radicale):
    with pytest.raises(SourceError, match=r"127\.0\.0\.1 does not let this account read"):
        fetch_caldav(f"{radicale.base}/bob/work/", USER, PASSWORD)


def test_caldav_unreachable_server_names_the_host():
    with pytest.raises(SourceError, match=r"^cannot reach 127\.0\.0\.1; check the address"):
        fetch_caldav("http://127.0.0.1:14399/alice/", USER, PASSWORD)


@pytest.mark.parametrize("url", ["", "calendar.example.org/alice", "ftp://example.org/x"])
def test_caldav_address_that_is_not_one_is_refused_plainly(url):
    with pytest.raises(SourceError, match="this is not a CalDAV address we can use"):
        fetch_caldav(url, USER, PASSWORD)


# --- A private ICS address: http.server on loopback ------------------------------------

TOKEN = "s3cr3t-7f9a2c"


@pytest.fixture(scope="module")
def feeds():
    server = Feeds()
    server.routes[f"/calendar/ical/{TOKEN}/basic.ics"] = (200, "text/calendar", merged(ALL), 0)
    yield server
    server.close()


def test_ics_address_gives_the_same_list_as_caldav(feeds):
    data = fetch_ics_url(f"{feeds.base}/calendar/ical/{TOKEN}/basic.ics")
    assert read_ics(data, own=OWN, now=NOW) == EXPECTED


@pytest.mark.parametrize(
    ("status", "kind", "body", "message"),
    [
        (404, "text/plain", b"gone", "127.0.0.1 has no calendar at this address"),
        (410, "text/plain", b"gone", "127.0.0.1 has no calendar at this address"),
        (401, "text/plain", b"no", "127.0.0.1 refused to share this calendar"),
        (403, "text/plain", b"no", "127.0.0.1 refused to share this calendar"),
        (500, "text/plain", b"oops", "127.0.0.1 had a problem (HTTP 500)"),
        (200, "text/html", b"<!doctype html><p>Sign in</p>", "127.0.0.1 did not send a calendar"),
        (200, "text/calendar", b"", "127.0.0.1 did not send a calendar"),
    ],
)
def test_ics_address_problems_name_the_host_and_never_the_secret_path(
    feeds, caplog, status, kind, body, message
):
    path = f"/{status}/{TOKEN}/basic.ics"
    feeds.routes[path] = (status, kind, body, 0)
    with caplog.at_level(logging.DEBUG), pytest.raises(SourceError) as problem:
        fetch_ics_url(f"{feeds.base}{path}")
    assert str(problem.value).startswith(message)
    assert TOKEN not in str(problem.value)
    assert problem.value.__context__ is None or problem.value.__suppress_context__
    assert feeds.seen_paths[-1] == path  # it was asked, with the secret
    assert TOKEN not in caplog.text  # and the secret was never logged


def test_ics_address_that_does_not_answer_in_time(feeds):
    path = f"/slow/{TOKEN}.ics"
    feeds.routes[path] = (200, "text/calendar", fixture("coffee-berlin.ics"), 1.5)
    with pytest.raises(SourceError) as slow:
        fetch_ics_url(f"{feeds.base}{path}", timeout=0.3)
    assert str(slow.value) == "127.0.0.1 did not answer in time; we will try again later"


def test_ics_address_larger_than_the_cap_is_not_read(feeds, monkeypatch):
    monkeypatch.setattr(calendar_web, "MAX_BYTES", 1000)
    path = f"/big/{TOKEN}.ics"
    feeds.routes[path] = (200, "text/calendar", merged(ALL), 0)
    with pytest.raises(SourceError, match=r"the calendar at 127\.0\.0\.1 is larger than"):
        fetch_ics_url(f"{feeds.base}{path}")


def test_ics_address_unreachable_names_the_host():
    with pytest.raises(SourceError, match=r"^cannot reach 127\.0\.0\.1"):
        fetch_ics_url(f"http://127.0.0.1:14398/{TOKEN}.ics")


@pytest.mark.parametrize("url", ["", "not a url", "ftp://example.org/cal.ics", "https://"])
def test_ics_address_that_is_not_one_is_refused_plainly(url):
    with pytest.raises(SourceError, match="this is not a calendar address we can read"):
        fetch_ics_url(url)


def test_webcal_addresses_are_fetched_over_https():
    assert calendar_web._address(f"webcal://p01-caldav.icloud.com/published/2/{TOKEN}") == (
        f"https://p01-caldav.icloud.com/published/2/{TOKEN}",
        "p01-caldav.icloud.com",
    )


# --- read_ics on files: rules and properties -------------------------------------------

FILES = sorted(path.name for path in FIXTURES.glob("*.ics"))
KINDS = {"meeting", "call", "video"}
FEED = merged(ALL)
moments = st.datetimes(
    min_value=dt.datetime(2025, 12, 1), max_value=dt.datetime(2026, 5, 31), timezones=st.just(UTC)
)
quick = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(now=moments, name=st.sampled_from(FILES))
def test_every_item_is_a_past_occurrence_with_other_people(now, name):
    items = read_ics(fixture(name), own=OWN, now=now)
    assert items == sorted(items, key=lambda item: (item.occurred_at, item.key))
    assert len({item.key for item in items}) == len(items)
    for item in items:
        assert item.occurred_at.tzinfo is UTC
        assert dt.datetime.fromisoformat(item.extra["ends_at"]) <= now
        assert item.occurred_at <= now
        assert item.counterparts and len(item.counterparts) <= 8
        assert all(a.email == a.email.lower() and a.email not in OWN for a in item.counterparts)
        assert (item.direction, item.source, item.kind in KINDS) == (
            Direction.MET,
            "calendar",
            True,
        )
        assert item.key.startswith(item.extra["uid"] + "|")


@quick
@given(earlier=moments, later=moments)
def test_what_has_happened_only_grows_with_time(earlier, later):
    earlier, later = min(earlier, later), max(earlier, later)
    data = FEED
    before = read_ics(data, own=OWN, now=earlier)
    after = read_ics(data, own=OWN, now=later)
    assert set(before) <= set(after)


@quick
@given(since=moments)
def test_since_keeps_exactly_what_started_from_then(since):
    data = FEED
    everything = read_ics(data, own=OWN, now=NOW)
    assert read_ics(data, own=OWN, now=NOW, since=since) == [
        item for item in everything if item.occurred_at >= since
    ]


@quick
@given(order=st.permutations(ALL))
def test_the_order_of_events_in_a_file_does_not_matter(order):
    assert read_ics(merged(list(order)), own=OWN, now=NOW) == EXPECTED


def test_each_file_alone_gives_its_part_of_the_list():
    assert read_all([fixture(name) for name in ALL]) == EXPECTED


def test_the_all_hands_counts_once_the_limit_allows_twelve_others():
    data = fixture("all-hands.ics")
    assert read_ics(data, own=OWN, now=NOW, max_attendees=11) == []
    (item,) = read_ics(data, own=OWN, now=NOW, max_attendees=12)
    assert len(item.counterparts) == 12
    assert item.counterparts[0] == Address("ceo@example.org", "Olivia Chen")


def test_the_user_is_known_by_any_of_their_addresses_in_any_case():
    data = fixture("demo-declined.ics")  # Alice declined as alice@example.org
    assert read_ics(data, own={"Alice@Example.ORG"}, now=NOW) == []
    (item,) = read_ics(data, own={"someone-else@example.org"}, now=NOW)
    # Here alice@example.org is someone else, who declined: not a counterpart either.
    assert [a.email for a in item.counterparts] == ["erin@example.org", "frank@example.org"]


def test_floating_times_are_read_in_the_calendars_own_zone():
    data = fixture("floating-berlin.ics")
    items = {item.key.split("|")[0]: item for item in read_ics(data, own=OWN, now=NOW)}
    assert items["floating-mia@goodwill.test"].occurred_at == at(2026, 3, 10, 17)  # 18:00 CET
    assert items["all-day-mia@goodwill.test"].occurred_at == at(2026, 3, 11, 11)  # noon CET
    assert items["all-day-mia@goodwill.test"].key == "all-day-mia@goodwill.test|2026-03-11"
    assert items["utc-mia@goodwill.test"].occurred_at == at(2026, 3, 12, 8)  # UTC stays UTC


def test_floating_times_without_a_calendar_zone_are_utc():
    data = fixture("floating-berlin.ics").replace(b"X-WR-TIMEZONE:Europe/Berlin\r\n", b"")
    items = {item.key.split("|")[0]: item for item in read_ics(data, own=OWN, now=NOW)}
    assert items["floating-mia@goodwill.test"].occurred_at == at(2026, 3, 10, 18)
    assert items["all-day-mia@goodwill.test"].occurred_at == at(2026, 3, 11, 12)


def test_an_all_day_event_counts_once_its_day_is_over():
    data = fixture("offsite-all-day.ics")
    assert read_ics(data, own=OWN, now=at(2026, 3, 16, 23, 59)) == []
    assert len(read_ics(data, own=OWN, now=at(2026, 3, 17))) == 1


def test_a_cancellation_sent_as_an_invitation_is_not_an_interaction():
    data = fixture("coffee-berlin.ics").replace(b"CALSCALE:GREGORIAN", b"METHOD:CANCEL")
    assert read_ics(data, own=OWN, now=NOW) == []


def event(**fields: str) -> bytes:
    """One event on 10 March 2026 with Ana, changed by `fields` (a value of "" drops it)."""
    props = {
        "UID": "one@goodwill.test",
        "DTSTART": "20260310T100000Z",
        "DTEND": "20260310T110000Z",
        "SUMMARY": "With Ana",
        "ORGANIZER;CN=Alice": "mailto:alice@example.org",
        "ATTENDEE;CN=Ana Silva;PARTSTAT=ACCEPTED": "mailto:ana@example.com",
    }
    for name, value in fields.items():
        props[name.replace("__", ";").replace("_", "-")] = value
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VEVENT"]
    lines += [f"{name}:{value}" for name, value in props.items() if value]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode()


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"LOCATION": "https://teams.microsoft.com/l/meetup-join/19%3ameeting"}, "video"),
        ({"LOCATION": "https://whereby.com/ana-and-alice"}, "video"),
        ({"LOCATION": "https://meet.jit.si/AnaAlice"}, "video"),
        ({"DESCRIPTION": "Join: https://acme.webex.com/meet/ana"}, "video"),
        ({"DESCRIPTION": "Zoom: https://zoom.us/j/123"}, "video"),
        ({"URL": "https://meet.google.com/abc-defg-hij"}, "video"),
        ({"X_MICROSOFT_SKYPETEAMSMEETINGURL": "https://teams.microsoft.com/x"}, "video"),
        ({"SUMMARY": "Call with Ana", "LOCATION": "https://zoom.us/j/1"}, "video"),
        ({"LOCATION": "tel:+44-20-7946-0000"}, "call"),
        ({"LOCATION": "+49 30 901820"}, "call"),
        ({"LOCATION": "(030) 901-820"}, "call"),
        ({"SUMMARY": "Call with Ana"}, "call"),
        ({"SUMMARY": "Phone: Ana"}, "call"),
        ({"SUMMARY": "Recall the plan with Ana"}, "meeting"),
        ({"LOCATION": "Room 101"}, "meeting"),
        ({"LOCATION": "Hauptstraße 12, 10827 Berlin"}, "meeting"),
        ({}, "meeting"),
    ],
)
def test_the_kind_comes_from_the_place_the_links_and_the_title(fields, kind):
    (item,) = read_ics(event(**fields), own=OWN, now=NOW)
    assert item.kind == kind


def test_attendees_are_found_by_mailto_or_email_and_named_by_cn():
    data = event(
        ATTENDEE__CN="Ana Silva;PARTSTAT=ACCEPTED:MAILTO:Ana@Example.com",
        ATTENDEE__EMAIL="bo@example.com;CN=Bo:urn:uuid:1234",
        ORGANIZER__CN="Alice",
    )
    data = data.replace(b"ATTENDEE;CN:", b"ATTENDEE;CN=").replace(
        b"ATTENDEE;EMAIL:", b"ATTENDEE;EMAIL="
    )
    (item,) = read_ics(data, own=OWN, now=NOW)
    assert item.counterparts == (
        Address("ana@example.com", "Ana Silva"),
        Address("bo@example.com", "Bo"),
    )


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"STATUS": "CANCELLED"}, "cancelled"),
        ({"ATTENDEE;CN=Ana Silva;PARTSTAT=ACCEPTED": "mailto:alice@home.example"}, "only the user"),
        ({"ATTENDEE;CN=Ana Silva;PARTSTAT=ACCEPTED": "", "ORGANIZER;CN=Alice": ""}, "no one"),
        ({"ATTENDEE;CN=Ana Silva;PARTSTAT=DECLINED": "mailto:ana@example.com",
          "ATTENDEE;CN=Ana Silva;PARTSTAT=ACCEPTED": ""}, "Ana declined"),
        ({"ATTENDEE;CUTYPE=ROOM;CN=Room 1": "mailto:room1@example.com",
          "ATTENDEE;CN=Ana Silva;PARTSTAT=ACCEPTED": ""}, "only a room"),
        ({"DTEND": "20260403T130000Z"}, "not over yet"),
    ],
)  # fmt: skip
def test_events_that_are_not_time_spent_with_someone(fields, why):
    assert read_ics(event(**fields), own=OWN, now=NOW) == [], why


def test_an_event_without_a_uid_still_gets_a_stable_key():
    first = read_ics(event(UID=""), own=OWN, now=NOW)
    again = read_ics(event(UID=""), own=OWN, now=NOW)
    assert len(first) == 1 and first == again
    assert first[0].key.startswith("no-uid-")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<!doctype html><title>Sign in</title>",
        b"BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260310T100000Z\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
    ],
)
def test_a_file_that_is_not_a_calendar_says_so(data):
    with pytest.raises(SourceError, match=r"^this file is not a calendar we can read: "):
        read_ics(data, own=OWN, now=NOW)


@settings(max_examples=60, deadline=None)
@given(
    cut=st.integers(min_value=0, max_value=4000),
    noise=st.binary(max_size=40),
    seed=st.integers(min_value=0, max_value=10**6),
)
def test_damaged_files_give_a_list_or_a_clear_error_never_a_crash(cut, noise, seed):
    data = bytearray(fixture("weekly-one-to-one.ics"))
    at_ = random.Random(seed).randrange(len(data)) if data else 0
    data[at_:at_] = noise
    try:
        items = read_ics(bytes(data[: len(data) - cut]), own=OWN, now=NOW)
    except SourceError as problem:
        assert str(problem).startswith("this file is not a calendar we can read: ")
    else:
        assert all(isinstance(item, Seen) for item in items)


def series(rule: str, start: str = "20260105T150000Z") -> bytes:
    """Lou's mentoring, repeating by `rule` from `start`, one hour each time."""
    data = fixture("mentoring-rdate.ics")
    data = data.replace(b"RDATE:20260202T150000Z,20260302T150000Z,20260406T150000Z", rule.encode())
    return data.replace(b"DTSTART:20260105T150000Z", f"DTSTART:{start}".encode()).replace(
        b"DTEND:20260105T160000Z", b"DURATION:PT1H"
    )


def test_a_daily_series_gives_one_item_a_day():
    items = read_ics(series("RRULE:FREQ=DAILY"), own=OWN, now=NOW)
    assert len(items) == (NOW.date() - dt.date(2026, 1, 5)).days
    assert len({item.key for item in items}) == len(items)


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("RRULE:FREQ=MINUTELY", "19700105T150000Z"),
        ("RRULE:FREQ=HOURLY", "20260105T150000Z"),
        ("RRULE:FREQ=DAILY;BYMINUTE=0,10,20,30,40,50", "19700105T150000Z"),
        ("RRULE:FREQ=DAILY", "00010105T150000Z"),
        ("RRULE:FREQ=SECONDLY;COUNT=100000", "20260105T150000Z"),
    ],
)
def test_reminders_and_runaway_rules_are_left_out_without_expanding_them(rule, start):
    # Each would be hours of work to expand from its start; left out, it costs nothing.
    assert read_ics(series(rule, start), own=OWN, now=NOW) == []
