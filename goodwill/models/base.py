"""What every owned object shares: an owner and a manager that scopes by it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import Http404


def note_denied(model, owner, lookup: dict) -> None:
    """Audit an attempt to reach another account's object (not a merely unknown id)."""
    pk = lookup.get("pk", lookup.get("id"))
    if pk is None or owner is None or not getattr(owner, "pk", None):
        return
    try:
        exists = model._default_manager.filter(pk=pk).exclude(owner=owner).exists()
    except (ValueError, TypeError):
        return
    if exists:
        from goodwill.services.security import audit

        audit("access.denied", user=owner, object=model._meta.model_name, id=str(pk)[:40])


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, owner) -> OwnedQuerySet:
        return self.filter(owner=owner)

    def get_owned_or_404(self, owner, **lookup):
        """The one way to fetch a single object by id: anything not owned is a 404."""
        try:
            return self.get(owner=owner, **lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            note_denied(self.model, owner, lookup)
            raise Http404(f"No {self.model._meta.verbose_name} matches the given query.") from None


class Owned(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
