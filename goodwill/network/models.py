"""Who knows whom among the owner's people: two directed rows per relationship."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from goodwill.core.models import Owned
from goodwill.people.models import Person


class RelKind(models.TextChoices):
    KNOWS = "knows", "knows"
    COLLEAGUE = "colleague", "colleague"
    FRIEND = "friend", "friend"
    FAMILY = "family", "family"
    # Directed kinds: the row src→dst says what dst is to src.
    CLIENT = "client", "client"
    PROVIDER = "provider", "provider"
    MENTOR = "mentor", "mentor"
    MENTEE = "mentee", "mentee"


INVERSE = {
    RelKind.CLIENT: RelKind.PROVIDER,
    RelKind.PROVIDER: RelKind.CLIENT,
    RelKind.MENTOR: RelKind.MENTEE,
    RelKind.MENTEE: RelKind.MENTOR,
}


def inverse_kind(kind: str) -> str:
    return INVERSE.get(kind, kind)


class RelSource(models.TextChoices):
    MANUAL = "manual", "added by you"
    INTRODUCED_BY = "introduced_by", "introduced by"
    INTERACTION = "interaction", "met at the same interaction"
    EVENT = "event", "met at the same event"


class Relationship(Owned):
    """src → dst: dst is src's <kind>. Every relationship is stored as two such rows."""

    src = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    dst = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=RelKind.choices, default=RelKind.KNOWS)
    strength = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    since = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=RelSource.choices, default=RelSource.MANUAL)
    source_interaction = models.ForeignKey(
        "goodwill.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_event = models.ForeignKey(
        "goodwill.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-strength", "id"]
        constraints = [
            models.UniqueConstraint(fields=["src", "dst"], name="relationship_pair"),
            models.CheckConstraint(
                condition=~models.Q(src=models.F("dst")), name="relationship_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=5), name="relationship_strength"
            ),
        ]
        indexes = [models.Index(fields=["dst"], name="relationship_dst")]

    def __str__(self) -> str:
        return f"{self.src} → {self.dst} ({self.kind})"
