"""The address book's cards are the export's cards: the same writer, the same text.

The book loads people in a lighter way than the export (plain rows for e-mails, phones
and tags, for speed); this test fails if the vCard writer starts reading something that
lighter load does not give it, so the two cannot drift apart unseen."""

from __future__ import annotations

import pytest

from goodwill.dav import queries, rules
from goodwill.exchange.services.exports import export_people
from goodwill.people import services as people
from goodwill.people.models import Organization, Tag
from goodwill.people.services.organizations import update_organization, update_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(alice):
    return people.create_person(
        owner=alice,
        display_name="Zoë O'Neil; Jr.",
        given_name="Zoë",
        family_name="O'Neil",
        nickname="Zo",
        emails=[
            {"label": "work", "address": "zoe@oneil.example"},
            {"label": "personal", "address": "z@home.example"},
        ],
        phones=[{"label": "mobile", "number": "+1 415 555 0101"}, "+1 415 555 0199"],
        organization="O'Neil, Smith & Co",
        title="Head of Things",
        location="San Francisco, CA",
        website="https://oneil.example",
        linkedin_url="https://www.linkedin.com/in/zoe",
        birthday_month=3,
        birthday_day=14,
        tags=["friends", "Bay Area"],
        about="Likes long walks.\nSecond line; with, punctuation",
    )


@pytest.mark.parametrize("version", ["3.0", "4.0"])
@pytest.mark.parametrize("notes", [False, True])
def test_a_card_in_the_book_is_the_exported_card(alice, full, ana, version, notes):
    fmt = "vcard4" if version == "4.0" else "vcard"
    exported = export_people(owner=alice, fmt=fmt, private=notes).content.decode()
    for person in (full, ana):
        mine = rules.card_text(queries.one_person(alice, person.pk), version=version, notes=notes)
        assert mine in exported, mine


def test_the_fingerprint_moves_with_the_card_and_not_with_the_clock(alice, full, ana):
    from goodwill.interactions import services as interactions

    before = queries.fingerprints(alice, notes=False)
    interactions.log_interaction(
        owner=alice, participants=[full.pk], kind="coffee", summary="Coffee", notes=""
    )
    assert queries.fingerprints(alice, notes=False) == before
    people.update_person(owner=alice, person=full, phones=["+1 415 555 0000"])
    after = queries.fingerprints(alice, notes=False)
    assert after[full.pk] != before[full.pk] and after[ana.pk] == before[ana.pk]
    assert queries.fingerprints(alice, notes=True)[ana.pk] != after[ana.pk]
    # A tag or an organization renamed changes the cards of their people, not the people.
    update_tag(owner=alice, tag=Tag.objects.get(owner=alice, name="design"), name="Design")
    renamed = queries.fingerprints(alice, notes=False)
    assert renamed[ana.pk] != after[ana.pk] and renamed[full.pk] == after[full.pk]
    org = Organization.objects.get(owner=alice, name="Ruiz Studio")
    update_organization(owner=alice, organization=org, name="Ruiz Studio SL")
    assert queries.fingerprints(alice, notes=False)[ana.pk] != renamed[ana.pk]
