"""Far dates (issue 16, finding 2): on PostgreSQL "0001-01-01T00:00:00+14:00" was saved
as a timestamp in 1 BC that Python cannot read back, and every page that showed it was a
500 from then on. Every way in now refuses a date out of range, naming the field, and
saves nothing: a moment lies between 1900 and 2200 (UTC), a day between 1800 and 2200."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from goodwill.core import rules
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person
from tests.api_support import assert_error


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00+14:00",
        "0001-01-01",
        "1899-12-31T23:00:00Z",
        "1900-01-01T00:00:00+01:00",  # 1899 in UTC
        "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
        "2201-01-01T00:00:00Z",
        -19_999_999_999,  # a Unix time in 1336: pydantic reads numbers as datetimes too
    ],
)
def test_the_api_refuses_a_far_interaction_time_and_saves_nothing(api, ana, when):
    response = api.post("/interactions", {"participants": [ana.pk], "occurred_at": when})
    body = assert_error(response, 422, "validation_error", "occurred_at")
    assert "between the years" in body["fields"]["occurred_at"][0]
    assert not Interaction.objects.exists()
    assert api.get("/interactions").status_code == 200


def test_the_api_accepts_the_edges_of_the_range(api, ana):
    for when in ("1900-01-01T00:00:00Z", "2026-06-14T23:00:00-14:00"):
        response = api.post("/interactions", {"participants": [ana.pk], "occurred_at": when})
        assert response.status_code == 201, response.content


def test_the_api_refuses_a_far_day_naming_the_field(api, ana):
    response = api.post("/people", {"display_name": "Old", "met_on": "1066-10-14"})
    body = assert_error(response, 422, "validation_error", "met_on")
    assert "1800 and 2200" in body["fields"]["met_on"][0]
    assert not Person.objects.filter(display_name="Old").exists()


def test_the_api_refuses_a_far_date_in_a_filter(api, ana):
    response = api.get("/interactions", since="0001-01-01")
    assert_error(response, 422, "validation_error", "since")


def test_a_web_form_names_the_far_date(alice_client, ana):
    response = alice_client.post(
        "/log/", {"kind": "call", "participants": [ana.pk], "occurred_on": "0001-01-01"}
    )
    assert response.status_code == 422
    assert "Use a date between the years 1800 and 2200." in response.content.decode()
    assert not Interaction.objects.exists()


def test_the_cli_refuses_a_far_date_with_exit_2(run, alice, ana):
    result = run("log", "call", "Ana Ruiz", "--when", "0001-01-01T00:00")
    assert result.exit_code == 2, result.output
    assert "occurred_at: Use a date and time between the years 1900 and 2200." in result.output
    assert not Interaction.objects.exists()
    result = run("person", "add", "Old", "--met-on", "1700-01-01")
    assert result.exit_code == 2, result.output
    assert "met_on: Use a date between the years 1800 and 2200." in result.output


def test_a_service_call_with_a_far_date_saves_nothing(alice, ana):
    """The last guard (core.rules.check_moments before every save): whatever way in."""
    far = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14)))
    with pytest.raises(ValidationError) as caught:
        interactions.log_interaction(owner=alice, participants=[ana.pk], occurred_at=far)
    assert "occurred_at" in caught.value.message_dict
    assert not Interaction.objects.exists()


def test_moment_problem_reads_the_edges():
    assert rules.moment_problem(dt.date(1800, 1, 1)) is None
    assert rules.moment_problem(dt.date(1799, 12, 31)) == rules.DAY_RANGE
    assert rules.moment_problem(dt.datetime(1900, 1, 1, tzinfo=dt.UTC)) is None
    utc_plus_14 = dt.timezone(dt.timedelta(hours=14))
    assert rules.moment_problem(dt.datetime(1, 1, 1, tzinfo=utc_plus_14)) == rules.MOMENT_RANGE
    assert rules.moment_problem("0001-01-01") is None  # not a date: another check's concern
