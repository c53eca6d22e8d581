"""Models of the exchange area: contact imports and what each one changed, and the pairs
of people you said are not the same."""

from __future__ import annotations

from django.db import models

from goodwill.core.models import Owned
from goodwill.people.models import Person


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "previewed"
    IMPORTING = "importing", "importing"  # a large file being written by the worker
    COMMITTED = "committed", "committed"
    UNDONE = "undone", "undone"


class ImportBatch(Owned):
    """One uploaded file: previewed, then committed (or left), then perhaps undone.

    While previewed the file's bytes are kept so that the commit parses exactly what was
    previewed; they are dropped once committed. ``report`` holds the counts and lists the
    preview (and later the commit and the undo) found; see exchange.services.imports.pipeline.
    """

    filename = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    records = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    data = models.BinaryField(null=True, blank=True, editable=False)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import"
        indexes = [models.Index(fields=["owner", "-created_at"], name="import_recent")]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.filename or 'a file'} ({self.status})"


class ImportedPerson(models.Model):
    """A person you already had that a committed import changed (filled in), and what.

    Imports record the people they create on the person itself (Person.import_batch).
    Rows with ``created=True`` come from batches committed before that: ``updated_at``
    and ``fingerprint`` are the person's state at commit, and undo removes such a
    person only while both still agree (and nothing else refers to them).
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created = models.BooleanField(default=True)
    matched_on = models.CharField(max_length=20, blank=True)
    fields_filled = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person_id} in import {self.batch_id}"


class NotDuplicate(Owned):
    """The owner looked at these two and said: not the same person. Stored with a < b."""

    a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["a", "b"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="not_duplicate_pair"),
            models.CheckConstraint(
                condition=models.Q(a__lt=models.F("b")), name="not_duplicate_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} is not {self.b_id}"
