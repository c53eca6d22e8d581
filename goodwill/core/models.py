"""What every owned object shares: an owner and a manager that scopes by it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import Http404


class OwnedNotFound(Http404):
    """A 404 for an id the account does not own. It carries what was looked up, so the
    web middleware and the API's error handler can tell a probe of another account's
    object (which they audit) from a merely unknown id; the lookup itself writes nothing."""

    def __init__(self, model, owner, lookup: dict):
        super().__init__(f"No {model._meta.verbose_name} matches the given query.")
        self.model = model
        self.owner = owner
        self.pk = lookup.get("pk", lookup.get("id"))


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, owner) -> OwnedQuerySet:
        return self.filter(owner=owner)

    def get_owned_or_404(self, owner, **lookup):
        """The one way to fetch a single object by id: anything not owned is a 404."""
        try:
            return self.get(owner=owner, **lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise OwnedNotFound(self.model, owner, lookup) from None


class Owned(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
