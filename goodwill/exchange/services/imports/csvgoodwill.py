"""Goodwill's own CSV export, read back column by column (exports/tabular.py writes it).

Told by its header: ``id``, ``display_name``, ``given_name`` and ``family_name`` side by
side. Every cell loses the apostrophe the export put before it to stop a spreadsheet
from running it as a formula, and only that one (exchange.rules.unguard). The numbered
``email_N`` / ``email_N_label`` and ``phone_N`` / ``phone_N_label`` columns pair up by
their number; a year-less birthday is ``--MM-DD``; tags are joined with ", ".

Columns the export writes for reading only (``id``, ``last_contact``, ``next_due_on``,
``introduced_by``, ``archived``) are not read back: docs/export.md lists them.
"""

from __future__ import annotations

import re

from goodwill.exchange.rules import unguard
from goodwill.exchange.services.imports.common import BadDate, add_extra, parse_birthday
from goodwill.exchange.services.imports.records import ContactRecord

SIGNATURE = {"id", "display_name", "given_name", "family_name"}
_NUMBERED = re.compile(r"^(email|phone)_(\d+)(_label)?$")
_TEXT = {
    "display_name": "display_name",
    "given_name": "given_name",
    "family_name": "family_name",
    "nickname": "nickname",
    "organization": "organization",
    "title": "title",
    "location": "location",
    "linkedin_url": "linkedin_url",
    "website": "website",
    "met_how": "met_how",
    "met_on": "met_on",
    "about": "about",
}


def is_goodwill(headers: list[str]) -> bool:
    names = {h.replace("\ufeff", "").strip() for h in headers}
    return names >= SIGNATURE


class GoodwillColumns:
    """Where each value sits in a row of Goodwill's CSV, resolved once per file."""

    def __init__(self, headers: list[str]) -> None:
        self.text: list[tuple[int, str]] = []
        self.numbered: dict[tuple[str, int], dict[str, int]] = {}
        self.single: dict[str, int] = {}
        for i, raw in enumerate(headers):
            name = raw.replace("\ufeff", "").strip()
            if name in _TEXT:
                self.text.append((i, _TEXT[name]))
            elif m := _NUMBERED.match(name):
                part = "label" if m[3] else "value"
                self.numbered.setdefault((m[1], int(m[2])), {})[part] = i
            elif name in ("birthday", "tags", "cadence_days"):
                self.single[name] = i
        self.pairs = sorted(self.numbered.items(), key=lambda item: (item[0][0], item[0][1]))


def build_goodwill(
    where: str, row: list[str], columns: GoodwillColumns, warnings: list[str]
) -> ContactRecord:
    def cell(i: int) -> str:
        return unguard(row[i]) if i < len(row) else ""

    record = ContactRecord(position=where)
    for i, attr in columns.text:
        value = cell(i)
        setattr(record, attr, value.strip() if attr != "about" else value)
    for (kind, _n), parts in columns.pairs:
        value = cell(parts["value"]).strip() if "value" in parts else ""
        if not value:
            continue
        label = cell(parts["label"]).strip() if "label" in parts else ""
        (record.emails if kind == "email" else record.phones).append((label, value))
    if "tags" in columns.single and (tags := cell(columns.single["tags"])):
        record.tags = [t.strip() for t in tags.split(", ") if t.strip()]
    if "birthday" in columns.single and (text := cell(columns.single["birthday"]).strip()):
        try:
            record.birthday = parse_birthday(text)
        except BadDate:
            warnings.append(f"{where}: birthday {text!r} is not a date; kept as text")
            add_extra(record, "birthday", text)
    if "cadence_days" in columns.single and (days := cell(columns.single["cadence_days"]).strip()):
        if days.isdigit() and 1 <= int(days) <= 3650:
            record.cadence_days = int(days)
        else:
            warnings.append(f"{where}: keep-in-touch interval {days!r} is not a number of days")
    return record
