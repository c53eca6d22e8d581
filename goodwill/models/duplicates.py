"""Models of the duplicates area: pairs of people the owner said are not the same."""

from __future__ import annotations

from django.db import models

from goodwill.models.base import Owned
from goodwill.models.people import Person


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
