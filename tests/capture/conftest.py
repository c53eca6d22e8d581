"""Capture's fixtures: a real Dovecot on 127.0.0.1 (ports 14300-14399), a mailbox per
test, and alice's IMAP connector pointing at it."""

from __future__ import annotations

import itertools
import os

import pytest

from goodwill.capture.services import connectors
from goodwill.core import vault
from tests.capture import dovecot

# Ports 14320-14389, the first two free ones: two test sessions (SQLite and PostgreSQL)
# may run side by side; the benchmark uses 14310-14311.
PORTS = range(14320, 14390)
_users = itertools.count(1)


@pytest.fixture(scope="session")
def imap_server():
    why = dovecot.available()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Dovecot is required in CI: {why}")
        pytest.skip(why)
    port, tls_port = dovecot.free_ports(PORTS, 2)
    server = dovecot.start(port, tls_port)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _vault(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    vault.forget_key_cache()
    yield
    vault.forget_key_cache()


@pytest.fixture
def mailbox(imap_server):
    """A fresh, empty mailbox on the server: (user name, password)."""
    user = f"user{next(_users) % dovecot.POOL}"
    imap_server.drop_mail(user)
    yield user, dovecot.PASSWORD
    imap_server.drop_mail(user)


@pytest.fixture
def connector(alice, imap_server, mailbox):
    user, password = mailbox
    return connectors.add_mailbox(
        owner=alice,
        name="Work mail",
        host="127.0.0.1",
        port=imap_server.port,
        security="plain",
        username=user,
        password=password,
        own_addresses=["alice@work.example"],
    )
