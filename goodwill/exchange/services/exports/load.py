"""Loading a full JSON export (exchange.services.exports.account) into an empty account.

All or nothing, in one transaction. Every value goes through its model field's parser
and validation, so a bad value is reported with its place in the file
("people[3].display_name: …"). Rows are written with the bulk inserter the demo uses,
which keeps the exported ``created_at`` times (a plain save would reset them).
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from goodwill.accounts.services import set_phone_region
from goodwill.core.bulk import insert_rows
from goodwill.core.rules import check_moments, check_text
from goodwill.exchange.models import NotDuplicate
from goodwill.exchange.services.exports.account import (
    ASK_FIELDS,
    FORMAT,
    INTERACTION_FIELDS,
    PERSON_FIELDS,
    RELATIONSHIP_FIELDS,
    VERSION,
)
from goodwill.exchange.services.exports.generic import GenericLoader
from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.network.models import Relationship
from goodwill.people import queries as people_queries
from goodwill.people.models import Organization, Person, PersonEmail, PersonPhone, Tag
from goodwill.people.rules import clean_phone_region, phone_key, region_of
from goodwill.people.services import cadence
from goodwill.people.services.search import reindex

IdMap = dict[type, dict[int, int]]
model_of = {
    "tags": Tag,
    "interactions": Interaction,
    "ask_next": AskNext,
    "relationships": Relationship,
    "organizations": Organization,
}


def _error(where: str, message: str) -> ValidationError:
    return ValidationError({where: [message]})


def _items(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise _error(key, "Expected a list of objects.")
    return value


class _Loader(GenericLoader):
    def __init__(self, owner, data: dict):
        self.owner, self.data = owner, data
        self.ids: IdMap = {}
        self.now = timezone.now()

    def ref(self, model, value, where: str, *, required: bool = False):
        """The new id of an exported id (None stays None unless required)."""
        if value is None:
            if required:
                raise _error(where, "This field is required.")
            return None
        try:
            return self.ids[model][int(value)]
        except (KeyError, TypeError, ValueError):
            name = model._meta.verbose_name
            raise _error(where, f"No {name} with id {value!r} in this file.") from None

    def insert(self, model, rows: list[dict], where: str, *, returning: bool = True) -> list[int]:
        """Validate rows of {attname: value} and insert them; the new ids."""
        if not rows:
            return []
        meta = model._meta
        names = list(rows[0])
        by_attname = {f.attname: f for f in meta.concrete_fields}
        fields = [by_attname[n] for n in names]
        auto = [
            f
            for f in meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        auto = [f for f in auto if f.attname not in names]
        relations = [f.name for f in meta.fields if f.is_relation]
        prepared = []
        for index, row in enumerate(rows):
            try:
                instance = model(**{n: row[n] for n in names})
                for f in fields:
                    if not f.is_relation:
                        setattr(instance, f.attname, f.to_python(row[f.attname]))
                instance.full_clean(
                    exclude=relations, validate_unique=False, validate_constraints=False
                )
                check_moments(instance)  # no date a database or Python cannot hold
                for f in fields:
                    check_text(getattr(instance, f.attname), f.name)  # nor a NUL
            except ValidationError as exc:
                details = getattr(exc, "message_dict", {"__all__": exc.messages})
                key, messages = next(iter(details.items()))
                raise _error(f"{where}[{index}].{key}", " ".join(messages)) from None
            except (TypeError, ValueError) as exc:
                raise _error(f"{where}[{index}]", str(exc)) from None
            prepared.append(
                [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
                + [f.get_db_prep_save(self.now, connection) for f in auto]
            )
        attnames = [f.attname for f in fields] + [f.attname for f in auto]
        return insert_rows(model, attnames, prepared, returning=returning)

    def remember(self, model, items: list[dict], new_ids: list[int], where: str) -> None:
        mapping = self.ids.setdefault(model, {})
        for index, (item, new) in enumerate(zip(items, new_ids, strict=True)):
            if not isinstance(item.get("id"), int):
                raise _error(f"{where}[{index}].id", "Each item needs a whole-number id.")
            mapping[item["id"]] = new

    def owned(self, items, fields, where, extra=None) -> list[dict]:
        rows = []
        nullable = (
            {f.name for f in model_of[where]._meta.fields if f.null} if where in model_of else set()
        )
        for index, item in enumerate(items):
            row = {"owner_id": self.owner.pk}
            for f in fields:
                row[f] = item.get(f, None if f in nullable else "")
            if extra:
                row.update(extra(item, f"{where}[{index}]"))
            rows.append(row)
        return rows

    # ------------------------------------------------------------ the sections

    def load(self) -> dict:
        d = self.data
        orgs = _items(d, "organizations")
        self.remember(
            Organization,
            orgs,
            self.insert(
                Organization,
                self.owned(orgs, ["name", "domain", "website"], "organizations"),
                "organizations",
            ),
            "organizations",
        )
        tags = _items(d, "tags")
        rows = self.owned(
            tags, ["name"], "tags", lambda t, w: {"cadence_days": t.get("cadence_days")}
        )
        self.remember(Tag, tags, self.insert(Tag, rows, "tags"), "tags")
        self.load_people(_items(d, "people"))
        self.load_interactions(_items(d, "interactions"))
        self.load_rest()
        counts = {
            "organizations": len(orgs),
            "tags": len(tags),
            "people": len(d.get("people", [])),
            "interactions": len(d.get("interactions", [])),
            "ask_next": len(d.get("ask_next", [])),
            "relationships": len(d.get("relationships", [])) // 2,
        }
        counts.update(self.load_other(d.get("other") or {}))
        return counts

    def load_people(self, items: list[dict]) -> None:
        me = people_queries.me(self.owner)
        fields = [f for f in PERSON_FIELDS if f != "created_at"]
        optional = {f.name for f in Person._meta.fields if f.null}

        def row_of(item, index):
            row = {"owner_id": self.owner.pk}
            for f in fields:
                row[f] = item.get(f, None if f in optional else "")
            row["is_me"] = bool(item.get("is_me", False))
            row["archived"] = bool(item.get("archived", False))
            row["organization_id"] = self.ref(
                Organization, item.get("organization"), f"people[{index}].organization"
            )
            if item.get("created_at"):
                row["created_at"] = item["created_at"]
            return row

        rows = [row_of(item, i) for i, item in enumerate(items)]
        mine = [i for i, r in enumerate(rows) if r["is_me"]]
        if len(mine) > 1:
            raise _error("people", "Only one person can be you (is_me).")
        if me is not None and mine:
            me.delete()  # the file's own record takes its place, with its history
        by_shape: dict[tuple, list[int]] = {}
        for i, row in enumerate(rows):
            by_shape.setdefault(tuple(row), []).append(i)
        mapping = self.ids.setdefault(Person, {})
        for indexes in by_shape.values():
            new_ids = self.insert(Person, [rows[i] for i in indexes], "people")
            for i, new in zip(indexes, new_ids, strict=True):
                if not isinstance(items[i].get("id"), int):
                    raise _error(f"people[{i}].id", "Each item needs a whole-number id.")
                mapping[items[i]["id"]] = new
        if me is not None and not mine:
            pass  # the account keeps its own record
        tag_rows, emails, phones = [], [], []
        region = region_of(self.owner)
        for i, item in enumerate(items):
            pk = mapping[item["id"]]
            for t in item.get("tags") or []:
                tag_rows.append((pk, self.ref(Tag, t, f"people[{i}].tags")))
            for n, e in enumerate(item.get("emails") or []):
                emails.append(
                    {
                        "owner_id": self.owner.pk,
                        "person_id": pk,
                        "label": e.get("label", ""),
                        "address": e.get("address", ""),
                        "position": n,
                    }
                )
            for n, ph in enumerate(item.get("phones") or []):
                number = ph.get("number", "")
                text = number if isinstance(number, str) else "" if number is None else str(number)
                phones.append(
                    {
                        "owner_id": self.owner.pk,
                        "person_id": pk,
                        "label": ph.get("label", ""),
                        "number": number,
                        "normalized": phone_key(text, region),
                        "position": n,
                    }
                )
            if introducer := item.get("introduced_by"):
                Person.objects.filter(pk=pk).update(
                    introduced_by_id=self.ref(Person, introducer, f"people[{i}].introduced_by")
                )
            if item.get("photo"):
                self.save_photo(pk, item["photo"], f"people[{i}].photo")
        insert_rows(Person.tags.through, ["person_id", "tag_id"], sorted(set(tag_rows)))
        self.insert(PersonEmail, emails, "emails", returning=False)
        self.insert(PersonPhone, phones, "phones", returning=False)

    def save_photo(self, pk: int, photo: dict, where: str) -> None:
        try:
            data = base64.b64decode(photo["data"], validate=True)
        except (KeyError, TypeError, binascii.Error):
            raise _error(where, "A photo needs its data in base64.") from None
        field = Person._meta.get_field("photo")
        name = field.storage.save(
            field.generate_filename(None, photo.get("name") or "photo"), ContentFile(data)
        )
        Person.objects.filter(pk=pk).update(photo=name)

    def load_interactions(self, items: list[dict]) -> None:
        def extra(item, where):
            return {
                "initiated_by_id": self.ref(
                    Person, item.get("initiated_by"), f"{where}.initiated_by"
                )
            }

        rows = self.owned(items, INTERACTION_FIELDS, "interactions", extra)
        new_ids = self.insert(Interaction, rows, "interactions")
        self.remember(Interaction, items, new_ids, "interactions")
        participations = []
        for index, (item, new) in enumerate(zip(items, new_ids, strict=True)):
            moment = Interaction._meta.get_field("occurred_at").to_python(item["occurred_at"])
            for person in item.get("participants") or []:
                participations.append(
                    {
                        "interaction_id": new,
                        "person_id": self.ref(
                            Person, person, f"interactions[{index}].participants"
                        ),
                        "occurred_at": moment,
                    }
                )
        self.insert(Participation, participations, "participations", returning=False)

    def load_rest(self) -> None:
        asks = _items(self.data, "ask_next")

        def ask_refs(item, where):
            return {
                "person_id": self.ref(Person, item.get("person"), f"{where}.person", required=True),
                "source_id": self.ref(Interaction, item.get("source"), f"{where}.source"),
                "done_in_id": self.ref(Interaction, item.get("done_in"), f"{where}.done_in"),
            }

        self.insert(AskNext, self.owned(asks, ASK_FIELDS, "ask_next", ask_refs), "ask_next")

        def rel_refs(item, where):
            return {
                "src_id": self.ref(Person, item.get("src"), f"{where}.src", required=True),
                "dst_id": self.ref(Person, item.get("dst"), f"{where}.dst", required=True),
                "source_interaction_id": self.ref(
                    Interaction, item.get("source_interaction"), f"{where}.source_interaction"
                ),
            }

        rels = _items(self.data, "relationships")
        self.insert(
            Relationship,
            self.owned(rels, RELATIONSHIP_FIELDS, "relationships", rel_refs),
            "relationships",
            returning=False,
        )
        pairs = []
        for index, item in enumerate(_items(self.data, "not_duplicates")):
            a = self.ref(Person, item.get("a"), f"not_duplicates[{index}].a", required=True)
            b = self.ref(Person, item.get("b"), f"not_duplicates[{index}].b", required=True)
            pairs.append({"owner_id": self.owner.pk, "a_id": min(a, b), "b_id": max(a, b)})
        self.insert(NotDuplicate, pairs, "not_duplicates", returning=False)


def check_empty(owner) -> None:
    busy = [
        label
        for model, label in (
            (Person.objects.filter(is_me=False), "people"),
            (Interaction.objects, "interactions"),
            (Tag.objects, "tags"),
            (Organization.objects, "organizations"),
        )
        if model.filter(owner=owner).exists()
    ]
    if busy:
        raise _error(
            "account",
            f"The account already has {', '.join(busy)}: load a full export into an empty "
            "account only (create a new account, or restore a backup instead).",
        )


def _adopt_phone_region(owner, account) -> None:
    """The file's default phone region becomes the account's when it has none yet, so
    that the phones loaded are keyed as they were (people.rules.phone_key)."""
    if not isinstance(account, dict) or not account.get("phone_region") or region_of(owner):
        return
    region = clean_phone_region(account["phone_region"], "account.phone_region")
    set_phone_region(owner=owner, region=region)


@transaction.atomic
def load_account_json(*, owner, data) -> dict:
    """Load a full export into ``owner``'s empty account; returns how many of each."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _error("format", f"This is not a Goodwill account export ({FORMAT!r}).")
    version = data.get("version")
    if not isinstance(version, int) or not 1 <= version <= VERSION:
        raise _error(
            "version",
            f"Export version {version!r} is not one this Goodwill reads (1 to {VERSION}).",
        )
    check_empty(owner)
    _adopt_phone_region(owner, data.get("account"))
    loader = _Loader(owner, data)
    try:
        with transaction.atomic():
            counts = loader.load()
    except IntegrityError as exc:
        raise _error("file", f"The file contradicts itself: {exc}") from None
    everyone = list(loader.ids.get(Person, {}).values())
    for start in range(0, len(everyone), 2000):
        reindex(everyone[start : start + 2000])
    cadence.refresh(owner=owner, person_ids=everyone)
    return counts
