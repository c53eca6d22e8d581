"""Capture: connectors to the user's mail and calendars, what they have read, the review
list of addresses not in Goodwill yet, and the mark that says an interaction came from
mail or a calendar.

Secrets (passwords, private calendar addresses) are kept sealed with core.vault; the
columns hold only ciphertext and a hint of the last characters.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from goodwill.core.models import Owned
from goodwill.interactions.models import Interaction


class ConnectorKind(models.TextChoices):
    IMAP = "imap", "Mailbox (IMAP)"
    FORWARD = "forward", "Forwarding mailbox"
    ICS_URL = "ics_url", "Calendar address (ICS)"
    CALDAV = "caldav", "CalDAV calendar"
    ICS_FILE = "ics_file", "Calendar file (.ics)"


MAIL_KINDS = {ConnectorKind.IMAP, ConnectorKind.FORWARD}
CALENDAR_KINDS = {ConnectorKind.ICS_URL, ConnectorKind.CALDAV, ConnectorKind.ICS_FILE}


class Security(models.TextChoices):
    TLS = "tls", "TLS (port 993)"
    STARTTLS = "starttls", "STARTTLS (port 143)"
    PLAIN = "plain", "None (this computer only)"


class Source(models.TextChoices):
    MAIL = "mail", "from mail"
    CALENDAR = "calendar", "from calendar"


class Connector(Owned):
    """One mailbox or calendar the account lets Goodwill read."""

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=ConnectorKind.choices)
    host = models.CharField(max_length=255, blank=True)
    port = models.PositiveIntegerField(null=True, blank=True)
    security = models.CharField(max_length=10, choices=Security.choices, default=Security.TLS)
    username = models.CharField(max_length=255, blank=True)
    # The password (mail, CalDAV) and the calendar address (ICS URL, CalDAV URL): sealed.
    secret = models.TextField(blank=True, editable=False)
    secret_hint = models.CharField(max_length=20, blank=True, editable=False)
    url = models.TextField(blank=True, editable=False)
    url_hint = models.CharField(max_length=80, blank=True, editable=False)
    # Folder names, one a line; empty: INBOX and the Sent folder (forward: INBOX only).
    folders = models.TextField(blank=True)
    keep_first_lines = models.BooleanField(default=False)
    # The user's addresses and aliases in this mailbox, one a line (besides the account's).
    own_addresses = models.TextField(blank=True)
    paused = models.BooleanField(default=False)
    every_minutes = models.PositiveIntegerField(default=15)

    # What the last run said, in words for the page ("login refused by … at 09:12").
    status = models.CharField(max_length=300, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    # A run holds the connector until this time (a lease), so two workers never read it at once.
    running_until = models.DateTimeField(null=True, blank=True)
    # The first sync of a large mailbox: how far it is.
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="capture_connector_name")
        ]
        indexes = [models.Index(fields=["paused", "next_try_at"], name="capture_connector_due")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_mail(self) -> bool:
        return self.kind in MAIL_KINDS

    @property
    def folder_list(self) -> list[str]:
        return [f.strip() for f in self.folders.splitlines() if f.strip()]

    @property
    def address_list(self) -> list[str]:
        return [a.strip().lower() for a in self.own_addresses.split() if a.strip()]


class FolderState(Owned):
    """Where reading one folder got to: its UIDVALIDITY and the last UID read."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="states")
    folder = models.CharField(max_length=255)
    role = models.CharField(max_length=20, blank=True)  # inbox, sent, forward
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connector", "folder"], name="capture_folder_once")
        ]

    def __str__(self) -> str:
        return f"{self.folder} ({self.last_uid})"


class Captured(Owned):
    """One message or event occurrence read by a connector: its key makes a re-read a no-op."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="captured")
    key = models.CharField(max_length=500)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MAIL)
    kind = models.CharField(max_length=20)
    occurred_at = models.DateTimeField()
    direction = models.CharField(max_length=10)
    thread = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)  # a forwarded note, or first lines when kept
    # The counterparts' addresses, lower-case, each between newlines ("\na@x\nb@y\n"),
    # so that "everything from this address" is one exact substring filter.
    addresses = models.TextField(blank=True)
    names = models.TextField(blank=True)  # "address\tname" a line, as the mail gave them
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "key"], name="capture_item_once")
        ]
        indexes = [models.Index(fields=["owner", "source", "-occurred_at"], name="capture_recent")]

    def __str__(self) -> str:
        return self.key

    @property
    def address_list(self) -> list[str]:
        return [a for a in self.addresses.split("\n") if a]


class CaptureMark(Owned):
    """An interaction that capture logged: where it came from, and the thread and day it
    stands for (a thread on one day is one interaction)."""

    interaction = models.OneToOneField(
        Interaction, on_delete=models.CASCADE, related_name="capture_mark"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    thread = models.CharField(max_length=500)
    day = models.DateField()
    direction = models.CharField(max_length=10)  # sent, received, both, met

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "thread", "day"], name="capture_mark_thread_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.thread} on {self.day}"


class ReviewEntry(Owned):
    """Someone capture saw who is not in Goodwill: a line on the review list."""

    email = models.CharField(max_length=254)
    names = models.CharField(max_length=300, blank=True)  # names seen, "; " between
    sent_count = models.PositiveIntegerField(default=0)  # how often the user wrote to them
    received_count = models.PositiveIntegerField(default=0)
    met_count = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_count", "-last_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "email"], name="capture_review_once")
        ]
        indexes = [
            models.Index(fields=["owner", "-sent_count", "-last_seen_at"], name="capture_review")
        ]
        verbose_name_plural = "review entries"

    def __str__(self) -> str:
        return self.email

    @property
    def name(self) -> str:
        return self.names.split("; ")[0] if self.names else ""

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[-1]


class Ignored(Owned):
    """An address or a whole domain whose mail and meetings capture leaves alone."""

    value = models.CharField(max_length=254)
    is_domain = models.BooleanField(default=False)

    class Meta:
        ordering = ["value"]
        constraints = [models.UniqueConstraint(fields=["owner", "value"], name="capture_ignored")]

    def __str__(self) -> str:
        return self.value


class CaptureSettings(models.Model):
    """The account's capture choices: its own addresses everywhere, and the Today nudges."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capture_settings"
    )
    my_addresses = models.TextField(blank=True)  # one a line
    reply_nudges = models.BooleanField(default=False)
    reply_after_days = models.PositiveIntegerField(default=3)
    max_attendees = models.PositiveIntegerField(default=8)

    def __str__(self) -> str:
        return f"capture settings of {self.owner_id}"

    @property
    def address_list(self) -> list[str]:
        return [a.strip().lower() for a in self.my_addresses.split() if a.strip()]
