import pytest
from django.urls import reverse

from goodwill.accounts.models import User
from goodwill.people.models import Person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = {
    "display_name": "Alice Liddell",
    "username": "alice",
    "email": "alice@example.org",
    "password": PASSWORD,
    "password2": PASSWORD,
}


def test_it_has_no_default_account_and_sends_every_page_to_setup(client):
    assert User.objects.count() == 0
    for url in ["/", "/people/", "/log/", "/login/", "/settings/tokens/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts.setup")
    assert client.get("/setup/").status_code == 200


def test_it_creates_the_first_account_and_logs_it_in(client):
    response = client.post("/setup/", SETUP)
    # A new user is welcomed into the short check-in (skippable) before Today.
    assert response.status_code == 302 and response["Location"] == reverse("coach.welcome")
    user = User.objects.get()
    assert user.username == "alice" and user.check_password(PASSWORD)
    assert Person.objects.get(owner=user, is_me=True).display_name == "Alice Liddell"
    home = client.get("/")
    assert home.status_code == 200
    assert b"Your network starts with one person" in home.content


def test_it_refuses_setup_once_an_account_exists(client):
    client.post("/setup/", SETUP)
    client.post("/logout/")
    response = client.get("/setup/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts.login")
    again = client.post("/setup/", {**SETUP, "username": "mallory"})
    assert again.status_code == 302
    assert not User.objects.filter(username="mallory").exists()


def test_it_requires_login_on_every_page_after_setup(client, alice):
    for url in ["/", "/people/", "/log/", "/tags/", "/settings/tokens/", "/people/search/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts.login") + "?next=")


def test_it_shows_password_mismatch_and_saves_nothing(client):
    response = client.post("/setup/", {**SETUP, "password2": "something else entirely"})
    assert response.status_code == 422
    assert b"The two passwords differ." in response.content
    assert User.objects.count() == 0


def test_it_reports_a_weak_password_on_its_field(client):
    response = client.post("/setup/", {**SETUP, "password": "short", "password2": "short"})
    assert response.status_code == 422
    assert "password" in response.context["form"].errors
    assert User.objects.count() == 0


def test_it_logs_in_and_out(client, alice):
    bad = client.post("/login/", {"username": "alice", "password": "wrong password"})
    assert bad.status_code == 422
    good = client.post("/login/?next=/people/", {"username": "alice", "password": PASSWORD})
    assert good.status_code == 302 and good["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/people/").status_code == 302


def test_it_ignores_an_offsite_next_after_login(client, alice):
    response = client.post(
        "/login/?next=https://evil.example/", {"username": "alice", "password": PASSWORD}
    )
    assert response["Location"] == reverse("home")
