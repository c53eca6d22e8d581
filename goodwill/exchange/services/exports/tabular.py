"""CSV export: one row per person, for spreadsheets and other address books.

Several emails and phones go in numbered columns (``email_1``, ``email_1_label``, …,
as many as the person with the most has); tags are joined with ", ". Any cell a
spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) gets a leading apostrophe, and so does one that starts with an apostrophe, so
that Goodwill's importer can take exactly the apostrophes it added off again
(``unguard``). The file is UTF-8 with a byte-order mark, so Excel
reads accents right; rows end in CRLF.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from goodwill.exchange.rules import GUARDED
from goodwill.people.models import Person

BASE_COLUMNS = [
    "id",
    "display_name",
    "given_name",
    "family_name",
    "nickname",
    "organization",
    "title",
]
AFTER_COLUMNS = [
    "location",
    "linkedin_url",
    "website",
    "birthday",
    "tags",
    "met_how",
    "met_on",
    "introduced_by",
    "cadence_days",
    "last_contact",
    "next_due_on",
    "archived",
]
PRIVATE_COLUMNS = ["about"]


def neutralise(value) -> str:
    """A cell as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(GUARDED) else text


def birthday(p: Person) -> str:
    if not (p.birthday_month and p.birthday_day):
        return ""
    if p.birthday_year:
        return f"{p.birthday_year:04d}-{p.birthday_month:02d}-{p.birthday_day:02d}"
    return f"--{p.birthday_month:02d}-{p.birthday_day:02d}"


def write_csv(people: list[Person], *, private: bool = False) -> str:
    n_emails = max((len(p.emails.all()) for p in people), default=0) or 1
    n_phones = max((len(p.phones.all()) for p in people), default=0) or 1
    header = list(BASE_COLUMNS)
    for i in range(1, n_emails + 1):
        header += [f"email_{i}", f"email_{i}_label"]
    for i in range(1, n_phones + 1):
        header += [f"phone_{i}", f"phone_{i}_label"]
    header += AFTER_COLUMNS + (PRIVATE_COLUMNS if private else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for p in people:
        emails = [(e.address, e.label) for e in p.emails.all()]
        phones = [(x.number, x.label) for x in p.phones.all()]
        emails += [("", "")] * (n_emails - len(emails))
        phones += [("", "")] * (n_phones - len(phones))
        row = [
            p.pk,
            p.display_name,
            p.given_name,
            p.family_name,
            p.nickname,
            p.organization.name if p.organization_id else "",
            p.title,
        ]
        row += [x for pair in emails + phones for x in pair]
        row += [
            p.location,
            p.linkedin_url,
            p.website,
            birthday(p),
            ", ".join(sorted(t.name for t in p.tags.all())),
            p.met_how,
            p.met_on.isoformat() if p.met_on else "",
            p.introduced_by.display_name if p.introduced_by_id else "",
            p.cadence_days or "",
            timezone.localdate(p.last_contact_at).isoformat() if p.last_contact_at else "",
            p.next_due_on.isoformat() if p.next_due_on else "",
            "yes" if p.archived else "",
        ]
        if private:
            row.append(p.about)
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
