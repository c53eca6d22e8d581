"""People met at the same event are linked only when the user says they know each
other, and introduction paths then say so."""

from __future__ import annotations

from goodwill.coach.services import events
from goodwill.network.models import Relationship
from goodwill.network.queries.paths import find_paths
from goodwill.people import services as people
from tests.conftest import NOW


def test_it_links_the_people_at_an_event_and_explains_the_path(alice, ana, frozen_now):
    # Ana is in alice's list but alice has never met her; at the meetup alice saw Ana
    # with Eva, whom she met, and says they know each other. Eva is now the warm way to Ana.
    event = events.create_event(owner=alice, name="Design Meetup", starts_at=NOW)
    met = events.capture_people(
        owner=alice, event=event, text="Eva Lind - runs a print shop\nAna Ruiz - Eva's partner"
    )
    events.debrief_event(owner=alice, event=event, together=[c.pk for c in met])
    eva = event.people.get(display_name="Eva Lind")
    edge = Relationship.objects.get(src=ana, dst=eva)
    assert (edge.source, edge.source_event, edge.strength) == ("event", event, 1)
    assert Relationship.objects.filter(src=eva, dst=ana).exists()  # both directions
    answer = find_paths(alice, f"#{ana.pk}")
    reasons = [link.reason for path in answer.paths for link in path.links]
    assert any("both at 'Design Meetup'" in reason for reason in reasons), reasons


def test_it_does_not_link_people_only_for_being_in_the_same_room(alice, ana, frozen_now):
    event = events.create_event(owner=alice, name="Design Meetup", starts_at=NOW, people=[ana])
    events.capture_people(owner=alice, event=event, text="Eva Lind - runs a print shop")
    events.debrief_event(owner=alice, event=event)
    assert not Relationship.objects.filter(owner=alice).exists()


def test_it_does_not_link_a_crowd(alice, frozen_now):
    crowd = [people.create_person(owner=alice, display_name=f"Guest {i}") for i in range(25)]
    event = events.create_event(owner=alice, name="Conference", starts_at=NOW, people=crowd)
    events.debrief_event(owner=alice, event=event)
    assert not Relationship.objects.filter(owner=alice, source="event").exists()
