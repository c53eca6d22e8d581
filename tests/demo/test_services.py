import pytest
from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db.models import F

from goodwill.accounts.models import User
from goodwill.accounts.services import set_phone_region
from goodwill.demo.services import fill_demo
from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.network.models import Relationship, inverse_kind
from goodwill.people import queries
from goodwill.people import services as people
from goodwill.people.models import Organization, Person, PersonEmail, PersonPhone, Tag
from goodwill.people.services import cadence, search
from goodwill.people.services.phones import rekey_phones

N = 40


def _snapshot(owner) -> dict:
    """Everything a seed decides, keyed by position rather than by database id."""
    persons = list(Person.objects.filter(owner=owner, is_me=False).order_by("id"))
    index = {p.pk: i for i, p in enumerate(persons)}
    return {
        "people": [
            (
                p.display_name,
                p.title,
                p.location,
                p.birthday,
                p.last_contact_at,
                p.next_due_on,
                p.search_text,
                index.get(p.introduced_by_id),
            )
            for p in persons
        ],
        "emails": list(
            PersonEmail.objects.filter(owner=owner).order_by("id").values_list("address", flat=True)
        ),
        "interactions": list(
            Interaction.objects.filter(owner=owner)
            .order_by("id")
            .values_list("occurred_at", "kind", "summary", "notes")
        ),
        "edges": sorted(
            (index[s], index[d], k, st)
            for s, d, k, st in Relationship.objects.filter(owner=owner).values_list(
                "src_id", "dst_id", "kind", "strength"
            )
        ),
        "asks": list(
            AskNext.objects.filter(owner=owner).order_by("id").values_list("text", "done_at")
        ),
    }


def test_it_creates_what_it_counts(alice):
    counts = fill_demo(owner=alice, people=N, seed=1)
    assert counts["people"] == N
    assert Person.objects.filter(owner=alice, is_me=False).count() == N
    assert Interaction.objects.filter(owner=alice).count() == counts["interactions"] > N
    assert Relationship.objects.filter(owner=alice).count() == 2 * counts["relationships"]
    assert AskNext.objects.filter(owner=alice).count() == counts["ask_next"] > 0
    assert Organization.objects.filter(owner=alice).count() == counts["organizations"] > 0
    assert Tag.objects.filter(owner=alice).count() == counts["tags"] > 0
    assert Person.tags.through.objects.filter(person__owner=alice).exists()
    assert Tag.objects.filter(owner=alice, cadence_days__isnull=False).exists()


def test_it_writes_both_rows_of_every_relationship(alice):
    fill_demo(owner=alice, people=N, seed=2)
    rows = {
        (r.src_id, r.dst_id): r
        for r in Relationship.objects.filter(owner=alice).select_related("src", "dst")
    }
    assert rows
    for (src, dst), row in rows.items():
        assert src != dst
        assert row.src.owner_id == row.dst.owner_id == alice.pk
        back = rows[(dst, src)]
        assert back.kind == inverse_kind(row.kind)
        assert (back.strength, back.source, back.since) == (row.strength, row.source, row.since)
        assert 1 <= row.strength <= 5


def test_it_computes_derived_fields_as_the_services_do(alice, frozen_now):
    fill_demo(owner=alice, people=N, seed=3)
    ids = list(Person.objects.filter(owner=alice).values_list("pk", flat=True))
    columns = ("pk", "search_text", "last_contact_at", "next_due_on")
    before = list(Person.objects.filter(pk__in=ids).order_by("pk").values_list(*columns))
    assert any(row[3] for row in before), "some people should have a cadence"
    cadence.refresh(owner=alice, person_ids=ids)
    search.reindex(ids)
    after = list(Person.objects.filter(pk__in=ids).order_by("pk").values_list(*columns))
    assert after == before
    stale = Participation.objects.filter(person__owner=alice).exclude(
        occurred_at=F("interaction__occurred_at")
    )
    assert not stale.exists()


@pytest.mark.parametrize("region", ["", "GB"])
def test_it_keys_phones_as_the_services_do_in_the_accounts_region(alice, region):
    set_phone_region(owner=alice, region=region)
    fill_demo(owner=alice, people=N, seed=5)
    phones = PersonPhone.objects.filter(owner=alice)
    assert phones.exists()
    assert rekey_phones(owner=alice) == 0  # every stored key is already phone_key's
    assert all(p.normalized.startswith("+") for p in phones)  # every demo number has +


