"""Security use cases: the audit log, login throttling, invitations, sessions, and
deleting an account.

The audit log records who did what and when (UTC) with the caller's IP address; it never
records a password, a token, an invitation secret or a note body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import secrets
import time

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from goodwill.accounts.models import ApiToken, Invite, LoginFailure, User, username_key
from goodwill.accounts.queries import find_invite
from goodwill.accounts.rules import INVITE_PREFIX, invite_digest
from goodwill.accounts.services import create_account
from goodwill.accounts.services.audit import audit, current_ip
from goodwill.accounts.services.tasks import send_password_reset
from goodwill.core.models import OwnedNotFound
from goodwill.core.rules import field_error

# At most this many failed logins per account name per window; checked before the
# password hash is computed, so a flood costs no hashing.
LOGIN_FAILURE_LIMIT = 100
LOGIN_FAILURE_WINDOW = dt.timedelta(hours=1)
INVITE_DAYS = 14


def client_ip(request) -> str | None:
    """The client's address for the audit log.

    The peer (REMOTE_ADDR) unless it is one of GOODWILL_TRUSTED_PROXIES: then
    X-Forwarded-For is read from the right, skipping the trusted proxies, and the first
    address that is not one of them is the client. Anything a client could have written
    further left is never believed, nor is the header from any other peer.
    """
    from django.conf import settings

    peer = _address(request.META.get("REMOTE_ADDR"))
    trusted = [ipaddress.ip_network(n) for n in settings.GOODWILL_TRUSTED_PROXIES]
    if peer is None or not _within(peer, trusted):
        return str(peer) if peer is not None else None
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([h for h in hops if h.strip()]):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: trust nothing beyond it
        client = address
        if not _within(address, trusted):
            break
    return str(client)


def _address(text):
    try:
        address = ipaddress.ip_address((text or "").strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _within(address, networks) -> bool:
    return any(address.version == n.version and address in n for n in networks)


# ------------------------------------------------------------------ login throttle


def _login_key(username: str) -> str:
    """One counter per account name in all its spellings (models.username_key)."""
    return hashlib.sha256(username_key(username).encode()).hexdigest()


def login_blocked(username: str, *, now=None) -> bool:
    """Has this account name had too many failed logins in the last hour? Account
    names that do not exist are counted the same way, so the answer reveals nothing."""
    now = now or timezone.now()
    since = now - LOGIN_FAILURE_WINDOW
    failures = LoginFailure.objects.filter(key=_login_key(username), at__gte=since)
    return failures.count() >= LOGIN_FAILURE_LIMIT


def record_login_failure(username: str, *, throttled: bool = False) -> None:
    now = timezone.now()
    key = _login_key(username)
    with transaction.atomic():
        if not throttled:
            LoginFailure.objects.create(key=key, at=now)
        LoginFailure.objects.filter(key=key, at__lt=now - LOGIN_FAILURE_WINDOW).delete()
    # Attributed to the account whatever the spelling, so its owner sees the attempts.
    user = User.objects.find(username)
    # The typed name is kept only when it is a real account: a mistyped password in
    # the username field must not end up in the log.
    audit(
        "login.throttled" if throttled else "login.failure",
        user=user,
        username=user.get_username() if user else "",
    )


# ------------------------------------------------------------------ sessions


@transaction.atomic
def sign_out_other_sessions(request) -> None:
    """End every session of this account except the one making the request."""
    user = request.user
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    update_session_auth_hash(request, user)
    audit("sessions.revoke_others", user=user)


def revoke_all_tokens(*, owner, reason: str) -> list[str]:
    """Turn off every active API token of the account; returns their names. Called in
    the transaction that changes the password, so both happen or neither does."""
    tokens = list(ApiToken.objects.filter(owner=owner, revoked_at__isnull=True).order_by("name"))
    if tokens:
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=timezone.now())
        audit("tokens.revoke_all", user=owner, reason=reason, count=len(tokens))
    return [t.name for t in tokens]


def change_password(request, *, old: str, new: str, revoke_tokens: bool = False) -> list[str]:
    """Change the password, keep this session and end every other one. With
    ``revoke_tokens`` every API token stops working too; returns their names."""
    from django.contrib.auth import password_validation

    user = request.user
    if not user.check_password(old or ""):
        raise field_error("old_password", "That is not your current password.")
    try:
        password_validation.validate_password(new or "", user=user)
    except Exception as exc:
        raise field_error("new_password", " ".join(getattr(exc, "messages", [str(exc)]))) from None
    with transaction.atomic():
        user.set_password(new)
        user.session_epoch += 1
        user.save(update_fields=["password", "session_epoch"])
        update_session_auth_hash(request, user)
        audit("password.change", user=user)
        return revoke_all_tokens(owner=user, reason="password.change") if revoke_tokens else []


# ------------------------------------------------------------------ invitations


def can_invite(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


@transaction.atomic
def create_invite(*, by, note: str = "", days: int = INVITE_DAYS) -> tuple[Invite, str]:
    """A single-use sign-up link secret (shown once; only its hash is kept)."""
    if not can_invite(by):
        raise field_error("invite", "Only the instance's hosts can invite people.")
    if not 1 <= days <= 90:
        raise field_error("days", "An invitation lasts between 1 and 90 days.")
    secret = INVITE_PREFIX + secrets.token_urlsafe(24)
    invite = Invite.objects.create(
        created_by=by,
        note=" ".join((note or "").split())[:200],
        digest=invite_digest(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit("invite.create", user=by, invite=invite.pk)
    return invite, secret


@transaction.atomic
def revoke_invite(*, by, invite_id: int) -> Invite:
    invite = Invite.objects.filter(pk=invite_id, created_by=by).first()
    if invite is None:
        raise field_error("invite", f"You have no invitation with id {invite_id}.")
    if invite.revoked_at is None and invite.used_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
        audit("invite.revoke", user=by, invite=invite.pk)
    return invite


@transaction.atomic
def sign_up(*, invite_secret: str | None, **account) -> User:
    """Create an account through an invitation (or open sign-up when allowed)."""
    from django.conf import settings

    invite = None
    if invite_secret is not None:
        invite = find_invite(invite_secret)
        if invite is None:
            raise field_error("invite", "This invitation link is not valid any more.")
        # Lock it: two people racing for one link cannot both use it.
        invite = Invite.objects.select_for_update().get(pk=invite.pk)
        if invite.used_at is not None:
            raise field_error("invite", "This invitation link is not valid any more.")
    elif settings.GOODWILL_SIGNUP != "open":
        raise field_error("invite", "Sign-up is closed here; ask the host for an invitation.")
    user = create_account(**account)
    if invite is not None:
        invite.used_at = timezone.now()
        invite.used_by = user
        invite.save(update_fields=["used_at", "used_by"])
    audit("account.signup", user=user, invite=invite.pk if invite else None)
    return user


# ------------------------------------------------------------------ account deletion


@transaction.atomic
def delete_account(*, user, password: str) -> None:
    """Delete the account and everything it owns. The audit log keeps the event (with
    the username) but loses the link to the deleted account."""
    if not user.check_password(password or ""):
        raise field_error("password", "That is not your password.")
    remove_account(user=user)


@transaction.atomic
def remove_account(*, user) -> None:
    """Delete the account without a password (the host, from the command line)."""
    audit("account.delete", user=user)
    user.delete()


# ------------------------------------------------------------------ password reset

RESET_REQUESTS_PER_HOUR = 5


def request_password_reset(email: str) -> bool:
    """Queue a reset e-mail for whichever active account uses ``email``.

    The page answers the same whether or not an account matches, and the look-up runs
    in the worker, so neither the answer nor its timing tells anyone who has an account.
    Returns False when this server sends no e-mail at all.
    """
    from django.conf import settings

    if not settings.GOODWILL_EMAIL_ENABLED:
        return False
    email = (email or "").strip()
    if not email or "@" not in email or len(email) > 254:
        return True
    key = _login_key("reset:" + email)  # a separate count, same 64-character key
    now = timezone.now()
    with transaction.atomic():
        recent = LoginFailure.objects.filter(key=key, at__gte=now - LOGIN_FAILURE_WINDOW)
        if recent.count() >= RESET_REQUESTS_PER_HOUR:
            return True  # quietly: a flood must not fill someone's inbox
        LoginFailure.objects.create(key=key, at=now)
    send_password_reset.enqueue(email)
    return True


def reset_user(uid: str, token: str):
    """The account a reset link names, if the link is still valid; else None."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_str
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(force_str(urlsafe_base64_decode(uid or "")))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token or ""):
        return None
    return user


