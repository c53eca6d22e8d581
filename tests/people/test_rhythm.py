"""set_rhythm: choosing someone to hear from makes their first hello due today."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from goodwill.interactions import services as interactions
from goodwill.people import services as people
from goodwill.people.services import cadence


def test_a_chosen_person_is_due_today_not_an_interval_later(alice, ana, frozen_now):
    frozen_now(days=2)
    ana = cadence.set_rhythm(owner=alice, person=ana, interval_days=90)
    assert ana.cadence_days == 90
    assert ana.next_due_on == frozen_now().date()


def test_the_first_hello_stays_due_when_the_person_is_edited(alice, ana, frozen_now):
    cadence.set_rhythm(owner=alice, person=ana, interval_days=30)
    frozen_now(days=3)
    ana = people.update_person(owner=alice, person=ana, title="Founder")
    assert ana.next_due_on == frozen_now().date() - dt.timedelta(days=3)


def test_once_something_is_logged_the_clock_runs_from_it(alice, ana, frozen_now):
    cadence.set_rhythm(owner=alice, person=ana, interval_days=30)
    frozen_now(days=1)
    interactions.log_interaction(owner=alice, participants=[ana.pk], kind="message")
    ana.refresh_from_db()
    assert ana.next_due_on == frozen_now().date() + dt.timedelta(days=30)


def test_without_due_now_the_rhythm_starts_from_when_they_were_added(alice, ana, frozen_now):
    ana = cadence.set_rhythm(owner=alice, person=ana, interval_days=30, due_now=False)
    assert ana.next_due_on == ana.created_at.date() + dt.timedelta(days=30)


def test_not_now_removes_the_rhythm_and_the_first_hello(alice, ana, frozen_now):
    cadence.set_rhythm(owner=alice, person=ana, interval_days=30)
    ana = cadence.set_rhythm(owner=alice, person=ana, interval_days=None)
    assert (ana.cadence_days, ana.first_due_on, ana.next_due_on) == (None, None, None)


@pytest.mark.parametrize("bad", [0, -5, 99999, "30", True])
def test_a_bad_rhythm_is_named_and_nothing_changes(alice, ana, bad):
    with pytest.raises(ValidationError) as err:
        cadence.set_rhythm(owner=alice, person=ana, interval_days=bad)
    assert "cadence_days" in err.value.message_dict
    ana.refresh_from_db()
    assert ana.cadence_days is None and ana.first_due_on is None


def test_someone_elses_person_is_refused(bob, ana):
    with pytest.raises(ValidationError):
        cadence.set_rhythm(owner=bob, person=ana.pk, interval_days=30)
