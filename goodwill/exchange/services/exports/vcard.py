"""vCard 3.0 (RFC 2426) and 4.0 (RFC 6350), written by hand: escaped, folded at 75 octets.

Lines end in CRLF. Text values escape backslash, comma, semicolon and newline; a line
longer than 75 octets is folded (CRLF + space) without splitting a UTF-8 character.
Photos go inline: base64 in 3.0 (``ENCODING=b``), a ``data:`` URI in 4.0. A birthday
without a year is ``--MMDD`` in 4.0; 3.0 has no way to say it, so it uses Apple's
convention (``BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD``), which Apple and Google read.

Labels: the usual ones (home, work, mobile, fax, pager, main, other) are TYPE values;
any other label ("personal", "Best friend", "work fax") keeps its exact words: in 3.0 as
an Apple group (``item1.EMAIL:…`` with ``item1.X-ABLabel:personal``), which Apple,
Google and most address books read; in 4.0 as TYPE text (``TYPE="personal"``), or as
the same Apple group when the label holds a comma or a quote.
"""

from __future__ import annotations

import base64
import mimetypes
import re
import uuid

from goodwill.people.models import Person

VERSIONS = {"3.0", "4.0"}
LIMIT = 75
PHONE_TYPES = {
    "mobile": "cell",
    "work": "work",
    "home": "home",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
}
EMAIL_TYPES = {"home": "home", "work": "work", "other": "other"}
_QUOTABLE = re.compile(r'^[^",\x00-\x1f\x7f]+$')
NAMESPACE = uuid.UUID("6f1b7d8e-2f0a-4c55-9a52-6e0d1f3a9b11")


def escape(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line at 75 octets; continuation lines start with a space."""
    if len(line.encode()) <= LIMIT:
        return line
    parts, current, size, limit = [], [], 0, LIMIT
    for ch in line:
        n = len(ch.encode())
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LIMIT - 1  # the leading space takes one octet
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


class Labels:
    """Writes one labelled property (EMAIL, TEL) of a card: a standard label as a TYPE
    value, any other as TYPE text (4.0) or an ``itemN.X-ABLabel`` group."""

    def __init__(self, lines: list[str], v4: bool) -> None:
        self.lines, self.v4, self.groups = lines, v4, 0

    def add(self, name: str, value: str, label: str, mapping: dict, kinds=(), pref="") -> None:
        label = (label or "").strip()
        kinds = list(kinds)
        group = ""
        if label in mapping:
            kinds.append(mapping[label])
        elif label and self.v4 and _QUOTABLE.match(label) and label.lower() not in mapping:
            kinds.append(f'"{label}"')
        elif label:
            self.groups += 1
            group = f"item{self.groups}"
        params = f";TYPE={','.join(kinds)}" if kinds else ""
        prefix = f"{group}." if group else ""
        self.lines.append(f"{prefix}{name}{params}{pref}:{value}")
        if group:
            self.lines.append(f"{group}.X-ABLabel:{escape(label)}")


def _uri(value: str) -> str:
    return "".join((value or "").split())  # a URI never holds whitespace or line breaks


def _photo(person: Person, version: str) -> str:
    if not person.photo:
        return ""
    try:
        with person.photo.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode("ascii")
    except (FileNotFoundError, OSError):
        return ""
    mime = mimetypes.guess_type(person.photo.name)[0] or "image/jpeg"
    if version == "4.0":
        return f"PHOTO:data:{mime};base64,{data}"
    return f"PHOTO;ENCODING=b;TYPE={mime.split('/')[-1].upper()}:{data}"


def _birthday(p: Person, version: str) -> str:
    if not (p.birthday_month and p.birthday_day):
        return ""
    m, d = p.birthday_month, p.birthday_day
    if version == "4.0":
        return (
            f"BDAY:{p.birthday_year:04d}{m:02d}{d:02d}"
            if p.birthday_year
            else f"BDAY:--{m:02d}{d:02d}"
        )
    if p.birthday_year:
        return f"BDAY:{p.birthday_year:04d}-{m:02d}-{d:02d}"
    return f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{m:02d}-{d:02d}"


def card(p: Person, *, version: str = "3.0", private: bool = False) -> str:
    """One person's vCard (CRLF line ends). Needs organization, emails, phones, tags loaded."""
    v4 = version == "4.0"
    lines = ["BEGIN:VCARD", f"VERSION:{version}", "PRODID:-//Goodwill//Goodwill export//EN"]
    lines.append(f"UID:urn:uuid:{uuid.uuid5(NAMESPACE, f'{p.owner_id}:{p.pk}')}")
    if v4:
        lines.append("KIND:individual")
    lines.append(f"FN:{escape(p.display_name)}")
    lines.append(f"N:{escape(p.family_name)};{escape(p.given_name)};;;")
    if p.nickname:
        lines.append(f"NICKNAME:{escape(p.nickname)}")
    if p.organization_id:
        lines.append(f"ORG:{escape(p.organization.name)}")
    if p.title:
        lines.append(f"TITLE:{escape(p.title)}")
    labels = Labels(lines, v4)
    for i, e in enumerate(p.emails.all()):
        kinds = [] if v4 else ["INTERNET"]
        pref = (";PREF=1" if v4 else "") if i == 0 and len(p.emails.all()) > 1 else ""
        labels.add("EMAIL", escape(e.address), e.label, EMAIL_TYPES, kinds, pref)
    for ph in p.phones.all():
        labels.add("TEL", escape(ph.number), ph.label, PHONE_TYPES)
    if p.location:
        lines.append(f"ADR:;;;{escape(p.location)};;;")
    if p.website:
        lines.append(f"URL:{_uri(p.website)}")
    if p.linkedin_url:
        lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{_uri(p.linkedin_url)}")
    if bday := _birthday(p, version):
        lines.append(bday)
    tags = [t.name for t in p.tags.all()]
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in sorted(tags)))
    if private and p.about:
        lines.append(f"NOTE:{escape(p.about)}")
    # What only Goodwill reads back (other address books keep or ignore X- lines).
    if p.met_how:
        lines.append(f"X-GOODWILL-MET-HOW:{escape(p.met_how)}")
    if p.met_on:
        lines.append(f"X-GOODWILL-MET-ON:{p.met_on.isoformat()}")
    if p.cadence_days:
        lines.append(f"X-GOODWILL-CADENCE-DAYS:{p.cadence_days}")
    if photo := _photo(p, version):
        lines.append(photo)
    stamp = p.updated_at.strftime("%Y%m%dT%H%M%SZ" if v4 else "%Y-%m-%dT%H:%M:%SZ")
    lines.append(f"REV:{stamp}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_vcards(people, *, version: str = "3.0", private: bool = False):
    """The cards of these people, one string per person."""
    for p in people:
        yield card(p, version=version, private=private)
