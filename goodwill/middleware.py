"""Request-wide guards: the first-run redirect, session limits, the audit log's address."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from goodwill.accounts.models import User
from goodwill.accounts.services import security
from goodwill.accounts.services.audit import audit, current_ip
from goodwill.core import revision

_EXEMPT_PREFIXES = ("/setup/", "/static/", "/api/", "/healthz")


class FirstRunMiddleware:
    """While no account exists, every page leads to "create your account". Asked of the
    database on each anonymous request (one indexed query), never cached in the process:
    web workers keep no state of their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            not (user is not None and user.is_authenticated)
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and not User.objects.exists()
        ):
            return redirect("accounts.setup")
        return self.get_response(request)


class SessionSecurityMiddleware:
    """Remembers the client address for the audit log, and ends sessions that have been
    idle too long or are older than the absolute limit (GOODWILL_SESSION_IDLE_HOURS,
    GOODWILL_SESSION_MAX_DAYS). Runs after AuthenticationMiddleware."""

    SEEN_EVERY = 60  # seconds: how often the last-seen stamp is written

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(security.client_ip(request))
        try:
            self._check_session(request)
            return self.get_response(request)
        finally:
            current_ip.reset(token)

    def _check_session(self, request) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT_KEY)
        seen = session.get(SEEN_KEY, login_at)
        if login_at is None:  # a session from before these limits existed
            session[LOGIN_AT_KEY] = session[SEEN_KEY] = now
            return
        idle = settings.GOODWILL_SESSION_IDLE_HOURS * 3600
        absolute = settings.GOODWILL_SESSION_MAX_DAYS * 86400
        if now - seen > idle or now - login_at > absolute:
            reason = "idle" if now - seen > idle else "max_age"
            audit(f"session.expired_{reason}", user=user)
            logout(request)
            return
        if now - seen >= self.SEEN_EVERY:
            session[SEEN_KEY] = now


class RevisionMiddleware:
    """Bumps the account's data revision after a request that wrote to its data (seen on
    the database connection, whatever the method), so that what is kept by revision
    (Today) is computed afresh on the next request. The account is the logged-in user,
    or the owner of the API token that authenticated the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with revision.watch_writes() as watch:
            response = self.get_response(request)
        if watch.wrote:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                user = getattr(request, "auth", None)
            if isinstance(user, User):
                revision.bump(user)
        return response


LOGIN_AT_KEY = "goodwill_login_at"
SEEN_KEY = "goodwill_seen_at"


class DeniedAccessMiddleware:
    """Tells the host (the ``goodwill.security`` logger, never the prober's own security
    log) when a page 404s because its id belongs to another account (get_owned_or_404
    only says so; a read writes nothing by itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        security.note_not_found(exception)


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: start the session's clocks."""
    now = int(time.time())
    request.session[LOGIN_AT_KEY] = now
    request.session[SEEN_KEY] = now
