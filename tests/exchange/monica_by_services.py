"""The Monica import as it was first written: every row through the areas' services.

Kept as the reference the bulk writer (goodwill/exchange/services/imports/monica/write.py)
is compared with, row by row and field by field (test_import_monica_rows.py): whatever
the bulk writer does to be fast, it must leave the same rows as create_person,
log_interaction, connect_people, add_promise and record_give would. Slow (about 56
queries a contact): only for the small fixture.
"""

from __future__ import annotations

from django.utils import timezone

from goodwill.exchange.services.imports.monica.shape import Plan
from goodwill.exchange.services.imports.monica.write import about_text as _about
from goodwill.giving import services as giving
from goodwill.giving.models import GiveKind
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Kind
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Organization, Person, Tag


def write(owner, batch, plan: Plan) -> dict:
    """Write the plan for ``owner``; returns what was written (ids) for the report."""
    orgs_before = set(Organization.objects.filter(owner=owner).values_list("pk", flat=True))
    tags_before = set(Tag.objects.filter(owner=owner).values_list("pk", flat=True))
    written = {"people": [], "interactions": [], "relationships": [], "promises": [], "gives": []}
    ids: dict[str, int] = {}
    for contact in plan.contacts:
        fields = {k: v for k, v in contact.fields.items() if k != "about"}
        person = people.create_person(
            owner=owner,
            emails=[{"label": label, "address": a} for label, a in contact.emails],
            phones=[{"label": label, "number": n} for label, n in contact.phones],
            tags=contact.tags,
            organization=contact.organization or None,
            about=_about(contact),
            **fields,
        )
        ids[contact.uuid] = person.pk
        written["people"].append(person.pk)
    Person.objects.filter(pk__in=written["people"]).update(import_batch=batch)
    for contact in plan.contacts:  # who introduced them, now that everyone is here
        if contact.introducer in ids:
            people.update_person(
                owner=owner, person=ids[contact.uuid], introduced_by=ids[contact.introducer]
            )
    _timeline(owner, plan, ids, written)
    for contact in plan.contacts:
        for text, due_on in contact.promises:
            item = interactions.add_promise(
                owner=owner, person=ids[contact.uuid], text=text, due_on=due_on
            )
            written["promises"].append(item.pk)
        for from_them, summary, notes, on in contact.gives:
            them = ids[contact.uuid]
            give = giving.record_give(
                owner=owner,
                summary=summary,
                giver=them if from_them else "me",
                receiver="me" if from_them else them,
                kind=GiveKind.FAVOUR if summary.startswith("Lent") else GiveKind.OTHER,
                notes=notes,
                given_on=min(on, timezone.localdate()),
            )
            written["gives"].append(give.pk)
    _relationships(owner, plan, ids, written)
    people_after = Person.objects.filter(pk__in=written["people"]).values_list("pk", "updated_at")
    return {
        "written": {
            **written,
            "people": {str(pk): at.isoformat() for pk, at in people_after},
        },
        "organizations_created": sorted(
            set(Organization.objects.filter(owner=owner).values_list("pk", flat=True)) - orgs_before
        ),
        "tags_created": sorted(
            set(Tag.objects.filter(owner=owner).values_list("pk", flat=True)) - tags_before
        ),
    }


def _timeline(owner, plan: Plan, ids: dict[str, int], written: dict) -> None:
    who: dict[str, list[int]] = {}
    for contact in plan.contacts:
        for uuid in contact.activities:
            if uuid in plan.activities:
                who.setdefault(uuid, []).append(ids[contact.uuid])
    before = set(Relationship.objects.filter(owner=owner).values_list("pk", flat=True))
    for uuid, participants in who.items():
        activity = plan.activities[uuid]
        item = interactions.log_interaction(
            owner=owner,
            participants=participants,
            kind=activity.kind,
            occurred_at=activity.day,
            summary=activity.summary,
            notes=activity.notes,
        )
        written["interactions"].append(item.pk)
    for contact in plan.contacts:
        for moment, they_called, content in contact.calls:
            item = interactions.log_interaction(
                owner=owner,
                participants=[ids[contact.uuid]],
                kind=Kind.CALL,
                occurred_at=min(moment, timezone.now()),
                summary="Call",
                notes=content,
                initiated_by=ids[contact.uuid] if they_called else "me",
            )
            written["interactions"].append(item.pk)
    after = Relationship.objects.filter(owner=owner).exclude(pk__in=before)
    written["relationships"] += list(after.values_list("pk", flat=True))


def _relationships(owner, plan: Plan, ids: dict[str, int], written: dict) -> None:
    if plan.me and any(plan.me in pair[:2] for pair in plan.relationships):
        ids[plan.me] = people.ensure_me(owner=owner).pk  # "Ana is my friend"
    for a, b, kind in plan.relationships:
        pair = (ids[a], ids[b])
        existed = set(_between(*pair).values_list("pk", flat=True))
        network.connect_people(owner=owner, a=pair[0], b=pair[1], kind=kind)
        written["relationships"] += [
            pk for pk in _between(*pair).values_list("pk", flat=True) if pk not in existed
        ]


def _between(a: int, b: int):
    return Relationship.objects.filter(src_id__in=(a, b), dst_id__in=(a, b))
