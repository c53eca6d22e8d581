"""Reading one Monica contact (and what hangs off it) into the plan; then the account's
activities and relationships between the contacts read."""

from __future__ import annotations

import datetime as dt

from goodwill.exchange.services.imports.monica.shape import (
    REL_KINDS,
    Contact,
    day,
    info_of,
    next_on,
    props_of,
    special_date,
    text,
    when,
)
from goodwill.network.models import RelKind
from goodwill.people.rules import web_address_problem


def tags_of(value) -> list[str]:
    tags = props_of(value).get("tags")
    return [text(t, 100) for t in tags if text(t, 100)] if isinstance(tags, list) else []


def _name_fields(props: dict) -> dict:
    first, middle, last = (
        text(props.get(k), 100) for k in ("first_name", "middle_name", "last_name")
    )
    nickname = text(props.get("nickname"), 100)
    given = " ".join(x for x in (first, middle) if x)[:100]
    display = " ".join(x for x in (given, last) if x) or nickname
    return {
        "display_name": display[:200],
        "given_name": given,
        "family_name": last,
        "nickname": nickname,
    }


def read_contact(plan, value, nested, field_types, life_types, today) -> Contact | None:
    props = props_of(value)
    contact = Contact(uuid=str(value.get("uuid")))
    fields = _name_fields(props)
    contact.tags = tags_of(value)
    plan.found["tag"] += len(contact.tags)
    for item in nested.get("contact_field", []):
        _field(plan, contact, info_of(item), field_types)
    if not (fields["display_name"] or contact.emails or contact.phones):
        return None
    contact.organization = text(props.get("company"), 200)
    fields["title"] = text(props.get("job"), 200)
    fields["about"] = text(props.get("description"))
    frequency = props.get("stay_in_touch_frequency")
    if isinstance(frequency, int) and not isinstance(frequency, bool) and 0 < frequency <= 3650:
        fields["cadence_days"] = frequency
    year, month, on_day, age_only = special_date(props.get("birthdate"))
    if month:
        fields.update(birthday_year=year, birthday_month=month, birthday_day=on_day)
    elif age_only:
        plan.warnings.append(f"{fields['display_name']}: Monica knew only an age, not a birthday.")
    met = special_date(props.get("first_met_date"))
    if met[0] and met[1]:
        fields["met_on"] = dt.date(met[0], met[1], met[2])
    fields["met_how"] = text(
        props.get("first_met_additional_info") or props.get("first_met_where"), 500
    )
    contact.introducer = text(props.get("first_met_through"))
    if text(props.get("food_preferences")):
        contact.lines.append((None, f"Food: {text(props.get('food_preferences'))}"))
    if props.get("is_dead"):
        died = special_date(props.get("deceased_date"))
        on = f" on {died[0]}-{died[1]:02d}-{died[2]:02d}" if died[0] and died[1] else ""
        contact.lines.append((None, f"Passed away{on}."))
    contact.fields = {k: v for k, v in fields.items() if v not in ("", None)}
    for item in nested.get("address", []):
        _address(contact, info_of(item))
    for item in nested.get("note", []):
        info = info_of(item)
        body = text(info.get("body"))
        if body:
            contact.lines.append((day(info.get("created_at")), body))
        else:
            plan.skip("note", "empty")
    for item in nested.get("life_event", []):
        info = info_of(item)
        kind = text(life_types.get(str(info.get("type")), {}).get("name"))
        words = " · ".join(x for x in (text(info.get("name")), kind, text(info.get("note"))) if x)
        contact.lines.append((day(info.get("happened_at")), f"Life event: {words or 'unnamed'}"))
    for item in nested.get("pet", []):
        info = info_of(item)
        kind = text(info.get("category"))
        pet = text(info.get("name")) + (f" ({kind})" if kind else "")
        contact.lines.append((None, f"Pet: {pet or 'unnamed'}"))
    contact.activities = [str(u) for u in nested.get("activity", []) if isinstance(u, str)]
    for item in nested.get("call", []):
        info = info_of(item)
        moment = when(info.get("called_at"))
        if moment is None:
            plan.skip("call", "no date")
            continue
        contact.calls.append((moment, bool(info.get("contact_called")), text(info.get("content"))))
    for item in nested.get("reminder", []):
        _reminder(plan, contact, info_of(item), today)
    for item in nested.get("task", []):
        info = info_of(item)
        title = text(info.get("title"), 300)
        if info.get("completed") or not title:
            plan.skip("task", "already done" if info.get("completed") else "no title")
            continue
        contact.promises.append((title, today + dt.timedelta(days=7)))
    for item in nested.get("gift", []):
        _gift(plan, contact, info_of(item), today)
    for item in nested.get("debt", []):
        info = info_of(item)
        amount = " ".join(x for x in (text(info.get("amount")), text(info.get("currency"))) if x)
        theirs = bool(info.get("in_debt"))  # Monica: "you owe them"
        summary = f"Lent you {amount or 'money'}" if theirs else f"Lent them {amount or 'money'}"
        if text(info.get("reason")):
            summary += f": {text(info.get('reason'))}"
        status = "paid back" if text(info.get("status")) == "complete" else "not paid back yet"
        contact.gives.append(
            (theirs, summary[:300], f"From Monica, {status}.", day(info.get("created_at")) or today)
        )
    return contact


