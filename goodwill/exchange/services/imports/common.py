"""Helpers shared by the CSV and vCard parsers: dates, labels, URLs, display names."""

from __future__ import annotations

import datetime as dt
import re

from goodwill.core.rules import clean_text, text_problem
from goodwill.exchange.services.imports.records import Birthday, ContactRecord

# Years that mean "year unknown": Apple's 1604, CardBook's 1604, zero years, and the like.
MIN_YEAR = 1800
MAX_YEAR = 2100

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_NO_YEAR = re.compile(r"^-{1,2}(\d{2})-?(\d{2})$|^(\d{2})-(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})$")
_PLACEHOLDER = re.compile(r"^0{1,2}[/.\-]0{1,2}[/.\-]0{2,4}$")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")

_LABELS = {
    "cell": "mobile",
    "cellular": "mobile",
    "iphone": "mobile",
    "mobile": "mobile",
    "handy": "mobile",
    "home": "home",
    "privat": "home",
    "work": "work",
    "business": "work",
    "office": "work",
    "geschäftlich": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
}
# vCard TYPE values that say nothing a person would call a label.
_NOISE = {
    "internet",
    "pref",
    "voice",
    "x400",
    "msg",
    "text",
    "uri",
    "smtp",
    "encoding",
    "charset",
}

# Google groups every contact is in, or that only mirror a star.
SYSTEM_GROUPS = {"mycontacts", "starred", "contacts", "allcontacts"}


class BadDate(ValueError):
    pass


def parse_birthday(text: str, *, omit_year: bool = False) -> Birthday | None:
    """A birthday from the spellings found in contact files; None for empty placeholders.

    Raises BadDate for text that is not a date (the caller keeps it as a warning).
    """
    text = text.strip()
    if not text or _PLACEHOLDER.match(text):
        return None
    if "T" in text[4:]:
        text = text[: text.index("T", 4)]
    year = month = day = None
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NO_YEAR.match(text):
        month, day = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
    elif m := _SLASHED.match(text):
        first, sep, second, year = int(m[1]), m[2], int(m[3]), int(m[4])
        if len(m[4]) == 2:
            year += 1900 if year > dt.date.today().year % 100 else 2000
        # "." is the German order (day first); "/" is month first unless that cannot be.
        if sep == "." or first > 12:
            day, month = first, second
        else:
            month, day = first, second
    else:
        raise BadDate(text)
    if year is not None and (omit_year or not MIN_YEAR <= year <= MAX_YEAR):
        year = None
    if year == 0:
        year = None
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        raise BadDate(text) from None
    return Birthday(month=month, day=day, year=year)


def label_for(*candidates: str) -> str:
    """The first meaningful label: Apple `_$!<Mobile>!$_` and Google `* Home` unwrapped."""
    for raw in candidates:
        label = clean_label(raw)
        if label and label.lower() not in _NOISE:
            return _LABELS.get(label.lower(), label)[:40]
    return ""


def phone_label(*candidates: str) -> str:
    """label_for, keeping a fax or pager's place: 2.1's TEL;WORK;FAX is "work fax"."""
    labels = [x for raw in candidates if (x := label_for(raw))]
    kind = next((x for x in labels if x in ("fax", "pager")), "")
    place = next((x for x in labels if x in ("home", "work")), "")
    if kind:
        return f"{place} {kind}" if place else kind
    return labels[0] if labels else ""


def clean_label(raw: str) -> str:
    label = (raw or "").strip()
    if m := _APPLE_LABEL.match(label):
        label = m[1]
    if label.startswith("* "):
        label = label[2:]
    return label.strip()


def clean_tags(values) -> list[str]:
    tags: list[str] = []
    for value in values:
        tag = value.strip()
        if tag.startswith("* "):
            tag = tag[2:].strip()
        if not tag or tag.replace(" ", "").lower() in SYSTEM_GROUPS:
            continue
        tag = tag[:60]
        if tag.lower() not in (t.lower() for t in tags):
            tags.append(tag)
    return tags


def put_url(record: ContactRecord, url: str) -> None:
    url = url.strip()
    if not url:
        return
    linkedin = "linkedin.com/" in url.lower()
    if linkedin and not record.linkedin_url:
        record.linkedin_url = url
    elif not record.website and not linkedin:
        record.website = url
    else:
        add_extra(record, "url", url)


def add_extra(record: ContactRecord, key: str, value: str) -> None:
    value = value.strip()
    if not value:
        return
    name, n = key, 1
    while name in record.extra:
        if record.extra[name] == value:
            return
        n += 1
        name = f"{key} {n}"
    record.extra[name] = value


def join(*parts: str, sep: str = " ") -> str:
    return sep.join([q for p in parts if p and (q := p.strip())])


def finish(record: ContactRecord) -> str:
    """Fill in the display name from what the record has; returns a rejection reason or ''."""
    if not record.display_name.strip():
        if not record.extra and (
            name := " ".join(f"{record.given_name} {record.family_name}".split())
        ):  # the usual case, told quickly (this runs for every row of a file)
            record.display_name = name[:200]
            return ""
        extra = record.extra
        record.display_name = (
            join(
                record.given_name,
                extra.get("middle name", "") if extra else "",
                record.family_name,
                extra.get("name suffix", "") if extra else "",
            )
            or record.nickname
            or record.organization
            or (record.emails[0][1] if record.emails else "")
            or (record.phones[0][1] if record.phones else "")
        )
    record.display_name = " ".join(record.display_name.split())[:200]
    if not record.display_name:
        return "no name, e-mail address or phone number"
    return ""


def trim(record: ContactRecord) -> ContactRecord:
    """Cut text fields to the lengths the people model stores."""
    # Compared first: most values fit, and a comparison is cheaper than an assignment.
    if len(record.given_name) > 100:
        record.given_name = record.given_name[:100]
    if len(record.family_name) > 100:
        record.family_name = record.family_name[:100]
    if len(record.nickname) > 100:
        record.nickname = record.nickname[:100]
    if len(record.organization) > 200:
        record.organization = record.organization[:200]
    if len(record.title) > 200:
        record.title = record.title[:200]
    if len(record.location) > 200:
        record.location = record.location[:200]
    return record


def cleaned_deep(value):
    """The value with hostile characters taken out; the same object when it had none."""
    if isinstance(value, str):
        return clean_text(value) if text_problem(value) else value
    if isinstance(value, list):
        items = [cleaned_deep(item) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, tuple):
        items = tuple(cleaned_deep(item) for item in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        pairs = [(cleaned_deep(k), cleaned_deep(v)) for k, v in value.items()]
        changed = any(
            a is not k or b is not v for (a, b), (k, v) in zip(pairs, value.items(), strict=True)
        )
        return dict(pairs) if changed else value
    return value
