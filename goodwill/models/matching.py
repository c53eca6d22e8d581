"""The matcher's derived index: which terms describe each person, and how strongly.

Rows are derived from people, their tags, organization, offers and open needs by
``goodwill.services.matching_index`` and never edited by hand. ``person_id`` is a plain
integer on purpose: the generic walks over foreign keys to Person (delete summaries,
merges, import undo) must not see, move or count index rows; rows of a deleted person
are simply ignored (every read joins the person) and swept at the next refresh.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from goodwill.models.giving import Need, Offer
from goodwill.models.people import Person


class MatchTerm(models.Model):
    """One term of one person: weight > 0 says they can help with it, < 0 that they
    need it themselves (a near-miss, not a helper)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_id = models.IntegerField()
    term = models.CharField(max_length=48)
    weight = models.FloatField()

    class Meta:
        indexes = [
            # Covers the candidate fetch: (owner, term) → person and weight, no table visit.
            models.Index(fields=["owner", "term", "person_id", "weight"], name="matchterm_lookup"),
            models.Index(fields=["owner", "person_id"], name="matchterm_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.term}={self.weight:.2f}"


class MatchDirty(models.Model):
    """A person whose index rows must be rebuilt before the next match (set by signals
    and hooks, consumed by ``matching_index.ensure_fresh``)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_id = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["owner", "person_id"], name="matchdirty_owner")]

    def __str__(self) -> str:
        return f"person {self.person_id} to reindex"


class MatchState(models.Model):
    """What the index was built from, per owner: row counts that, when they differ from
    the live tables, reveal a write that bypassed the hooks (bulk inserts)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    people = models.IntegerField(default=0)
    max_person = models.IntegerField(default=0)  # highest person id when last indexed
    offers = models.IntegerField(default=0)
    needs = models.IntegerField(default=0)
    built_at = models.DateTimeField(auto_now=True)
    # New at every change of the index rows: readers may keep what they derived from the
    # rows (how many people have each term) for as long as the token stays the same.
    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return f"match index of {self.owner_id}"


# ---------------------------------------------------------------- what makes a person dirty
# Connected here, where the models load, so that no write through the ORM can miss them.


def _mark(person_ids, owner_id=None):
    from goodwill.services.matching_index import mark_dirty

    mark_dirty(person_ids, owner_id)


def _person_saved(sender, instance, raw=False, **kwargs):
    _mark([instance.pk], instance.owner_id)


def _offer_or_need_changed(sender, instance, **kwargs):
    _mark([instance.person_id], instance.owner_id)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        _mark([instance.pk], instance.owner_id)
    elif action == "pre_clear":
        _mark(instance.people.values_list("pk", flat=True), instance.owner_id)
    else:
        _mark(pk_set or (), instance.owner_id)


post_save.connect(_person_saved, sender=Person, dispatch_uid="matching_person_saved")
for _model in (Offer, Need):
    post_save.connect(_offer_or_need_changed, sender=_model, dispatch_uid=f"matching_{_model}_s")
    post_delete.connect(_offer_or_need_changed, sender=_model, dispatch_uid=f"matching_{_model}_d")
m2m_changed.connect(_tags_changed, sender=Person.tags.through, dispatch_uid="matching_tags")
