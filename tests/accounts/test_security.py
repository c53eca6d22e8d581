"""Login throttling, the audit log, sessions, invitations and deleting an account."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from goodwill.accounts import queries as account_queries
from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken, AuditEvent, Invite, LoginFailure, User
from goodwill.accounts.services import security
from goodwill.middleware import LOGIN_AT_KEY, SEEN_KEY
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.conftest import PASSWORD
from tests.support import IMMEDIATE


def _login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


# ------------------------------------------------------------------ login


def test_it_logs_in_with_a_new_session_key_and_records_it(client, alice):
    client.get("/login/")
    before = client.cookies.get("sessionid")
    response = _login(client, "alice")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    event = AuditEvent.objects.get(action="login.success")
    assert event.user == alice and event.ip == "127.0.0.1"


def test_it_answers_a_wrong_password_and_an_unknown_name_alike(client, alice):
    wrong = _login(client, "alice", "not the password")
    unknown = _login(client, "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 422
    strip = lambda r: r.content.decode().replace("nobody-here", "alice")  # noqa: E731
    assert _error_text(strip(wrong)) == _error_text(strip(unknown))
    failures = AuditEvent.objects.filter(action="login.failure")
    assert failures.count() == 2
    # The typed name is kept only for a real account: a password typed into the
    # username box must never reach the log.
    assert sorted(failures.values_list("username", flat=True)) == ["", "alice"]


def _error_text(html: str) -> str:
    start = html.index('class="form-errors"')
    return html[start : html.index("</div>", start)]


def test_it_throttles_an_account_after_100_failures_before_hashing(client, alice):
    for _ in range(security.LOGIN_FAILURE_LIMIT):
        security.record_login_failure("Alice ")  # same account, however it is typed
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        response = _login(client, "alice")  # even the right password
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    authenticate.assert_not_called()
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="login.throttled", user=alice).exists()
    # Names that do not exist are throttled the same way: no enumeration.
    for _ in range(security.LOGIN_FAILURE_LIMIT):
        security.record_login_failure("ghost")
    assert _login(client, "ghost").status_code == 429


def test_it_lets_the_account_in_again_after_the_hour(client, alice, frozen_now):
    for _ in range(security.LOGIN_FAILURE_LIMIT):
        security.record_login_failure("alice")
    assert security.login_blocked("alice")
    frozen_now(hours=1, minutes=1)
    assert not security.login_blocked("alice")
    assert _login(client, "alice").status_code == 302
    security.record_login_failure("alice")
    assert LoginFailure.objects.count() == 1  # old rows are pruned


def test_it_records_logout(alice_client, alice):
    alice_client.post("/logout/")
    assert AuditEvent.objects.filter(action="logout", user=alice).exists()
    assert alice_client.get("/people/").status_code == 302


# ------------------------------------------------------------------ sessions


def test_it_signs_out_other_sessions_and_keeps_this_one(alice):
    here, there = Client(), Client()
    _login(here, "alice")
    _login(there, "alice")
    assert there.get("/people/").status_code == 200
    assert here.post("/settings/account/sessions/").status_code == 302
    assert here.get("/people/").status_code == 200
    assert there.get("/people/").status_code == 302
    assert AuditEvent.objects.filter(action="sessions.revoke_others").count() == 1


def test_it_changes_the_password_and_ends_other_sessions(alice):
    here, there = Client(), Client()
    _login(here, "alice")
    _login(there, "alice")
    bad = here.post(
        "/settings/account/password/",
        {"old_password": "wrong", "new_password": "a new long passphrase"},
    )
    assert bad.status_code == 422 and "not your current password" in bad.content.decode()
    good = here.post(
        "/settings/account/password/",
        {"old_password": PASSWORD, "new_password": "a new long passphrase"},
    )
    assert good.status_code == 302
    assert here.get("/people/").status_code == 200
    assert there.get("/people/").status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a new long passphrase")


def test_it_refuses_a_weak_new_password(alice_client, alice):
    response = alice_client.post(
        "/settings/account/password/",
        {"old_password": PASSWORD, "new_password": "password123"},
    )
    assert response.status_code == 422
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("seen_ago", "login_ago", "action"),
    [(169 * 3600, 170 * 3600, "session.expired_idle"), (60, 31 * 86400, "session.expired_max_age")],
)
def test_it_ends_idle_and_too_old_sessions(client, alice, seen_ago, login_ago, action):
    _login(client, "alice")
    session = client.session
    now = int(time.time())
    session[SEEN_KEY] = now - seen_ago
    session[LOGIN_AT_KEY] = now - login_ago
    session.save()
    response = client.get("/people/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert AuditEvent.objects.filter(action=action, user=alice).exists()


def test_it_keeps_an_active_session(client, alice):
    _login(client, "alice")
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 3600
    session.save()
    assert client.get("/people/").status_code == 200
    assert client.session[SEEN_KEY] >= int(time.time()) - 5


# ------------------------------------------------------------------ tokens


def test_it_lets_a_read_only_token_read_but_never_write(client, alice):
    _, secret = accounts.create_token(owner=alice, name="dashboard", scope="read")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/people", **auth).status_code == 200
    response = client.post(
        "/api/v1/people", {"display_name": "Zoe"}, content_type="application/json", **auth
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]
    assert not Person.objects.filter(owner=alice, display_name="Zoe").exists()


def test_it_never_accepts_a_token_in_the_query_string(client, alice):
    _, secret = accounts.create_token(owner=alice, name="laptop")
    for name in ("token", "access_token", "api_key", "key"):
        assert client.get(f"/api/v1/people?{name}={secret}").status_code == 401


def test_it_creates_scoped_tokens_in_the_api_cli_and_web(alice_client, alice, run, settings):
    created = alice_client.post(
        "/api/v1/tokens", {"name": "ci", "scope": "read"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["scope"] == "read"
    settings.GOODWILL_CLI_USER = "alice"
    result = run("token", "create", "cron", "--read-only")
    assert result.exit_code == 0
    assert ApiToken.objects.get(owner=alice, name="cron").scope == "read"
    alice_client.post("/settings/tokens/", {"name": "phone", "scope": "write"})
    assert ApiToken.objects.get(owner=alice, name="phone").scope == "write"
    bad = alice_client.post(
        "/api/v1/tokens", {"name": "x", "scope": "admin"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "scope" in bad.json()["fields"]
    actions = set(AuditEvent.objects.filter(user=alice).values_list("action", flat=True))
    assert "token.create" in actions


# ------------------------------------------------------------------ the audit log


def _denied_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "goodwill.security"]


def test_denied_access_goes_to_the_hosts_log_not_the_probers(client, alice, bob, ana, caplog):
    caplog.set_level("WARNING", logger="goodwill.security")
    client.force_login(bob)
    probe = client.get(f"/people/{ana.pk}/")
    _, secret = accounts.create_token(owner=bob, name="bob's")
    api = client.get(f"/api/v1/people/{ana.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert probe.status_code == api.status_code == 404
    lines = _denied_lines(caplog)
    assert len(lines) == 2
    assert all(f"account={bob.pk} (bob) object=person id={ana.pk} ip=127.0.0.1" in x for x in lines)
    # An id that exists nowhere is just a 404, not an attempt on someone's data.
    client.get("/people/999999/")
    assert len(_denied_lines(caplog)) == 2


def test_a_probe_reads_the_same_as_a_missing_id(client, alice, bob, ana):
    """The existence oracle: bob's own security log (page, API) must not change
    differently for alice's id than for an id that does not exist."""
    client.force_login(bob)
    _, secret = accounts.create_token(owner=bob, name="bob's")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def bobs_view(pk):
        before = AuditEvent.objects.filter(user=bob).count()
        page = client.get(f"/people/{pk}/")
        api = client.get(f"/api/v1/people/{pk}", **auth)
        body = client.get(f"/api/v1/people/{pk}/notes", **auth)
        after = AuditEvent.objects.filter(user=bob).count()
        strip = lambda r: r.content.decode().replace(str(pk), "ID")  # noqa: E731
        return (page.status_code, api.status_code, body.status_code, after - before), (
            strip(api),
            strip(body),
        )

    missing = ana.pk + 10_000
    assert bobs_view(ana.pk) == bobs_view(missing)
    assert not AuditEvent.objects.filter(action="access.denied").exists()
    settings_page = client.get("/settings/account/").content.decode()
    assert "access.denied" not in settings_page
    # Rows written before the fix stay in the table for the host, out of bob's sight.
    AuditEvent.objects.create(user=bob, username="bob", action="access.denied")
    assert "access.denied" not in client.get("/settings/account/").content.decode()


