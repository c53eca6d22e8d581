"""Accounts, personal access tokens, invitations, and the security log (audit events and
failed logins)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from goodwill.core.models import OwnedQuerySet

_SESSION_SALT = "goodwill.User.session"


class User(AbstractUser):
    """One account. Everything else in Goodwill is owned by exactly one account."""

    # Bumped by "sign out other sessions": it is part of the session hash, so every
    # session made before the bump stops being valid.
    session_epoch = models.PositiveIntegerField(default=0)
    # Bumped after anything changes this account's data (goodwill.core.revision):
    # what is derived from the data (Today) may be kept while it stays the same.
    data_revision = models.PositiveBigIntegerField(default=0, editable=False)
    # The default region for phone numbers written without +: a two-letter ISO 3166 code
    # (people.rules.PHONE_REGIONS), "" for none. Set with
    # accounts.services.set_phone_region, which re-keys the account's phones.
    phone_region = models.CharField(max_length=2, blank=True, default="")

    class Meta:
        db_table = "goodwill_user"

    def _session_hash(self, secret=None) -> str:
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(_SESSION_SALT, value, secret=secret, algorithm="sha256").hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)


class ApiToken(models.Model):
    """A personal access token. Only a SHA-256 hash of the secret is stored."""

    PREFIX = "gw_"
    READ = "read"
    WRITE = "write"
    SCOPES = [(READ, "read only"), (WRITE, "read and write")]

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the token, shown in lists so a user can tell tokens apart.
    hint = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=SCOPES, default=WRITE)
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
