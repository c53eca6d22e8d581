"""Who is calling: a personal access token, or the logged-in browser session.

Tokens come first: ``Authorization: Bearer gw_…``. A header that names a token which
does not exist (or was revoked) is a 401 even when a session cookie is also present.
The session is accepted with Django's CSRF check on unsafe methods, the same rule as
the web forms; the check runs only once a session has been found, so a request with
no credentials at all is a 401, never a CSRF 403.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from goodwill.accounts import services as accounts
from goodwill.core import zones

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer gw_…`` only: a token in the query string is never read."""

    def authenticate(self, request: HttpRequest, token: str):
        found = accounts.find_token(token.strip())
        if found is None:
            raise AuthenticationError()
        if not found.can_write and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token is read-only; create a read-and-write token.")
        zones.activate_for(found.owner)  # reset by ZoneMiddleware when the request ends
        return found.owner


class SessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return user
