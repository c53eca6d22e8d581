import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.people import queries
from goodwill.people import services as people
from goodwill.people.models import Person, PersonEmail
from goodwill.people.services import cadence, organizations


def test_it_creates_a_person_with_contacts_tags_and_search_text(alice, ana):
    assert ana.organization.name == "Ruiz Studio"
    assert [e.address for e in ana.emails.all()] == ["ana@ruiz.example"]
    assert ana.phones.get().normalized == "+34600123456"
    assert sorted(t.name for t in ana.tags.all()) == ["design", "madrid"]
    assert "ruiz studio" in ana.search_text and "ana@ruiz.example" in ana.search_text


def test_it_composes_a_display_name_from_given_and_family(alice):
    p = people.create_person(owner=alice, given_name="José", family_name="Núñez")
    assert p.display_name == "José Núñez"
    assert "jose nunez" in p.search_text


def test_it_rejects_a_bad_email_naming_the_field_and_saves_nothing(alice):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as err:
        people.create_person(owner=alice, display_name="X", emails=["not-an-email"])
    assert "emails" in err.value.message_dict
    assert Person.objects.count() == before


def test_it_rejects_an_unknown_field(alice):
    with pytest.raises(ValidationError) as err:
        people.create_person(owner=alice, display_name="X", shoe_size=44)
    assert "shoe_size" in err.value.message_dict


def test_it_refuses_another_accounts_person_as_introducer(alice, bob):
    bobs = people.create_person(owner=bob, display_name="Bob's friend")
    with pytest.raises(ValidationError) as err:
        people.create_person(owner=alice, display_name="Y", introduced_by=bobs.pk)
    assert "introduced_by" in err.value.message_dict


def test_it_accepts_a_birthday_without_a_year_and_refuses_an_impossible_one(alice):
    p = people.create_person(owner=alice, display_name="Leap", birthday_month=2, birthday_day=29)
    assert p.birthday_display == "29 February"
    with pytest.raises(ValidationError) as err:
        people.create_person(
            owner=alice, display_name="Bad", birthday_year=2023, birthday_month=2, birthday_day=29
        )
    assert "birthday_day" in err.value.message_dict


def test_it_links_introducer_with_two_directed_rows(alice, ana):
    p = people.create_person(owner=alice, display_name="Ben", introduced_by=ana.pk)
    assert Relationship.objects.filter(src=ana, dst=p, source="introduced_by").exists()
    assert Relationship.objects.filter(src=p, dst=ana, source="introduced_by").exists()


def test_it_stores_directed_kinds_with_their_inverse(alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben")
    network.connect_people(owner=alice, a=ana, b=ben, kind="mentor", strength=4)
    assert Relationship.objects.get(src=ana, dst=ben).kind == "mentor"
    assert Relationship.objects.get(src=ben, dst=ana).kind == "mentee"
    assert network.disconnect_people(owner=alice, a=ben, b=ana) == 1
    assert not Relationship.objects.filter(src__in=[ana, ben]).exists()


def test_it_resets_the_cadence_on_any_interaction_and_ends_a_snooze(alice, ana, frozen_now):
    cadence.set_cadence(owner=alice, person=ana, days=30)
    ana.refresh_from_db()
    created = ana.created_at.date()
    assert ana.next_due_on == created + dt.timedelta(days=30)
    cadence.snooze(owner=alice, person=ana, days=60)
    ana.refresh_from_db()
    assert ana.snoozed_until == frozen_now().date() + dt.timedelta(days=60)
    frozen_now(days=10)
    interactions.log_interaction(owner=alice, participants=[ana.pk], kind="message")
    ana.refresh_from_db()
    assert ana.snoozed_until is None
    assert ana.next_due_on == frozen_now().date() + dt.timedelta(days=30)


def test_it_uses_the_shortest_tag_cadence_when_the_person_has_none(alice, ana):
    tag = ana.tags.get(name="design")
    organizations.update_tag(owner=alice, tag=tag, cadence_days=14)
    ana.refresh_from_db()
    assert ana.next_due_on == ana.created_at.date() + dt.timedelta(days=14)


def test_it_logs_a_group_interaction_with_asks_and_links_participants(alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben")
    i = interactions.log_interaction(
        owner=alice,
        participants=[ana.pk, ben.pk],
        kind="meal",
        initiated_by="me",
        ask_next=["her marathon", {"person": ben.pk, "text": "his move"}],
        new_people=["Cleo New"],
    )
    assert i.participants.count() == 3
    assert i.initiated_by.is_me
    assert ana.ask_next.get().text == "her marathon"
    assert ben.ask_next.get().text == "his move"
    assert Relationship.objects.filter(src=ana, dst=ben, source="interaction").exists()


def test_it_ticks_asks_off_when_asked_in_a_later_interaction(alice, ana, coffee):
    ask = ana.ask_next.get()
    later = interactions.log_interaction(owner=alice, participants=[ana.pk], asked=[ask.pk])
    ask.refresh_from_db()
    assert ask.done_in == later and ask.done_at is not None


def test_it_deletes_a_person_with_solo_interactions_and_keeps_shared_ones(alice, ana, coffee):
    ben = people.create_person(owner=alice, display_name="Ben")
    shared = interactions.log_interaction(owner=alice, participants=[ana.pk, ben.pk])
    summary = people.deletion_summary(owner=alice, person=ana)
    assert summary["interactions_deleted"] == 1
    assert summary["interactions_kept_without_them"] == 1
    people.delete_person(owner=alice, person=ana)
    assert not Interaction.objects.filter(pk=coffee.pk).exists()
    assert list(Interaction.objects.get(pk=shared.pk).participants.all()) == [ben]
    assert not PersonEmail.objects.filter(address="ana@ruiz.example").exists()


def test_it_refuses_to_delete_or_archive_me(alice):
    me = Person.objects.get(owner=alice, is_me=True)
    with pytest.raises(ValidationError):
        people.delete_person(owner=alice, person=me)
    with pytest.raises(ValidationError):
        people.set_archived(owner=alice, person=me, archived=True)


def test_it_recomputes_last_contact_when_an_interaction_is_deleted(alice, ana, coffee):
    ana.refresh_from_db()
    assert ana.last_contact_at == coffee.occurred_at
    interactions.delete_interaction(owner=alice, interaction=coffee)
    ana.refresh_from_db()
    assert ana.last_contact_at is None


def test_it_keeps_a_huge_person_within_the_search_index(alice):
    """Every field at its longest, in 4-byte characters, still saves on every database."""
    emoji = "\U0001f600"
    person = people.create_person(
        owner=alice,
        display_name=emoji * 200,
        given_name=emoji * 100,
        family_name=emoji * 100,
        nickname=emoji * 100,
        organization=emoji * 200,
        emails=[f"{'x' * 60}{i}@example.org" for i in range(20)],
        tags=[f"{emoji * 50}{i}" for i in range(10)],
    )
    assert len(person.search_text) <= 400
    assert queries.people(alice, q=emoji * 3).filter(pk=person.pk).exists()


def test_it_names_every_other_kind_of_row_that_goes_with_a_person(alice, ana):
    from goodwill.leads import services as leads

    ben = people.create_person(owner=alice, display_name="Ben")
    leads.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Needs a designer")
    summary = people.deletion_summary(owner=alice, person=ana)
    assert summary["also_deleted"] == {"lead": 1}
    assert people.deletion_summary(owner=alice, person=ben)["also_deleted"] == {"lead": 1}
