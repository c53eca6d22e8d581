"""An account's data revision: a number that changes whenever its data does.

Whatever is derived from an account's data may be kept under (account, revision) and
stays right without anyone having to say what it depended on (``kept``): Today
(goodwill.coach.views, GET /api/v1/today) and the network page and its graph are.

Writes are seen where they happen, on the database connection, not by guessing from
the HTTP method: ``watch_writes`` notes every INSERT, UPDATE or DELETE run through
Django's connection, raw SQL included, except on the bookkeeping tables below that hold
no data of the account's own (sessions, the audit log, the match index, which is itself
derived...). The caller then bumps:

- a web or API request: the middleware bumps the account that made it;
- the CLI: one command may act on any account, so it bumps every account;
- the reminders worker writes only bookkeeping (digests and its task queue) and purges
  import previews (ImportBatch rows Today never reads), so it does not bump.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.utils import timezone

# Tables written that hold nothing Today (or anything else kept by revision) reads.
BOOKKEEPING = frozenset(
    {
        "django_session",
        "django_tasks_database_dbtaskresult",
        "goodwill_auditevent",
        "goodwill_loginfailure",
        "goodwill_apitoken",
        "goodwill_matchterm",
        "goodwill_matchdirty",
        "goodwill_matchstate",
        "goodwill_digestsend",
        "goodwill_bookcard",  # dav: which card each client was last sent, derived from people
        "goodwill_notice",  # the notifications outbox (notify)
    }
)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?',
    re.IGNORECASE,
)


class WriteWatch:
    """An execute wrapper: ``wrote`` turns true at the first write to an account table."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and (m := _WRITE.match(sql)) and m.group(1) not in BOOKKEEPING:
            self.wrote = True
        return execute(sql, params, many, context)


_current: contextvars.ContextVar[WriteWatch | None] = contextvars.ContextVar(
    "goodwill_write_watch", default=None
)


@contextlib.contextmanager
def watch_writes():
    """Yields a WriteWatch that sees every statement run on the default connection."""
    watch = WriteWatch()
    token = _current.set(watch)
    try:
        with connection.execute_wrapper(watch):
            yield watch
    finally:
        _current.reset(token)


def bump(user=None) -> None:
    """A new revision for one account, or for every account when ``user`` is None."""
    User = get_user_model()
    users = User.objects.all() if user is None else User.objects.filter(pk=user.pk)
    users.update(data_revision=F("data_revision") + 1)


KEPT_SECONDS = 60


def kept[T](owner, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process's cache for the owner's current revision and
    the current minute (so what depends on the clock is at most a minute old).

    Computed afresh, and not kept, once the current request has written: the bump comes
    after the response, so until then the revision still names the data before the
    write (an htmx "Done" answers with the updated list in the same request)."""
    watch = _current.get()
    if watch is not None and watch.wrote:
        return compute()
    key = f"goodwill:{name}:{owner.pk}:{owner.data_revision}:{timezone.now():%Y%m%d%H%M}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    return value