def test_it_writes_rows_that_pass_model_validation(alice):
    fill_demo(owner=alice, people=N, seed=4)
    for person in Person.objects.filter(owner=alice):
        person.full_clean(validate_unique=False)
    for interaction in Interaction.objects.filter(owner=alice)[:100]:
        interaction.full_clean(validate_unique=False)
    for item in AskNext.objects.filter(owner=alice):
        if item.done_in_id:
            assert item.done_at == item.done_in.occurred_at
            assert item.done_in.occurred_at >= item.source.occurred_at


def test_it_finds_accented_names_by_their_plain_spelling(alice):
    fill_demo(owner=alice, people=N, seed=5)
    accented = [
        p
        for p in Person.objects.filter(owner=alice, is_me=False, archived=False)
        if not p.family_name.isascii()
    ]
    assert accented, "a mix of locales should give some accented names"
    for person in accented[:5]:
        plain = anyascii(person.family_name)
        found = queries.people(alice, q=plain)
        assert person in found, plain
        assert person in queries.people(alice, q=person.family_name)


def test_it_gives_the_same_data_for_the_same_seed(alice, bob, frozen_now):
    fill_demo(owner=alice, people=N, seed=7)
    fill_demo(owner=bob, people=N, seed=7)
    assert _snapshot(alice) == _snapshot(bob)
    other = User.objects.create_user(username="carol", password="x" * 12)
    fill_demo(owner=other, people=N, seed=8)
    assert _snapshot(other)["people"] != _snapshot(alice)["people"]


def test_it_leaves_other_accounts_alone(alice, bob):
    friend = people.create_person(owner=bob, display_name="Bob's friend", tags=["college"])
    before = (Person.objects.filter(owner=bob).count(), Tag.objects.filter(owner=bob).count())
    fill_demo(owner=alice, people=N, seed=9)
    after = (Person.objects.filter(owner=bob).count(), Tag.objects.filter(owner=bob).count())
    assert after == before
    assert not Relationship.objects.filter(src=friend).exists()
    assert not Participation.objects.filter(person__owner=bob).exists()
    assert not Person.objects.filter(owner=alice, introduced_by__owner=bob).exists()


def test_it_adds_to_an_account_and_leaves_me_alone(alice):
    me = Person.objects.get(owner=alice, is_me=True)
    first = fill_demo(owner=alice, people=N, seed=10)
    second = fill_demo(owner=alice, people=N, seed=11)
    assert Person.objects.filter(owner=alice, is_me=False).count() == 2 * N
    assert second["tags"] == 0 and first["tags"] > 0  # the tag pool is reused
    assert Tag.objects.filter(owner=alice).count() == first["tags"]
    again = Person.objects.get(owner=alice, is_me=True)
    assert (again.pk, again.updated_at, again.search_text) == (me.pk, me.updated_at, me.search_text)
    assert again.next_due_on is None
    assert not Participation.objects.filter(person=me).exists()
    assert not Relationship.objects.filter(src=me).exists()
    assert Interaction.objects.filter(owner=alice, initiated_by=me).exists()


def test_it_creates_me_when_the_account_has_none(db):
    user = User.objects.create_user(username="dora", password="x" * 12)
    fill_demo(owner=user, people=3, seed=0)
    assert Person.objects.filter(owner=user, is_me=True).count() == 1
    assert Person.objects.filter(owner=user, is_me=False).count() == 3


def test_it_reports_progress_up_to_the_total(alice):
    calls = []
    fill_demo(
        owner=alice, people=N, seed=12, progress=lambda done, total: calls.append((done, total))
    )
    assert calls[0][0] == 0
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)
    assert calls[-1][0] == calls[-1][1]
    assert len({t for _, t in calls}) == 1


@pytest.mark.parametrize("bad", [0, -5, 100_001, None, "ten", 2.5, True])
def test_it_rejects_a_bad_number_of_people(alice, bad):
    with pytest.raises(ValidationError) as err:
        fill_demo(owner=alice, people=bad)
    assert "people" in err.value.message_dict
    assert not Person.objects.filter(owner=alice, is_me=False).exists()
