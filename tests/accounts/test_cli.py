"""The CLI's accounts, "which account" logic and tokens."""

from __future__ import annotations

import json

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken, User
from goodwill.accounts.schemas import TokenOut
from goodwill.api.schemas import dump_many
from goodwill.people import services as people
from goodwill.people.models import Person

PASSWORD = "a long enough pass phrase"


def test_it_creates_an_account_with_the_password_from_stdin(run):
    result = run(
        "account",
        "create",
        "--username",
        "carol",
        "--email",
        "c@example.org",
        "--name",
        "Carol C",
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created the account 'carol'" in result.stdout
    user = User.objects.get(username="carol")
    assert user.check_password(PASSWORD)
    assert user.email == "c@example.org"
    assert Person.objects.get(owner=user, is_me=True).display_name == "Carol C"


def test_it_rejects_a_weak_password_naming_the_field(run):
    result = run("account", "create", "--username", "carol", input="12345\n")
    assert result.exit_code == 2
    assert "error: password:" in result.stderr
    assert "Traceback" not in result.output
    assert not User.objects.filter(username="carol").exists()


def test_it_rejects_a_taken_username_and_a_bad_email_at_once(run, alice):
    result = run("account", "create", "--username", "ALICE", "--email", "nope", input=PASSWORD)
    assert result.exit_code == 2
    assert "error: username: The username 'ALICE' is taken." in result.stderr
    assert "error: email:" in result.stderr
    assert User.objects.count() == 1


def test_it_asks_for_a_username_when_the_password_comes_from_stdin(run):
    result = run("account", "create", input=PASSWORD)
    assert result.exit_code == 2
    assert "username" in result.stderr
    assert not User.objects.exists()


def test_it_lists_accounts_as_a_table_and_as_json(run, alice, bob, ana):
    table = run("account", "list")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "Username", "Email", "People", "Joined"]
    assert "alice" in lines[1] and "alice@example.org" in lines[1] and " 1 " in lines[1]
    assert "bob" in lines[2]
    data = json.loads(run("account", "list", "--json").stdout)
    assert [a["username"] for a in data] == ["alice", "bob"]
    assert data[0]["person"]["is_me"] is True
    assert set(data[0]) == {"id", "username", "email", "phone_region", "person"}


# ---------------------------------------------------------------- which account


def test_it_tells_you_to_create_an_account_when_there_is_none(run):
    result = run("person", "list")
    assert result.exit_code == 2
    assert "goodwill account create" in result.stderr


def test_it_acts_as_the_only_account(run, alice, ana):
    result = run("person", "list")
    assert result.exit_code == 0
    assert "Ana Ruiz" in result.stdout


def test_it_lists_the_usernames_when_several_accounts_and_none_named(run, alice, bob):
    result = run("person", "list")
    assert result.exit_code == 2
    assert "alice, bob" in result.stderr
    assert "--user" in result.stderr and "GOODWILL_USER" in result.stderr


def test_it_acts_as_the_account_named_by_the_user_option(run, alice, bob, ana):
    people.create_person(owner=bob, display_name="Bea Bob")
    as_bob = run("--user", "bob", "person", "list")
    assert as_bob.exit_code == 0
    assert "Bea Bob" in as_bob.stdout and "Ana Ruiz" not in as_bob.stdout
    as_alice = run("-u", "alice", "person", "list")
    assert "Ana Ruiz" in as_alice.stdout and "Bea Bob" not in as_alice.stdout


def test_it_acts_as_the_account_named_by_goodwill_user(run, settings, alice, bob, ana):
    settings.GOODWILL_CLI_USER = "bob"
    result = run("person", "list")
    assert result.exit_code == 0
    assert "Ana Ruiz" not in result.stdout
    # --user wins over GOODWILL_USER
    assert "Ana Ruiz" in run("--user", "alice", "person", "list").stdout


def test_it_names_the_accounts_when_the_user_does_not_exist(run, alice):
    result = run("--user", "zoe", "person", "list")
    assert result.exit_code == 2
    assert "'zoe'" in result.stderr and "alice" in result.stderr


# ---------------------------------------------------------------- tokens


def test_it_creates_a_token_printing_only_the_secret_on_stdout(run, alice):
    result = run("token", "create", "laptop script")
    assert result.exit_code == 0
    secret = result.stdout.strip()
    assert secret.startswith(ApiToken.PREFIX)
    assert "not shown again" in result.stderr
    assert accounts.authenticate_token(secret) == alice
    assert ApiToken.objects.get(owner=alice).name == "laptop script"


def test_it_lists_and_revokes_tokens(run, alice, bob):
    token, _ = accounts.create_token(owner=alice, name="ci")
    accounts.create_token(owner=bob, name="bobs")
    listing = run("--user", "alice", "token", "list")
    assert "ci" in listing.stdout and "active" in listing.stdout and "bobs" not in listing.stdout
    data = json.loads(run("--user", "alice", "token", "list", "--json").stdout)
    assert data == dump_many(TokenOut, ApiToken.objects.filter(owner=alice))

    revoked = run("--user", "alice", "token", "revoke", str(token.pk))
    assert revoked.exit_code == 0 and "Revoked token 'ci'" in revoked.stdout
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in run("--user", "alice", "token", "list").stdout


def test_it_refuses_to_revoke_another_accounts_token(run, alice, bob):
    token, _ = accounts.create_token(owner=bob, name="bobs")
    result = run("--user", "alice", "token", "revoke", str(token.pk))
    assert result.exit_code == 2
    assert f"error: token: No api token with id {token.pk}." in result.stderr
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_names_the_field_when_a_token_has_no_name(run, alice):
    result = run("token", "create", "  ")
    assert result.exit_code == 2
    assert "error: name:" in result.stderr
    assert not ApiToken.objects.exists()