def _field(plan, contact, info, field_types) -> None:
    kind = field_types.get(str(info.get("type")), {})
    data = text(info.get("data"), 500)
    name = text(kind.get("name")) or "link"
    protocol = text(kind.get("protocol")).lower()
    what = (text(kind.get("type")) or name).lower()
    if not data:
        plan.skip("contact_field", "empty")
    elif protocol.startswith("mailto") or what == "email":
        contact.emails.append(("", data))
    elif protocol.startswith("tel") or what == "phone":
        contact.phones.append(("", data))
    elif "linkedin" in name.lower() and "linkedin_url" not in contact.fields:
        if not web_address_problem(data):  # a bare user name stays a line in their notes
            contact.fields["linkedin_url"] = data
        contact.lines.append((None, f"LinkedIn: {data}"))
    else:
        contact.lines.append((None, f"{name}: {data}"))


def _address(contact, info) -> None:
    city = ", ".join(
        x for x in (text(info.get(k), 80) for k in ("city", "province", "country")) if x
    )
    if city and "location" not in contact.fields:
        contact.fields["location"] = city[:200]
    parts = [text(info.get(k)) for k in ("street", "postal_code", "city", "province", "country")]
    label = text(info.get("name"))
    line = ", ".join(p for p in parts if p)
    if line:
        contact.lines.append((None, f"Address{f' ({label})' if label else ''}: {line}"))


def _reminder(plan, contact, info, today) -> None:
    title = text(info.get("title"), 300)
    start = day(info.get("initial_date"))
    if info.get("inactive"):
        plan.skip("reminder", "turned off in Monica")
        return
    if not title or start is None:
        plan.skip("reminder", "no title or date")
        return
    every = info.get("frequency_number")
    every = every if isinstance(every, int) and not isinstance(every, bool) else 1
    due = next_on(start, text(info.get("frequency_type")), every, today)
    if due is None:
        plan.skip("reminder", "its one date has passed")
        return
    contact.promises.append((title, due))


def _gift(plan, contact, info, today) -> None:
    name = text(info.get("name"), 250) or "a gift"
    status = text(info.get("status")).lower()
    notes = "\n".join(x for x in (text(info.get("comment")), text(info.get("url"))) if x)
    on = day(info.get("date")) or day(info.get("created_at")) or today
    if status == "idea":
        contact.lines.append((on, f"Gift idea: {name}" + (f" ({notes})" if notes else "")))
    elif status in ("offered", "received"):
        summary = f"Gift: {name}"
        contact.gives.append((status == "received", summary, notes, on))
    else:
        plan.skip("gift", f"unknown status {status!r}")


def keep_activities(plan, today) -> None:
    with_people: set[str] = {u for c in plan.contacts for u in c.activities}
    for uuid, activity in list(plan.activities.items()):
        on = activity.day.date() if isinstance(activity.day, dt.datetime) else activity.day
        if uuid not in with_people:
            plan.skip("activity", "nobody imported took part")
        elif on is None:
            plan.skip("activity", "no date")
        elif on > today:
            plan.skip("activity", "planned, not happened yet")
        else:
            continue
        del plan.activities[uuid]


def read_relationships(plan, values, me) -> None:
    known = {c.uuid for c in plan.contacts} | ({me} if me else set())
    seen: set[frozenset] = set()
    for value in values:
        info = info_of(value)
        a, b = text(info.get("of_contact")), text(info.get("contact_is"))
        if a not in known or b not in known or a == b:
            plan.skip("relationship", "with someone who was not imported")
            continue
        pair = frozenset((a, b))
        if pair in seen:
            continue  # Monica keeps each relationship both ways; Goodwill writes both too
        seen.add(pair)
        kind = REL_KINDS.get(text(info.get("type")).lower(), RelKind.KNOWS)
        plan.relationships.append((a, b, kind))
