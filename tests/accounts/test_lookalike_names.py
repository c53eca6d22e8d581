"""Account names in look-alike spellings are one name (issue 16, findings 1 and 6).

Fullwidth letters, mathematical bold letters and capitals are the same account
for the login throttle, for login itself, for sign-up, the first-run setup, invitations,
the command line and the security log.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client

from goodwill.accounts import services as accounts
from goodwill.accounts.models import AuditEvent, User, username_key
from goodwill.accounts.services import security
from tests.conftest import PASSWORD


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def bold(text: str) -> str:
    """Mathematical bold letters (digits are left as they are)."""
    return "".join(
        unicodedata.lookup(f"MATHEMATICAL BOLD {'SMALL' if c.islower() else 'CAPITAL'} {c}")
        if c.isalpha()
        else c
        for c in text
    )


FULLWIDTH = fullwidth("race0")
MATH_BOLD = bold("race0")


@pytest.fixture
def race0(db):
    return accounts.create_account(username="race0", password=PASSWORD)


def _login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_one_key_for_every_spelling():
    assert {username_key(n) for n in ("race0", "RACE0", FULLWIDTH, MATH_BOLD, " Race0 ")} == {
        "race0"
    }
    assert username_key("Straße") == username_key("STRASSE")
    assert username_key("alice") != username_key("alicf")


@pytest.mark.parametrize("spelling", [FULLWIDTH, MATH_BOLD, "RACE0"])
def test_the_throttle_holds_for_look_alike_spellings(client, race0, spelling):
    for _ in range(security.LOGIN_FAILURE_LIMIT):
        security.record_login_failure("race0")
    response = _login(client, spelling)  # the right password, another spelling
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_failures_under_other_spellings_count_and_reach_the_owners_log(client, race0):
    for spelling in (FULLWIDTH, MATH_BOLD):
        for _ in range(security.LOGIN_FAILURE_LIMIT // 2):
            security.record_login_failure(spelling)
    assert security.login_blocked("race0")
    failures = AuditEvent.objects.filter(action="login.failure")
    assert failures.count() == security.LOGIN_FAILURE_LIMIT
    assert set(failures.values_list("user", flat=True)) == {race0.pk}
    assert set(failures.values_list("username", flat=True)) == {"race0"}


def test_login_accepts_any_spelling_of_the_name(race0):
    for spelling in ("race0", "Race0", FULLWIDTH, MATH_BOLD):
        client = Client()
        assert _login(client, spelling).status_code == 302, spelling
        assert int(client.session[SESSION_KEY]) == race0.pk


LOOK_ALIKES = [fullwidth("Alice"), fullwidth("alice"), "ALICE", bold("alice")]


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_sign_up_refuses_a_look_alike_of_a_taken_name(client, alice, settings, spelling):
    settings.GOODWILL_SIGNUP = "open"
    data = {"username": spelling, "password": "a long passphrase", "password2": "a long passphrase"}
    response = client.post("/signup/", data)
    assert response.status_code == 422
    assert "is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_an_invitation_cannot_make_a_look_alike_either(alice):
    alice.is_staff = True
    alice.save()
    _invite, secret = security.create_invite(by=alice)
    with pytest.raises(ValidationError) as caught:
        security.sign_up(
            invite_secret=secret, username=fullwidth("Alice"), password="a long passphrase"
        )
    assert "is taken" in str(caught.value.message_dict["username"])
    assert User.objects.count() == 1


def test_a_new_name_is_stored_in_its_plain_form(db):
    user = accounts.create_account(username=fullwidth("Cleo"), password="a long passphrase")
    assert user.username == "Cleo" and user.username_key == "cleo"


def test_the_cli_finds_and_refuses_look_alikes(run, race0):
    result = run("account", "create", "--username", FULLWIDTH, input=PASSWORD)
    assert result.exit_code == 2
    assert "is taken" in result.stderr
    shown = run("--user", MATH_BOLD, "person", "list")
    assert shown.exit_code == 0, shown.output


def test_look_alikes_made_before_the_fix_each_keep_their_own_login(race0):
    # Before usernames were normalised "Race0" could be created beside "race0"; the
    # migration gives the later one "race0~<id>" as its key (0008_username_key).
    twin = User(username="Race0", username_key=f"race0~{race0.pk + 1}")
    twin.set_password("the twin's password")
    twin.save()
    assert User.objects.get(pk=twin.pk).username_key == f"race0~{race0.pk + 1}"
    assert User.objects.find("Race0") == twin
    assert User.objects.find("race0") == race0
    assert User.objects.find(FULLWIDTH) == race0
    assert _login(Client(), "Race0", "the twin's password").status_code == 302


def test_the_migration_keys_existing_accounts_and_keeps_look_alikes_apart(race0, bob):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("goodwill.migrations.0008_username_key")
    twin = accounts.create_account(username="someone", password=PASSWORD)
    # As the database was before: a look-alike name and no keys.
    User.objects.filter(pk=twin.pk).update(username="RACE0")
    for pk in User.objects.values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(username_key=f"unset {pk}")
    migration.set_keys(apps, None)
    keys = dict(User.objects.values_list("username", "username_key"))
    assert keys == {"race0": "race0", "bob": "bob", "RACE0": f"race0~{twin.pk}"}