@transaction.atomic
def reset_password(*, user, new: str) -> list[str]:
    """Set a new password from a reset link, end every session of the account and turn
    off its API tokens: whoever had the old password may have made one. Returns the
    names of the tokens turned off."""
    from django.contrib.auth import password_validation

    try:
        password_validation.validate_password(new or "", user=user)
    except Exception as exc:
        raise field_error("new_password", " ".join(getattr(exc, "messages", [str(exc)]))) from None
    user.set_password(new)
    user.session_epoch += 1
    user.save(update_fields=["password", "session_epoch"])
    audit("password.reset", user=user)
    return revoke_all_tokens(owner=user, reason="password.reset")


# Probes of another account's ids, for the host only (the instance's log). Never in the
# prober's own security log: a row there only when the id belongs to someone else would
# tell the prober which ids exist (issue 16, finding 8).
host_log = logging.getLogger("goodwill.security")


def note_denied(model, owner, pk) -> None:
    """Tell the host about an attempt to reach another account's object (not a merely
    unknown id): a WARNING on the ``goodwill.security`` logger with the account, the
    kind of object, its id and the client address. Nothing the prober can read changes."""
    if pk is None or owner is None or not getattr(owner, "pk", None):
        return
    try:
        exists = model._default_manager.filter(pk=pk).exclude(owner=owner).exists()
    except (ValueError, TypeError):
        return
    if exists:
        host_log.warning(
            "access.denied account=%s (%s) object=%s id=%s ip=%s",
            owner.pk,
            owner.get_username(),
            model._meta.model_name,
            str(pk)[:40],
            current_ip.get() or "-",
        )


def note_not_found(exc) -> None:
    """Report a 404 raised by get_owned_or_404 when it hid another account's object."""
    if isinstance(exc, OwnedNotFound):
        note_denied(exc.model, exc.owner, exc.pk)


# ---------------------------------------------------------------- a session's clocks
# When the session logged in and when it was last seen: SessionSecurityMiddleware ends it
# past GOODWILL_SESSION_MAX_DAYS or GOODWILL_SESSION_IDLE_HOURS.
LOGIN_AT_KEY = "goodwill_login_at"
SEEN_KEY = "goodwill_seen_at"


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (goodwill/wiring.py): start the session's clocks."""
    now = int(time.time())
    request.session[LOGIN_AT_KEY] = now
    request.session[SEEN_KEY] = now