def test_it_keeps_secrets_and_notes_out_of_the_audit_log(client, alice, coffee):
    _login(client, "alice")
    _login(Client(), "alice", "my secret guess")
    _token, secret = accounts.create_token(owner=alice, name="x")
    rows = [str(e.__dict__) for e in AuditEvent.objects.all()]
    for needle in (PASSWORD, "my secret guess", secret, secret[8:], "Valencia marathon"):
        assert not any(needle in row for row in rows), needle


def test_it_shows_the_owner_their_own_security_events_only(alice_client, alice, bob):
    security.audit("login.success", user=bob)
    security.audit("token.create", user=alice)
    body = alice_client.get("/settings/account/").content.decode()
    assert "token.create" in body and "login.success" not in body


# ------------------------------------------------------------------ sign-up and invitations


def test_it_keeps_sign_up_closed_by_default(client, alice):
    assert client.get("/signup/").status_code == 403
    response = client.post(
        "/signup/", {"username": "eve", "password": "long enough pass", "password2": "x"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="eve").exists()


def _signup(client, invite, username="cleo"):
    data = {"username": username, "password": "a long passphrase", "password2": "a long passphrase"}
    if invite:
        data["invite"] = invite
    return client.post("/signup/", data)


def test_it_signs_up_once_through_an_invitation_link(client, alice, settings):
    settings.GOODWILL_SITE_URL = "https://goodwill.example.org"
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    page = client.post("/settings/invites/", {"note": "Cleo", "days": 7})
    body = page.content.decode()
    assert "https://goodwill.example.org/signup/?invite=gwi_" in body
    secret = body.split("?invite=")[1].split("<")[0]
    assert Invite.objects.get().digest not in body
    client.logout()
    assert client.get(f"/signup/?invite={secret}").status_code == 200
    assert _signup(client, secret).status_code == 302
    cleo = User.objects.get(username="cleo")
    assert Person.objects.get(owner=cleo, is_me=True)
    client.logout()
    again = _signup(Client(), secret, username="mallory")
    assert again.status_code == 403
    assert not User.objects.filter(username="mallory").exists()


def test_it_refuses_expired_revoked_and_made_up_invitations(client, alice, frozen_now):
    alice.is_staff = True
    alice.save()
    _, expired = security.create_invite(by=alice, days=1)
    revoked_invite, revoked = security.create_invite(by=alice)
    security.revoke_invite(by=alice, invite_id=revoked_invite.pk)
    frozen_now(days=2)
    for secret in (expired, revoked, "gwi_made-up", "nonsense"):
        assert _signup(client, secret).status_code == 403, secret
    assert User.objects.count() == 1


def test_it_lets_only_hosts_invite(client, alice, bob):
    client.force_login(bob)
    assert client.get("/settings/invites/").status_code == 404
    with pytest.raises(Exception, match="hosts"):
        security.create_invite(by=bob)


def test_it_opens_sign_up_when_the_host_says_so(client, alice, settings):
    settings.GOODWILL_SIGNUP = "open"
    assert client.get("/signup/").status_code == 200
    assert _signup(client, None, username="dan").status_code == 302
    assert User.objects.filter(username="dan").exists()


# ------------------------------------------------------------------ deleting the account


def test_it_deletes_an_account_and_everything_it_owns(client, alice, bob, coffee):
    people.create_person(owner=bob, display_name="Bob's friend")
    client.force_login(alice)
    wrong = client.post(
        "/settings/account/delete/", {"password": "nope", "confirm": "delete my account"}
    )
    assert wrong.status_code == 422
    assert User.objects.filter(pk=alice.pk).exists()
    done = client.post(
        "/settings/account/delete/", {"password": PASSWORD, "confirm": "Delete my account"}
    )
    assert done.status_code == 302
    assert not User.objects.filter(username="alice").exists()
    from django.apps import apps

    for model in apps.get_app_config("goodwill").get_models():
        if any(f.name == "owner" for f in model._meta.fields):
            assert not model.objects.filter(owner_id=alice.pk).exists(), model
    assert Person.objects.filter(owner=bob, display_name="Bob's friend").exists()
    event = AuditEvent.objects.get(action="account.delete")
    assert event.username == "alice" and event.user is None


def test_it_makes_the_first_account_a_host(client, db):
    client.post(
        "/setup/",
        {"username": "hana", "password": "a long passphrase", "password2": "a long passphrase"},
    )
    assert User.objects.get(username="hana").is_staff
    assert client.get("/settings/invites/").status_code == 200


def test_it_invites_and_deletes_accounts_from_the_cli(run, alice, bob, settings):
    settings.GOODWILL_SITE_URL = "https://goodwill.example.org"
    settings.GOODWILL_CLI_USER = "alice"
    result = run("account", "invite", "--note", "Cleo", "--days", "3")
    assert result.exit_code == 0
    link = result.stdout.strip()
    assert link.startswith("https://goodwill.example.org/signup/?invite=gwi_")
    assert account_queries.find_invite(link.split("invite=")[1]).note == "Cleo"
    bad = run("account", "invite", "--days", "400")
    assert bad.exit_code == 2 and "between 1 and 90" in bad.stderr
    refused = run("account", "delete", "bob", input="n\n")
    assert refused.exit_code == 1 and User.objects.filter(username="bob").exists()
    assert run("account", "delete", "bob", "--yes").exit_code == 0
    assert not User.objects.filter(username="bob").exists()
    assert run("account", "delete", "nobody", "--yes").exit_code == 2


def test_it_records_exports_in_the_audit_log(alice_client, alice):
    response = alice_client.get("/export/?format=csv")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert event.user == alice and event.detail == {"format": "csv", "private": False}


# ------------------------------------------------------------------ password reset

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def mailing(settings):
    settings.GOODWILL_EMAIL_ENABLED = True
    settings.MAILERS = LOCMEM
    settings.TASKS = IMMEDIATE
    settings.GOODWILL_SITE_URL = "https://goodwill.example.org"


def test_it_resets_a_password_through_a_link_built_from_the_site_url(client, alice, mailing):
    from django.core import mail

    other = Client()
    _login(other, "alice")
    page = client.post("/password-reset/", {"email": "ALICE@example.org"}, HTTP_HOST="localhost")
    assert page.status_code == 200 and "If an account uses that address" in page.content.decode()
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if w.startswith("https://"))
    assert link.startswith("https://goodwill.example.org/password-reset/confirm/?u=")
    path = link.removeprefix("https://goodwill.example.org")
    assert client.get(path).status_code == 200
    query = path.split("?")[1]
    done = client.post(f"/password-reset/confirm/?{query}", {"new_password": "a fresh passphrase"})
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a fresh passphrase")
    assert other.get("/people/").status_code == 302  # every old session is over
    assert client.get(path).status_code == 400  # the link works once
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "password.reset_sent" in actions and "password.reset" in actions


