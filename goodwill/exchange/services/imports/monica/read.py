"""Reading a Monica 4.x JSON account export into a plan: no database, no secrets kept.

Monica (the Laravel app, 3.6 and later, its "JSON export" in Settings → Export) writes:

    {"version": "1.0-preview.1", "app_version": "4.1.2", "export_date": "…", "url": "…",
     "exported_by": "<user uuid>",
     "account": {"uuid": "…", "created_at": "…", "updated_at": "…",
                 "properties": {…}, "data": [<collection>, …], "instance": {…}}}

where a collection is ``{"count": n, "type": "<singular snake_case>", "values": [...]}``
and each object is ``{"uuid", "created_at", "updated_at", "properties": {…}, "data":
[<collection>, …]}``. A contact's ``data`` holds its calls, contact fields, notes,
reminders… and an ``activity`` collection whose values are the uuids of the account's
activities (activities are shared between the contacts who took part).

The plan says, for every type of object found, how many there were, what each becomes
in Goodwill, and how many were skipped and why (``Plan.rows``). Everything else is left
behind: the users' passwords, two-factor secrets and tokens are never read into the plan,
and the file kept between preview and commit is ``sanitized()``.
"""

from __future__ import annotations

import datetime as dt
import json

from goodwill.exchange.services.imports.monica.contacts import (
    keep_activities,
    read_contact,
    read_relationships,
    tags_of,
)
from goodwill.exchange.services.imports.monica.shape import (
    FORMAT,
    LEFT,
    MEAL_WORDS,
    SECRET_KEY,
    Activity,
    MonicaError,
    Plan,
    collections_of,
    info_of,
    props_of,
    text,
    when,
)
from goodwill.interactions.models import Kind

__all__ = [
    "FORMAT",
    "LEFT",
    "MonicaError",
    "Plan",
    "load",
    "looks_like_monica",
    "read",
    "sanitized",
]


# ---------------------------------------------------------------- recognising the file


def looks_like_monica(data: bytes) -> bool:
    head = bytes(data[:4096]).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"{" and (b'"app_version"' in head or b'"exported_by"' in head)


def load(data: bytes, name: str) -> dict:
    """The export as a dict, or MonicaError naming what is wrong and what to do."""
    try:
        root = json.loads(bytes(data).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MonicaError(f"{name} is not UTF-8 text; export it again from Monica.") from None
    except json.JSONDecodeError as exc:
        raise MonicaError(
            f"{name} is not complete JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg.lower()}). The download may have stopped early: export it again "
            "from Monica (Settings → Export → JSON) and import the new file."
        ) from None
    if not isinstance(root, dict):
        raise MonicaError(f"{name} is JSON but not a Monica account export.")
    account = root.get("account")
    if isinstance(account, dict) and isinstance(account.get("data"), list):
        return root
    if isinstance(account, dict) and ("contacts" in account or "users" in account):
        raise MonicaError(
            f"{name} comes from an older Monica (before 3.6: its JSON export preview), "
            "which Goodwill cannot read. Update Monica to 4.x and export again, or export "
            "your contacts as vCard (Settings → Export → vCard) and import that."
        )
    raise MonicaError(
        f"{name} is JSON but not a Monica 4.x account export (it has no account data). "
        "In Monica, use Settings → Export → JSON, then import that file."
    )


def sanitized(root: dict) -> bytes:
    """The export without a single secret: what a preview keeps until it is committed."""

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if not SECRET_KEY.search(str(k))}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    root = clean(root)
    account = root.get("account") or {}
    for item in account.get("data") or []:
        if isinstance(item, dict) and item.get("type") in ("user", "address_book_subscription"):
            item["values"] = [
                {"uuid": v.get("uuid"), "properties": _user_props(v)}
                for v in item.get("values") or []
                if isinstance(v, dict)
            ]
    return json.dumps(root, ensure_ascii=False).encode()


def _user_props(user: dict) -> dict:
    props = user.get("properties") or {}
    return {"me_contact": props.get("me_contact")} if props.get("me_contact") else {}


def _instance(account: dict, key: str) -> dict[str, dict]:
    values = (account.get("instance") or {}).get(key) or []
    if isinstance(values, dict):
        values = values.get("values") or []
    return {str(v.get("uuid")): info_of(v) for v in values if isinstance(v, dict)}


