"""Exports: vCard 3.0/4.0, CSV and the full JSON account export that loads back."""

from __future__ import annotations

import base64
import csv
import io
import itertools
import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from goodwill.accounts import services as accounts
from goodwill.exchange.models import NotDuplicate
from goodwill.exchange.services import duplicates
from goodwill.exchange.services.exports import (
    dump_account,
    export_people,
    load_account_json,
    neutralise,
)
from goodwill.exchange.services.exports.vcard import fold
from goodwill.interactions import services as interactions
from goodwill.network import services as network
from goodwill.people import services as people
from goodwill.people.models import Person

pytestmark = pytest.mark.django_db
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
)


# ---------------------------------------------------------------- a tolerant vCard reader


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def split_unescaped(value: str, sep: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def read_cards(text: str) -> list[dict[str, list[tuple[str, str]]]]:
    """Cards as {NAME: [(params, raw value)]}; checks CRLF ends and 75-octet lines."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75, line
    cards, current = [], None
    for line in text.replace("\r\n ", "").split("\r\n"):
        if not line:
            continue
        head, _, value = line.partition(":")
        name, _, params = head.partition(";")
        if name == "BEGIN":
            current = {}
        elif name == "END":
            cards.append(current)
        else:
            current.setdefault(name.upper(), []).append((params, value))
    return cards


def text_of(card, name) -> str:
    return unescape(card[name][0][1])


@pytest.fixture
def full(frozen_now, alice, ana, coffee, settings):
    people.update_person(
        owner=alice,
        person=ana,
        about="Private: going through a divorce.",
        birthday_month=4,
        birthday_day=12,
        nickname="Anita",
        linkedin_url="linkedin.com/in/ana",
        website="https://ruiz.example",
        location="Madrid, Spain",
    )
    from django.core.files.base import ContentFile

    ana.photo.save("face.png", ContentFile(PNG))
    ben = people.create_person(
        owner=alice,
        display_name="Ben; Ito, Jr.",
        given_name="Ben",
        family_name="Ito",
        emails=["ben@ito.example", ("work", "b.ito@acme.example")],
        phones=[("mobile", "=1+2 345"), "+1 555 0100"],
        birthday_year=1980,
        birthday_month=1,
        birthday_day=2,
        introduced_by=ana.pk,
        organization="@Acme, Inc",
        tags=["a,b;c"],
    )
    network.connect_people(owner=alice, a=ana, b=ben, kind="mentor", strength=4)
    duplicates.dismiss_duplicate(owner=alice, a=ana, b=ben)
    return {"ana": Person.objects.get(pk=ana.pk), "ben": ben}


# ---------------------------------------------------------------- vCard


def test_it_folds_at_75_octets_without_splitting_a_character():
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@pytest.mark.parametrize(("fmt", "version"), [("vcard", "3.0"), ("vcard4", "4.0")])
def test_it_writes_vcards_escaped_folded_and_without_private_notes(full, alice, fmt, version):
    export = export_people(owner=alice, fmt=fmt)
    assert export.filename.endswith(".vcf") and export.content_type.startswith("text/vcard")
    cards = {text_of(c, "FN"): c for c in read_cards(export.content.decode())}
    assert set(cards) == {"Ana Ruiz", "Ben; Ito, Jr."}  # your own record only when asked
    with_me = export_people(owner=alice, fmt=fmt, include_me=True).content.decode()
    assert "alice" in {text_of(c, "FN") for c in read_cards(with_me)}
    ana, ben = cards["Ana Ruiz"], cards["Ben; Ito, Jr."]
    assert ben["FN"][0][1] == r"Ben\; Ito\, Jr."
    assert ben["N"][0][1] == "Ito;Ben;;;"
    assert ben["ORG"][0][1] == r"@Acme\, Inc"
    assert unescape(split_unescaped(ben["CATEGORIES"][0][1], ",")[0]) == "a,b;c"
    assert [v for _, v in ben["EMAIL"]] == ["ben@ito.example", "b.ito@acme.example"]
    assert ("TYPE=cell", "=1+2 345") in ben["TEL"]
    assert text_of(ana, "NICKNAME") == "Anita"
    assert "NOTE" not in ana  # "about them" is private by default
    assert ana["X-SOCIALPROFILE"][0] == ("TYPE=linkedin", "linkedin.com/in/ana")
    if version == "4.0":
        assert ana["BDAY"][0][1] == "--0412" and ben["BDAY"][0][1] == "19800102"
        assert ana["PHOTO"][0][1].startswith("data:image/png;base64,")
    else:
        assert ana["BDAY"][0] == ("X-APPLE-OMIT-YEAR=1604", "1604-04-12")
        assert ben["BDAY"][0][1] == "1980-01-02"
        params, data = ana["PHOTO"][0]
        assert params == "ENCODING=b;TYPE=PNG" and base64.b64decode(data) == PNG
    private = read_cards(export_people(owner=alice, fmt=fmt, private=True).content.decode())
    ana = next(c for c in private if text_of(c, "FN") == "Ana Ruiz")
    assert text_of(ana, "NOTE") == "Private: going through a divorce."


def test_it_writes_vcards_vobject_can_read(full, alice):
    vobject = pytest.importorskip("vobject")
    text = export_people(owner=alice, fmt="vcard").content.decode()
    names = {c.fn.value for c in vobject.readComponents(text)}
    assert "Ben; Ito, Jr." in names


# ---------------------------------------------------------------- CSV


def test_it_neutralises_cells_a_spreadsheet_would_run():
    for bad in ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"]:
        assert neutralise(bad) == "'" + bad
    assert neutralise("Ana") == "Ana" and neutralise(None) == "" and neutralise(3) == "3"


def test_it_writes_csv_with_numbered_columns_and_no_formulas(full, alice):
    export = export_people(owner=alice, fmt="csv")
    text = export.content.decode("utf-8")
    assert text.startswith("\ufeff") and export.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    ben = next(r for r in rows if r["given_name"] == "Ben")
    assert ben["display_name"] == "Ben; Ito, Jr."
    assert (ben["email_1"], ben["email_2"], ben["email_2_label"]) == (
        "ben@ito.example",
        "b.ito@acme.example",
        "work",
    )
    assert ben["phone_1"] == "'=1+2 345" and ben["phone_2"] == "'+1 555 0100"
    assert ben["organization"] == "'@Acme, Inc"
    assert ben["birthday"] == "1980-01-02" and ben["introduced_by"] == "Ana Ruiz"
    ana = next(r for r in rows if r["display_name"] == "Ana Ruiz")
    assert ana["birthday"] == "'--04-12"
    assert "about" not in ana
    assert "divorce" not in text
    private = export_people(owner=alice, fmt="csv", private=True).content.decode()
    assert "divorce" in private


def test_it_exports_only_the_owners_people(full, alice, bob):
    people.create_person(owner=bob, display_name="Bobs Friend", emails=["f@bob.example"])
    for fmt in ("vcard", "vcard4", "csv", "json"):
        alices = export_people(owner=alice, fmt=fmt).content.decode()
        bobs = export_people(owner=bob, fmt=fmt).content.decode()
        assert "Bobs Friend" not in alices and "Bobs Friend" in bobs
        assert "Ana Ruiz" not in bobs and "Ana Ruiz" in alices


def test_it_refuses_an_unknown_format(alice):
    with pytest.raises(ValidationError) as exc:
        export_people(owner=alice, fmt="xls")
    assert "format" in exc.value.message_dict


# ---------------------------------------------------------------- JSON round trip


SECTIONS_WITH_IDS = ["organizations", "tags", "people", "interactions", "ask_next"]


def canonical(data: dict) -> dict:
    """The export with database ids replaced by positions (ids differ between accounts)."""
    data = json.loads(json.dumps(data))
    maps = {key: {item["id"]: i for i, item in enumerate(data[key])} for key in SECTIONS_WITH_IDS}
    person, interaction = maps["people"].get, maps["interactions"].get
    for key in SECTIONS_WITH_IDS:
        for item in data[key]:
            item["id"] = maps[key][item["id"]]
    for p in data["people"]:
        p["organization"] = maps["organizations"].get(p["organization"])
        p["introduced_by"] = person(p["introduced_by"])
        p["tags"] = sorted(maps["tags"][t] for t in p["tags"])
        if p["photo"]:
            p["photo"].pop("name")
    for i in data["interactions"]:
        i["participants"] = [person(x) for x in i["participants"]]
        i["initiated_by"] = person(i["initiated_by"])
    for a in data["ask_next"]:
        a.update(person=person(a["person"]), source=interaction(a["source"]))
        a["done_in"] = interaction(a["done_in"])
    for r in data["relationships"]:
        r.update(src=person(r["src"]), dst=person(r["dst"]))
        r["source_interaction"] = interaction(r["source_interaction"])
    data["not_duplicates"] = sorted(
        sorted((person(n["a"]), person(n["b"]))) for n in data["not_duplicates"]
    )
    for key in ("exported_at", "account"):
        data.pop(key)
    return data


_usernames = itertools.count()


def new_account():
    return accounts.create_account(
        username=f"user{next(_usernames)}", email="", password="a long password 123"
    )


def test_it_loads_a_full_export_back_with_nothing_lost(full, alice):
    interactions.log_interaction(
        owner=alice, participants=[full["ben"].pk], notes="Line one\nline two", asked=[]
    )
    data = dump_account(alice)
    assert data["format"] == "goodwill-account" and data["version"] == 1
    assert "divorce" in json.dumps(data)  # the JSON export is complete, private notes too
    carol = new_account()
    counts = load_account_json(owner=carol, data=json.loads(json.dumps(data)))
    assert counts["people"] == 3 and counts["interactions"] == 2
    assert canonical(dump_account(carol)) == canonical(data)
    ana = Person.objects.get(owner=carol, display_name="Ana Ruiz")
    assert ana.photo.read() == PNG
    assert ana.last_contact_at == full["ana"].last_contact_at
    assert ana.next_due_on == full["ana"].next_due_on
    assert ana.created_at == full["ana"].created_at
    assert "ana@ruiz.example" in ana.search_text
    assert Person.objects.get(owner=carol, is_me=True).display_name == "alice"
    assert NotDuplicate.objects.filter(owner=carol).count() == 1


def test_it_refuses_to_load_into_an_account_with_people(full, alice, bob):
    people.create_person(owner=bob, display_name="Someone")
    with pytest.raises(ValidationError) as exc:
        load_account_json(owner=bob, data=dump_account(alice))
    assert "account" in exc.value.message_dict


def test_it_names_the_bad_value_and_loads_nothing(full, alice):
    data = dump_account(alice)
    data["people"][1]["display_name"] = "x" * 300
    carol = new_account()
    with pytest.raises(ValidationError) as exc:
        load_account_json(owner=carol, data=data)
    assert "people[1].display_name" in exc.value.message_dict
    assert not Person.objects.filter(owner=carol, is_me=False).exists()
    data = dump_account(alice)
    data["interactions"][0]["participants"] = [999999]
    with pytest.raises(ValidationError) as exc:
        load_account_json(owner=carol, data=data)
    assert "interactions[0].participants" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        load_account_json(owner=carol, data={"format": "goodwill-account", "version": 99})
    assert "version" in exc.value.message_dict


PIECES = ["\n", "\r\n", ",", ";", "\\", '"', "'", "=", "😀", "👩‍👩‍👧", "שלום", "مرحبا", " "]
AWKWARD = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=5),
        st.sampled_from(PIECES),
    ),
    min_size=1,
    max_size=10,
).map("".join)


def _clean(text: str) -> str:
    return " ".join(text.split()) or "x"


@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a DB test takes ages
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=AWKWARD, about=AWKWARD, summary=AWKWARD, notes=AWKWARD, tag=AWKWARD)
def test_it_round_trips_awkward_text(db, name, about, summary, notes, tag):
    owner = new_account()
    person = people.create_person(
        owner=owner, display_name=_clean(name), about=about, tags=[_clean(tag)[:60]]
    )
    interactions.log_interaction(
        owner=owner,
        participants=[person.pk],
        summary=summary[:200],
        notes=notes,
        ask_next=[_clean(notes)[:300]],
    )
    data = json.loads(json.dumps(dump_account(owner)))
    other = new_account()
    load_account_json(owner=other, data=data)
    assert canonical(dump_account(other)) == canonical(data)
    copy = Person.objects.get(owner=other, is_me=False)
    assert (copy.display_name, copy.about) == (person.display_name, person.about)
    # vCard and CSV carry the same text through escaping and folding.
    card = next(
        c
        for c in read_cards(export_people(owner=owner, fmt="vcard4", private=True).content.decode())
        if "KIND" in c and text_of(c, "FN") == person.display_name
    )
    note = text_of(card, "NOTE") if "NOTE" in card else ""
    assert note == person.about.replace("\r\n", "\n").replace("\r", "\n")
    assert [unescape(t) for t in split_unescaped(card["CATEGORIES"][0][1], ",")] == [
        person.tags.get().name
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(export_people(owner=owner, fmt="csv", private=True).content.decode()[1:])
        )
    )
    row = next(r for r in rows if r["id"] == str(person.pk))
    assert row["about"] == neutralise(person.about)
    assert row["display_name"] == neutralise(person.display_name)


def test_it_carries_other_owned_records_generically(full, alice, frozen_now):
    from django.utils import timezone

    from goodwill.leads.models import Lead

    today = timezone.localdate()
    Lead.objects.create(
        owner=alice,
        referrer=full["ana"],
        prospect=full["ben"],
        opportunity="Website, redesign; 😀",
        received_on=today,
        status_changed_at=timezone.now(),
        contact_due_on=today,
    )
    data = json.loads(json.dumps(dump_account(alice)))
    assert data["other"]["goodwill.lead"][0]["opportunity"] == "Website, redesign; 😀"
    carol = new_account()
    counts = load_account_json(owner=carol, data=data)
    assert counts["goodwill.lead"] == 1
    lead = Lead.objects.get(owner=carol)
    assert (lead.referrer.display_name, lead.prospect.display_name) == ("Ana Ruiz", "Ben; Ito, Jr.")
    assert lead.referrer.owner_id == carol.pk
