"""A real CardDAV client, vdirsyncer, syncs the address book over loopback to a folder.

vdirsyncer runs as a subprocess against a live Goodwill on 127.0.0.1 (this area's port
range), finds the book from the server's address alone (/.well-known/carddav, the
principal, the home), and writes one .vcf file per card; vobject then reads every file
and the test compares it with the account's people."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import vobject

from goodwill.core import revision
from goodwill.people import services as people
from goodwill.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

VDIRSYNCER = shutil.which("vdirsyncer", path=str(Path(sys.executable).parent)) or shutil.which(
    "vdirsyncer"
)


class Client:
    """One vdirsyncer set-up: a config, a status folder and the folder it syncs into."""

    def __init__(self, root: Path, url: str, username: str, password: str):
        self.root, self.folder = root, root / "contacts"
        root.mkdir(parents=True, exist_ok=True)
        (root / "password").write_text(password)
        (root / "config").write_text(
            f"""[general]
status_path = "{root / "status"}/"

[pair goodwill]
a = "server"
b = "folder"
collections = ["from a"]
conflict_resolution = "a wins"

[storage server]
type = "carddav"
url = "{url}/"
username = "{username}"
password.fetch = ["command", "cat", "{root / "password"}"]
read_only = true

[storage folder]
type = "filesystem"
path = "{self.folder}/"
fileext = ".vcf"
"""
        )

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        env = {**os.environ, "HOME": str(self.root), "VDIRSYNCER_CONFIG": str(self.root / "config")}
        return subprocess.run(
            [VDIRSYNCER, "--verbosity", "WARNING", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    def sync(self) -> subprocess.CompletedProcess:
        if not (self.root / "status").exists():
            found = self.run("discover", "goodwill", stdin="y\n" * 4)
            assert found.returncode == 0, found.stdout + found.stderr
        done = self.run("sync")
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    def cards(self) -> dict[str, vobject.base.Component]:
        """Every card synced, by its FN, each parsed by vobject."""
        files = sorted(self.folder.rglob("*.vcf"))
        parsed = [vobject.readOne(path.read_text(encoding="utf-8")) for path in files]
        return {card.fn.value: card for card in parsed}


@pytest.fixture(autouse=True)
def _vdirsyncer():
    if VDIRSYNCER is None:
        if os.environ.get("CI") == "true":
            pytest.fail("vdirsyncer is required in CI (pip install '.[dev]')")
        pytest.skip("vdirsyncer is not installed (pip install '.[dev]')")


@pytest.fixture
def alice_client(tmp_path, dav_server, alice_secret):
    return Client(tmp_path / "alice", dav_server, "alice", alice_secret)


def values(card, name: str) -> list[str]:
    return sorted(item.value for item in card.contents.get(name, []))


def expected(person: Person) -> tuple[list[str], list[str]]:
    return (
        sorted(e.address for e in person.emails.all()),
        sorted(p.number for p in person.phones.all()),
    )


def test_vdirsyncer_syncs_every_person_and_vobject_reads_each_card(alice_client, alice, ana, ben):
    cleo = people.create_person(
        owner=alice,
        display_name="Cleo Vidal",
        given_name="Cleo",
        family_name="Vidal",
        emails=[{"label": "home", "address": "cleo@vidal.example"}, "c.vidal@work.example"],
        phones=[{"label": "work", "number": "+33 1 23 45 67 89"}],
        about="Secret: wants to leave her job",
    )
    people.ensure_me(owner=alice)
    alice_client.sync()
    cards = alice_client.cards()
    assert set(cards) == {"Ana Ruiz", "Ben Ortega", "Cleo Vidal"}  # not alice's own record
    for person in (ana, ben, cleo):
        card = cards[person.display_name]
        assert (values(card, "email"), values(card, "tel")) == expected(person)
    assert cards["Cleo Vidal"].n.value.family == "Vidal"
    assert cards["Ana Ruiz"].org.value == ["Ruiz Studio"]
    assert "note" not in cards["Cleo Vidal"].contents  # notes stay home by default


def test_a_change_shows_at_the_next_sync_and_deletes_and_archives_disappear(
    alice_client, alice, ana, ben
):
    cleo = people.create_person(owner=alice, display_name="Cleo Vidal")
    alice_client.sync()
    assert set(alice_client.cards()) == {"Ana Ruiz", "Ben Ortega", "Cleo Vidal"}

    people.update_person(owner=alice, person=ben, title="Architect", emails=["ben@ortega.example"])
    people.create_person(owner=alice, display_name="Dora Lind", phones=["+46 70 123 45 67"])
    revision.bump(alice)
    alice_client.sync()
    cards = alice_client.cards()
    assert set(cards) == {"Ana Ruiz", "Ben Ortega", "Cleo Vidal", "Dora Lind"}
    assert cards["Ben Ortega"].title.value == "Architect"
    assert values(cards["Ben Ortega"], "email") == ["ben@ortega.example"]
    assert values(cards["Dora Lind"], "tel") == ["+46 70 123 45 67"]

    people.delete_person(owner=alice, person=ana)
    people.set_archived(owner=alice, person=cleo, archived=True)
    revision.bump(alice)
    alice_client.sync()
    assert set(alice_client.cards()) == {"Ben Ortega", "Dora Lind"}


def test_bobs_vdirsyncer_sees_none_of_alices_people(
    tmp_path, dav_server, alice, ana, ben, bob, bob_secret
):
    people.create_person(owner=bob, display_name="Bob's Friend", emails=["friend@bob.example"])
    client = Client(tmp_path / "bob", dav_server, "bob", bob_secret)
    client.sync()
    assert set(client.cards()) == {"Bob's Friend"}
    text = "".join(p.read_text() for p in client.folder.rglob("*.vcf"))
    assert "Ana Ruiz" not in text and "ruiz.example" not in text


def test_a_wrong_password_makes_vdirsyncer_fail(tmp_path, dav_server, alice, ana):
    from tests.conftest import PASSWORD

    client = Client(tmp_path / "wrong", dav_server, "alice", PASSWORD)  # the account password
    found = client.run("discover", "goodwill", stdin="y\n" * 4)
    assert found.returncode != 0
    assert "401" in found.stdout + found.stderr, found.stdout + found.stderr
    assert not list(client.root.rglob("*.vcf"))
