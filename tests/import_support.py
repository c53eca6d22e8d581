"""Helpers for the import tests: a tiny LinkedIn-CSV parser standing in for the real
parsers (goodwill.exchange.services.imports.parse), so the pipeline is tested on its own."""

from __future__ import annotations

import csv
import io

from PIL import Image

from goodwill.exchange.services.imports import pipeline
from goodwill.exchange.services.imports.records import (
    Birthday,
    ContactRecord,
    ImportFileError,
    ParseResult,
    Photo,
    Rejection,
)

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin_csv(*rows: str, notes: bool = True) -> bytes:
    preamble = 'Notes:\n"When exporting your connection data..."\n\n' if notes else ""
    return (preamble + HEADER + "".join(r + "\n" for r in rows)).encode()


# Why the third row of FILE is refused.
BAD_ROW = "'not-an-email' is not a valid email address, and nothing else tells who this is."

# Two good rows and one with a bad address: the file most import tests upload.
FILE = linkedin_csv(
    "Ana,Ruiz,https://linkedin.com/in/ana,ana@ruiz.example,Ruiz Studio,Founder,2024-03-12",
    "Ben,Ito,https://linkedin.com/in/benito,ben@ito.example,Acme,CTO,2024-03-12",
    ",,,not-an-email,,,",  # nothing but a bad address
)


def tiny_parse(data: bytes, *, filename: str = "", format: str = "auto") -> ParseResult:
    """LinkedIn Connections.csv only; anything else is an ImportFileError."""
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
    except StopIteration:
        raise ImportFileError(
            f"{filename or 'The file'} is not a contacts file we know (LinkedIn, Google, "
            "Outlook, vCard or CSV)."
        ) from None
    result = ParseResult(format="linkedin", encoding="utf-8")
    for offset, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines[start:])))):
        position = f"line {start + offset + 2}"
        if None in row:
            result.rejected.append(Rejection(position, "More values than columns."))
            continue
        date = (row.get("Connected On") or "").strip()
        result.records.append(
            ContactRecord(
                position=position,
                given_name=row["First Name"] or "",
                family_name=row["Last Name"] or "",
                linkedin_url=row["URL"] or "",
                emails=[("", row["Email Address"])] if row["Email Address"] else [],
                organization=row["Company"] or "",
                title=row["Position"] or "",
                met_on=date,
                met_how="Connected on LinkedIn",
            )
        )
    if not result.records and not result.rejected:
        raise ImportFileError(f"{filename or 'The file'} has no contacts in it.")
    return result


def png_bytes(color=(200, 120, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="PNG")
    return buffer.getvalue()


def given(monkeypatch, *records: ContactRecord, rejected=(), fmt="vcard") -> None:
    """Make the next parse return exactly these records, whatever the bytes."""
    result = ParseResult(format=fmt, records=list(records), rejected=list(rejected))
    monkeypatch.setattr(pipeline, "parser", lambda: lambda data, **kw: result)


__all__ = ["FILE", "Birthday", "ContactRecord", "Photo", "Rejection", "given", "png_bytes"]