def _exporter(root: dict, users: list) -> str:
    uuids = [str(u.get("uuid")) for u in users if isinstance(u, dict)]
    named = text(root.get("exported_by"))
    if named:
        return named
    if len(uuids) == 1:
        return uuids[0]
    if not uuids:
        return ""
    raise MonicaError(
        f"This export holds {len(uuids)} Monica users and does not say which one made it, "
        "so Goodwill cannot tell whose contacts are yours. Export again from your own "
        "Monica login."
    )


def read(root: dict, *, today: dt.date) -> Plan:
    """The plan for an export ``load`` accepted. Pure: reads nothing but ``root``."""
    plan = Plan(app_version=text(root.get("app_version"), 40))
    account = root["account"]
    cols = collections_of(account)
    for kind, values in cols.items():
        plan.found[kind] += len(values)
    for key in ("journal_entries", "modules", "reminder_rules", "audit_logs"):
        values = props_of(account).get(key)
        if isinstance(values, list) and values:
            plan.found[key.removesuffix("s").replace("entrie", "entry")] += len(values)

    for key, values in (account.get("instance") or {}).items():
        if isinstance(values, list) and values:
            singular = key.removesuffix("s").replace("categorie", "category")
            plan.found[singular] += len(values)
    exporter = _exporter(root, cols.get("user", []))
    me, others_me = "", set()
    for user in cols.get("user", []):
        mine = props_of(user).get("me_contact")
        if str(user.get("uuid")) == exporter:
            me = str(mine or "")
        elif mine:
            others_me.add(str(mine))
    theirs: set[str] = set()
    for book in cols.get("address_book", []):
        if isinstance(book, dict) and book.get("user") and str(book["user"]) != exporter:
            theirs.update(str(u) for u in book.get("contacts") or [])

    field_types = _instance(account, "contact_field_types")
    activity_types = _instance(account, "activity_types")
    categories = _instance(account, "activity_type_categories")
    life_types = _instance(account, "life_event_types")

    for value in cols.get("activity", []):
        info = info_of(value)
        kind_info = activity_types.get(str(info.get("type")), {})
        category = categories.get(str(kind_info.get("category")), {})
        words = " ".join(
            text(x).lower()
            for x in (kind_info.get("name"), kind_info.get("translation_key"), category.get("name"))
        )
        kind = Kind.COFFEE if "coffee" in words else Kind.MEAL
        if not any(w in words for w in MEAL_WORDS) and kind != Kind.COFFEE:
            kind = Kind.MEETING
        plan.activities[str(info.get("uuid"))] = Activity(
            uuid=str(info.get("uuid")),
            kind=kind,
            summary=text(info.get("summary"), 300) or text(kind_info.get("name"), 300),
            notes=text(info.get("description")),
            day=when(info.get("happened_at")),
        )

    for value in cols.get("contact", []):
        uuid = str(value.get("uuid")) if isinstance(value, dict) else ""
        nested = collections_of(value)
        for kind, values in nested.items():  # uuid lists point at the account's objects
            plan.found[kind] += _objects(values)
        why = ""
        if uuid in others_me:
            why = "another Monica user's own card: theirs, not yours"
        elif uuid in theirs:
            why = "in another Monica user's address book: theirs, not yours"
        elif uuid and uuid == me:
            why = "your own card: you are already here"
        if why:
            plan.skip("contact", why)
            for kind, values in nested.items():
                plan.skip(kind, why, _objects(values))
            plan.skip("tag", why, len(tags_of(value)))
            continue
        contact = read_contact(plan, value, nested, field_types, life_types, today)
        if contact is None:
            plan.skip("contact", "no name, e-mail or phone to know them by")
            for kind, values in nested.items():
                plan.skip(
                    kind, "their contact had no name", sum(isinstance(v, dict) for v in values)
                )
            plan.skip("tag", "their contact had no name", len(tags_of(value)))
            continue
        plan.contacts.append(contact)

    plan.me = me
    keep_activities(plan, today)
    read_relationships(plan, cols.get("relationship", []), me)
    return plan


def _objects(values: list) -> int:
    """How many objects a collection holds (a list of uuids only points at others)."""
    return sum(isinstance(v, dict) for v in values)
