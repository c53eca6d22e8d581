"""Phone numbers in imports, the duplicate finder and the JSON backup: one rule
(people.rules.phone_key), read in the account's default region."""

from __future__ import annotations

import json

import pytest

from goodwill.accounts import services as accounts
from goodwill.exchange.queries import find_duplicates
from goodwill.exchange.services.exports import dump_account, load_account_json
from goodwill.exchange.services.imports import pipeline
from goodwill.people import services as people
from goodwill.people.models import Person, PersonPhone
from goodwill.people.rules import phone_key, phone_match_key

pytestmark = pytest.mark.django_db

LONDON = "020 7946 0000"
LONDON_INTL = "+44 20 7946 0000"


def vcard(name: str, *numbers: str) -> bytes:
    """A real vCard file (read by the real parsers): a name and phone numbers only."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{name};;;;"]
    lines += [f"TEL;TYPE=CELL:{n}" for n in numbers]
    return ("\r\n".join([*lines, "END:VCARD"]) + "\r\n").encode()


def import_card(owner, name: str, *numbers: str):
    return pipeline.import_file(owner=owner, data=vcard(name, *numbers), filename="card.vcf")


# ---------------------------------------------------------------- imports


def test_an_import_matches_a_number_written_the_other_way_with_region_gb(alice):
    accounts.set_phone_region(owner=alice, region="GB")
    chris = people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])
    batch = import_card(alice, "C. Hale", LONDON_INTL)
    assert (batch.created_count, batch.matched_count) == (0, 1)
    assert batch.report["matched_on"] == {"phone": 1}
    assert Person.objects.filter(owner=alice, is_me=False).get() == chris
    # The same number is not added a second time in its other spelling.
    assert [p.number for p in chris.phones.all()] == [LONDON]


def test_an_import_reads_its_national_numbers_in_the_region_too(alice):
    accounts.set_phone_region(owner=alice, region="GB")
    chris = people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON_INTL])
    batch = import_card(alice, "Christopher Hale", "(020) 7946-0000", "07700 900123")
    assert (batch.created_count, batch.matched_count) == (0, 1)
    assert sorted(chris.phones.values_list("normalized", flat=True)) == [
        "+442079460000",
        "+447700900123",  # the new number is added, keyed in the region
    ]


def test_without_a_region_the_two_spellings_are_two_people(alice):
    people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])
    batch = import_card(alice, "C. Hale", LONDON_INTL)
    assert (batch.created_count, batch.matched_count) == (1, 0)
    new = Person.objects.get(owner=alice, display_name="C. Hale")
    assert new.phones.get().normalized == "+442079460000"


def test_both_with_plus_44_match_whatever_the_region(alice):
    chris = people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON_INTL])
    batch = import_card(alice, "C. Hale", "+44 (0)20 7946-0000")
    assert (batch.created_count, batch.matched_count) == (0, 1)
    assert chris.phones.count() == 1


def test_two_cards_of_one_file_with_one_number_are_one_person(alice):
    accounts.set_phone_region(owner=alice, region="GB")
    data = vcard("Chris Hale", LONDON) + vcard("C. Hale", LONDON_INTL)
    batch = pipeline.import_file(owner=alice, data=data, filename="cards.vcf")
    assert batch.created_count == 1 and batch.report["counts"]["merged"] == 1


def test_an_import_never_matches_another_accounts_number(alice, bob):
    for owner in (alice, bob):
        accounts.set_phone_region(owner=owner, region="GB")
    people.create_person(owner=bob, display_name="Chris Hale", phones=[LONDON])
    batch = import_card(alice, "C. Hale", LONDON_INTL)
    assert (batch.created_count, batch.matched_count) == (1, 0)


# ---------------------------------------------------------------- the finder and imports agree

PAIRS = [
    ("GB", LONDON, LONDON_INTL),
    ("", LONDON, LONDON_INTL),
    ("", LONDON_INTL, "+44 (0)20 7946 0000"),
    ("US", "(202) 555-0143", "+1 202-555-0143"),
    ("GB", "(202) 555-0143", "+1 202-555-0143"),
    ("", "0034 600 123 456", "+34 600 123 456"),
    ("DE", "030 123456", "+49 30 123456"),
    ("GB", "+44 20 7946 0000 ext. 12", "020 7946 0000 x12"),
    ("GB", "+44 20 7946 0000 ext. 12", LONDON),
    ("GB", "600 123 456", "+34 600 123 456"),  # the old finder's last nine digits said yes
    ("GB", "112", "+44 112"),  # too short to say two people are one
    ("GB", "0800 FLOWERS", "0800 356 9377"),
]


@pytest.mark.parametrize("region, a, b", PAIRS)
def test_the_duplicate_finder_and_imports_agree_on_a_pair_of_numbers(alice, region, a, b):
    accounts.set_phone_region(owner=alice, region=region)
    same = phone_match_key(phone_key(a, region)) == phone_match_key(phone_key(b, region)) != ""
    first = people.create_person(owner=alice, display_name="Chris Hale", phones=[a])
    second = people.create_person(owner=alice, display_name="Zed Quill", phones=[b])
    pairs = find_duplicates(alice, person_ids=[first.pk, second.pk])
    found = bool(pairs) and any(r.startswith("same phone") for r in pairs[0].reasons)
    second.delete()
    batch = import_card(alice, "Zed Quill", b)
    assert found == same
    assert (batch.matched_count == 1) == same
    assert (batch.created_count == 1) == (not same)


def test_the_finder_shows_the_key_that_two_people_share(alice):
    accounts.set_phone_region(owner=alice, region="GB")
    a = people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])
    b = people.create_person(owner=alice, display_name="Zed Quill", phones=[LONDON_INTL])
    [pair] = find_duplicates(alice, person_ids=[a.pk, b.pk])
    assert "same phone +442079460000" in pair.reasons


def test_after_a_region_change_the_finder_sees_the_pair(alice):
    a = people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])
    b = people.create_person(owner=alice, display_name="Zed Quill", phones=[LONDON_INTL])
    assert find_duplicates(alice, person_ids=[a.pk, b.pk]) == []
    accounts.set_phone_region(owner=alice, region="GB")
    assert len(find_duplicates(alice, person_ids=[a.pk, b.pk])) == 1


# ---------------------------------------------------------------- the JSON backup


def test_a_backup_carries_the_region_and_loads_back_keyed_by_it(alice, bob):
    accounts.set_phone_region(owner=alice, region="GB")
    people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])
    data = json.loads(json.dumps(dump_account(alice)))
    assert data["account"]["phone_region"] == "GB"
    load_account_json(owner=bob, data=data)
    bob.refresh_from_db()
    assert bob.phone_region == "GB"
    assert list(PersonPhone.objects.filter(owner=bob).values_list("number", "normalized")) == [
        (LONDON, "+442079460000")
    ]


def test_a_backup_loads_into_the_region_the_account_already_has(alice, bob):
    accounts.set_phone_region(owner=alice, region="GB")
    accounts.set_phone_region(owner=bob, region="US")
    people.create_person(owner=alice, display_name="Chris Hale", phones=["(202) 555-0143"])
    load_account_json(owner=bob, data=json.loads(json.dumps(dump_account(alice))))
    bob.refresh_from_db()
    assert bob.phone_region == "US"
    assert PersonPhone.objects.get(owner=bob).normalized == "+12025550143"


def test_a_backup_with_a_bad_region_names_it_and_loads_nothing(alice, bob):
    from django.core.exceptions import ValidationError

    people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])
    data = json.loads(json.dumps(dump_account(alice)))
    data["account"]["phone_region"] = "Atlantis"
    with pytest.raises(ValidationError) as caught:
        load_account_json(owner=bob, data=data)
    assert "account.phone_region" in caught.value.message_dict
    assert not Person.objects.filter(owner=bob, is_me=False).exists()


def test_odd_numbers_in_a_backup_load_with_their_digits(alice, bob):
    data = json.loads(json.dumps(dump_account(alice)))
    data["people"].append(
        {
            "id": 999,
            "display_name": "Odd",
            "phones": [{"number": "call 0800-FLOWERS"}, {"number": 5550100}],
        }
    )
    load_account_json(owner=bob, data=data)
    assert sorted(PersonPhone.objects.filter(owner=bob).values_list("number", "normalized")) == [
        ("5550100", "5550100"),
        ("call 0800-FLOWERS", "0800"),
    ]
