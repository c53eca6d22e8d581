"""The shape of a Monica plan (what read.py and contacts.py build) and the small readers
of Monica's values: texts, dates, special dates, repeating reminders."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from goodwill.core.rules import text_problem
from goodwill.network.models import RelKind

FORMAT = "monica"
SECRET_KEY = re.compile(r"(?i)secret|password|token|api_key|2fa|recovery")

# What each type becomes, in the words of the preview.
BECOMES = {
    "contact": "people",
    "contact_field": "e-mails, phones and links",
    "address": "locations (the rest of the address in their notes)",
    "note": "dated notes on the person",
    "life_event": "dated notes on the person",
    "pet": "a line in the person's notes",
    "activity": "interactions, with everyone who took part",
    "call": "calls on the timeline",
    "reminder": "promises (follow-ups) on their next date",
    "task": "promises (follow-ups), for the open ones",
    "gift": "gives (an idea becomes a note)",
    "debt": "gives (money lent)",
    "relationship": "relationships, both ways",
    "tag": "tags",
    "activity_type": "the kind of each interaction (meal, coffee, meeting)",
    "activity_type_category": "the kind of each interaction (meal, coffee, meeting)",
    "contact_field_type": "what each contact field is (e-mail, phone, other)",
    "life_event_type": "the words of each life event note",
}
# Types that hold nothing about your people, with why they stay behind.
LEFT = {
    "user": "the Monica users themselves: their passwords and secrets are never read",
    "address_book": "how Monica grouped contacts for syncing",
    "address_book_subscription": "a user's sync subscriptions, with their passwords",
    "photo": "the files are not in the export",
    "document": "the files are not in the export",
    "conversation": "not read yet: copy what matters into their notes",
    "message": "not read yet: copy what matters into their notes",
    "journal_entry": "your Monica journal is about you, not your people",
    "module": "Monica's own settings",
    "reminder_rule": "Monica's own settings",
    "audit_log": "Monica's own history",
    "sync_token": "Monica's sync state",
    "emotion": "Goodwill does not keep moods of calls",
    "gender": "Goodwill does not ask about gender",
}
REL_KINDS = {
    **dict.fromkeys(("friend", "bestfriend"), RelKind.FRIEND),
    **dict.fromkeys(("colleague", "boss", "subordinate"), RelKind.COLLEAGUE),
    "mentor": RelKind.MENTOR,
    "protege": RelKind.MENTEE,
    **dict.fromkeys(
        (
            *("partner", "spouse", "date", "lover", "inlovewith", "lovedby"),
            *("parent", "child", "sibling", "grandparent", "grandchild", "uncle", "nephew"),
            *("cousin", "godfather", "godson", "godmother", "goddaughter", "stepparent"),
            *("stepchild", "brother", "sister", "mother", "father", "son", "daughter"),
        ),
        RelKind.FAMILY,
    ),
}
MEAL_WORDS = ("ate", "restaurant", "dinner", "lunch", "breakfast", "picnic", "food", "meal")


class MonicaError(Exception):
    """The file is a Monica export Goodwill cannot read; the message says what to do."""


@dataclass
class Contact:
    uuid: str
    fields: dict = field(default_factory=dict)
    organization: str = ""
    emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    introducer: str = ""
    lines: list = field(default_factory=list)  # (date or None, text) for their notes
    activities: list = field(default_factory=list)
    calls: list = field(default_factory=list)  # (moment, they_called, content)
    promises: list = field(default_factory=list)  # (text, due_on)
    gives: list = field(default_factory=list)  # (from_them, summary, notes, day)
    is_me: bool = False


@dataclass
class Activity:
    uuid: str
    kind: str
    summary: str
    notes: str
    day: dt.date | dt.datetime | None


@dataclass
class Plan:
    contacts: list[Contact] = field(default_factory=list)
    activities: dict[str, Activity] = field(default_factory=dict)
    relationships: list[tuple[str, str, str]] = field(default_factory=list)
    found: Counter = field(default_factory=Counter)
    skipped: dict = field(default_factory=lambda: defaultdict(Counter))
    warnings: list[str] = field(default_factory=list)
    app_version: str = ""
    me: str = ""  # the exporting user's own card: you, already in Goodwill

    def skip(self, kind: str, why: str, n: int = 1) -> None:
        if n > 0:
            self.skipped[kind][why] += n

    @property
    def rows(self) -> list[dict]:
        """Every type found: how many, what it becomes, how many skipped and why."""
        rows = []
        for kind, n in sorted(self.found.items()):
            skipped = dict(self.skipped.get(kind, {}))
            left = sum(skipped.values())
            becomes = BECOMES.get(kind, "")
            if not becomes and left < n:
                skipped[LEFT.get(kind, "Goodwill has no place for it")] = n - left
                left = n
            rows.append(
                {
                    "type": kind,
                    "label": kind.replace("_", " "),
                    "found": n,
                    "becomes": becomes or "nothing",
                    "imported": n - left,
                    "skipped": [{"count": c, "why": w} for w, c in skipped.items()],
                }
            )
        return rows


def collections_of(obj) -> dict[str, list]:
    """type -> values of the collections in an object's ``data``."""
    found: dict[str, list] = {}
    items = obj.get("data") if isinstance(obj, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("values"), list):
            kind = str(item.get("type") or "unknown")
            found.setdefault(kind, []).extend(item["values"])
    return found


def props_of(obj) -> dict:
    props = obj.get("properties") if isinstance(obj, dict) else None
    return props if isinstance(props, dict) else {}


def text(value, limit: int = 0) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    value = " ".join(str(value).split()) if limit else str(value).strip()
    if text_problem(value):
        value = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return value[:limit] if limit else value


def day(value) -> dt.date | None:
    """A date from Monica's "2025-03-14", "2025-03-14 10:00:00" or ISO with a zone."""
    moment = when(value)
    return moment.date() if isinstance(moment, dt.datetime) else moment


def when(value) -> dt.date | dt.datetime | None:
    """A day (no time given) or an aware moment (Monica keeps its times in UTC)."""
    raw = text(value)
    if not raw:
        return None
    if len(raw) == 10:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    if 1 < moment.year < 9999:
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None


def special_date(value) -> tuple[int | None, int | None, int | None, bool]:
    """(year, month, day, age_only) of a Monica special date."""
    value = value if isinstance(value, dict) else {}
    props = props_of(value) or value
    found = day(props.get("date"))
    if found is None:
        return None, None, None, False
    if props.get("is_age_based"):
        return None, None, None, True
    year = None if props.get("is_year_unknown") else found.year
    return year, found.month, found.day, False


def next_on(start: dt.date, unit: str, every: int, today: dt.date) -> dt.date | None:
    """The first date on or after today of a reminder repeating every ``every`` units."""
    if unit not in ("week", "month", "year") or every < 1:
        return start if start >= today else None
    on, n = start, 0
    while on < today and n < 2000:
        n += 1
        if unit == "week":
            on = start + dt.timedelta(weeks=every * n)
        else:
            months = every * n * (12 if unit == "year" else 1)
            y, m = divmod(start.month - 1 + months, 12)
            y, m = start.year + y, m + 1
            last = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).day
            on = dt.date(y, m, min(start.day, last))
    return on if on >= today else None


# ---------------------------------------------------------------- the plan


def info_of(obj) -> dict:
    return {**obj, **props_of(obj)} if isinstance(obj, dict) else {}
