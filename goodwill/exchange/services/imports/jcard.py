"""jCard (RFC 7095, vCard as JSON): turned into content lines and read like a vCard."""

from __future__ import annotations

import json

from goodwill.exchange.services.imports.common import cleaned_deep, finish, trim
from goodwill.exchange.services.imports.records import ImportFileError, ParseResult, Rejection
from goodwill.exchange.services.imports.vcard import Card, Prop
from goodwill.exchange.services.imports.vcardfields import CardReader


def _escape(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _value(values: list) -> str:
    parts = []
    for value in values:
        if isinstance(value, list):
            parts.append(";".join(
                ",".join(_escape(v) for v in item) if isinstance(item, list) else _escape(item)
                for item in value
            ))  # fmt: skip
        else:
            parts.append(_escape(value))
    return ",".join(parts)


def _card(number: int, properties: list) -> Card:
    props = []
    for item in properties:
        if not (isinstance(item, list) and len(item) >= 4 and isinstance(item[0], str)):
            continue
        name, params, _type, *values = item
        params = params if isinstance(params, dict) else {}
        group = str(params.get("group", ""))
        clean: dict[str, list[str]] = {}
        for key, raw in params.items():
            if key == "group":
                continue
            raw = raw if isinstance(raw, list) else [raw]
            clean[str(key).upper()] = [str(v) for v in raw]
        value = _value(values).encode("utf-8")
        props.append(Prop(group=group.lower(), name=name.upper(), params=clean, value=value))
    return Card(number=number, props=props)


def parse_jcard(data: bytes, *, name: str, max_records: int) -> ParseResult:
    try:
        doc = json.loads(data.decode("utf-8", errors="replace"))
    except ValueError as exc:
        raise ImportFileError(f"{name}: not valid jCard JSON ({exc})") from None
    if isinstance(doc, list) and doc and doc[0] == "vcard":
        doc = [doc]
    cards = [c for c in doc if isinstance(c, list) and len(c) == 2 and c[0] == "vcard"]
    if not isinstance(doc, list) or not cards:
        raise ImportFileError(f"{name}: no jCard found in the JSON")
    if len(cards) > max_records:
        raise ImportFileError(f"{name}: it holds more than {max_records:,} contacts")
    result = ParseResult(format="vcard", encoding="utf-8")
    for number, (_tag, properties) in enumerate(cards, start=1):
        where = f"card {number}"
        # JSON can spell half a UTF-16 pair ("\ud800"), which no database stores.
        if (clean := cleaned_deep(properties)) is not properties:
            properties = clean
            result.warnings.append(
                f"{where}: a character that cannot be saved (a NUL or a broken one) was taken out."
            )
        try:
            record = CardReader(_card(number, properties), "cp1252", result.warnings).read()
            reason = finish(record)
        except Exception as exc:
            record, reason = None, f"could not be read ({type(exc).__name__})"
        if reason:
            result.rejected.append(Rejection(where, reason))
        else:
            result.records.append(trim(record))
    return result
