"""Pure rules of the exchange area: what a file that is not a contacts list looks like,
said in plain words with what to do instead (the import page shows it)."""

from __future__ import annotations

import csv
import io
import re

WHERE = (
    "Choose the contacts file itself (a .vcf or .csv file); the import page says where "
    "each service keeps it."
)

# Cells a spreadsheet would run as a formula; the CSV export puts an apostrophe before
# them, and before a cell that starts with an apostrophe, so that ``unguard`` knows
# exactly which apostrophes it added.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARDED = (*FORMULA_START, "'")


def unguard(text: str) -> str:
    """A cell of Goodwill's CSV export as it was before its formula guard."""
    if text[:1] == "'" and text[1:].startswith(GUARDED):
        return text[1:]
    return text


_CALENDAR_COLUMNS = {"subject", "start date", "start time", "end date", "all day event"}
_NAME_WORDS = ("name", "e-mail", "email", "mail", "phone", "mobile", "nom", "vorname")


def _sniff_header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    return [c.strip() for c in row if c.strip()]


def describe_file(data: bytes, filename: str = "") -> str | None:
    """What this file looks like when it is clearly not contacts, with what to do; else
    None (then the parser's own reason is shown). Called only once a file failed."""
    name = filename or "This file"
    head = bytes(data[:4096]).lstrip(b"\xef\xbb\xbf").lstrip()
    upper = head[:200].upper()
    if re.search(rb"(?im)^[ \t]*(?:[\w-]*\.)?begin[ \t]*:[ \t]*vcard", head):
        return None  # contacts indeed: the parser's reasons say what is wrong with them
    if upper.startswith(b"BEGIN:VCALENDAR") or b"BEGIN:VEVENT" in upper:
        return f"{name} looks like a calendar file, not contacts. {WHERE}"
    if head.startswith(b"PK\x03\x04"):
        return (
            f"{name} looks like a zip archive or an Excel workbook, not a contacts list. "
            "If it is LinkedIn's download, unzip it and choose Connections.csv inside; "
            "if it is a spreadsheet, save it as CSV first."
        )
    if head.startswith(b"%PDF"):
        return f"{name} is a PDF document, not a contacts list. {WHERE}"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")):
        return f"{name} is a picture, not a contacts list. {WHERE}"
    if head.startswith(b"<") and (
        b"urn:ietf:params:xml:ns:vcard-4.0" in head or b"<vcards" in head.lower()
    ):
        return (
            f"{name} is an xCard file (contacts written as XML), which Goodwill does not "
            "read. Export the contacts as vCard (.vcf) instead, and import that."
        )
    if head.startswith((b"<?xml", b"<")):
        return (
            f"{name} is an XML file, not a contacts list Goodwill reads. Export your "
            "contacts as vCard (.vcf) or CSV, and import that."
        )
    if head.startswith((b"{", b"[")):
        return (
            f"{name} looks like JSON data that is not a contacts list Goodwill reads. A "
            "Goodwill full export (.json) goes into an empty account with `goodwill "
            "import-json`; contacts from elsewhere come as a .csv or .vcf file."
        )
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    columns = _sniff_header(text)
    lowered = {c.lower() for c in columns}
    if len(lowered & _CALENDAR_COLUMNS) >= 2:
        return (
            f"{name} looks like a calendar export (it has {', '.join(columns[:3])} columns), "
            f"not contacts. {WHERE}"
        )
    data_row = any("@" in c or c.isdigit() for c in columns)
    if len(columns) >= 2 and not data_row and not any(w in c for c in lowered for w in _NAME_WORDS):
        shown = ", ".join(c[:30] for c in columns[:4])
        return (
            f"{name} is a table, but its columns ({shown}) hold no names or e-mail "
            f"addresses, so it does not look like contacts. {WHERE}"
        )
    if len(columns) <= 1 and "," not in text and ";" not in text and "\t" not in text:
        return f"{name} looks like plain text, not a list of contacts. {WHERE}"
    return None