def test_it_answers_the_same_for_an_unknown_address(client, alice, mailing):
    from django.core import mail

    known = client.post("/password-reset/", {"email": "alice@example.org"})
    unknown = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: r.content.decode().replace("csrfmiddlewaretoken", "")  # noqa: E731
    assert _main(strip(known)) == _main(strip(unknown))
    assert len(mail.outbox) == 1


def _main(html: str) -> str:
    return html[html.index("<h1>") : html.index("</section>")]


def test_it_sends_at_most_five_reset_mails_an_hour(client, alice, mailing):
    from django.core import mail

    for _ in range(8):
        client.post("/password-reset/", {"email": "alice@example.org"})
    assert len(mail.outbox) == security.RESET_REQUESTS_PER_HOUR


def test_it_refuses_forged_reset_links(client, alice):
    for query in ("", "u=MQ&t=nope", "u=!!&t=x", "u=OTk5&t=abc-def"):
        assert client.get(f"/password-reset/confirm/?{query}").status_code == 400
        response = client.post(f"/password-reset/confirm/?{query}", {"new_password": "x" * 12})
        assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_it_says_how_to_reset_when_no_mail_is_configured(client, alice, settings):
    settings.GOODWILL_EMAIL_ENABLED = False
    body = client.post("/password-reset/", {"email": "alice@example.org"}).content.decode()
    assert "changepassword" in body
