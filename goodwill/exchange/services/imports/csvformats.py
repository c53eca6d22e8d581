"""CSV contact files: LinkedIn, Google (current and legacy), Outlook, Thunderbird, Roundcube.

Columns are read by their header names (csvheaders.py). Delimiters `,` `;` and TAB are
sniffed; a LinkedIn "Notes:" preamble is skipped; a file without a header row is read
only when its columns can be told safely (an e-mail column, and names beside it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from goodwill.exchange.services.imports.common import (
    BadDate,
    add_extra,
    clean_tags,
    finish,
    join,
    label_for,
    parse_birthday,
    put_url,
    trim,
)
from goodwill.exchange.services.imports.csvgoodwill import (
    GoodwillColumns,
    build_goodwill,
    is_goodwill,
)
from goodwill.exchange.services.imports.csvheaders import classify, detect_format
from goodwill.exchange.services.imports.records import (
    Birthday,
    ContactRecord,
    ParseResult,
    Rejection,
)

MULTI = re.compile(r"\s+:::\s+")
_PLACEHOLDER = re.compile(r"^0{1,2}[/.\-]0{1,2}[/.\-]0{2,4}$")
_TAG_SPLIT = re.compile(r"\s+:::\s+|;")
_PREAMBLE_HEADER = re.compile(r"(?im)^\ufeff?\"?first name\"?[,;\t]")
_EMAILISH = re.compile(r"^[^@\s]+@[^@\s]+$")
_DAY_MON_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_CONNECTED_FORMATS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")


class CsvError(ValueError):
    """The CSV file as a whole cannot be read (the message says why)."""


def split_preamble(text: str) -> tuple[str, int]:
    """Skip a LinkedIn-style "Notes:" preamble; returns (body, lines skipped)."""
    if not text.lstrip("\ufeff").lower().startswith("notes:"):
        return text, 0
    m = _PREAMBLE_HEADER.search(text, 0, 8192)
    if not m:
        return text, 0
    return text[m.start() :], text.count("\n", 0, m.start())


def sniff_delimiter(body: str) -> str:
    first = body.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(body[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        found = ""
    if found and found in first:
        return found
    counts = {d: first.count(d) for d in ",;\t"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_rows(body: str, delimiter: str, offset: int, result: ParseResult):
    """(first line number, fields) for each non-empty row; a broken row becomes a rejection."""
    reader = csv.reader(io.StringIO(body.replace("\x00", ""), newline=""), delimiter=delimiter)
    last = 0
    while True:
        try:
            for row in reader:  # a plain loop; it is resumed after a broken row
                start, last = last + 1, reader.line_num
                if (row and row[0] and not row[0].isspace()) or "".join(row).strip():
                    yield start + offset, row  # some field is not blank
            return
        except csv.Error as exc:
            result.rejected.append(Rejection(f"line {last + 1 + offset}", f"unreadable: {exc}"))
            if reader.line_num == last:
                return
            last = reader.line_num


def guess_columns(rows: list[list[str]]) -> list[tuple | None]:
    """Slots for a file without a header, or CsvError when it cannot be done safely."""
    widths = {len([f for f in r if f.strip()]) for r in rows}
    width = max(len(r) for r in rows)
    email_col = next(
        (
            i
            for i in range(width)
            if all(i < len(r) and _EMAILISH.match(r[i].strip()) for r in rows)
        ),
        None,
    )
    if email_col is None or len(widths) != 1:
        raise CsvError("the first row is not a header I recognise")
    others = [i for i in range(width) if i != email_col and any(i < len(r) for r in rows)]
    slots: list[tuple | None] = [None] * width
    slots[email_col] = ("email", "")
    if len(others) == 3 and all(
        r[others[0]].strip() == join(r[others[1]], r[others[2]]) for r in rows
    ):
        slots[others[0]], slots[others[1]], slots[others[2]] = ("display",), ("given",), ("family",)
    elif len(others) == 1:
        slots[others[0]] = ("display",)
    elif others:
        raise CsvError("the first row is not a header I recognise")
    return slots


def parse_csv(text: str, *, format: str, result: ParseResult, max_records: int) -> None:
    body, offset = split_preamble(text)
    delimiter = sniff_delimiter(body)
    rows = read_rows(body, delimiter, offset, result)
    first = next(rows, None)
    if first is None:
        raise CsvError("it has no rows")
    headers = first[1]
    if is_goodwill(headers):
        result.format = "csv" if format == "auto" else format
        own = GoodwillColumns(headers)
        _read_all(rows, result, max_records, lambda where, row: build_goodwill(
            where, row, own, result.warnings))  # fmt: skip
        return
    slots = [classify(h) for h in headers]
    if not any(slots):
        sample = [first]
        for _ in range(50):
            if (item := next(rows, None)) is None:
                break
            sample.append(item)
        try:
            slots = guess_columns([row for _line, row in sample])
        except CsvError:
            shown = ", ".join(h.strip()[:30] for h in headers[:4])
            raise CsvError(
                f"the first row ({shown}) is not a header I recognise; add a header line "
                "such as: First Name,Last Name,E-mail Address"
            ) from None
        result.warnings.append("the file has no header row; columns were guessed from the data")
        rows = _chain(sample, rows)
    if {h.strip().lower() for h in headers} >= {"n_given", "n_family"}:
        # Tine 2.0: its "title" is the job title, not a name prefix as in Outlook's files
        slots = [("title",) if s == ("prefix",) and h.strip().lower() == "title" else s
                 for s, h in zip(slots, headers, strict=True)]  # fmt: skip
    detected = detect_format(slots, headers)
    result.format = detected if format == "auto" else format
    linkedin = result.format == "linkedin" or any(s == ("connected",) for s in slots)
    plan = plain_columns(slots)
    records, rejected, warnings = result.records, result.rejected, result.warnings
    dates: dict[str, str] = {}
    for line, row in rows:
        if len(records) + len(rejected) >= max_records:
            raise CsvError(f"it holds more than {max_records:,} contacts")
        where = f"line {line}"
        try:
            if plan is None:
                record = build_record(where, row, slots, linkedin, warnings)
            else:
                record = build_plain(where, row, plan, linkedin, warnings, dates)
            reason = finish(record)
        except Exception as exc:  # a row we cannot read never costs the others
            record, reason = None, f"could not be read ({type(exc).__name__})"
        if reason:
            rejected.append(Rejection(where, reason))
        else:
            records.append(trim(record))


def _read_all(rows, result: ParseResult, max_records: int, build) -> None:
    records, rejected = result.records, result.rejected
    for line, row in rows:
        if len(records) + len(rejected) >= max_records:
            raise CsvError(f"it holds more than {max_records:,} contacts")
        where = f"line {line}"
        try:
            record = build(where, row)
            reason = finish(record)
        except Exception as exc:  # a row we cannot read never costs the others
            record, reason = None, f"could not be read ({type(exc).__name__})"
        if reason:
            rejected.append(Rejection(where, reason))
        else:
            records.append(trim(record))


def _chain(first, rest):
    yield from first
    yield from rest


def build_record(
    where: str, row: list[str], slots: list, linkedin: bool, warnings: list[str]
) -> ContactRecord:
    record = ContactRecord(position=where)
    numbered: dict[tuple[str, int], dict[str, str]] = {}
    addresses: dict[str, dict[str, str]] = {}
    tags: list[str] = []
    birth: dict[str, str] = {}
    for slot, raw in zip(slots, row, strict=False):
        value = raw.strip()
        if not slot or not value:
            continue
        kind = slot[0]
        if kind in ("given", "family", "display", "nickname", "title"):
            field = {"given": "given_name", "family": "family_name", "display": "display_name"}
            attr = field.get(kind, kind)
            if not getattr(record, attr):
                setattr(record, attr, value)
        elif kind == "org":
            record.organization = record.organization or value
        elif kind in ("middle", "prefix", "suffix", "department"):
            name = {"middle": "middle name", "prefix": "name prefix", "suffix": "name suffix"}
            add_extra(record, name.get(kind, kind), value)
        elif kind == "email":
            record.emails.extend((slot[1], v) for v in MULTI.split(value) if v)
        elif kind == "phone":
            record.phones.extend((slot[1], v) for v in MULTI.split(value) if v)
        elif kind == "extra":
            if not _PLACEHOLDER.match(value):  # Outlook's 0/0/00: no date
                add_extra(record, slot[1], value)
        elif kind in ("g-e-mail", "g-phone", "g-website", "g-event", "g-relation"):
            numbered.setdefault((kind, slot[1]), {})[slot[2]] = value
        elif kind == "address":
            addresses.setdefault(slot[1], {})[slot[2]] = value
        elif kind == "birthday":
            birth["text"] = value
        elif kind.startswith("birth "):
            birth[kind] = value
        elif kind == "notes":
            record.about = value
        elif kind == "tags":
            tags.extend(_TAG_SPLIT.split(value))
        elif kind == "url":
            for url in MULTI.split(value):
                put_url(record, url)
        elif kind == "connected":
            _connected(record, value, where, warnings)
        elif kind == "photo url":
            add_extra(record, "photo url", value)  # never fetched
        elif kind == "location":
            add_extra(record, "location", value)
    for (kind, _n), parts in sorted(numbered.items()):
        label = label_for(parts.get("label", ""))
        for value in MULTI.split(parts.get("value", "")):
            if not value:
                continue
            if kind == "g-e-mail":
                record.emails.append((label, value))
            elif kind == "g-phone":
                record.phones.append((label, value))
            elif kind == "g-event":  # Google's dates other than the birthday
                add_extra(record, label.lower() or "date", value)
            elif kind == "g-relation":
                add_extra(record, f"related ({label.lower()})" if label else "related", value)
            else:
                put_url(record, value)
    _addresses(record, addresses)
    _birthday(record, birth, where, warnings)
    record.tags = clean_tags(tags)
    if linkedin and record.met_on:
        record.met_how = "Connected on LinkedIn"
    return record


_PLAIN = {
    "given": "given_name",
    "family": "family_name",
    "display": "display_name",
    "nickname": "nickname",
    "title": "title",
    "org": "organization",
}
# ContactRecord's fields after ``position``, in order, as far as _PLAIN sets them.
_NAME_ORDER = ["display_name", "given_name", "family_name", "nickname", "organization", "title"]


class Plain:
    """A file's columns when each is read the same simple way (LinkedIn, most exports):
    resolved once per file, so that a row is read without a per-column dispatch."""

    def __init__(self, slots: list) -> None:
        # (column, place in _NAME_ORDER); the first non-empty value wins
        self.names: list[tuple[int, int]] = []
        self.emails: list[tuple[int, str]] = []
        self.urls: list[int] = []
        self.notes: list[int] = []
        self.connected: list[int] = []
        for i, slot in enumerate(slots):
            if not slot:
                continue
            kind = slot[0]
            if kind in _PLAIN:
                self.names.append((i, _NAME_ORDER.index(_PLAIN[kind])))
            elif kind == "email":
                self.emails.append((i, slot[1]))
            elif kind == "url":
                self.urls.append(i)
            elif kind == "notes":
                self.notes.append(i)
            else:
                self.connected.append(i)


def plain_columns(slots: list) -> Plain | None:
    """A Plain reading of the columns, or None when some column needs build_record."""
    simple = {*_PLAIN, "email", "url", "notes", "connected"}
    if all(slot is None or slot[0] in simple for slot in slots):
        return Plain(slots)
    return None


def _values(value: str) -> list[str]:
    return [v for v in MULTI.split(value) if v] if ":::" in value else [value]


def build_plain(
    where: str, row: list[str], plan: Plain, linkedin: bool, warnings: list, dates: dict
) -> ContactRecord:
    """build_record for a Plain file: the same record, read column by column in order."""
    width = len(row)
    names = ["", "", "", "", "", ""]  # _NAME_ORDER: passed by position (cheaper)
    for i, at in plan.names:
        if i < width and not names[at] and (value := row[i].strip()):
            names[at] = value
    record = ContactRecord(where, *names)
    for i, label in plan.emails:
        if i < width and (value := row[i].strip()):
            record.emails.extend((label, v) for v in _values(value))
    for i in plan.urls:
        if i < width and (value := row[i].strip()):
            if ":::" not in value and not record.linkedin_url and "linkedin.com/" in value.lower():
                record.linkedin_url = value  # what put_url does with it, told quickly
                continue
            for url in _values(value):
                put_url(record, url)
    for i in plan.notes:
        if i < width and (value := row[i].strip()):
            record.about = value
    for i in plan.connected:
        if i < width and (value := row[i].strip()):
            if (iso := dates.get(value)) is None:
                iso = dates[value] = connected_date(value)
            if iso:
                record.met_on = iso
            else:
                _connected(record, value, where, warnings)
    if linkedin and record.met_on:
        record.met_how = "Connected on LinkedIn"
    return record


def _addresses(record: ContactRecord, groups: dict[str, dict[str, str]]) -> None:
    for group, p in groups.items():
        street = join(p.get("pobox", ""), p.get("street", ""), p.get("ext", ""), sep=", ")
        full = p.get("formatted") or join(
            street, p.get("city", ""), p.get("region", ""), p.get("code", ""), p.get("country", ""),
            sep=", ",
        )  # fmt: skip
        label = label_for(p.get("label", "")) or ("" if group.startswith("g") else group)
        add_extra(record, f"address ({label})" if label else "address", " ".join(full.split()))
        if not record.location:
            record.location = join(p.get("city", ""), p.get("region", ""), p.get("country", ""),
                                   sep=", ")  # fmt: skip
    if not record.location and "location" in record.extra:
        record.location = record.extra.pop("location")


def _birthday(record: ContactRecord, birth: dict[str, str], where: str, warnings) -> None:
    text = birth.get("text", "")
    if not text and birth.get("birth month") and birth.get("birth day"):
        year, month, day = birth.get("birth year", ""), birth["birth month"], birth["birth day"]
        if month.isdigit() and day.isdigit() and (not year or year.isdigit()):
            date = f"{int(month):02d}-{int(day):02d}"
            text = f"{int(year):04d}-{date}" if year else f"--{date}"
        else:
            text = join(year, month, day, sep="-")
    if not text:
        return
    try:
        record.birthday = parse_birthday(text)
    except BadDate:
        warnings.append(f"{where}: birthday {text!r} is not a date; kept as text")
        add_extra(record, "birthday", text)


def connected_date(value: str) -> str:
    """LinkedIn's "Connected On" as an ISO date, or '' when it is not a date."""
    text = value.split(",")[0].strip()
    if (m := _DAY_MON_YEAR.match(text)) and m[2].lower() in _MONTHS:
        try:
            return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1])).isoformat()
        except ValueError:
            pass
    for fmt in _CONNECTED_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _connected(record: ContactRecord, value: str, where: str, warnings) -> None:
    if iso := connected_date(value):
        record.met_on = iso
        return
    warnings.append(f"{where}: 'Connected On' date {value!r} not understood")
    add_extra(record, "connected on", value)


__all__ = ["Birthday", "CsvError", "parse_csv"]
