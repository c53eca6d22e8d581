"""Request-wide guards: the first-run redirect, session limits, the audit log's address,
hostile characters and far dates in any input."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import redirect, render
from django.utils import timezone

from goodwill.accounts.models import User
from goodwill.accounts.services import security
from goodwill.accounts.services.audit import audit, current_ip
from goodwill.accounts.services.security import LOGIN_AT_KEY, SEEN_KEY
from goodwill.api import errors as api_errors
from goodwill.core import revision, zones
from goodwill.core import rules as core_rules

_EXEMPT_PREFIXES = ("/setup/", "/static/", "/api/", "/healthz", "/dav/", "/.well-known/", "/sw.js")


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


class ZoneMiddleware:
    """The logged-in account's time zone is the current one for the request: pages show
    times in it and forms read typed times in it (core.zones). An API token's owner gets
    theirs when the token is checked (api.auth); both end with the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            zones.activate_for(user)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


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


class HostileInputMiddleware:
    """Refuses, before any view runs, input no database can store as text: a NUL
    character or a lone UTF-16 surrogate in a query string, a form field or a JSON body
    (keys and values, at any depth), and, under /api/, a date out of the range both
    databases and Python hold (core.rules.moment_problem). The answer names the field:
    the API's 422 error shape under /api/, else a 400 page. Nothing is read or written.

    The CLI and the imports use the same core.rules functions (check_text, clean_text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            problem = self._problem(request)
        except (RequestDataTooBig, TooManyFieldsSent) as exc:
            # Too big to read: said as the API says it, or by the 400 page (handler400).
            if request.path.startswith("/api/"):
                return api_errors.on_request_too_big(request, exc)
            raise
        if problem is None:
            return self.get_response(request)
        field, message = problem
        if request.path.startswith("/api/"):
            return api_errors.error_response(422, f"{field}: {message}", {field: [message]})
        text = f"{_field_label(field)}: {message} Nothing was saved."
        return render(request, "400.html", {"message": text}, status=400)

    def _problem(self, request) -> tuple[str, str] | None:
        api = request.path.startswith("/api/")
        found = _in_pairs(request.GET.lists(), api)
        if found is None and request.method not in ("GET", "HEAD", "OPTIONS"):
            found = self._body_problem(request, api)
        return found

    def _body_problem(self, request, api: bool) -> tuple[str, str] | None:
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body or b"null"
            # Told from the bytes first: most bodies hold nothing to look at closely.
            if not _RAW_HOSTILE.search(body) and not (api and _far_date_in(body)):
                return None
            try:
                data = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                return None  # the view answers with its own "not JSON" error
            return _in_json(data, "", api)
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return _in_pairs(request.POST.lists(), api)
        return None


# What a JSON body spells a NUL or a surrogate with (a pair, an emoji, matches too: the
# walk then tells), and the start of a string that may be a date.
_RAW_HOSTILE = re.compile(rb"\x00|\xed[\xa0-\xbf]|\\u0000|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_RAW_DATE = re.compile(rb'"(\s*[+-]?\d{4,}-\d{1,2}-\d{1,2}[^"\\]{0,40})"')


def _far_date_in(body: bytes) -> bool:
    """Does a string of the body spell a date out of range? (Then the walk names it.)"""
    for found in _RAW_DATE.finditer(body):
        match = _ISO.fullmatch(found.group(1).decode("ascii", "replace"))
        if match and _iso_problem(match):
            return True
    return False


_LABELS = {"q": "The search", "to": "The search", "field name": "A field's name"}


def _field_label(field: str) -> str:
    if not field:
        return "The request"
    return _LABELS.get(field) or field.replace("_", " ").capitalize()


def _in_pairs(pairs, api: bool) -> tuple[str, str] | None:
    for key, values in pairs:
        if problem := core_rules.text_problem(key):
            return "field name", problem
        for value in values:
            if found := _value_problem(value, key, api):
                return found
    return None


# A date, perhaps with a time and an offset, as ISO 8601 spells it (pydantic reads these).
_ISO = re.compile(
    r"\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?\s*"
)


_WORDS = {"q", "query", "search"}


def _value_problem(value, field: str, api: bool) -> tuple[str, str] | None:
    if problem := core_rules.text_problem(value):
        return field, problem
    # Searches are words, not dates: "q" is never read as one.
    dated = api and isinstance(value, str) and field not in _WORDS
    match = _ISO.fullmatch(value) if dated else None
    if match and (problem := _iso_problem(match)):
        return field, problem
    return None


def _iso_problem(match: re.Match) -> str | None:
    year = int(match.group(1))
    if match.group(4) is None:  # a day
        ok = core_rules.DAY_MIN.year <= year <= core_rules.DAY_MAX.year
        return None if ok else core_rules.DAY_RANGE
    if not core_rules.MOMENT_MIN.year - 1 <= year <= core_rules.MOMENT_MAX.year + 1:
        return core_rules.MOMENT_RANGE
    try:
        moment = dt.datetime.fromisoformat(match.group(0).strip().replace(" ", "T", 1))
    except ValueError:
        return None  # not a real date: the schema says so
    return core_rules.moment_problem(moment)


def _in_json(data, path: str, api: bool) -> tuple[str, str] | None:
    if isinstance(data, dict):
        for key, value in data.items():
            if problem := core_rules.text_problem(key):
                return path or "body", problem
            if found := _in_json(value, f"{path}.{key}" if path else key, api):
                return found
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if found := _in_json(value, f"{path}.{i}" if path else str(i), api):
                return found
    else:
        return _value_problem(data, path or "body", api)
    return None
