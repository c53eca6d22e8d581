"""Writing a Monica plan in bulk, and taking it back.

A real Monica account is hundreds to a few thousand people, each with activities, calls,
notes and reminders. Written row by row through the areas' services that cost about 56
queries a person (500 people: minutes). Here every table is written with a few multi-row
INSERTs (core.bulk), the way the contacts import writes, and each derived column is
refreshed once for everyone at the end. The rules of the services are kept, most by
calling the services' own checks on each row (people: _apply_fields, _validate,
_clean_emails, _clean_phones; interactions: _occurred, _promise_text; giving: clean_text);
where a service does more than check, what it does is reproduced below, with a comment
naming it. tests/exchange/test_import_monica_rows.py holds this writer to the rows the
services write, field by field. All of it runs in the caller's transaction: all or
nothing.

The batch's report keeps the ids of what was written (``report["monica"]["written"]``)
so that undo removes exactly that: the interactions, relationships, promises and gives
first, then the people, except those changed since the import or that something else
now points to (the rule of every other import, imports.undo).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.utils import timezone

from goodwill.core import revision
from goodwill.core.bulk import adapters, insert_rows, update_column
from goodwill.core.rules import field_error
from goodwill.exchange.services.imports.monica.shape import Plan
from goodwill.exchange.services.imports.undo import (
    CHANGED,
    OWN_ROWS,
    REFERRED,
    _drop_unused,
    _referred,
)
from goodwill.giving.matching import index as match_index
from goodwill.giving.models import Give, GiveKind
from goodwill.giving.services import clean_text as give_text
from goodwill.interactions.models import (
    Interaction,
    Kind,
    Participation,
    Promise,
    interaction_logged,
)
from goodwill.interactions.services import _occurred, _promise_text
from goodwill.network.models import Relationship, RelKind, RelSource, inverse_kind
from goodwill.people import services as people
from goodwill.people.models import (
    Organization,
    Person,
    PersonEmail,
    PersonPhone,
    Tag,
    sort_key_for,
)
from goodwill.people.rules import region_of, search_text_for
from goodwill.people.services import _apply_fields, _clean_emails, _clean_phones, _validate, cadence
from goodwill.people.services.search import reindex

NOTES_HEADING = "From Monica:"
LINK_LIMIT = 20  # network.services.link_participants: a bigger crowd is not knowing


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
    return _Bulk(owner, batch).write(plan)


class _Bulk:
    """One import's write: every row stamped with the same moment (the undo record and
    imports.undo compare it), inserted table by table."""

    def __init__(self, owner, batch):
        self.owner, self.batch = owner, batch
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.db_time, self.db_date = adapters()
        self.stamp = (owner.pk, self.db_time(self.now), self.db_time(self.now))
        self.me_pk: int | None = None
        # (src, dst) -> [kind, strength, since, source, source interaction], in the order
        # the services would have written and overwritten them (see connect).
        self.edges: dict[tuple[int, int], list] = {}

    def me(self) -> int:
        if self.me_pk is None:  # created only when something needs it, as the services do
            self.me_pk = people.ensure_me(owner=self.owner).pk
        return self.me_pk

    def insert(self, model, fields, rows, *, returning=True) -> list[int]:
        rows = (self.stamp + tuple(row) for row in rows)
        fields = ["owner_id", "created_at", "updated_at", *fields]
        return insert_rows(model, fields, rows, returning=returning)

    # ------------------------------------------------------------ the whole write

    def write(self, plan: Plan) -> dict:
        ids, created = self.people(plan)
        introduced = self.introducers(plan, ids)
        interactions = self.timeline(plan, ids)
        promises = self.promises(plan, ids)
        gives, touched = self.gives(plan, ids)
        if plan.me and any(plan.me in pair[:2] for pair in plan.relationships):
            ids[plan.me] = self.me()  # "Ana is my friend"
        for a, b, kind in plan.relationships:  # network.connect_people, both ways
            self.connect(ids[a], ids[b], kind, 3, None, RelSource.MANUAL, None)
        relationships = self.write_edges()
        everyone = list(ids[c.uuid] for c in plan.contacts)
        self.refresh(everyone, introduced, touched)
        self.signals(everyone, interactions, gives)
        people_after = Person.objects.filter(pk__in=everyone).values_list("pk", "updated_at")
        return {
            "written": {
                "people": {str(pk): at.isoformat() for pk, at in people_after},
                "interactions": interactions,
                "relationships": relationships,
                "promises": promises,
                "gives": gives,
            },
            **created,
        }

    # ------------------------------------------------------------ people

    def people(self, plan: Plan) -> tuple[dict[str, int], dict]:
        """people.create_person for every contact, in one INSERT per table."""
        region = region_of(self.owner)
        orgs = _Names(Organization, self.owner, 200, "organization")
        tags = _Names(Tag, self.owner, 60, "tags", tag=True)
        rows, contacts = [], []
        for contact in plan.contacts:
            person, emails, phones, org, tag_names = self.person(contact, region, orgs, tags)
            org_id = orgs.id_of(org)
            tag_keys = list(dict.fromkeys(n.lower() for n in tag_names))
            rows.append(
                (
                    *(person.display_name, person.given_name, person.family_name),
                    *(person.nickname, org_id, person.title, person.location),
                    *(person.linkedin_url, person.website, person.birthday_year),
                    *(person.birthday_month, person.birthday_day, person.met_how),
                    *(self.db_date(person.met_on), person.about, person.cadence_days),
                    search_text_for(  # as create_person: its tags in the order given
                        person,
                        [a for _, a in emails],
                        [tags.name_of(k) for k in tag_keys],
                        orgs.name_of(org.lower()) if org else "",
                    ),
                    sort_key_for(person.display_name),
                    self.batch.pk,
                )
            )
            contacts.append((emails, phones, tag_keys))
        orgs.create(self)
        tags.create(self)
        for i, row in enumerate(rows):
            if row[4] is not None:
                rows[i] = (*row[:4], orgs.ids[row[4]], *row[5:])
        pks = self.insert(Person, PERSON_COLUMNS, rows)
        self.insert(
            PersonEmail,
            ["person_id", "label", "address", "position"],
            (
                (pk, label, address, n)
                for pk, (emails, _, _) in zip(pks, contacts, strict=True)
                for n, (label, address) in enumerate(emails)
            ),
            returning=False,
        )
        self.insert(
            PersonPhone,
            ["person_id", "label", "number", "normalized", "position"],
            (
                (pk, label, number, key, n)
                for pk, (_, phones, _) in zip(pks, contacts, strict=True)
                for n, (label, number, key) in enumerate(phones)
            ),
            returning=False,
        )
        insert_rows(
            Person.tags.through,
            ["person_id", "tag_id"],
            (
                (pk, tags.ids[key])
                for pk, (_, _, keys) in zip(pks, contacts, strict=True)
                for key in keys
            ),
        )
        ids = {c.uuid: pk for c, pk in zip(plan.contacts, pks, strict=True)}
        return ids, {"organizations_created": orgs.created, "tags_created": tags.created}

    def person(self, contact, region, orgs, tags):
        """The checks of people.create_person on one contact (its own functions), or a
        "file" error naming the contact and what is wrong."""
        fields = {k: v for k, v in contact.fields.items()}
        fields["about"] = about_text(contact)
        name = fields.get("display_name") or (contact.emails or contact.phones or [("", "")])[0][1]
        try:
            emails = _clean_emails(contact.emails)
            phones = _clean_phones(contact.phones, region)
            if not fields.get("display_name"):
                # create_person names them by their first e-mail; a contact with only a
                # phone is named by it (the preview shows them so) rather than refused.
                fields["display_name"] = (emails or phones or [("", "")])[0][1]
            person = Person(owner=self.owner)
            _apply_fields(person, fields)
            _validate(person)
            org = orgs.add(contact.organization)
            tag_names = [tags.add(t) for t in contact.tags]
        except ValidationError as exc:
            problems = " ".join(exc.messages)
            raise field_error(
                "file",
                f"Monica contact {name or contact.uuid}: {problems} Fix it in Monica and "
                "export again, or remove the contact from the file.",
            ) from None
        return person, emails, phones, org, [t for t in tag_names if t]

    def introducers(self, plan: Plan, ids: dict[str, int]) -> list[int]:
        """people.update_person(introduced_by=...) for each contact someone introduced,
        and the introducer's edge network.on_person_introduced records (person_introduced)."""
        pairs = []
        for contact in plan.contacts:
            introducer, pk = ids.get(contact.introducer), ids[contact.uuid]
            if introducer is None or introducer == pk:  # nobody introduces themselves
                continue
            pairs.append((introducer, pk))
            if (introducer, pk) not in self.edges:  # on_person_introduced
                since = contact.fields.get("met_on")
                self.connect(introducer, pk, RelKind.KNOWS, 3, since, RelSource.INTRODUCED_BY)
        update_column(Person, "introduced_by", pairs)
        return [pk for _, pk in pairs]

    # ------------------------------------------------------------ what happened

    def timeline(self, plan: Plan, ids: dict[str, int]) -> list[int]:
        """interactions.log_interaction for each activity (everyone who took part) and
        each call, then their participations; the edges link_participants adds."""
        who: dict[str, list[int]] = {}
        for contact in plan.contacts:
            for uuid in contact.activities:
                if uuid in plan.activities:
                    who.setdefault(uuid, [])
                    if ids[contact.uuid] not in who[uuid]:
                        who[uuid].append(ids[contact.uuid])
        items = []  # (kind, moment, summary, notes, initiated_by, participants)
        for uuid, participants in who.items():
            activity = plan.activities[uuid]
            moment = self.moment(activity.day, "activity", activity.summary)
            items.append(
                (activity.kind, moment, activity.summary, activity.notes, None, participants)
            )
        for contact in plan.contacts:
            pk = ids[contact.uuid]
            for moment, they_called, content in contact.calls:
                moment = min(self.moment(moment, "call", contact.uuid), self.now)
                by = pk if they_called else self.me()
                items.append((Kind.CALL, moment, "Call", content, by, [pk]))
        pks = self.insert(
            Interaction,
            ["occurred_at", "kind", "summary", "notes", "initiated_by_id"],
            (
                (
                    self.db_time(moment),
                    kind,
                    (summary or "").strip()[:200],
                    (notes or "").strip(),
                    by,
                )
                for kind, moment, summary, notes, by, _ in items
            ),
        )
        insert_rows(
            Participation,
            ["interaction_id", "person_id", "occurred_at"],
            (
                (pk, person, self.db_time(item[1]))
                for pk, item in zip(pks, items, strict=True)
                for person in item[5]
            ),
        )
        for pk, (kind, moment, _, _, _, participants) in zip(pks, items, strict=True):
            if kind != Kind.EVENT and 2 <= len(participants) <= LINK_LIMIT:  # link_participants
                for src in participants:
                    for dst in participants:
                        if src != dst and (src, dst) not in self.edges:
                            self.edges[(src, dst)] = [
                                RelKind.KNOWS,
                                1,
                                moment.date(),
                                RelSource.INTERACTION,
                                pk,
                            ]
        return pks

    def moment(self, value, what: str, name: str) -> dt.datetime:
        """interactions.services._occurred: a day is noon in the account's zone."""
        try:
            return _occurred(value)
        except ValidationError as exc:
            raise field_error("file", f"Monica {what} {name}: {' '.join(exc.messages)}") from None

    def promises(self, plan: Plan, ids: dict[str, int]) -> list[int]:
        """interactions.add_promise: its text rule; due on or after today (the reader
        keeps only reminders and tasks still ahead)."""
        rows = []
        for contact in plan.contacts:
            for text, due_on in contact.promises:
                try:
                    text = _promise_text(text)
                except ValidationError as exc:
                    raise field_error(
                        "file", f"Monica reminder: {' '.join(exc.messages)}"
                    ) from None
                rows.append((ids[contact.uuid], text, self.db_date(max(due_on, self.today))))
        return self.insert(Promise, ["person_id", "text", "due_on"], rows)

    def gives(self, plan: Plan, ids: dict[str, int]) -> tuple[list[int], dict[int, dt.datetime]]:
        """giving.record_give for each gift and debt; and the touch it records
        (people.services.cadence.touch): helping is contact, from noon that day."""
        rows, touched = [], {}
        for contact in plan.contacts:
            them = ids[contact.uuid]
            for from_them, summary, notes, on in contact.gives:
                giver, receiver = (them, self.me()) if from_them else (self.me(), them)
                given_on = min(on, self.today)
                try:
                    summary = give_text(summary, "summary", "Say in a few words what the help was.")
                except ValidationError as exc:
                    raise field_error("file", f"Monica gift: {' '.join(exc.messages)}") from None
                kind = GiveKind.FAVOUR if summary.startswith("Lent") else GiveKind.OTHER
                rows.append(
                    (giver, receiver, kind, summary, (notes or "").strip(), self.db_date(given_on))
                )
                noon = timezone.make_aware(dt.datetime.combine(given_on, dt.time(12, 0)))
                moment = min(noon, self.now)
                if moment > touched.get(them, moment - dt.timedelta(1)):
                    touched[them] = moment
        pks = self.insert(
            Give, ["giver_id", "receiver_id", "kind", "summary", "notes", "given_on"], rows
        )
        return pks, touched

    # ------------------------------------------------------------ relationships

    def connect(self, a, b, kind, strength, since, source, interaction=None) -> None:
        """network.connect_people: b is a's <kind>, and the reverse row; a pair already
        there (met at the same dinner) takes the new kind, as update_or_create does."""
        self.edges[(a, b)] = [kind, strength, since, source, interaction]
        self.edges[(b, a)] = [inverse_kind(kind), strength, since, source, interaction]

    def write_edges(self) -> list[int]:
        return self.insert(
            Relationship,
            ["src_id", "dst_id", "kind", "strength", "since", "source", "source_interaction_id"],
            (
                (src, dst, kind, strength, self.db_date(since), source, interaction)
                for (src, dst), (kind, strength, since, source, interaction) in self.edges.items()
            ),
        )

    # ------------------------------------------------------------ once, for everyone

    def refresh(self, everyone: list[int], introduced: list[int], touched: dict) -> None:
        """The derived columns, each refreshed once for everyone the import wrote."""
        update_column(
            Person, "last_touch_at", [(self.db_time(at), pk) for pk, at in touched.items()]
        )
        cadence.refresh(owner=self.owner, person_ids=everyone)  # last contact, next due
        reindex(introduced)  # update_person reindexed them (its tag order, from the rows)
        match_index.mark_dirty(everyone, self.owner.pk)  # what create_person's save marks
        revision.bump(self.owner)

    def signals(self, everyone: list[int], interactions: list[int], gives: list[int]) -> None:
        """What the services' saves tell the areas above (the coach's launch plan ticks
        the steps it now sees done; giving records what was heard, nothing here): sent
        once each, since each receiver looks at the whole account, not at one row."""
        if everyone:
            first = Person.objects.get(pk=everyone[0])
            post_save.send(sender=Person, instance=first, created=True, raw=False, using="default")
        if interactions:
            last = Interaction.objects.get(pk=interactions[-1])
            interaction_logged.send(
                sender=Interaction, owner=self.owner, interaction=last, heard={}
            )
        if gives:
            give = Give.objects.get(pk=gives[-1])
            post_save.send(sender=Give, instance=give, created=True, raw=False, using="default")


