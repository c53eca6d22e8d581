"""bob, signed in with his own app password, gets 404 on every CardDAV route that names
alice or one of her people, and his book shows nothing of hers.

tests/core/test_isolation.py walks the session routes; the dav routes sign in with HTTP
Basic instead, so this module walks them the same way (every route with a parameter,
found from the URL list, so a new one is checked without edits)."""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver

from goodwill.dav import rules
from tests.core.test_isolation import PARAM, walk

pytestmark = pytest.mark.django_db

METHODS = ["GET", "HEAD", "PROPFIND", "REPORT", "OPTIONS", "PUT", "DELETE", "PROPPATCH"]


def dav_routes():
    return [
        (name, pattern)
        for name, pattern in walk(get_resolver().url_patterns)
        if name.startswith("dav.") and PARAM.search(pattern)
    ]


def fill(pattern: str, values: dict) -> str:
    def sub(match):
        name = match.group(1)
        assert name in values, f"{pattern}: say what {name!r} names in this walk"
        return values[name]

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", sub, pattern)
    return "/" + path.replace("^", "").replace("$", "").replace("/?", "/")


def test_every_dav_route_with_a_parameter_is_404_to_bob(bob_dav, alice, ana, ben):
    routes = dav_routes()
    assert {n for n, _ in routes} >= {"dav.principal", "dav.book", "dav.card"}
    leaks = []
    for name, pattern in routes:
        url = fill(pattern, {"username": "alice", "name": f"{ana.pk}.vcf"})
        for method in METHODS:
            response = bob_dav.request(method, url, "<x/>")
            if response.status_code != 404:
                leaks.append(f"{method} {url} ({name}) → {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_alices_card_in_bobs_own_book_is_404(bob_dav, ana):
    href = rules.card_href("bob", ana.pk)
    assert bob_dav.get(href).status_code == 404
    assert bob_dav.propfind(href).status_code == 404
    body = (
        '<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">'
        f"<d:prop><d:getetag/><card:address-data/></d:prop><d:href>{href}</d:href>"
        f"<d:href>{rules.card_href('alice', ana.pk)}</d:href></card:addressbook-multiget>"
    )
    response = bob_dav.report("/dav/bob/contacts/", body)
    assert response.status_code == 207
    assert "Ana Ruiz" not in response.content.decode()
    assert response.content.decode().count("404 Not Found") == 2


def test_bobs_book_lists_none_of_alices_people(bob_dav, bob, alice, ana, ben):
    response = bob_dav.propfind("/dav/bob/contacts/", depth="1")
    assert response.status_code == 207
    body = response.content.decode()
    assert f"/{ana.pk}.vcf" not in body and f"/{ben.pk}.vcf" not in body
    sync = (
        '<d:sync-collection xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">'
        "<d:sync-token/><d:prop><d:getetag/><card:address-data/></d:prop></d:sync-collection>"
    )
    assert "Ana Ruiz" not in bob_dav.report("/dav/bob/contacts/", sync).content.decode()


def test_alices_sync_token_is_not_valid_in_bobs_book(dav, bob_dav, ana):
    sync = (
        '<d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token>'
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    )
    first = dav.report("/dav/alice/contacts/", sync.format(""))
    token = re.search(r"<d:sync-token>([^<]+)</d:sync-token>", first.content.decode()).group(1)
    response = bob_dav.report("/dav/bob/contacts/", sync.format(token))
    assert response.status_code == 403
    assert b"valid-sync-token" in response.content
