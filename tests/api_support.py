"""A small JSON client for the API tests: alice's token, /api/v1 prefix, JSON bodies."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill.accounts import services as accounts

PREFIX = "/api/v1"


class Api:
    def __init__(self, client, secret: str | None):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}

    def _url(self, path: str) -> str:
        return path if path.startswith(PREFIX) else PREFIX + path

    def get(self, path: str, **params):
        return self.client.get(self._url(path), params, **self.headers)

    def _send(self, method: str, path: str, body=None):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(
            self._url(path), data=data, content_type="application/json", **self.headers
        )

    def post(self, path: str, body=None):
        return self._send("post", path, body if body is not None else {})

    def put(self, path: str, body=None):
        return self._send("put", path, body if body is not None else {})

    def patch(self, path: str, body=None):
        return self._send("patch", path, body if body is not None else {})

    def delete(self, path: str):
        return self._send("delete", path)


def api_for(client, user) -> Api:
    _, secret = accounts.create_token(owner=user, name=f"{user.username}'s tests")
    return Api(client, secret)


def assert_error(response, status: int, error: str, field: str | None = None) -> dict:
    """The response is an error in the one shape; optionally naming a field."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error", "message", "fields"}, body
    assert body["error"] == error, body
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        assert field in body["fields"], body
        assert all(isinstance(m, str) for m in body["fields"][field])
    return body


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
        assert response.status_code == 200, response.content
    return len(ctx.captured_queries)
