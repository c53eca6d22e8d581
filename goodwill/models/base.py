"""What every owned object shares: an owner and a manager that scopes by it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import Http404


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, owner) -> OwnedQuerySet:
        return self.filter(owner=owner)

    def get_owned_or_404(self, owner, **lookup):
        """The one way to fetch a single object by id: anything not owned is a 404."""
        try:
            return self.get(owner=owner, **lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404(f"No {self.model._meta.verbose_name} matches the given query.") from None


class Owned(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
