"""Events do not invent ties: people met at the same event are the user's people, not
each other's acquaintances, unless the user says so in the debrief."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from goodwill.coach.models import EventContact
from goodwill.coach.services import events
from goodwill.interactions import services as interactions
from goodwill.network.models import Relationship
from goodwill.network.queries import graph, reach_counts
from goodwill.people.models import Person
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetup(alice, frozen_now):
    event = events.create_event(owner=alice, name="Design meetup", starts_at=NOW)
    events.capture_people(
        owner=alice,
        event=event,
        text="Eva Lind - print shop\nOmar Haddad - UX\nLia Chen - studio\nTom Berg - recruiter",
    )
    return event


def contact(name: str) -> EventContact:
    return EventContact.objects.get(name=name)


def test_people_met_at_an_event_are_not_linked_to_each_other(alice, meetup):
    events.debrief_event(owner=alice, event=meetup)
    assert Person.objects.filter(owner=alice, is_me=False).count() == 4
    assert not Relationship.objects.filter(owner=alice).exists()
    overview = graph.overview(graph.load_graph(alice))
    assert overview["connected"] == [] and overview["links"] == 0
    assert reach_counts(alice).through_one_intro == 0


def test_people_the_user_says_know_each_other_are_linked(alice, meetup):
    together = [contact("Eva Lind").pk, contact("Lia Chen").pk]
    events.debrief_event(owner=alice, event=meetup, together=together)
    pairs = set(
        Relationship.objects.filter(owner=alice).values_list(
            "src__display_name", "dst__display_name"
        )
    )
    assert pairs == {("Eva Lind", "Lia Chen"), ("Lia Chen", "Eva Lind")}


def test_one_person_alone_cannot_know_each_other(alice, meetup):
    with pytest.raises(ValidationError) as exc:
        events.debrief_event(owner=alice, event=meetup, together=[contact("Eva Lind").pk])
    assert set(exc.value.message_dict) == {"together"}
    assert not Person.objects.filter(owner=alice, is_me=False).exists()


def test_the_debrief_page_offers_the_one_click_and_the_api_takes_it(alice_client, alice, meetup):
    page = alice_client.get(f"/coach/events/{meetup.pk}/").content.decode()
    assert 'name="together"' in page and "Know each other" in page
    alice_client.post(
        f"/coach/events/{meetup.pk}/debrief/",
        {"together": [contact("Omar Haddad").pk, contact("Tom Berg").pk]},
    )
    assert Relationship.objects.filter(owner=alice).count() == 2


def test_an_event_logged_with_several_people_does_not_link_them(alice, ana, ben, frozen_now):
    interactions.log_interaction(owner=alice, participants=[ana.pk, ben.pk], kind="event")
    assert not Relationship.objects.filter(owner=alice).exists()
    interactions.log_interaction(owner=alice, participants=[ana.pk, ben.pk], kind="meal")
    assert Relationship.objects.filter(owner=alice).count() == 2  # a meal together does