PERSON_COLUMNS = [
    *("display_name", "given_name", "family_name", "nickname", "organization_id"),
    *("title", "location", "linkedin_url", "website", "birthday_year", "birthday_month"),
    *("birthday_day", "met_how", "met_on", "about", "cadence_days", "search_text"),
    *("sort_key", "import_batch_id"),
]


class _Names:
    """Organizations or tags by name, as get_or_create_organization / get_or_create_tags
    find them (case ignored, spaces collapsed, tags without their #), created once each
    in the spelling first met."""

    def __init__(self, model, owner, limit: int, field: str, tag: bool = False):
        self.model, self.limit, self.field, self.tag = model, limit, field, tag
        self.ids = {
            name.lower(): pk
            for pk, name in model.objects.filter(owner=owner).values_list("pk", "name")
        }
        self.names = {
            name.lower(): name
            for name in model.objects.filter(owner=owner).values_list("name", flat=True)
        }
        self.created: list[int] = []
        self.missing: dict[str, str] = {}

    def add(self, raw: str) -> str:
        name = " ".join((raw or "").strip().lstrip("#" if self.tag else "").split())
        if len(name) > self.limit:
            what = "A tag" if self.tag else "An organization name"
            raise field_error(
                self.field, f"{what} is at most {self.limit} characters: {name[:20]}…"
            )
        key = name.lower()
        if name and key not in self.ids and key not in self.missing:
            self.missing[key] = name
            self.names[key] = name
        return name

    def id_of(self, name: str):
        return name.lower() if name else None  # the id once created (see create)

    def name_of(self, key: str) -> str:
        return self.names[key]

    def create(self, bulk: _Bulk) -> None:
        names = list(self.missing.values())
        self.created = bulk.insert(self.model, ["name"], ((n,) for n in names))
        self.ids.update((n.lower(), pk) for n, pk in zip(names, self.created, strict=True))
        self.missing = {}


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
