"""Accounts, personal access tokens, invitations, and the security log (audit events and
failed logins)."""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac

from goodwill.core.models import OwnedQuerySet

_SESSION_SALT = "goodwill.User.session"

# Room for a 150-character name whose case folding grows it (ß -> ss, ΐ -> three).
USERNAME_KEY_LENGTH = 450


def username_key(name: str) -> str:
    """The one spelling of an account name: NFKC, case-folded, NFKC again (Unicode's
    NFKC_Casefold, near enough). "Alice", "alice" in fullwidth letters and "alice" in
    mathematical bold letters are one name. Used by login, the login throttle, sign-up,
    invitations, the first-run setup, the command line and the security log."""
    folded = unicodedata.normalize("NFKC", (name or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


class AccountManager(UserManager):
    """Django's user manager, finding accounts by ``username_key``."""

    def find(self, name: str):
        """The account called ``name`` in any look-alike spelling, or None. An account
        whose exact (NFKC) spelling matches wins: before usernames were normalised two
        look-alike accounts could be made, and each keeps logging in with its own."""
        exact = unicodedata.normalize("NFKC", (name or "").strip())
        key = username_key(name)
        if not key:
            return None
        rows = list(self.filter(models.Q(username=exact) | models.Q(username_key=key))[:2])
        rows.sort(key=lambda user: (user.username != exact, user.pk))
        return rows[0] if rows else None

    def get_by_natural_key(self, username):
        user = self.find(username)
        if user is None:
            raise self.model.DoesNotExist
        return user


class User(AbstractUser):
    """One account. Everything else in Goodwill is owned by exactly one account."""

    # Bumped by "sign out other sessions": it is part of the session hash, so every
    # session made before the bump stops being valid.
    session_epoch = models.PositiveIntegerField(default=0)
    # Bumped after anything changes this account's data (goodwill.core.revision):
    # what is derived from the data (Today) may be kept while it stays the same.
    data_revision = models.PositiveBigIntegerField(default=0, editable=False)
    # The default region for phone numbers written without +: a two-letter ISO 3166 code
    # (people.rules.phone_regions()), "" for none. Set with
    # accounts.services.set_phone_region, which re-keys the account's phones.
    phone_region = models.CharField(max_length=2, blank=True, default="")
    # username_key(username), kept by save(): unique, so two look-alike names cannot
    # both exist. Accounts made before it have theirs set by migration 0008.
    username_key = models.CharField(max_length=USERNAME_KEY_LENGTH, unique=True, editable=False)

    objects = AccountManager()

    class Meta:
        db_table = "goodwill_user"

    def save(self, *args, **kwargs):
        key = username_key(self.username)
        if self.username_key != key and not self.username_key.startswith(key + "~"):
            self.username_key = key
            fields = kwargs.get("update_fields")
            if fields is not None and "username" in fields:
                kwargs["update_fields"] = {*fields, "username_key"}
        super().save(*args, **kwargs)

    def _session_hash(self, secret=None) -> str:
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(_SESSION_SALT, value, secret=secret, algorithm="sha256").hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)


class ApiToken(models.Model):
    """A personal access token. Only a SHA-256 hash of the secret is stored.

    Its scope is a level, ``read`` or ``write``, and optionally ``mcp``: the token may
    also be used by an AI assistant through the MCP server (docs/mcp.md). Stored as the
    words in this order, space-separated ("write mcp"); the level rules everywhere."""

    PREFIX = "gw_"
    READ = "read"
    WRITE = "write"
    MCP = "mcp"
    SCOPES = [
        (READ, "read only"),
        (WRITE, "read and write"),
        (f"{READ} {MCP}", "read only, MCP too"),
        (f"{WRITE} {MCP}", "read and write, MCP too"),
    ]

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the token, shown in lists so a user can tell tokens apart.
    hint = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=20, choices=SCOPES, default=WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()

    @property
    def can_write(self) -> bool:
        return self.WRITE in self.scopes

    @property
    def can_mcp(self) -> bool:
        return self.MCP in self.scopes


class AuditEvent(models.Model):
    """One security event. ``user`` is who acted (or was targeted, for a failed login
    when the account exists); it is kept when the account is deleted."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="audit_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"


class LoginFailure(models.Model):
    """A failed login for an account name (hashed, existing or not)."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="login_failure_key_at")]

    def __str__(self) -> str:
        return f"failed login at {self.at:%Y-%m-%d %H:%M}"


class Invite(models.Model):
    """A sign-up link made by a host. Only a hash of its secret is stored."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites_made"
    )
    note = models.CharField(max_length=200, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.note or 'no note'})"

    @property
    def state(self) -> str:
        from django.utils import timezone

        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "open"
