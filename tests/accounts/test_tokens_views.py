import re

import pytest

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_shows_a_new_token_once_and_stores_only_its_hash(alice_client, alice):
    response = alice_client.post("/settings/tokens/", {"name": "laptop CLI"})
    assert response.status_code == 200
    secret = re.search(r'id="new-token">(gw_[^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(owner=alice)
    assert token.digest == ApiToken.hash(secret) and secret not in token.digest
    assert token.hint == secret[:8]
    assert accounts.authenticate_token(secret) == alice
    assert response["Cache-Control"] == "no-store"
    again = alice_client.get("/settings/tokens/").content.decode()
    assert secret not in again and "laptop CLI" in again and token.hint in again


def test_it_needs_a_token_name(alice_client, alice):
    response = alice_client.post("/settings/tokens/", {"name": ""})
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(alice_client, alice):
    token, secret = accounts.create_token(owner=alice, name="phone")
    response = alice_client.post(f"/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert accounts.authenticate_token(secret) is None
    assert b"revoked" in alice_client.get("/settings/tokens/").content


def test_it_does_not_let_bob_revoke_alices_token(bob_client, alice):
    token, _ = accounts.create_token(owner=alice, name="phone")
    assert bob_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
