"""Accounts and personal access tokens."""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from goodwill import faults
from goodwill.accounts.models import USERNAME_KEY_LENGTH, ApiToken, User, username_key
from goodwill.accounts.rules import token_scope
from goodwill.accounts.services.audit import audit
from goodwill.core.rules import field_error, resolve_owned
from goodwill.people import services as people
from goodwill.people.rules import clean_phone_region
from goodwill.people.services.phones import rekey_phones

TAKEN = (
    "The username {name!r} is taken. Names that differ only in capitals or in the style "
    "of their letters count as the same name: choose another."
)


@transaction.atomic
def create_account(
    *, username: str, password: str, email: str = "", display_name: str = "", host: bool = False
) -> User:
    """Create an account with its own Person record ("me"). A host (the first account,
    made on the setup page) may invite others."""
    # Stored as NFKC (what Django's login form sends); compared by username_key, so a
    # name that only differs by case or by look-alike letters is the same name.
    username = unicodedata.normalize("NFKC", (username or "").strip())
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    key = username_key(username)
    if not username:
        errors["username"] = ["Choose a username."]
    elif User.objects.find(username) is not None:
        errors["username"] = [TAKEN.format(name=username)]
    elif len(key) > USERNAME_KEY_LENGTH or len(username) > 150:
        errors["username"] = ["A username is at most 150 characters."]
    else:
        try:
            User.username_validator(username)
        except ValidationError as exc:
            errors["username"] = exc.messages
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [f"{email!r} is not a valid email address."]
    candidate = User(username=username, email=email)
    try:
        password_validation.validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=email, password=password, is_staff=host
            )
    except IntegrityError:
        # Someone took the name (or a look-alike of it) a moment ago.
        raise field_error("username", TAKEN.format(name=username)) from None
    people.ensure_me(owner=user, display_name=display_name.strip() or username)
    return user


@transaction.atomic
def create_token(
    *, owner, name: str, scope: str | list[str] = ApiToken.WRITE
) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and only its hash is kept.
    A ``read`` token can only make GET/HEAD requests; ``mcp`` lets it be used by the MCP
    server too (``scope`` is words or a list: "read mcp", ["write", "mcp"])."""

    name = " ".join((name or "").split())
    scope = token_scope(scope)
    if not name:
        raise field_error("name", "Name the token after where you will use it.")
    if len(name) > 100:
        raise field_error("name", "A token name is at most 100 characters.")
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner, name=name, hint=secret[:8], digest=ApiToken.hash(secret), scope=scope
    )
    audit("token.create", user=owner, token=token.pk, scope=scope)
    return token, secret


@transaction.atomic
def revoke_token(*, owner, token) -> ApiToken:
    token = resolve_owned(ApiToken, owner, token, "token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])

        audit("token.revoke", user=owner, token=token.pk)
    return token


@transaction.atomic
def set_phone_region(*, owner, region: str | None) -> User:
    """Set the account's default region for phone numbers (two letters, e.g. "GB"; ""
    for none) and re-key its people's phones with it in the same transaction, so that
    matching, duplicates and search read every number the new way at once."""
    region = clean_phone_region(region, "phone_region")
    locked = User.objects.select_for_update().only("pk", "phone_region").get(pk=owner.pk)
    owner.phone_region = region
    if locked.phone_region != region:
        User.objects.filter(pk=owner.pk).update(phone_region=region)
        rekey_phones(owner=owner, region=region)
    return owner


def authenticate_token(secret: str) -> User | None:
    token = find_token(secret)
    return token.owner if token else None


def find_token(secret: str) -> ApiToken | None:
    """The active token for this secret (its owner loaded), or None."""
    if not secret or not secret.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("owner")
        .filter(digest=ApiToken.hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.owner.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        try:
            with transaction.atomic():
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        except DatabaseError as exc:
            if faults.storage_fault(exc) is None:
                raise
            # A full disk or read-only database: the stamp waits, reads go on (faults.py).
    return token
