"""Finding likely duplicates, merging two records of a person, and "not the same"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from goodwill.exchange.models import NotDuplicate
from goodwill.exchange.queries import find_duplicates, linkedin_key, normalize_email
from goodwill.exchange.services import duplicates
from goodwill.exchange.services.duplicates import _person_foreign_keys
from goodwill.interactions import services as interactions
from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Person, Tag

pytestmark = pytest.mark.django_db


def pair_ids(pairs):
    return {(p.a_id, p.b_id) for p in pairs}


def ordered(a, b):
    return tuple(sorted((a.pk, b.pk)))


def table_counts() -> dict[str, int]:
    """Rows in every table that points at a person (the merge must keep them all)."""
    return {
        f"{fk.model.__name__}.{fk.name}": fk.model._base_manager.filter(
            **{f"{fk.name}__isnull": False}
        ).count()
        for fk in _person_foreign_keys()
    }


# ---------------------------------------------------------------- the finder


def test_it_finds_the_same_email_whatever_its_case_and_gmail_dots(alice, ana):
    twin = people.create_person(owner=alice, display_name="A. Ruiz", emails=["ANA@ruiz.example"])
    gmail_a = people.create_person(
        owner=alice, display_name="Kim Lee", emails=["kim.lee@gmail.com"]
    )
    gmail_b = people.create_person(
        owner=alice, display_name="Kimberly", emails=["kimlee+crm@googlemail.com"]
    )
    pairs = {(p.a_id, p.b_id): p for p in find_duplicates(alice)}
    assert "same email ANA@ruiz.example" in pairs[ordered(ana, twin)].reasons or (
        "same email ana@ruiz.example" in pairs[ordered(ana, twin)].reasons
    )
    assert ordered(gmail_a, gmail_b) in pairs
    assert pairs[ordered(ana, twin)].score >= 70
    assert normalize_email("Kim.Lee+x@GMail.com") == "kimlee@gmail.com"


def test_it_finds_the_same_phone_and_linkedin_profile(alice, ana):
    by_phone = people.create_person(owner=alice, display_name="Ana R.", phones=["0034600123456"])
    a = people.create_person(
        owner=alice, display_name="Zed One", linkedin_url="linkedin.com/in/zed"
    )
    b = people.create_person(
        owner=alice, display_name="Zed", linkedin_url="https://www.linkedin.com/in/zed/?trk=x"
    )
    pairs = {(p.a_id, p.b_id): p for p in find_duplicates(alice)}
    assert any(r.startswith("same phone") for r in pairs[ordered(ana, by_phone)].reasons)
    assert "same LinkedIn profile" in pairs[ordered(a, b)].reasons
    assert linkedin_key("https://www.linkedin.com/in/zed/") == "in/zed"


def test_it_finds_alike_names_across_scripts_order_and_accents(alice):
    jose = people.create_person(owner=alice, display_name="José García", organization="Acme")
    jose2 = people.create_person(owner=alice, display_name="Garcia, Jose")
    yuri = people.create_person(owner=alice, display_name="Юрий Гагарин")
    yuri2 = people.create_person(owner=alice, display_name="Yurii Gagarin")
    pairs = {(p.a_id, p.b_id): p for p in find_duplicates(alice)}
    assert pairs[ordered(jose, jose2)].score >= 90
    assert pairs[ordered(jose, jose2)].reasons == ["same name"]
    assert ordered(yuri, yuri2) in pairs
    assert "alike" in pairs[ordered(yuri, yuri2)].reason


def test_it_gives_a_reason_with_the_name_likeness_and_organization(alice):
    a = people.create_person(owner=alice, display_name="Katherine Smith", organization="Acme")
    b = people.create_person(owner=alice, display_name="Katharine Smyth", organization="acme")
    (pair,) = find_duplicates(alice)
    assert (pair.a_id, pair.b_id) == ordered(a, b)
    assert pair.reason.startswith("Names ") and pair.reason.endswith("same organization")
    assert 85 <= pair.score <= 100


def test_it_does_not_suggest_different_people(alice, ana):
    people.create_person(owner=alice, display_name="Ben Ito")
    people.create_person(owner=alice, display_name="Ana Lopez")  # same given name only
    people.create_person(owner=alice, display_name="Carla Ruiz")  # same family name only
    assert find_duplicates(alice) == []


def test_it_compares_only_within_blocks(alice, monkeypatch):
    from goodwill.exchange import queries as finder

    for i in range(40):
        people.create_person(owner=alice, display_name=f"{chr(65 + i % 26)}lex{i} Q{i}rston")
    calls = []
    real = finder.name_score
    monkeypatch.setattr(finder, "name_score", lambda a, b: calls.append(1) or real(a, b))
    finder.find_duplicates(alice)
    assert len(calls) < 40 * 39 / 2 / 4  # far fewer than every pair


def test_it_does_not_suggest_a_pair_marked_not_the_same(alice, ana):
    twin = people.create_person(owner=alice, display_name="Ana Ruiz")
    assert pair_ids(find_duplicates(alice)) == {ordered(ana, twin)}
    duplicates.dismiss_duplicate(owner=alice, a=twin, b=ana)
    duplicates.dismiss_duplicate(owner=alice, a=ana, b=twin)  # twice is fine
    assert find_duplicates(alice) == []
    row = NotDuplicate.objects.get()
    assert (row.a_id, row.b_id) == ordered(ana, twin)
    duplicates.undo_dismiss(owner=alice, a=ana.pk, b=twin.pk)
    assert pair_ids(find_duplicates(alice)) == {ordered(ana, twin)}


def test_it_refuses_to_dismiss_someone_elses_person(alice, bob, ana):
    bobs = people.create_person(owner=bob, display_name="Ana Ruiz")
    with pytest.raises(ValidationError) as exc:
        duplicates.dismiss_duplicate(owner=alice, a=ana, b=bobs.pk)
    assert "b" in exc.value.message_dict


def test_it_finds_only_the_owners_pairs(alice, bob, ana):
    people.create_person(owner=bob, display_name="Ana Ruiz", emails=["ana@ruiz.example"])
    assert find_duplicates(alice) == []
    assert find_duplicates(bob) == []


# ---------------------------------------------------------------- merging


@pytest.fixture
def world(frozen_now, alice, ana, coffee):
    """Ana twice, with history on both sides and every awkward overlap."""
    twin = people.create_person(
        owner=alice,
        display_name="Ana R.",
        given_name="Ana",
        emails=["ANA@ruiz.example", "ana@home.example"],
        phones=["+34 600 123 456", "+1 555 0100"],
        tags=["design", "runners"],
        location="Madrid",
        linkedin_url="linkedin.com/in/ana",
        birthday_month=4,
        birthday_day=12,
        about="Loves climbing.",
        cadence_days=45,
    )
    people.update_person(owner=alice, person=ana, about="Met at a design meetup.")
    ben = people.create_person(owner=alice, display_name="Ben Ito", introduced_by=twin.pk)
    cy = people.create_person(owner=alice, display_name="Cy Ode")
    network.connect_people(owner=alice, a=ana, b=cy, kind="friend", strength=2)
    network.connect_people(owner=alice, a=twin, b=cy, kind="mentor", strength=5)
    network.connect_people(owner=alice, a=ana, b=twin)  # an edge between the two
    shared = interactions.log_interaction(
        owner=alice, participants=[ana.pk, twin.pk, ben.pk], summary="Lunch, both records"
    )
    solo = interactions.log_interaction(
        owner=alice,
        participants=[twin.pk],
        summary="Call",
        initiated_by="them",
        ask_next=["Her new studio?"],
    )
    NotDuplicate.objects.create(
        owner=alice, **dict(zip(("a_id", "b_id"), ordered(twin, cy), strict=True))
    )
    return {"ana": ana, "twin": twin, "ben": ben, "cy": cy, "shared": shared, "solo": solo}


def test_it_merges_keeping_every_row_and_dropping_only_duplicates(alice, world):
    ana, twin, ben, cy = world["ana"], world["twin"], world["ben"], world["cy"]
    before = table_counts()
    interactions_before = Interaction.objects.count()
    result = duplicates.merge_people(owner=alice, keep=ana, merge=twin)
    after = table_counts()
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert Interaction.objects.count() == interactions_before
    # Dropped: the shared lunch's second participation, one duplicate email, one phone,
    # one tag link; of the edges: ana↔twin, and one of each pair both had to cy and to
    # ben (ben's edges: twin introduced him, and the shared lunch linked him to ana).
    assert before["Participation.person"] - after["Participation.person"] == 1
    assert before["PersonEmail.person"] - after["PersonEmail.person"] == 1
    assert before["PersonPhone.person"] - after["PersonPhone.person"] == 1
    assert before["Person_tags.person"] - after["Person_tags.person"] == 1
    assert before["Relationship.src"] - after["Relationship.src"] == 6
    assert before["AskNext.person"] == after["AskNext.person"]
    assert before["Interaction.initiated_by"] == after["Interaction.initiated_by"]
    assert before["Person.introduced_by"] == after["Person.introduced_by"]
    moved = result["moved"]
    assert moved["interactions"] == 1 and moved["interactions both had"] == 1
    assert moved["emails"] == 1 and moved["emails already there"] == 1
    assert moved["relationships between the two (dropped)"] == 1

    ana = Person.objects.get(pk=ana.pk)
    assert ana.display_name == "Ana Ruiz"
    assert sorted(e.address for e in ana.emails.all()) == ["ana@home.example", "ana@ruiz.example"]
    assert [p.position for p in ana.phones.all()] == [0, 1]
    assert sorted(t.name for t in ana.tags.all()) == ["design", "madrid", "runners"]
    assert Tag.objects.filter(owner=alice).count() == 3
    assert set(Participation.objects.filter(person=ana).values_list("interaction", flat=True)) >= {
        world["shared"].pk,
        world["solo"].pk,
    }
    assert Interaction.objects.get(pk=world["solo"].pk).initiated_by_id == ana.pk
    assert AskNext.objects.get(text="Her new studio?").person_id == ana.pk
    assert Person.objects.get(pk=ben.pk).introduced_by_id == ana.pk
    edge = Relationship.objects.get(src=ana, dst=cy)
    assert (edge.kind, edge.strength) == ("mentor", 5)  # twin's stronger edge wins
    assert Relationship.objects.get(src=cy, dst=ana).kind == "mentee"
    assert not Relationship.objects.filter(src=ana, dst=ana).exists()
    assert Relationship.objects.get(src=ben, dst=ana).source == "introduced_by"
    assert NotDuplicate.objects.filter(a=min(ana.pk, cy.pk), b=max(ana.pk, cy.pk)).exists()
    # Empty fields filled; about texts joined; derived columns recomputed.
    assert (ana.location, ana.linkedin_url, ana.cadence_days) == (
        "Madrid",
        "linkedin.com/in/ana",
        45,
    )
    assert (ana.birthday_month, ana.birthday_day) == (4, 12)
    assert ana.about == "Met at a design meetup.\n\nLoves climbing."
    assert "ana@home.example" in ana.search_text and "runners" in ana.search_text
    assert ana.last_contact_at == world["solo"].occurred_at
    assert ana.next_due_on == (ana.last_contact_at + dt.timedelta(days=45)).date()


def test_it_merges_a_record_into_the_me_record_but_never_merges_me_away(alice, ana):
    me = Person.objects.get(owner=alice, is_me=True)
    with pytest.raises(ValidationError) as exc:
        duplicates.merge_people(owner=alice, keep=ana, merge=me)
    assert "merge" in exc.value.message_dict
    result = duplicates.merge_people(owner=alice, keep=me, merge=ana)
    assert result["kept"] == me.pk
    me.refresh_from_db()
    assert me.is_me and me.next_due_on is None
    assert me.emails.get().address == "ana@ruiz.example"


def test_it_refuses_to_merge_a_person_with_themselves_or_someone_elses(alice, bob, ana):
    with pytest.raises(ValidationError):
        duplicates.merge_people(owner=alice, keep=ana, merge=ana)
    bobs = people.create_person(owner=bob, display_name="Ana")
    with pytest.raises(ValidationError) as exc:
        duplicates.merge_people(owner=alice, keep=ana, merge=bobs.pk)
    assert "merge" in exc.value.message_dict
    assert Person.objects.filter(pk=bobs.pk).exists()


def test_it_previews_what_will_move(alice, world):
    preview = duplicates.merge_preview(owner=alice, keep=world["ana"], merge=world["twin"])
    assert preview["interactions"] == 2
    assert preview["emails"] == 2 and preview["phones"] == 2 and preview["tags"] == 2
    assert preview["relationships"] == 2  # to cy and ben; the one to ana goes
    assert preview["people they introduced"] == 1


def test_it_keeps_the_introducer_when_keep_was_introduced_by_merge(alice, ana):
    intro = people.create_person(owner=alice, display_name="Ivy")
    twin = people.create_person(owner=alice, display_name="Ana Ruiz", introduced_by=intro.pk)
    people.update_person(owner=alice, person=ana, introduced_by=twin.pk)
    duplicates.merge_people(owner=alice, keep=ana, merge=twin)
    ana.refresh_from_db()
    assert ana.introduced_by_id == intro.pk


def test_a_merge_keeps_the_first_hello_planned_and_the_latest_touch(alice, frozen_now):
    from goodwill.people.services import cadence

    keep = people.create_person(owner=alice, display_name="Rosa Diaz")
    twin = people.create_person(owner=alice, display_name="Rosa Díaz")
    cadence.set_rhythm(owner=alice, person=twin, interval_days=30)
    cadence.touch(owner=alice, person_ids=[twin.pk])
    twin.refresh_from_db()
    assert twin.first_due_on is not None and twin.last_touch_at is not None

    duplicates.merge_people(owner=alice, keep=keep, merge=twin)

    keep.refresh_from_db()
    assert keep.first_due_on == twin.first_due_on
    assert keep.last_touch_at == twin.last_touch_at
    assert keep.cadence_days == 30
