"""Unknown addresses: JSON under /api/, a friendly page elsewhere."""

from goodwill.accounts import services as accounts


def test_it_answers_an_unknown_api_path_in_the_error_shape(client, alice):
    _, secret = accounts.create_token(owner=alice, name="cli")
    response = client.get("/api/v1/no-such-thing", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "No API endpoint at /api/v1/no-such-thing.",
        "fields": {},
    }


def test_it_shows_a_friendly_page_for_an_unknown_person(alice_client):
    response = alice_client.get("/people/987654/")
    assert response.status_code == 404
    assert "This page doesn't exist, or it isn't yours to see." in response.content.decode()
