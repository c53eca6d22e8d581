"""Writing a Monica plan through the areas' own services, and taking it back.

A Monica export is small next to a contacts file (hundreds of people, not tens of
thousands), and most of what it carries is not a person but what happened with them, so
every row goes through the service that owns it: people.create_person,
interactions.log_interaction, network.connect_people, interactions.add_promise,
giving.record_give. Their checks and derived columns (cadence, search text) are the
same as for anything typed. All of it runs in the caller's transaction: all or nothing.

The batch's report keeps the ids of what was written (``report["monica"]["written"]``)
so that undo removes exactly that: the interactions, relationships, promises and gives
first, then the people, except those changed since the import or that something else
now points to (the rule of every other import, imports.undo).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from goodwill.exchange.services.imports.monica.shape import Plan
from goodwill.exchange.services.imports.undo import (
    CHANGED,
    OWN_ROWS,
    REFERRED,
    _drop_unused,
    _referred,
)
from goodwill.giving import services as giving
from goodwill.giving.models import Give, GiveKind
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction, Kind, Promise
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Organization, Person, Tag

NOTES_HEADING = "From Monica:"


def about_text(contact) -> str:
    """Their notes: the description, then every dated line (notes, life events…)."""
    about = contact.fields.get("about", "")
    dated = sorted(contact.lines, key=lambda line: (line[0] is not None, line[0] or dt.date.min))
    lines = [f"{on.isoformat()} — {text}" if on else text for on, text in dated]
    if not lines:
        return about
    return "\n\n".join(x for x in (about, NOTES_HEADING + "\n" + "\n".join(lines)) if x)


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
            about=about_text(contact),
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


def undo(batch) -> dict:
    """Remove what ``write`` wrote for ``batch``; the people changed since stay (listed)."""
    written = (batch.report.get("monica") or {}).get("written") or {}
    owner_id = batch.owner_id
    for model, key in (
        (Give, "gives"),
        (Promise, "promises"),
        (Relationship, "relationships"),
        (Interaction, "interactions"),
    ):
        model.objects.filter(owner_id=owner_id, pk__in=written.get(key) or []).delete()
    recorded = {int(pk): at for pk, at in (written.get("people") or {}).items()}
    rows = Person.objects.filter(owner_id=owner_id, pk__in=list(recorded))
    people = list(rows.values_list("pk", "display_name", "updated_at"))
    changed = {pk for pk, _, at in people if at.isoformat() != recorded[pk]}
    ids = [pk for pk, _, _ in people]
    # Edges between the people it brought (who introduced whom, met at the same dinner)
    # came with the import too, unless added since.
    Relationship.objects.filter(
        owner_id=owner_id, src_id__in=ids, dst_id__in=ids, created_at__lte=batch.committed_at
    ).delete()
    candidates = set(ids) - changed
    referred = _referred(Person, ids, (*OWN_ROWS, Person)) | set(
        Person.objects.filter(introduced_by__in=ids)
        .exclude(pk__in=candidates)
        .values_list("introduced_by", flat=True)
    )
    kept, removable = [], []
    for pk, name, _ in people:
        if pk in changed:
            kept.append({"id": pk, "display_name": name, "reason": CHANGED})
        elif pk in referred:
            kept.append({"id": pk, "display_name": name, "reason": REFERRED})
        else:
            removable.append(pk)
    Person.objects.filter(pk__in=removable).delete()
    report = batch.report.get("monica") or {}
    return {
        "removed": len(removable),
        "kept": kept,
        "organizations_removed": _drop_unused(
            Organization, report.get("organizations_created", [])
        ),
        "tags_removed": _drop_unused(
            Tag, report.get("tags_created", []), cadence_days__isnull=True
        ),
        "photos": [],
    }
