"""Forgiving where it is safe, strict where it is not (issue 21), with the real parsers:
a bad second value costs only itself, with a note on its card in the preview, the CLI
and the API; a card goes only when nothing tells who it is; a file nobody in can be
imported is refused, always, naming what the file looks like and what to do. Also the
labels that must survive (personal, work fax), anniversaries and related names, and
Tine 2.0's CSV columns."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from goodwill.exchange.models import ImportBatch
from goodwill.exchange.services.imports import pipeline
from goodwill.people.models import Person
from tests.api_support import api_for

pytestmark = pytest.mark.django_db

# Evolution and macOS Address Book write cards like this one: a name, a good address
# and a broken one.
TWO_EMAILS = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dora Vale\r\nN:Vale;Dora;;;\r\n"
    b"EMAIL;TYPE=INTERNET,HOME:dora@vale.example\r\n"
    b"EMAIL;TYPE=INTERNET,WORK:dora at work\r\n"
    b"TEL;TYPE=CELL:+1 202 555 0101\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eli Moss\r\nEMAIL:eli@moss.example\r\nEND:VCARD\r\n"
)
NOBODY = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:not an address\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:just a note\r\nEND:VCARD\r\n"
)


def preview(owner, data: bytes, name: str = "contacts.vcf"):
    return pipeline.preview_import(owner=owner, data=data, filename=name, save=False)


def refusal(owner, data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        preview(owner, data, name)
    return " ".join(caught.value.message_dict["file"])


def test_a_bad_second_email_drops_only_itself_with_a_note_on_its_card(alice):
    batch = preview(alice, TWO_EMAILS)
    counts = batch.report["counts"]
    assert (counts["created"], counts["rejected"]) == (2, 0)
    assert any(
        w.startswith("card 1:") and "'dora at work' is not a valid email address" in w
        for w in batch.report["warnings"]
    )
    pipeline.import_file(owner=alice, data=TWO_EMAILS, filename="contacts.vcf")
    dora = Person.objects.get(owner=alice, display_name="Dora Vale")
    assert [e.address for e in dora.emails.all()] == ["dora@vale.example"]
    assert [p.label for p in dora.phones.all()] == ["mobile"]


def test_the_note_shows_in_the_cli_and_the_api(alice, run, tmp_path, client):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(TWO_EMAILS)
    result = run("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "note: card 1: 'dora at work' is not a valid email address" in result.stdout
    api = api_for(client, alice)
    response = api.client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile("contacts.vcf", TWO_EMAILS, "text/vcard"), "dry_run": "true"},
        **api.headers,
    )
    assert response.status_code == 201, response.content
    assert any("dora at work" in w for w in response.json()["warnings"])


def test_a_card_with_nothing_to_tell_who_it_is_goes_and_a_file_of_them_is_refused(
    alice, run, tmp_path, client
):
    message = refusal(alice, NOBODY, "broken.vcf")
    assert message.startswith("broken.vcf: none of its 2 contacts can be imported")
    assert "'not an address' is not a valid email address" in message
    path = tmp_path / "broken.vcf"
    path.write_bytes(NOBODY)
    result = run("import", str(path))
    assert result.exit_code != 0
    assert "none of its 2 contacts can be imported" in result.stderr
    dry = run("import", str(path), "--dry-run", "--json")
    assert dry.exit_code != 0
    api = api_for(client, alice)
    response = api.client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile("broken.vcf", NOBODY, "text/vcard")},
        **api.headers,
    )
    assert response.status_code == 422
    assert "none of its 2 contacts" in json.dumps(response.json())
    assert not ImportBatch.objects.filter(owner=alice).exists()
    assert not Person.objects.filter(owner=alice, is_me=False).exists()


def test_the_web_page_refuses_it_too(alice, alice_client):
    response = alice_client.post(
        "/import/",
        {"file": SimpleUploadedFile("broken.vcf", NOBODY, "text/vcard"), "format": "auto"},
    )
    assert response.status_code == 422
    assert "none of its 2 contacts can be imported" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        (
            "party.ics",
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Party\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "looks like a calendar file",
        ),
        (
            "contacts.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0"><vcard><fn><text>Ana</text>'
            b"</fn></vcard></vcards>\n",
            "is an xCard file",
        ),
        (
            "people.csv",
            b"Ana,Lima,42\nBo,Ek,43\n",
            "is not a header I recognise",
        ),
        (
            "export.json",
            b'{"accounts": [{"name": "x"}]}',
            "looks like JSON data that is not a contacts list",
        ),
    ],
)
def test_a_refusal_says_what_the_file_looks_like_and_what_to_do(alice, name, data, words):
    message = refusal(alice, data, name)
    assert message.startswith(name) and words in message
    assert any(w in message for w in ("Export", "export", "add a header", "Choose"))


def test_labels_survive_and_fax_keeps_its_place(alice):
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ruiz;Ana\r\nFN:Ana Ruiz\r\n"
        b"TEL;WORK;FAX:+1 202 555 0102\r\nTEL;HOME;PAGER:+1 202 555 0103\r\n"
        b"EMAIL;INTERNET;PREF:ana@ruiz.example\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Ek\r\n"
        b"item1.EMAIL;TYPE=INTERNET:bo@ek.example\r\nitem1.X-ABLabel:personal\r\n"
        b"item2.TEL:+1 202 555 0104\r\nitem2.X-ABLabel:_$!<Mobile>!$_\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cy Ode\r\n"
        b'EMAIL;TYPE="Book club":cy@ode.example\r\nEND:VCARD\r\n'
    )
    pipeline.import_file(owner=alice, data=card, filename="labels.vcf")
    labels = {
        p.display_name: [e.label for e in p.emails.all()] + [x.label for x in p.phones.all()]
        for p in Person.objects.filter(owner=alice, is_me=False)
    }
    assert labels == {
        "Ana Ruiz": ["", "work fax", "home pager"],
        "Bo Ek": ["personal", "mobile"],
        "Cy Ode": ["Book club"],
    }


def test_anniversaries_and_related_names_are_kept_once_in_the_notes(alice):
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Fox\r\nADR;TYPE=HOME:;;1 Main St;Chicago;IL;;\r\n"
        b"X-ANNIVERSARY:2010-06-01\r\n"
        b"item1.X-ABDATE:2012-09-09\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\n"
        b"item2.X-ABRELATEDNAMES:Eve Fox\r\nitem2.X-ABLabel:_$!<Spouse>!$_\r\n"
        b"END:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Gus Hale\r\nANNIVERSARY:20150704\r\n"
        b"RELATED;TYPE=friend;VALUE=text:Ida Ng\r\nADR:;;;Oslo;;;Norway\r\nEND:VCARD\r\n"
    )
    pipeline.import_file(owner=alice, data=card, filename="dates.vcf")
    dan = Person.objects.get(owner=alice, display_name="Dan Fox")
    assert dan.location == "Chicago, IL"
    assert dan.about.splitlines() == [
        "address (home): 1 Main St, Chicago, IL",
        "anniversary: 2010-06-01",
        "anniversary 2: 2012-09-09",
        "related (spouse): Eve Fox",
    ]
    gus = Person.objects.get(owner=alice, display_name="Gus Hale")
    assert gus.location == "Oslo, Norway"  # the address is the location: not in the notes
    assert gus.about.splitlines() == ["anniversary: 20150704", "related (friend): Ida Ng"]
    # Imported again, nothing is added twice.
    batch = pipeline.import_file(owner=alice, data=card, filename="dates.vcf")
    assert batch.report["counts"]["created"] == 0
    dan.refresh_from_db()
    assert dan.about.count("anniversary: 2010-06-01") == 1


def test_tine_csv_columns_are_read(alice):
    data = (
        b"n_family,n_given,org_name,org_unit,title,tel_work,tel_cell,tel_fax,email,email_home,"
        b"adr_one_locality,adr_one_countryname,bday,note\n"
        b"Mustermann,Erika,Tine GmbH,Sales,Manager,+49 40 1234567,+49 170 1234567,"
        b"+49 40 1234568,erika@tine.example,erika@home.example,Hamburg,Germany,1980-05-17,"
        b"Met at a fair\n"
    )
    batch = pipeline.import_file(owner=alice, data=data, filename="tine.csv")
    assert batch.report["counts"]["created"] == 1
    erika = Person.objects.get(owner=alice, is_me=False)
    assert (erika.display_name, erika.organization.name, erika.title) == (
        "Erika Mustermann",
        "Tine GmbH",
        "Manager",
    )
    assert [(e.label, e.address) for e in erika.emails.all()] == [
        ("work", "erika@tine.example"),
        ("home", "erika@home.example"),
    ]
    assert [p.label for p in erika.phones.all()] == ["work", "mobile", "work fax"]
    assert erika.location == "Hamburg, Germany"
    assert (erika.birthday_year, erika.birthday_month, erika.birthday_day) == (1980, 5, 17)
    assert erika.about.startswith("Met at a fair")


def test_the_minimal_reproduction_of_the_issue(alice, bob, run, tmp_path):
    """person add / export -f csv / import --dry-run --json in a second account."""
    ana = ("person", "add", "Ana Lima", "-e", "work:ana@example.org", "--birthday", "03-14")
    assert run("-u", "alice", *ana).exit_code == 0
    assert run("-u", "alice", "person", "add", "Bo Ek", "--org", "Acme").exit_code == 0
    path = tmp_path / "mini.csv"
    assert run("-u", "alice", "export", "-f", "csv", "-o", str(path)).exit_code == 0
    result = run("-u", "bob", "import", "--dry-run", "--json", str(path))
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["counts"]["rejected"] == 0 and body["counts"]["created"] == 2
    assert body["warnings"] == []
    assert sorted(p["display_name"] for p in body["new_people"]) == ["Ana Lima", "Bo Ek"]


def test_csv_anniversaries_and_related_people_are_kept_not_dropped(alice):
    data = (
        b"First Name,Last Name,E-mail Address,Anniversary,Spouse,Manager's Name,Referred By\n"
        b"Ada,Quill,ada@quill.example,6/1/2010,Bo Quill,Cy Ode,0/0/00\n"
        b"Max,Muster,max@muster.example,0/0/00,,,\n"
    )
    pipeline.import_file(owner=alice, data=data, filename="outlook.csv")
    ada = Person.objects.get(owner=alice, display_name="Ada Quill")
    assert ada.about.splitlines() == [
        "anniversary: 6/1/2010",
        "related (spouse): Bo Quill",
        "related (manager): Cy Ode",
    ]
    assert Person.objects.get(owner=alice, display_name="Max Muster").about == ""


def test_google_events_and_relations_are_kept(alice):
    data = (
        b"First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Event 1 - Label,"
        b"Event 1 - Value,Relation 1 - Label,Relation 1 - Value\n"
        b"Ida,Ng,* Home,ida@ng.example,Anniversary,2011-05-05,Spouse,Ole Ng\n"
    )
    pipeline.import_file(owner=alice, data=data, filename="google.csv")
    ida = Person.objects.get(owner=alice, display_name="Ida Ng")
    assert ida.about.splitlines() == ["anniversary: 2011-05-05", "related (spouse): Ole Ng"]
