"""``next=`` takes only a path on this site (issue 16, finding 9)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD

OUTSIDE = [
    "nope",
    "tokens.list",
    "accounts.logout",
    "//evil.example.com/",
    "/\\evil.example.com",
    "https://evil.example.com/",
    "javascript:alert(1)",
    "/\tevil",
]


@pytest.mark.parametrize("target", OUTSIDE)
def test_login_sends_anything_but_a_path_home(alice, target):
    client = Client()
    page = client.get("/login/", {"next": target})
    assert page.status_code == 200
    assert f'name="next" value="{target}"' not in page.content.decode()
    response = client.post("/login/", {"username": "alice", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    # Already logged in: the login page forwards, and still only to a path.
    again = client.get("/login/", {"next": target})
    assert again.status_code == 302 and again["Location"] == "/"


def test_login_follows_a_path_on_this_site(alice):
    client = Client()
    data = {"username": "alice", "password": PASSWORD, "next": "/people/?q=ana"}
    response = client.post("/login/", data)
    assert response["Location"] == "/people/?q=ana"


def test_a_page_that_redirects_to_next_ignores_a_url_name(alice_client, need):
    # delete_owned (web.views) goes to next: a URL name is not a path, so it goes home
    # to the page's own default rather than to wherever the name points.
    response = alice_client.post(f"/giving/needs/{need.pk}/delete/", {"next": "tokens.list"})
    assert response.status_code == 302
    assert response["Location"] == "/giving/"
