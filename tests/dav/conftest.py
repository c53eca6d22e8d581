"""The CardDAV tests' fixtures: app passwords (API tokens) for alice and bob, a test
client that speaks WebDAV, and a live server on loopback for real clients."""

from __future__ import annotations

import base64
import socket

import pytest

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken

# The ports this area's live servers may use (one at a time, the first free one).
PORTS = range(14600, 14700)


def basic(username: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()


@pytest.fixture
def alice_secret(alice):
    return accounts.create_token(owner=alice, name="phone", scope=ApiToken.READ)[1]


@pytest.fixture
def bob_secret(bob):
    return accounts.create_token(owner=bob, name="bob's phone", scope=ApiToken.READ)[1]


class Dav:
    """Django's test client with one account's Basic credentials and WebDAV's methods."""

    def __init__(self, client, username: str, secret: str):
        self.client, self.auth = client, basic(username, secret)

    def request(self, method: str, path: str, body: str = "", **headers):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        extra.setdefault("HTTP_AUTHORIZATION", self.auth)
        return self.client.generic(
            method, path, body.encode(), content_type="application/xml; charset=utf-8", **extra
        )

    def propfind(self, path: str, body: str = "", depth: str = "0", **headers):
        return self.request("PROPFIND", path, body, depth=depth, **headers)

    def report(self, path: str, body: str, depth: str = "1", **headers):
        return self.request("REPORT", path, body, depth=depth, **headers)

    def get(self, path: str, **headers):
        return self.request("GET", path, **headers)


@pytest.fixture
def dav(client, alice, alice_secret):
    return Dav(client, "alice", alice_secret)


@pytest.fixture
def bob_dav(client, bob, bob_secret):
    return Dav(client, "bob", bob_secret)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the live server")
    raise AssertionError  # unreachable


@pytest.fixture(scope="module")
def dav_server(request, django_db_setup, django_db_blocker):
    """A live Goodwill on 127.0.0.1 (its URL), for a real client in another process.

    Built on pytest-django's LiveServer helper, on this area's own port range. Tests
    using it need the ``transactional_db`` fixture so the server sees their rows."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer(f"127.0.0.1:{free_port()}")
    request.addfinalizer(server.stop)
    return server.url
