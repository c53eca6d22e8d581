"""Round trips without loss (issue 21): for every export format, export -> import into a
fresh account gives the same people, field by field; a second cycle changes nothing;
importing the same file again adds nobody. What a format cannot carry is listed once,
here and in docs/export.md (CANNOT_CARRY), and nothing else may differ."""

from __future__ import annotations

import base64
import datetime as dt
import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.accounts import services as accounts
from goodwill.exchange.services.exports import export_people, load_account_json
from goodwill.exchange.services.imports import pipeline
from goodwill.people import services as people
from goodwill.people.models import Person

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
)

# What each format cannot carry: written for reading (or not at all), never read back.
# docs/export.md says the same in words; a field missing here must survive.
CANNOT_CARRY = {
    "csv": {"photo", "introduced_by", "archived"},
    "vcard": {"introduced_by", "archived"},
    "vcard4": {"introduced_by", "archived"},
    "json": set(),
}


def _account(name: str):
    return accounts.create_account(username=name, email=f"{name}@example.org", password="x" * 12)


def _fill(owner) -> None:
    """People filling every field a person has, with awkward values."""
    people.create_person(owner=owner, display_name="Zoe Quinn", given_name="Zoe")
    intro = people.create_person(
        owner=owner,
        display_name="Ämi Åberg",
        given_name="Ämi",
        family_name="Åberg",
        nickname="Ämi, the first",
        organization='@Acme; Inc, "Nordic"',
        title="=Head of things; CEO",
        emails=[
            ("work", "ami@acme.example"),
            ("personal", "ami@home.example"),
            ("Best friend, old", "ami.old@example.org"),
            ("other", "ami+x@example.org"),
        ],
        phones=[
            ("mobile", "+46 70 123 45 67"),
            ("work fax", "+46 8 123 45 68"),
            ("pager", "+46 8 123 45 69"),
            ("Lake house", "+46 8 123 45 70"),
            ("main", "+46 8 123 45 71"),
        ],
        location="Malmö, Skåne, Sweden",
        linkedin_url="https://www.linkedin.com/in/ami-aberg",
        website="https://ami.example/a?b=1,2;3",
        birthday_year=1984,
        birthday_month=2,
        birthday_day=29,
        met_how="+ at a meetup, by the coffee",
        met_on=dt.date(2023, 4, 5),
        about="First line\n\n-second line, with; marks\nanniversary: 2010-06-01",
        cadence_days=45,
        tags=["friends", "Design & Nordic", "-work"],
        photo=None,
    )
    people.create_person(
        owner=owner,
        display_name="alex",
        emails=[("home", "alex@example.org")],
        birthday_month=3,
        birthday_day=14,
        introduced_by=intro.pk,
        tags=["friends"],
    )
    bo = people.create_person(owner=owner, display_name="Bo Ek", organization="Acme")
    people.set_archived(owner=owner, person=bo, archived=True)
    me = Person.objects.get(owner=owner, is_me=True)
    people.update_person(owner=owner, person=me, about="Me and myself")
    # A photo, stored as the people services store one.
    from django.core.files.base import ContentFile

    intro.photo.save("ami.png", ContentFile(PNG))


def snapshot(owner, drop=()) -> dict[str, dict]:
    """Every field of every person, by name (ids differ between accounts)."""
    out = {}
    qs = Person.objects.filter(owner=owner).select_related("organization", "introduced_by")
    for p in qs.prefetch_related("emails", "phones", "tags"):
        if p.is_me:
            continue
        row = {
            "given_name": p.given_name,
            "family_name": p.family_name,
            "nickname": p.nickname,
            "organization": p.organization.name if p.organization_id else "",
            "title": p.title,
            "location": p.location,
            "linkedin_url": p.linkedin_url,
            "website": p.website,
            "birthday": (p.birthday_year, p.birthday_month, p.birthday_day),
            "met_how": p.met_how,
            "met_on": p.met_on,
            "about": p.about,
            "cadence_days": p.cadence_days,
            "emails": [(e.label, e.address) for e in p.emails.all()],
            "phones": [(x.label, x.number) for x in p.phones.all()],
            "tags": sorted(t.name for t in p.tags.all()),
            "introduced_by": p.introduced_by.display_name if p.introduced_by_id else "",
            "archived": p.archived,
            "photo": p.photo.read() if p.photo else b"",
        }
        for name in drop:
            row.pop(name)
        out[p.display_name] = row
    return out


