"""Look-alike account names (issue 16, findings 1 and 6), as a property: any spelling of
a name built from letters Unicode folds to the same ones (capitals, fullwidth,
mathematical bold, italic, sans-serif, monospace, double-struck, circled) is the same
account for the login throttle, login, sign-up and the security log."""

from __future__ import annotations

import contextlib
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.accounts import services as accounts
from goodwill.accounts.models import AuditEvent, LoginFailure, User, username_key
from goodwill.accounts.services import security
from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow

STYLES = [
    "MATHEMATICAL BOLD",
    "MATHEMATICAL ITALIC",
    "MATHEMATICAL SANS-SERIF",
    "MATHEMATICAL MONOSPACE",
    "MATHEMATICAL DOUBLE-STRUCK",
    "MATHEMATICAL BOLD SCRIPT",
]


def _variants(c: str) -> list[str]:
    """Every spelling of one ASCII letter or digit that folds back to it."""
    out = {c, c.upper(), c.lower(), chr(ord(c) + 0xFEE0)}  # fullwidth
    if c.isalpha():
        for case in ("SMALL", "CAPITAL"):
            out.add(unicodedata.lookup(f"CIRCLED LATIN {case} LETTER {c.upper()}"))
            for style in STYLES:
                # A few are missing (their letters live elsewhere, e.g. U+210E).
                with contextlib.suppress(KeyError):
                    out.add(unicodedata.lookup(f"{style} {case} {c.upper()}"))
    else:
        for style in ("MATHEMATICAL BOLD", "MATHEMATICAL MONOSPACE"):
            name = unicodedata.name(c).replace("DIGIT", f"{style} DIGIT")
            out.add(unicodedata.lookup(name))
    return sorted(out)


def _spellings(base: str):
    return st.tuples(*[st.sampled_from(_variants(c)) for c in base]).map("".join)


BASE = "race0"
SPELLING = _spellings(BASE)


@given(spelling=SPELLING)
@settings(max_examples=300, deadline=None)
def test_every_spelling_has_the_same_key(spelling):
    assert username_key(spelling) == BASE


@given(spelling=SPELLING)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_every_spelling_is_the_same_account(db, spelling):
    user = User.objects.find(BASE) or accounts.create_account(username=BASE, password=PASSWORD)
    assert User.objects.find(spelling) == user
    # Sign-up: "that name is taken", never a second account nor a 500.
    with pytest.raises(ValidationError) as caught:
        accounts.create_account(username=spelling, password="a long passphrase")
    assert "is taken" in caught.value.message_dict["username"][0]
    assert User.objects.count() == 1
    # The security log names the real account for a failure under any spelling.
    before = AuditEvent.objects.filter(action="login.failure", user=user).count()
    security.record_login_failure(spelling)
    assert AuditEvent.objects.filter(action="login.failure", user=user).count() == before + 1
    LoginFailure.objects.all().delete()  # the examples share one database: stay under 100
    # The login throttle counts every spelling together, and login takes any spelling.
    assert security._login_key(spelling) == security._login_key(BASE)
    response = Client().post("/login/", {"username": spelling, "password": PASSWORD})
    assert response.status_code == 302, spelling
