"""What the address book keeps between syncs: the account's setting, and one row a card.

A CardDAV client asks "what changed since my last sync?" (RFC 6578). Goodwill answers
from ``BookCard`` rows: one per person the address book has ever shown, with the ETag of
the card it last served and the book ``version`` at which that card last changed.
Deleting or archiving a person does not delete the row: it becomes a tombstone
(``gone``), so a client that synced before hears that the card went away.

The rows are derived data, kept by ``dav.services.refresh`` only when the
account's data revision has moved since the last look (core/revision.py), so a sync of
an unchanged account reads two small rows. No foreign key to ``Person``: a deleted
person's tombstone must outlive them, and deleting, merging and undoing an import
walk only the rows that point at a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AddressBook(models.Model):
    """One account's address book: its setting, and where its sync state stands."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Put "about them" notes in the cards. Off by default: a phone's address book is
    # read by other apps, and notes about a person are the most private thing kept here.
    include_notes = models.BooleanField(default=False)
    # The book's version: raised by one whenever a refresh finds any card changed.
    version = models.PositiveBigIntegerField(default=0)
    # The account's data revision the cards were last compared at (None: compare now).
    seen_revision = models.BigIntegerField(null=True, blank=True)
    # Sync tokens older than this no longer list every deletion (old tombstones are
    # pruned): a client holding one is told to sync again from the start.
    oldest_token = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"address book of {self.owner_id} at version {self.version}"


class BookCard(models.Model):
    """The last card served for one person (or a tombstone once they are gone)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField()
    # A hash of everything the card is written from (dav.queries.fingerprints): when it
    # has not moved, the card is not written again.
    fingerprint = models.CharField(max_length=40, blank=True)
    etag = models.CharField(max_length=40, blank=True)  # a hash of the 3.0 card's text
    # The 3.0 card as last written, served as is; empty for a tombstone and for a person
    # with a photo (written when asked, rather than keeping the picture twice).
    text = models.TextField(blank=True)
    version = models.PositiveBigIntegerField()
    gone = models.BooleanField(default=False)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "person_id"], name="dav_card_one_per_person"),
        ]
        indexes = [models.Index(fields=["owner", "version"], name="dav_card_since")]

    def __str__(self) -> str:
        return f"card {self.person_id} v{self.version}{' (gone)' if self.gone else ''}"