def _import(owner, fmt: str, content: bytes, name: str):
    if fmt == "json":
        return load_account_json(owner=owner, data=json.loads(content))
    return pipeline.import_file(owner=owner, data=content, filename=name)


@pytest.mark.parametrize("fmt", ["csv", "vcard", "vcard4", "json"])
def test_every_field_of_every_person_survives_a_round_trip(fmt):
    alice, bob, carol = _account("alice"), _account("bob"), _account("carol")
    _fill(alice)
    drop = CANNOT_CARRY[fmt]
    assert len(snapshot(alice)) == 4 and snapshot(alice)["Ämi Åberg"]["photo"] == PNG
    first = export_people(owner=alice, fmt=fmt, private=True)
    _import(bob, fmt, first.content, first.filename)
    assert snapshot(bob, drop) == snapshot(alice, drop)
    # The notes do not grow, your own record does not come back as a person.
    assert Person.objects.filter(owner=bob).count() == Person.objects.filter(owner=alice).count()

    # A second cycle changes nothing.
    second = export_people(owner=bob, fmt=fmt, private=True)
    _import(carol, fmt, second.content, second.filename)
    assert snapshot(carol, drop) == snapshot(bob, drop)
    if fmt != "json":
        # The same file again into the same account: everyone is found, nothing changes.
        before = snapshot(bob)
        batch = pipeline.import_file(owner=bob, data=second.content, filename=second.filename)
        assert batch.report["counts"]["created"] == 0
        assert batch.report["counts"]["updated"] == 0
        assert snapshot(bob) == before


def test_the_cannot_carry_list_is_no_longer_than_needed():
    """Each field in CANNOT_CARRY really is lost (else it should leave the list)."""
    alice, bob = _account("alice"), _account("bob")
    _fill(alice)
    for fmt, lost in CANNOT_CARRY.items():
        if not lost:
            continue
        export = export_people(owner=alice, fmt=fmt, private=True)
        target = _account(f"t{fmt}")
        _import(target, fmt, export.content, export.filename)
        mine, theirs = snapshot(alice), snapshot(target)
        for field in lost:
            assert any(mine[n][field] != theirs[n][field] for n in mine), (fmt, field)
    assert bob


def test_your_own_record_is_left_out_unless_asked():
    alice = _account("alice")
    _fill(alice)
    for fmt in ("csv", "vcard", "vcard4"):
        assert b"Me and myself" not in export_people(owner=alice, fmt=fmt, private=True).content
        with_me = export_people(owner=alice, fmt=fmt, private=True, include_me=True)
        assert b"Me and myself" in with_me.content


# ---------------------------------------------------------------- awkward text, CSV

# Text as a person could type it: leading = + - @ and apostrophes, quotes, commas,
# semicolons, unicode; one-line fields hold no line breaks and single spaces (the
# importer makes runs of blanks one space, as the forms do).
_CHARS = string.ascii_letters + string.digits + " =+-@'\",;:\\/#é€😀Ω漢"
_one_line = st.text(alphabet=_CHARS, min_size=0, max_size=60).map(lambda s: " ".join(s.split()))
_awkward = st.sampled_from(["=1+2", "+46 70", "-x", "@home", "'quoted", "''", "'=SUM(A1)", "a,b"])
_line = st.one_of(_awkward, _one_line)
_notes = st.text(alphabet=_CHARS + "\n", max_size=300).map(str.strip)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=st.one_of(_awkward, _one_line).filter(lambda s: s.strip()),
    nickname=_line,
    title=_line,
    location=_line,
    met_how=_line,
    about=_notes,
    label=_line.map(lambda s: s[:40].strip()),
    org=_line,
)
def test_awkward_text_survives_a_csv_round_trip(
    name, nickname, title, location, met_how, about, label, org
):
    from django.db import transaction

    with transaction.atomic():
        alice, bob = _account("alice"), _account("bob")
        people.create_person(
            owner=alice,
            display_name=name,
            nickname=nickname,
            title=title,
            location=location,
            met_how=met_how,
            about=about,
            organization=org,
            emails=[(label, "a@example.org")],
            phones=[(label, "+1 202 555 0100")],
        )
        export = export_people(owner=alice, fmt="csv", private=True)
        pipeline.import_file(owner=bob, data=export.content, filename=export.filename)
        assert snapshot(bob) == snapshot(alice)
        transaction.set_rollback(True)
