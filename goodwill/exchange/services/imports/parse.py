"""The one entry point of the parsers: parse_file(bytes) -> ParseResult.

It never touches the database and never raises anything but ImportFileError: a bad
contact becomes a Rejection (with its line or card number), the rest still import.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import fields

from goodwill.core.rules import text_problem
from goodwill.exchange.services.imports import jcard
from goodwill.exchange.services.imports.common import cleaned_deep, finish, trim
from goodwill.exchange.services.imports.csvformats import CsvError, parse_csv
from goodwill.exchange.services.imports.decode import (
    DecodeError,
    decode_text,
    decode_utf16,
    legacy_encoding,
    utf16_encoding,
)
from goodwill.exchange.services.imports.detect import detect
from goodwill.exchange.services.imports.records import (
    ContactRecord,
    ImportFileError,
    ParseResult,
    Rejection,
)
from goodwill.exchange.services.imports.vcard import iter_cards, iter_logical_lines
from goodwill.exchange.services.imports.vcardfields import CardReader

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 100_000
FORMATS = ("auto", "linkedin", "google", "vcard", "outlook", "csv")
CSV_FORMATS = ("linkedin", "google", "outlook", "csv")
SHOWN_REASONS = 3


def parse_file(data: bytes, *, filename: str = "", format: str = "auto") -> ParseResult:
    """Read a contacts file. Raises ImportFileError (naming the file) when it cannot."""
    name = filename or "the file"
    try:
        result = _parse(data, name, format)
        _clean_hostile(result)
    except ImportFileError:
        raise
    except Exception as exc:  # a parser bug must still reach the user as a clear message
        logger.exception("parsing %s failed", name)
        raise ImportFileError(f"{name}: could not be read ({type(exc).__name__})") from exc
    if not result.records:
        if result.rejected:
            reasons = "; ".join(
                f"{r.position}: {r.reason}" for r in result.rejected[:SHOWN_REASONS]
            )
            more = len(result.rejected) - SHOWN_REASONS
            tail = f" (and {more} more)" if more > 0 else ""
            raise ImportFileError(f"{name}: no contact could be read: {reasons}{tail}")
        raise ImportFileError(f"{name}: no contacts found in it")
    return result


def _parse(data: bytes, name: str, format: str) -> ParseResult:
    if format not in FORMATS:
        raise ImportFileError(
            f"{name}: unknown format {format!r} (use one of {', '.join(FORMATS)})"
        )
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImportFileError(f"{name}: no file content given")
    data = bytes(data)
    if not data.strip():
        raise ImportFileError(f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    encoding = ""
    if enc16 := utf16_encoding(data):
        try:
            data, encoding = decode_utf16(data, enc16).encode("utf-8"), enc16
        except DecodeError as exc:
            raise ImportFileError(f"{name}: cannot be decoded: {exc}") from None
    elif data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    kind = detect(data) if format == "auto" else format
    if kind == "vcard":
        return _parse_vcard(data, name, encoding)
    if kind == "jcard":
        return jcard.parse_jcard(data, name=name, max_records=MAX_RECORDS)
    if format == "auto" and data.lstrip()[:1] in (b"{", b"["):
        raise ImportFileError(f"{name}: JSON files other than jCard are not supported")
    try:
        text, found = decode_text(data)
    except DecodeError as exc:
        raise ImportFileError(f"{name}: cannot be decoded: {exc}") from None
    result = ParseResult(format=format, encoding=encoding or found)
    # CSV values are parts of the text: when it is clean, so is every value.
    result.may_hold_hostile = bool(text_problem(text))
    try:
        parse_csv(text, format=format, result=result, max_records=MAX_RECORDS)
    except CsvError as exc:
        raise ImportFileError(f"{name}: cannot be read as CSV: {exc}") from None
    return result


def _parse_vcard(data: bytes, name: str, encoding: str) -> ParseResult:
    data = data.lstrip()
    try:
        data.decode("utf-8")
        fallback, found = "cp1252", "utf-8"
    except UnicodeDecodeError:
        fallback = found = legacy_encoding(data)
        try:  # a fold may split a UTF-8 character: unfolded, the file may be UTF-8 after all
            b"\n".join(iter_logical_lines(data)).decode("utf-8")
            found = "utf-8"
        except UnicodeDecodeError:
            pass
    result = ParseResult(format="vcard", encoding=encoding or found)
    seen = 0
    for card in iter_cards(data):
        seen += 1
        if seen > MAX_RECORDS:
            raise ImportFileError(f"{name}: it holds more than {MAX_RECORDS:,} contacts")
        where = f"card {card.number}"
        if not card.closed:
            result.rejected.append(Rejection(where, "the card never ends (END:VCARD is missing)"))
            continue
        try:
            record = CardReader(card, fallback, result.warnings).read()
            reason = finish(record)
        except Exception as exc:
            logger.warning("card %s of %s: %r", card.number, name, exc)
            record, reason = None, f"could not be read ({type(exc).__name__})"
        if reason:
            result.rejected.append(Rejection(where, reason))
        else:
            result.records.append(trim(record))
    if not seen:
        raise ImportFileError(f"{name}: no vCard found in it (no BEGIN:VCARD line)")
    result.rejected.sort(key=lambda r: int(r.position.split()[-1]))
    result.records.sort(key=lambda r: int(r.position.split()[-1]))
    return result


_TEXT_SLOTS = [f.name for f in fields(ContactRecord) if f.name not in ("position", "photo")]


def _clean_hostile(result: ParseResult) -> None:
    """Take out what no database stores as text (a NUL, half of a UTF-16 pair:
    core.rules.clean_text) from every value of every record, with a warning for each
    record changed: one stray byte must not cost the row, nor fail the whole import."""
    if not result.may_hold_hostile:
        return
    for record in result.records:
        changed = False
        for slot in _TEXT_SLOTS:
            value = getattr(record, slot)
            cleaned = cleaned_deep(value)
            if cleaned is not value:
                setattr(record, slot, cleaned)
                changed = True
        if changed:
            result.warnings.append(
                f"{record.position}: a character that cannot be saved (a NUL or a broken "
                "one) was taken out."
            )
