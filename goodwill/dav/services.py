"""The address book's writes: its setting, its sync state, and who is asking.

``refresh`` keeps the ``BookCard`` rows (see models.py): when the account's data revision
has moved since the last look, it reads a fingerprint of every card's sources (plain
values, no objects), writes again with the export's vCard writer only the cards whose
fingerprint moved, and compares their text, by hash, with the one served before. A
changed card gets the book's next version; a person no longer in the book (deleted,
archived) becomes a tombstone at that version. While the revision stands still, a sync
costs two small queries and writes nothing.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from goodwill.accounts import services as accounts
from goodwill.accounts.models import username_key
from goodwill.core.rules import field_error
from goodwill.dav import queries, rules
from goodwill.dav.models import AddressBook, BookCard

# Tombstones are kept this long; a client that has not synced for longer starts afresh.
KEEP_TOMBSTONES = dt.timedelta(days=180)


def settings_for(owner) -> AddressBook:
    """The account's address book settings, made on first use."""
    book = queries.book_for(owner)
    if book is None:
        book, _ = AddressBook.objects.get_or_create(owner=owner)
    return book


@transaction.atomic
def update_settings(*, owner, include_notes: bool | None = None) -> AddressBook:
    """Change what the cards carry. Every card changes with it, so the next sync of each
    client fetches them all again."""
    if include_notes is not None and not isinstance(include_notes, bool):
        raise field_error("include_notes", "Say yes or no (true or false).")
    book = settings_for(owner)
    book = AddressBook.objects.select_for_update().get(pk=book.pk)
    if include_notes is not None and include_notes != book.include_notes:
        book.include_notes = include_notes
        book.seen_revision = None  # compare every card at the next sync
        book.save(update_fields=["include_notes", "seen_revision", "updated_at"])
    return book


def _current_revision(owner) -> int:
    User = get_user_model()
    return User.objects.filter(pk=owner.pk).values_list("data_revision", flat=True).get()


def refresh(owner) -> AddressBook:
    """Bring the BookCard rows up to date with the account's people (see the module's text)."""
    book = settings_for(owner)
    revision = _current_revision(owner)
    if book.seen_revision == revision:
        return book
    with transaction.atomic():
        book = AddressBook.objects.select_for_update().get(pk=book.pk)
        if book.seen_revision == revision:  # another request did it while we waited
            return book
        _compare(owner, book)
        book.seen_revision = revision
        book.save(update_fields=["version", "seen_revision", "oldest_token", "updated_at"])
    return book


def _compare(owner, book: AddressBook) -> None:
    """Write again only the cards whose sources moved (by fingerprint); a card whose text
    then differs from the one served gets the next version, a person gone a tombstone."""
    now = timezone.now()
    known = {
        row[1]: row
        for row in BookCard.objects.filter(owner=owner).values_list(
            "pk", "person_id", "fingerprint", "etag", "gone"
        )
    }
    current = queries.fingerprints(owner, notes=book.include_notes)
    stale = [
        pid
        for pid, fingerprint in current.items()
        if pid not in known or known[pid][2] != fingerprint or known[pid][4]
    ]
    next_version = book.version + 1
    fresh, changed = [], []
    for person in queries.people_for_cards(owner, stale):
        text = rules.card_text(person, notes=book.include_notes)
        row = BookCard(
            owner=owner,
            person_id=person.pk,
            fingerprint=current[person.pk],
            etag=rules.digest(text),
            text="" if person.photo else text,  # photos are read from their file when asked
            version=next_version,
            changed_at=now,
        )
        before = known.get(person.pk)
        if before is None:
            fresh.append(row)
            continue
        row.pk = before[0]
        if before[3] == row.etag and not before[4]:  # same card: nothing to tell clients
            BookCard.objects.filter(pk=row.pk).update(fingerprint=row.fingerprint)
            continue
        changed.append(row)
    fields = ["fingerprint", "etag", "text", "version", "gone", "changed_at"]
    BookCard.objects.bulk_update(changed, fields, batch_size=500)
    BookCard.objects.bulk_create(fresh, batch_size=500)
    moved = bool(fresh or changed)
    went = [row[0] for pid, row in known.items() if not row[4] and pid not in current]
    for start in range(0, len(went), 500):
        BookCard.objects.filter(pk__in=went[start : start + 500]).update(
            fingerprint="", etag="", text="", gone=True, version=next_version, changed_at=now
        )
    if moved or went:
        book.version = next_version
    _prune(owner, book, now)


def _prune(owner, book: AddressBook, now) -> None:
    """Forget tombstones older than KEEP_TOMBSTONES; tokens from before them are refused."""
    old = BookCard.objects.filter(owner=owner, gone=True, changed_at__lt=now - KEEP_TOMBSTONES)
    newest = old.order_by("-version").values_list("version", flat=True).first()
    if newest is not None:
        old.delete()
        book.oldest_token = max(book.oldest_token, newest)


def authenticate(header: str):
    """The account an ``Authorization: Basic`` header names, or None.

    The password must be one of the account's API tokens (an app password), never the
    account's own password: a phone keeps what it is given, and a token can be revoked
    on its own. The user name must be the token's owner."""
    kind, _, encoded = (header or "").partition(" ")
    if kind.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, secret = decoded.partition(":")
    if not colon or not username or not secret:
        return None
    token = accounts.find_token(secret.strip())
    if token is None:
        return None
    owner = token.owner
    if username != owner.username and username_key(username) != owner.username_key:
        return None
    return owner
