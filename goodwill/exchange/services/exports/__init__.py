"""Exports: vCard 3.0/4.0 and CSV of your people, and the full JSON account export.

``export_people`` is what the CLI (`goodwill export`), the Export page and the API
(`GET /api/v1/export`) all call. vCard and CSV leave private things out ("about them"
notes; interaction notes are never in them) unless ``private`` is set; the JSON export
is a complete backup of the account and always has everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from goodwill.accounts.services.audit import audit
from goodwill.core.rules import field_error
from goodwill.exchange.services.exports.account import FORMAT, VERSION, dump_account
from goodwill.exchange.services.exports.load import load_account_json
from goodwill.exchange.services.exports.tabular import neutralise, write_csv
from goodwill.exchange.services.exports.vcard import write_vcards
from goodwill.people.models import Person, Tag

__all__ = [
    "FORMAT",
    "FORMATS",
    "VERSION",
    "ExportFile",
    "dump_account",
    "export_people",
    "load_account_json",
    "neutralise",
]

FORMATS = {
    "vcard": ("vCard 3.0 (.vcf), for most address books", "text/vcard", "vcf"),
    "vcard4": ("vCard 4.0 (.vcf)", "text/vcard", "vcf"),
    "csv": ("CSV, for spreadsheets", "text/csv", "csv"),
    "json": ("Full backup (.json): everything, private notes included", "application/json", "json"),
}


@dataclass
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def _people(owner, *, include_me: bool = False) -> list[Person]:
    people = Person.objects.filter(owner=owner)
    if not include_me:
        people = people.filter(is_me=False)
    return list(
        people.select_related("organization", "introduced_by")
        .prefetch_related(
            "emails", "phones", Prefetch("tags", queryset=Tag.objects.order_by("name"))
        )
        .order_by("display_name", "id")
    )


def export_people(
    *, owner, fmt: str = "vcard", private: bool = False, include_me: bool = False
) -> ExportFile:
    """The owner's people (or whole account, for json) as a file to download or save.

    vCard and CSV leave out your own record unless ``include_me``: imported elsewhere,
    it would come back as one more person."""
    if fmt not in FORMATS:
        raise field_error("format", f"{fmt!r} is not one of {', '.join(FORMATS)}.")
    _, content_type, extension = FORMATS[fmt]
    if fmt == "json":
        text = json.dumps(dump_account(owner), ensure_ascii=False, indent=1)
    elif fmt == "csv":
        text = write_csv(_people(owner, include_me=include_me), private=private)
    else:
        version = "4.0" if fmt == "vcard4" else "3.0"
        people = _people(owner, include_me=include_me)
        text = "".join(write_vcards(people, version=version, private=private))

    audit("export", user=owner, format=fmt, private=private)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"goodwill-{owner.get_username()}-{stamp}.{extension}"
    charset = "; charset=utf-8"
    return ExportFile(text.encode("utf-8"), name, content_type + charset)
