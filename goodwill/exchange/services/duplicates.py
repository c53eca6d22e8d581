"""Merging two records of one person, and remembering pairs that are not the same.

``merge_people`` is generic: it walks every foreign key in the project that points at
Person (``Person._meta.get_fields(include_hidden=True)``: reverse foreign keys,
one-to-ones and the hidden through tables of many-to-many fields) and repoints the
rows of the merged person to the kept one. A model added later (leads, gives, needs…)
is carried over without a change here. Unique constraints are honoured generically: a
row of the merged person that would clash with one the kept person already has (the
same interaction, the same tag) is a duplicate of it and is dropped. A few models have
rules of their own and a handler below: relationships (two rows per pair, never to
oneself), emails and phones (no duplicates), introductions and "not the same" pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import models, transaction
from django.db.models import Q

from goodwill.core.rules import field_error
from goodwill.exchange.models import NotDuplicate
from goodwill.interactions.models import Interaction, Participation
from goodwill.network.models import Relationship
from goodwill.people.models import Person, PersonEmail, PersonPhone
from goodwill.people.rules import resolve_two_people
from goodwill.people.services import cadence
from goodwill.people.services.search import reindex

# Scalar fields filled from the merged person when the kept one has them empty.
FILL_FIELDS = [
    "given_name",
    "family_name",
    "nickname",
    "organization",
    "title",
    "location",
    "linkedin_url",
    "website",
    "met_how",
    "met_on",
    "cadence_days",
    "snoozed_until",
    "first_due_on",  # picked to hear from: the first hello stays planned
]
BIRTHDAY_FIELDS = ["birthday_year", "birthday_month", "birthday_day"]
LABELS = {
    (Participation, "person"): "interactions",
    (Interaction, "initiated_by"): "interactions they started",
    (PersonEmail, "person"): "emails",
    (PersonPhone, "person"): "phones",
    (Person.tags.through, "person"): "tags",
    (Person, "introduced_by"): "people they introduced",
    (Relationship, "src"): "relationships",
}


def _person_foreign_keys() -> list[models.ForeignKey]:
    """Every foreign key (and one-to-one) in the project that points at Person."""
    found = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if isinstance(rel, models.ForeignObjectRel) and not rel.many_to_many:
            found.append(rel.field)
    return found


def _label(fk: models.ForeignKey) -> str:
    return LABELS.get((fk.model, fk.name)) or str(fk.model._meta.verbose_name_plural)


def _pair(owner, keep, merge) -> tuple[Person, Person]:
    keep, merge = resolve_two_people(
        owner, keep, merge, fields=("keep", "merge"), same="Choose two different people to merge."
    )
    if merge.is_me:
        raise field_error("merge", "Your own record can be kept, but not merged away.")
    return keep, merge


def merge_preview(*, owner, keep, merge) -> dict[str, int]:
    """What would move from ``merge`` to ``keep``: label → number of rows."""
    keep, merge = _pair(owner, keep, merge)
    moving: Counter[str] = Counter()
    for fk in _person_foreign_keys():
        if fk.model is Relationship and fk.name == "dst":
            continue  # every relationship is counted once, by its src row
        n = fk.model._base_manager.filter(**{fk.name: merge}).count()
        if fk.model is Relationship:
            n -= Relationship.objects.filter(src=merge, dst=keep).count()
        if fk.model is NotDuplicate or not n:
            continue
        moving[_label(fk)] += n
    return dict(moving)


# ---------------------------------------------------------------- special handlers


def _move_emails(keep, merge, report: Counter) -> None:
    have = {a.lower() for (a,) in PersonEmail.objects.filter(person=keep).values_list("address")}
    position = PersonEmail.objects.filter(person=keep).count()
    for email in PersonEmail.objects.filter(person=merge).order_by("position", "id"):
        if email.address.lower() in have:
            email.delete()
            report["emails already there"] += 1
            continue
        have.add(email.address.lower())
        PersonEmail.objects.filter(pk=email.pk).update(person=keep, position=position)
        position += 1
        report["emails"] += 1


def _move_phones(keep, merge, report: Counter) -> None:
    have = set(PersonPhone.objects.filter(person=keep).values_list("normalized", flat=True))
    position = PersonPhone.objects.filter(person=keep).count()
    for phone in PersonPhone.objects.filter(person=merge).order_by("position", "id"):
        if phone.normalized in have:
            phone.delete()
            report["phones already there"] += 1
            continue
        have.add(phone.normalized)
        PersonPhone.objects.filter(pk=phone.pk).update(person=keep, position=position)
        position += 1
        report["phones"] += 1


def _edge_rank(rel: Relationship) -> tuple:
    """Stronger first, then the one known longest, then the older row."""
    return (-rel.strength, rel.since is None, rel.since or 0, rel.pk)


def _move_relationships(keep, merge, report: Counter) -> None:
    between = Relationship.objects.filter(Q(src=keep, dst=merge) | Q(src=merge, dst=keep))
    dropped = between.count() // 2
    between.delete()
    if dropped:
        report["relationships between the two (dropped)"] += dropped
    keeps = {r.dst_id: r for r in Relationship.objects.filter(src=keep)}
    keeps_back = {r.src_id: r for r in Relationship.objects.filter(dst=keep)}
    fields = ["kind", "strength", "since", "source", "source_interaction"]
    for rel in Relationship.objects.filter(src=merge):
        back = Relationship.objects.filter(src_id=rel.dst_id, dst=merge).first()
        mine = keeps.get(rel.dst_id)
        if mine is None:
            Relationship.objects.filter(pk=rel.pk).update(src=keep)
            if back is not None:
                Relationship.objects.filter(pk=back.pk).update(dst=keep)
            report["relationships"] += 1
            continue
        # Both knew the same third person: keep the stronger (or longer-known) edge.
        mine_back = keeps_back.get(rel.dst_id)
        if _edge_rank(rel) < _edge_rank(mine):
            for row, source in ((mine, rel), (mine_back, back)):
                if row is not None and source is not None:
                    for f in fields:
                        setattr(row, f, getattr(source, f))
                    row.save(update_fields=[*fields, "updated_at"])
        Relationship.objects.filter(pk=rel.pk).delete()
        if back is not None:
            Relationship.objects.filter(pk=back.pk).delete()
        report["relationships both had (kept the stronger)"] += 1
    # Rows pointing at merge without a row from it (should not exist, but carry them).
    Relationship.objects.filter(dst=merge).exclude(src=keep).update(dst=keep)


def _move_introductions(keep, merge, report: Counter) -> None:
    n = Person.objects.filter(introduced_by=merge).exclude(pk=keep.pk).update(introduced_by=keep)
    if n:
        report["people they introduced"] += n
    if keep.introduced_by_id == merge.pk:
        keep.introduced_by_id = (
            merge.introduced_by_id if merge.introduced_by_id != keep.pk else None
        )


def _move_not_duplicates(keep, merge, report: Counter) -> None:
    rows = NotDuplicate.objects.filter(Q(a=merge) | Q(b=merge))
    for row in rows:
        other = row.b_id if row.a_id == merge.pk else row.a_id
        if other != keep.pk:
            a, b = sorted((keep.pk, other))
            NotDuplicate.objects.get_or_create(owner_id=row.owner_id, a_id=a, b_id=b)
    rows.delete()


Handler = Callable[[Person, Person, Counter], None]
HANDLERS: dict[tuple[type, str], Handler | None] = {
    (PersonEmail, "person"): _move_emails,
    (PersonPhone, "person"): _move_phones,
    (Relationship, "src"): _move_relationships,
    (Relationship, "dst"): None,  # done with src
    (Person, "introduced_by"): _move_introductions,
    (NotDuplicate, "a"): _move_not_duplicates,
    (NotDuplicate, "b"): None,
}


def _unique_sets(model: type[models.Model], name: str) -> list[list[str]]:
    """Field sets that must be unique and include the foreign key ``name``."""
    sets = [list(t) for t in model._meta.unique_together]
    for c in model._meta.constraints:
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None:
            sets.append(list(c.fields))
    if model._meta.get_field(name).unique:
        sets.append([name])
    return [s for s in sets if name in s]


def _move_generic(fk: models.ForeignKey, keep, merge, report: Counter) -> None:
    manager = fk.model._base_manager
    label = _label(fk)
    for fields in _unique_sets(fk.model, fk.name):
        others = [f for f in fields if f != fk.name]
        attnames = [fk.model._meta.get_field(f).attname for f in others]
        taken = set(manager.filter(**{fk.name: keep}).values_list(*attnames)) if attnames else {()}
        clashing = [
            pk
            for pk, *values in manager.filter(**{fk.name: merge}).values_list("pk", *attnames)
            if tuple(values) in taken
        ]
        if clashing:
            manager.filter(pk__in=clashing).delete()
            report[f"{label} both had"] += len(clashing)
    moved = manager.filter(**{fk.name: merge}).update(**{fk.name: keep})
    if moved:
        report[label] += moved


def _fill_fields(keep: Person, merge: Person) -> list[str]:
    filled = []
    for name in FILL_FIELDS:
        if getattr(keep, name) in (None, "") and getattr(merge, name) not in (None, ""):
            setattr(keep, name, getattr(merge, name))
            filled.append(name)
    if keep.birthday_month is None and merge.birthday_month is not None:
        for name in BIRTHDAY_FIELDS:
            setattr(keep, name, getattr(merge, name))
        filled.append("birthday")
    elif keep.birthday_year is None and (keep.birthday_month, keep.birthday_day) == (
        merge.birthday_month,
        merge.birthday_day,
    ):
        keep.birthday_year = merge.birthday_year
    if merge.about.strip():
        if not keep.about.strip():
            keep.about = merge.about
        elif merge.about.strip() not in keep.about:
            keep.about = f"{keep.about.rstrip()}\n\n{merge.about.strip()}"
        filled.append("about")
    if merge.last_touch_at and (
        keep.last_touch_at is None or merge.last_touch_at > keep.last_touch_at
    ):
        keep.last_touch_at = merge.last_touch_at  # a message sent to either counts for both
        filled.append("last_touch_at")
    if keep.introduced_by_id is None and merge.introduced_by_id not in (None, keep.pk):
        keep.introduced_by_id = merge.introduced_by_id
        filled.append("introduced_by")
    if not keep.photo and merge.photo:
        keep.photo = merge.photo.name
        filled.append("photo")
    if merge.archived is False and keep.archived and not keep.is_me:
        keep.archived = False  # one of the two was still in use
    keep.created_at = min(keep.created_at, merge.created_at)
    return filled


@transaction.atomic
def merge_people(*, owner, keep, merge) -> dict:
    """Fold ``merge`` into ``keep``: every row that refers to ``merge`` moves to ``keep``,
    ``keep``'s empty fields are filled from ``merge``, then ``merge`` is deleted.

    Returns {"kept": id, "merged": id, "moved": {label: n}, "filled": [field, ...]}.
    """
    keep, merge = _pair(owner, keep, merge)
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    merge = Person.objects.select_for_update().get(pk=merge.pk)
    report: Counter[str] = Counter()
    for fk in _person_foreign_keys():
        key = (fk.model, fk.name)
        if key in HANDLERS:
            handler = HANDLERS[key]
            if handler is not None:
                handler(keep, merge, report)
        else:
            _move_generic(fk, keep, merge, report)
    filled = _fill_fields(keep, merge)
    old_photo = merge.photo.name if merge.photo and merge.photo.name != keep.photo.name else ""
    merge_pk = merge.pk
    merge.delete()
    keep.save()
    if old_photo:
        storage = Person._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(old_photo))
        report["photo (kept theirs, this one deleted)"] += 1
    reindex([keep.pk])
    cadence.refresh(owner=owner, person_ids=[keep.pk])
    return {"kept": keep.pk, "merged": merge_pk, "moved": dict(report), "filled": filled}


@transaction.atomic
def dismiss_duplicate(*, owner, a, b) -> NotDuplicate:
    """Remember that these two are different people, so the pair is not suggested again."""
    a, b = resolve_two_people(owner, a, b)
    low, high = sorted((a.pk, b.pk))
    row, _ = NotDuplicate.objects.get_or_create(owner=owner, a_id=low, b_id=high)
    return row


@transaction.atomic
def undo_dismiss(*, owner, a, b) -> int:
    low, high = sorted((int(a), int(b)))
    deleted, _ = NotDuplicate.objects.filter(owner=owner, a_id=low, b_id=high).delete()
    return deleted
