"""The CardDAV endpoint's answers, read as XML: discovery, PROPFIND, the REPORTs, GET.

Each answer is parsed with ElementTree and checked the way a client reads it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import vobject

from goodwill.core import revision
from goodwill.dav import rules
from goodwill.dav import services as dav_service
from goodwill.people import services as people
from tests.dav.conftest import basic

pytestmark = pytest.mark.django_db

NS = {"d": "DAV:", "card": "urn:ietf:params:xml:ns:carddav", "cs": "http://calendarserver.org/ns/"}
BOOK = "/dav/alice/contacts/"


def xml(response) -> ET.Element:
    assert response["Content-Type"].startswith("application/xml"), response["Content-Type"]
    return ET.fromstring(response.content)


def responses(root) -> dict[str, ET.Element]:
    return {r.findtext("d:href", namespaces=NS): r for r in root.findall("d:response", NS)}


def prop(response_el, path: str) -> ET.Element | None:
    """A property found (status 200) in one response."""
    for propstat in response_el.findall("d:propstat", NS):
        if "200" in propstat.findtext("d:status", namespaces=NS):
            found = propstat.find(f"d:prop/{path}", NS)
            if found is not None:
                return found
    return None


def card_href(person) -> str:
    return f"{BOOK}{person.pk}.vcf"


def multiget(*hrefs: str, version: str = "") -> str:
    attr = f' version="{version}"' if version else ""
    links = "".join(f"<d:href>{h}</d:href>" for h in hrefs)
    return (
        '<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">'
        f"<d:prop><d:getetag/><card:address-data{attr}/></d:prop>{links}"
        "</card:addressbook-multiget>"
    )


def sync(token: str = "", data: bool = False) -> str:
    wanted = "<card:address-data/>" if data else ""
    return (
        '<d:sync-collection xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">'
        f"<d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level>"
        f"<d:prop><d:getetag/>{wanted}</d:prop></d:sync-collection>"
    )


def sync_token(dav) -> str:
    body = '<d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>'
    root = xml(dav.propfind(BOOK, body))
    return root.findtext(".//d:sync-token", namespaces=NS)


# ------------------------------------------------------------------ discovery and auth


def test_well_known_sends_the_client_to_the_endpoint(client):
    response = client.generic("PROPFIND", "/.well-known/carddav")
    assert response.status_code == 301
    assert response["Location"] == "/dav/"


def test_before_any_account_exists_it_is_still_a_401_not_the_setup_page(client, db):
    # The first-run redirect (to "create your account") is for browsers, not contacts apps.
    assert client.generic("PROPFIND", "/dav/").status_code == 401
    assert client.generic("PROPFIND", "/.well-known/carddav").status_code == 301


def test_no_credentials_is_a_401_that_asks_for_basic(client, alice):
    response = client.generic("PROPFIND", "/dav/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="Goodwill"'
    assert "app password" in response.content.decode()


def test_the_account_password_is_never_accepted(client, alice, alice_secret):
    from tests.conftest import PASSWORD

    for auth in (
        basic("alice", PASSWORD),
        basic("bob", alice_secret),  # a real token under another name
        basic("alice", alice_secret + "x"),
        f"Bearer {alice_secret}",
        "Basic not-base64!",
    ):
        response = client.generic("PROPFIND", "/dav/", HTTP_AUTHORIZATION=auth)
        assert response.status_code == 401, auth


def test_a_revoked_token_stops_working(dav, alice):
    from goodwill.accounts import services as accounts
    from goodwill.accounts.models import ApiToken

    assert dav.propfind("/dav/").status_code == 207
    accounts.revoke_token(owner=alice, token=ApiToken.objects.get(owner=alice, name="phone"))
    assert dav.propfind("/dav/").status_code == 401


def test_the_root_names_the_current_user_principal(dav):
    body = '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>'
    response = dav.propfind("/dav/", body)
    assert response.status_code == 207
    assert response["DAV"] == "1, 3, addressbook"
    found = prop(responses(xml(response))["/dav/"], "d:current-user-principal/d:href")
    assert found.text == "/dav/alice/"


def test_the_principal_names_the_home_and_the_home_holds_one_book(dav):
    body = (
        '<d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop>'
        "<card:addressbook-home-set/><d:resourcetype/><d:displayname/><d:unknown-thing/>"
        "</d:prop></d:propfind>"
    )
    root = xml(dav.propfind("/dav/alice/", body, depth="1"))
    found = responses(root)
    assert set(found) == {"/dav/alice/", BOOK}
    home = prop(found["/dav/alice/"], "card:addressbook-home-set/d:href")
    assert home.text == "/dav/alice/"
    kinds = prop(found[BOOK], "d:resourcetype")
    assert {child.tag for child in kinds} == {"{DAV:}collection", f"{{{rules.CARD}}}addressbook"}
    assert prop(found[BOOK], "d:displayname").text == "Goodwill"
    missing = found[BOOK].find("d:propstat[d:status='HTTP/1.1 404 Not Found']", NS)
    assert missing.find("d:prop/d:unknown-thing", NS) is not None


def test_options_says_what_the_server_speaks(dav):
    response = dav.request("OPTIONS", BOOK)
    assert response.status_code == 200
    assert response["DAV"] == "1, 3, addressbook"
    assert "PROPFIND" in response["Allow"] and "PUT" not in response["Allow"]


# ------------------------------------------------------------------ the book


def test_the_book_has_its_properties_and_lists_each_card(dav, alice, ana, ben):
    me = people.ensure_me(owner=alice)
    gone = people.create_person(owner=alice, display_name="Archived Arno")
    people.set_archived(owner=alice, person=gone, archived=True)
    body = (
        '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/" '
        'xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop>'
        "<d:resourcetype/><d:getetag/><d:getcontenttype/><cs:getctag/><d:sync-token/>"
        "<d:supported-report-set/><d:current-user-privilege-set/><card:supported-address-data/>"
        "</d:prop></d:propfind>"
    )
    found = responses(xml(dav.propfind(BOOK, body, depth="1")))
    assert set(found) == {BOOK, card_href(ana), card_href(ben)}  # not me, not archived
    assert card_href(me) not in found and card_href(gone) not in found
    book = found[BOOK]
    token = prop(book, "d:sync-token").text
    assert token.startswith(rules.TOKEN_PREFIX)
    assert prop(book, "cs:getctag").text == token
    reports = {el.tag for el in prop(book, "d:supported-report-set").iter() if len(el) == 0}
    assert f"{{{rules.CARD}}}addressbook-multiget" in reports
    assert "{DAV:}sync-collection" in reports
    privileges = {el.tag for el in prop(book, "d:current-user-privilege-set").iter()}
    assert "{DAV:}read" in privileges and "{DAV:}write" not in privileges
    versions = {el.get("version") for el in prop(book, "card:supported-address-data")}
    assert versions == {"3.0", "4.0"}
    card = found[card_href(ana)]
    assert prop(card, "d:getcontenttype").text.startswith("text/vcard")
    assert prop(card, "d:getetag").text.startswith('"')
    assert len(prop(card, "d:resourcetype")) == 0


def test_depth_0_lists_only_the_book(dav, ana):
    found = responses(xml(dav.propfind(BOOK, depth="0")))
    assert set(found) == {BOOK}


def test_an_empty_propfind_is_allprop(dav, ana):
    found = responses(xml(dav.propfind(BOOK, "", depth="1")))
    assert prop(found[card_href(ana)], "d:getetag") is not None


def test_bad_xml_is_a_400_that_says_so(dav):
    response = dav.propfind(BOOK, "<d:propfind xmlns:d='DAV:'><d:prop>")
    assert response.status_code == 400
    assert "not well-formed XML" in response.content.decode()
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    assert dav.propfind(BOOK, bomb).status_code == 400


# ------------------------------------------------------------------ cards


def test_multiget_returns_the_cards_and_404s_the_rest(dav, ana, ben, alice):
    root = xml(dav.report(BOOK, multiget(card_href(ana), f"{BOOK}999999.vcf", "/elsewhere/1.vcf")))
    found = responses(root)
    text = prop(found[card_href(ana)], "card:address-data").text
    parsed = vobject.readOne(text)
    assert parsed.version.value == "3.0"
    assert parsed.fn.value == "Ana Ruiz"
    assert [e.value for e in parsed.contents["email"]] == ["ana@ruiz.example"]
    assert [t.value for t in parsed.contents["tel"]] == ["+34 600 123 456"]
    for href in (f"{BOOK}999999.vcf", "/elsewhere/1.vcf"):
        assert found[href].findtext("d:status", namespaces=NS) == "HTTP/1.1 404 Not Found"


def test_multiget_gives_vcard_4_when_asked(dav, ana):
    found = responses(xml(dav.report(BOOK, multiget(card_href(ana), version="4.0"))))
    text = prop(found[card_href(ana)], "card:address-data").text
    assert "VERSION:4.0" in text
    assert prop(found[card_href(ana)], "d:getetag").text.endswith('-4"')


def test_get_a_card_with_etag_and_304(dav, ana):
    response = dav.get(card_href(ana))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    etag = response["ETag"]
    assert vobject.readOne(response.content.decode()).fn.value == "Ana Ruiz"
    again = dav.get(card_href(ana), if_none_match=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    listed = responses(xml(dav.propfind(BOOK, depth="1")))
    assert prop(listed[card_href(ana)], "d:getetag").text == etag


def test_get_gives_vcard_4_by_accept(dav, ana):
    response = dav.get(card_href(ana), accept="text/vcard; version=4.0")
    assert "VERSION:4.0" in response.content.decode()
    assert response["ETag"] != dav.get(card_href(ana))["ETag"]


def test_no_notes_unless_the_account_says_so(dav, alice, ana):
    people.update_person(owner=alice, person=ana, about="Private: going through a divorce")
    revision.bump(alice)
    assert "divorce" not in dav.get(card_href(ana)).content.decode()
    dav_service.update_settings(owner=alice, include_notes=True)
    assert "divorce" in dav.get(card_href(ana)).content.decode()


def test_archived_and_unknown_cards_are_404(dav, alice, ana):
    people.set_archived(owner=alice, person=ana, archived=True)
    assert dav.get(card_href(ana)).status_code == 404
    assert dav.get(f"{BOOK}nothing.vcf").status_code == 404


# ------------------------------------------------------------------ sync-collection


def test_a_first_sync_lists_everyone_then_only_what_changed(dav, alice, ana, ben):
    root = xml(dav.report(BOOK, sync()))
    assert set(responses(root)) == {card_href(ana), card_href(ben)}
    token = root.findtext("d:sync-token", namespaces=NS)

    same = xml(dav.report(BOOK, sync(token)))
    assert responses(same) == {}
    assert same.findtext("d:sync-token", namespaces=NS) == token

    people.update_person(owner=alice, person=ben, title="Architect")
    cleo = people.create_person(owner=alice, display_name="Cleo Vidal")
    revision.bump(alice)
    changed = xml(dav.report(BOOK, sync(token, data=True)))
    found = responses(changed)
    assert set(found) == {card_href(ben), card_href(cleo)}
    assert "TITLE:Architect" in prop(found[card_href(ben)], "card:address-data").text
    assert changed.findtext("d:sync-token", namespaces=NS) != token


def test_deleted_and_archived_people_come_back_as_404_members(dav, alice, ana, ben):
    token = xml(dav.report(BOOK, sync())).findtext("d:sync-token", namespaces=NS)
    ana_href = card_href(ana)
    people.delete_person(owner=alice, person=ana)
    people.set_archived(owner=alice, person=ben, archived=True)
    revision.bump(alice)
    found = responses(xml(dav.report(BOOK, sync(token))))
    assert set(found) == {ana_href, card_href(ben)}
    for el in found.values():
        assert el.findtext("d:status", namespaces=NS) == "HTTP/1.1 404 Not Found"
    # Unarchived: the card is back at the next sync.
    token = sync_token(dav)
    people.set_archived(owner=alice, person=ben, archived=False)
    revision.bump(alice)
    back = responses(xml(dav.report(BOOK, sync(token))))
    assert set(back) == {card_href(ben)}
    assert prop(back[card_href(ben)], "d:getetag") is not None


def test_interactions_do_not_change_the_token_while_no_card_changes(dav, alice, ana):
    from goodwill.interactions import services as interactions

    token = sync_token(dav)
    interactions.log_interaction(
        owner=alice, participants=[ana.pk], kind="call", summary="A call", notes="x"
    )
    revision.bump(alice)
    # The keep-in-touch clock moved, not the card: no phone fetches anything again.
    assert responses(xml(dav.report(BOOK, sync(token)))) == {}
    assert sync_token(dav) == token


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "http://goodwill.invalid/ns/sync/999999-1",  # another book's token
        "TOKEN_FROM_THE_FUTURE",
    ],
)
def test_an_unknown_token_is_403_valid_sync_token(dav, ana, token):
    if token == "TOKEN_FROM_THE_FUTURE":
        current = sync_token(dav)
        token = current.rsplit("-", 1)[0] + "-99999"
    response = dav.report(BOOK, sync(token))
    assert response.status_code == 403
    assert ET.fromstring(response.content).find("d:valid-sync-token", NS) is not None


def test_a_token_older_than_the_kept_tombstones_is_403(dav, alice, ana, ben, frozen_now):
    token = xml(dav.report(BOOK, sync())).findtext("d:sync-token", namespaces=NS)
    people.delete_person(owner=alice, person=ana)
    revision.bump(alice)
    assert dav.report(BOOK, sync(token)).status_code == 207
    # Half a year on, that deletion's tombstone is forgotten: the old token no longer
    # tells everything, so the client is sent back to a full sync.
    frozen_now(days=200)
    people.update_person(owner=alice, person=ben, title="Later")
    revision.bump(alice)
    assert dav.report(BOOK, sync(token)).status_code == 403
    assert dav.report(BOOK, sync()).status_code == 207  # the client starts afresh


def test_addressbook_query_without_filter_lists_all_and_refuses_filters(dav, ana, ben):
    plain = (
        '<card:addressbook-query xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">'
        "<d:prop><d:getetag/></d:prop></card:addressbook-query>"
    )
    assert set(responses(xml(dav.report(BOOK, plain)))) == {card_href(ana), card_href(ben)}
    filtered = plain.replace(
        "</d:prop>",
        '</d:prop><card:filter><card:prop-filter name="FN"><card:text-match>Ana'
        "</card:text-match></card:prop-filter></card:filter>",
    )
    response = dav.report(BOOK, filtered)
    assert response.status_code == 403
    assert ET.fromstring(response.content).find("card:supported-filter", NS) is not None


def test_an_unknown_report_is_refused(dav):
    body = '<d:expand-property xmlns:d="DAV:"/>'
    response = dav.report(BOOK, body)
    assert response.status_code == 403
    assert ET.fromstring(response.content).find("d:supported-report", NS) is not None


# ------------------------------------------------------------------ read-only


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PROPPATCH", "MKCOL", "POST", "MOVE"])
def test_writes_are_refused_with_a_plain_403(dav, alice, ana, method):
    response = dav.request(method, card_href(ana), "BEGIN:VCARD\r\nEND:VCARD\r\n")
    assert response.status_code == 403
    assert "read-only for now" in response.content.decode()
    ana.refresh_from_db()
    assert ana.display_name == "Ana Ruiz"


def test_no_session_is_made_and_no_csrf_is_asked(dav, ana):
    response = dav.propfind(BOOK, depth="1")
    assert response.status_code == 207
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
