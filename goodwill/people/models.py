"""People, the organizations they work at, and the tags the owner gives them."""

from __future__ import annotations

import datetime as dt

from anyascii import anyascii
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.dispatch import Signal

from goodwill.core.models import Owned

CADENCE_MAX_DAYS = 3650
SEARCH_TEXT_MAX = 400  # x 4 bytes + a 200-character name fits a btree entry
SORT_KEY_MAX = 200


def sort_key_for(display_name: str) -> str:
    """The key people are listed by: the name transliterated, lower-cased, letters and
    digits only ("Ämi" -> "ami"). Made of [0-9a-z] alone, it sorts the same under any
    database collation, so SQLite and PostgreSQL list people in one order."""
    text = display_name or ""
    text = (text if text.isascii() else anyascii(text)).lower()
    return "".join(c for c in text if c.isascii() and c.isalnum())[:SORT_KEY_MAX]


class Organization(Owned):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)
    website = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="organization_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(Owned):
    name = models.CharField(max_length=60)
    # Default keep-in-touch interval for people with this tag (a person's own wins).
    cadence_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(CADENCE_MAX_DAYS)],
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("name"), "owner", name="tag_unique_name")]

    def __str__(self) -> str:
        return self.name


class Person(Owned):
    display_name = models.CharField(max_length=200)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    nickname = models.CharField(max_length=100, blank=True)

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    linkedin_url = models.CharField(max_length=500, blank=True)
    website = models.CharField(max_length=500, blank=True)

    birthday_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birthday_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    birthday_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    met_how = models.CharField(max_length=500, blank=True)
    met_on = models.DateField(null=True, blank=True)
    introduced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="introduced"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    about = models.TextField(blank=True)
    photo = models.ImageField(upload_to="photos/%Y/", blank=True)

    is_me = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)

    # Keep in touch. cadence_days is the person's own interval; without it the shortest
    # interval among their tags applies. next_due_on and last_contact_at are derived and
    # kept current by goodwill.interactions.services so that "who is due" is one indexed query.
    cadence_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(CADENCE_MAX_DAYS)],
    )
    snoozed_until = models.DateField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    # When the first catch-up is due for someone nothing is logged with yet: set when you
    # pick them to hear from (after an import), so that the rhythm starts now rather than
    # one interval from when they were added. Once something is logged it no longer counts.
    first_due_on = models.DateField(null=True, blank=True)
    # The latest touch that was not an interaction (a give, a report-back, an intro
    # step, a message sent, a promise kept): it counts as contact (people.services.cadence.touch).
    last_touch_at = models.DateTimeField(null=True, blank=True)

    # Lower-case, transliterated names, emails, organization and tags: one column to search.
    # Capped (SEARCH_TEXT_MAX) so that it fits in an index entry on every database.
    search_text = models.TextField(blank=True, editable=False)
    # The list order: sort_key_for(display_name), kept by save() and the bulk writers
    # (imports, demo, people.services.search.reindex).
    sort_key = models.CharField(max_length=SORT_KEY_MAX, blank=True, editable=False)

    # The import that created this person: its undo removes them while they are untouched
    # since (see exchange.services.imports.undo). Set in the import's INSERT; kept null otherwise.
    import_batch = models.ForeignKey(
        "goodwill.ImportBatch",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(is_me=True), name="person_one_me"
            ),
            models.CheckConstraint(
                condition=models.Q(birthday_month__isnull=True)
                | models.Q(birthday_day__isnull=False),
                name="person_birthday_month_needs_day",
            ),
        ]
        indexes = [
            # Covers the people list: its COUNT, its first page in name order, and a
            # substring search on search_text, all without visiting the table
            # (measured on 30,000 people: a rare-name search 140 ms -> 22 ms).
            models.Index(
                fields=["owner", "archived", "is_me", "display_name", "search_text"],
                name="person_list",
            ),
            models.Index(fields=["owner", "archived", "is_me", "sort_key"], name="person_sorted"),
            models.Index(fields=["owner", "archived", "is_me", "next_due_on"], name="person_due"),
            models.Index(fields=["owner", "archived", "last_contact_at"], name="person_contact"),
            # The match index's freshness check reads MAX(id) of one owner's people. Without
            # it PostgreSQL walks the primary key down through every newer account's rows
            # (375 ms at 60 accounts of 5,000 people); with it, one index probe.
            models.Index(fields=["owner", "id"], name="person_owner_id"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key_for(self.display_name)
        fields = kwargs.get("update_fields")
        if fields is not None and "display_name" in fields and "sort_key" not in fields:
            kwargs["update_fields"] = [*fields, "sort_key"]
        super().save(*args, **kwargs)

    @property
    def birthday(self) -> dt.date | None:
        """The birthday as a date (year 2000 stands in for an unknown year)."""
        if not (self.birthday_month and self.birthday_day):
            return None
        return dt.date(self.birthday_year or 2000, self.birthday_month, self.birthday_day)

    @property
    def birthday_display(self) -> str:
        if not self.birthday:
            return ""
        if self.birthday_year:
            return self.birthday.strftime("%-d %B %Y")
        return self.birthday.strftime("%-d %B")

    @property
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p[:1].isalnum()]
        return "".join(p[0] for p in parts[:2]).upper() or "?"


class PersonEmail(Owned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    label = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=254)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(Lower("address"), "owner", name="email_lookup")]

    def __str__(self) -> str:
        return self.address


class PersonPhone(Owned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(max_length=40, blank=True)
    number = models.CharField(max_length=60)
    # people.rules.phone_key(number, the owner's phone_region): E.164 when the number
    # reads as one, else its digits. What matching, duplicates and search compare.
    normalized = models.CharField(max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "normalized"], name="phone_lookup")]

    def __str__(self) -> str:
        return self.number


# ---------------------------------------------------------------- what other areas hear
# The people area sits below the others; these let an area above react to its writes
# without people importing it. Receivers are connected in goodwill/apps.py.

# A person's searchable text changed in bulk (bulk_update sends no post_save).
# Arguments: people (a list of Person).
people_reindexed = Signal()

# A person was saved with someone who introduced you to them. Arguments: owner, person.
person_introduced = Signal()
