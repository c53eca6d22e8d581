"""From parsed ContactRecords to clean candidates: validated, normalised, de-duplicated.

Nothing here touches the database. A record that cannot become a person (no name and
no email, an invalid email) becomes a Rejection naming its line or card; a value that
is merely unusable (a bad birthday, a photo that is not an image) is left out with a
warning. Records that share an email, a LinkedIn URL, a phone or a name at the same
organization are one person and are merged into the first of them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings as pywarnings
from dataclasses import dataclass, field
from urllib.parse import unquote

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from goodwill.core.rules import moment_problem
from goodwill.exchange.services.imports.records import ContactRecord, Rejection
from goodwill.people.rules import phone_key, phone_match_key, web_address_problem

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Person columns a record may set, with their maximum lengths.
TEXT_FIELDS = {
    "given_name": 100,
    "family_name": 100,
    "nickname": 100,
    "title": 200,
    "location": 200,
    "linkedin_url": 500,
    "website": 500,
    "met_how": 500,
}
# A common, plainly valid address: Django's validate_email accepts all of these, and
# checking them with this one regex is much cheaper; anything else goes to Django's.
PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_PLAIN_PROFILE = ("https://www.linkedin.com/", "http://www.linkedin.com/")
KEY_NAMES = {
    "e": "email",
    "l": "linkedin_url",
    "p": "phone",
    "n": "name_organization",
    "b": "name",
}


def weak(key: str) -> bool:
    """A phone or name key: vetoed by two different LinkedIn profiles."""
    return key[0] in "pnb"


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, as the search column folds it."""
    text = text or ""
    return " ".join((text if text.isascii() else anyascii(text)).lower().split())


def linkedin_key(url: str) -> str:
    """One spelling per LinkedIn profile: no scheme, www., country host, query or slash.

    String operations rather than urlparse: this runs for every row of a big file."""
    url = (url or "").strip().lower()
    if not url:
        return ""
    if url.startswith(_PLAIN_PROFILE) and "?" not in url and "#" not in url and "%" not in url:
        path = url.partition(".com/")[2].rstrip("/")  # the usual spelling, told quickly
        return f"linkedin.com/{path}" if path else "linkedin.com"
    _, sep, rest = url.partition("://")
    rest = rest if sep else url
    for mark in "?#":
        rest = rest.split(mark, 1)[0]
    host, _, path = rest.partition("/")
    host = host.rpartition("@")[2].split(":", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    if host.endswith(".linkedin.com"):
        host = "linkedin.com"
    if "%" in path:
        path = unquote(path)
    path = path.rstrip("/")
    return f"{host}/{path}" if host and path else host


URL_LABELS = {"linkedin_url": "LinkedIn", "website": "Website"}


def _web_address(value: str) -> bool:
    """http(s) only, as people.rules.web_address_problem says (the plain spelling told
    quickly: this runs for every row of a big file)."""
    at = 8 if value.startswith("https://") else 7 if value.startswith("http://") else 0
    if at and value[at : at + 1] not in ("", "/") and not any(ord(c) <= 32 for c in value):
        return True
    return web_address_problem(value) is None


def check_photo(data: bytes) -> str | None:
    """The file extension when the bytes are a real image we keep, else None."""
    if not data or len(data) > PHOTO_MAX_BYTES:
        return None
    from PIL import Image

    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds for bad bytes
        return None
    return PHOTO_FORMATS.get(kind or "")


@dataclass(slots=True)
class Candidate:
    """One person-to-be (or an update to an existing one), merged from 1+ records."""

    positions: list[str]
    display_name: str
    fields: dict = field(default_factory=dict)  # TEXT_FIELDS, met_on, about
    emails: list[tuple[str, str]] = field(default_factory=list)  # (label, address)
    phones: list[tuple[str, str, str]] = field(default_factory=list)  # (+ normalized)
    tags: list[str] = field(default_factory=list)
    organization: str = ""
    birthday: tuple[int | None, int, int] | None = None  # (year, month, day)
    photo: tuple[bytes, str] | None = None  # (bytes, extension)
    _keys: list[str] | None = field(default=None, init=False, repr=False, compare=False)
    _link: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def position(self) -> str:
        return self.positions[0]

    @property
    def linkedin(self) -> str:
        if self._link is None:
            self._link = linkedin_key(self.fields.get("linkedin_url", ""))
        return self._link

    def other_profile(self, link: str) -> bool:
        """Has a different LinkedIn profile than ``link``: then not the same person."""
        return bool(link and self.linkedin and link != self.linkedin)

    def match_keys(self) -> list[str]:
        """Matching keys, strongest first: e: email, l: LinkedIn, p: phone, n: name+org."""
        if self._keys is None:
            self._keys = self._match_keys()
        return self._keys

    def _match_keys(self) -> list[str]:
        keys = [f"e:{address.lower()}" for _, address in self.emails] if self.emails else []
        if link := self.linkedin:
            keys.append(f"l:{link}")
        if self.phones:
            keys += [f"p:{key}" for _, _, norm in self.phones if (key := phone_match_key(norm))]
        if org := self.organization:
            # fold(), told quickly: a candidate's name and organization are one-spaced
            # already (clean_record), so lower() does it when they are ASCII.
            name = self.display_name
            name = name.lower() if name.isascii() else fold(name)
            org = org.lower() if org.isascii() else fold(org)
            keys.append(f"n:{name}|{org}")
        elif not keys:
            # Only a name: it finds an existing person who also has nothing but that
            # name (so importing the same file again adds nobody), never merges two
            # rows of one file (two bare "Ana" may be two people).
            keys.append(f"b:{fold(self.display_name)}")
        return keys

    def absorb(self, other: Candidate) -> None:
        """Take what this candidate lacks from another record of the same person."""
        self._keys = self._link = None
        self.positions += other.positions
        for key, value in other.fields.items():
            if value and not self.fields.get(key):
                self.fields[key] = value
        known = {a.lower() for _, a in self.emails}
        self.emails += [e for e in other.emails if e[1].lower() not in known]
        numbers = {n for _, _, n in self.phones}
        self.phones += [p for p in other.phones if p[2] not in numbers]
        names = {t.lower() for t in self.tags}
        self.tags += [t for t in other.tags if t.lower() not in names]
        self.organization = self.organization or other.organization
        self.birthday = self.birthday or other.birthday
        self.photo = self.photo or other.photo


@dataclass
class Cleaned:
    candidates: list[Candidate]
    rejected: list[Rejection]
    warnings: list[str]
    merged: int  # records folded into an earlier record of the same person


def _text(value: str, limit: int) -> str:
    return " ".join(value.split())[:limit] if value else ""


def _about(record: ContactRecord) -> str:
    if not record.extra:
        return (record.about or "").strip()
    about = (record.about or "").strip()
    parts = [about]
    # A line the notes hold already (a file Goodwill exported, imported again) is not
    # added a second time: notes never grow from a round trip.
    lines = set(about.splitlines())
    extra = [
        line
        for k, v in record.extra.items()
        if v and v.strip() and (line := f"{k}: {v.strip()}") not in lines
    ]
    if extra:
        parts.append("\n".join(extra))
    return "\n\n".join(p for p in parts if p)


def _birthday(record: ContactRecord, warn) -> tuple[int | None, int, int] | None:
    b = record.birthday
    if b is None:
        return None
    try:
        year = int(b.year) if b.year else None
        dt.date(year or 2000, int(b.month), int(b.day))
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise ValueError
    except (TypeError, ValueError):
        warn(f"the birthday {b.year or '?'}-{b.month}-{b.day} is not a date; left out")
        return None
    return (year, int(b.month), int(b.day))


def _met_on(value: str, warn, dates: dict | None = None) -> dt.date | None:
    """The date of an ISO text; ``dates`` caches them (a file repeats its dates)."""
    if dates is not None and (known := dates.get(value)) is not None:
        return known
    text = (value or "").strip()
    if not text:
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        warn(f"{text!r} is not a date; left out")
        return None
    if moment_problem(date):
        warn(f"{text!r} is not a date between the years 1800 and 2200; left out")
        return None
    if dates is not None:
        dates[value] = date
    return date


def clean_record(
    record: ContactRecord, warnings: list[str], dates: dict | None = None, region: str = ""
) -> Candidate | Rejection:
    """One record as a Candidate, or its Rejection. ``dates`` is clean_records' cache;
    phone numbers are keyed in ``region``, the account's default (people.rules.phone_key)."""
    where = record.position

    def warn(message: str) -> None:
        warnings.append(f"{where}: {message}.")

    emails, seen = [], set() if record.emails else ()
    dropped: list[str] = []
    for label, address in record.emails:
        address = (address or "").strip().removeprefix("mailto:")
        if not address:
            continue
        try:
            if len(address) > 254 or not PLAIN_EMAIL.fullmatch(address):
                validate_email(address)
        except ValidationError:
            # Forgiving where it is safe: one bad address costs that address, not the
            # person (a card is refused only when nothing else tells who they are).
            dropped.append(address)
            warn(f"{address[:80]!r} is not a valid email address; left out")
            continue
        if address.lower() not in seen and len(address) <= 254:
            seen.add(address.lower())
            emails.append(((label or "").strip()[:40], address))
    phones, numbers = [], set() if record.phones else ()
    for label, number in record.phones:
        number = (number or "").strip()
        if not number:
            continue
        norm = phone_key(number, region)
        if len(norm.lstrip("+")) < 3 or len(number) > 60:
            warn(f"{number!r} is not a phone number; left out")
        elif norm not in numbers:
            numbers.add(norm)
            phones.append(((label or "").strip()[:40], number, norm))

    # TEXT_FIELDS one-spaced and cut, spelt out: a comprehension over them with getattr
    # costs a third of this function, which runs for every row of a file.
    given, family, nickname, title = (
        record.given_name, record.family_name, record.nickname, record.title
    )  # fmt: skip
    location, link, website, met_how = (
        record.location, record.linkedin_url, record.website, record.met_how
    )  # fmt: skip
    fields = {
        "given_name": " ".join(given.split())[:100] if given else "",
        "family_name": " ".join(family.split())[:100] if family else "",
        "nickname": " ".join(nickname.split())[:100] if nickname else "",
        "title": " ".join(title.split())[:200] if title else "",
        "location": " ".join(location.split())[:200] if location else "",
        "linkedin_url": " ".join(link.split())[:500] if link else "",
        "website": " ".join(website.split())[:500] if website else "",
        "met_how": " ".join(met_how.split())[:500] if met_how else "",
    }
    refused = []
    if link or website:
        for name in ("linkedin_url", "website"):
            if fields[name] and not _web_address(fields[name]):
                # Kept as inert text in the notes: nothing the file said is lost.
                warn(f"{fields[name]!r} is not a web address; kept in the notes instead")
                refused.append(f"{URL_LABELS[name]} (not a web address): {fields[name]}")
                fields[name] = ""
    met_on = record.met_on
    fields["met_on"] = (
        (dates.get(met_on) if dates is not None else None) or _met_on(met_on, warn, dates)
        if met_on
        else None
    )
    fields["about"] = _about(record) if record.extra else (record.about or "").strip()
    fields["cadence_days"] = record.cadence_days
    if refused:
        fields["about"] = "\n\n".join(p for p in (fields["about"], "\n".join(refused)) if p)
    display = " ".join(value.split())[:200] if (value := record.display_name) else ""
    if dropped and display in dropped:
        display = ""  # the name was only the bad address (parse.finish)
    if not display:
        given = " ".join(p for p in (fields["given_name"], fields["family_name"]) if p)
        organization = " ".join(record.organization.split())[:200]
        display = (
            given
            or fields["nickname"]
            or (emails[0][1] if emails else "")
            or organization
            or (phones[0][1] if phones else "")
        )
    if not display:
        if dropped:
            return Rejection(
                where,
                f"{dropped[0]!r} is not a valid email address, and nothing else tells who this is.",
            )
        return Rejection(where, "No name and no email: nothing to call this person by.")

    photo = None
    if record.photo is not None:
        extension = check_photo(record.photo.data)
        if extension:
            photo = (record.photo.data, extension)
        else:
            warn("the photo is not an image we can use (JPEG, PNG, GIF or WebP, 5 MB); left out")
    tags, tag_names = [], set() if record.tags else ()
    for raw in record.tags:
        name = " ".join((raw or "").strip().lstrip("#").split())[:60]
        if name and name.lower() not in tag_names:
            tag_names.add(name.lower())
            tags.append(name)
    return Candidate(  # positional (faster), in the order of Candidate's fields
        [where],
        display,
        fields,
        emails,
        phones,
        tags,
        " ".join(value.split())[:200] if (value := record.organization) else "",
        _birthday(record, warn) if record.birthday is not None else None,
        photo,
    )


def clean_records(
    records: list[ContactRecord], rejected: list[Rejection], region: str = ""
) -> Cleaned:
    """Clean every record and merge those that are one person (same email, URL...);
    phone numbers are read in ``region``, the account's default."""
    rejected = list(rejected)
    warnings: list[str] = []
    groups: list[Candidate] = []
    index: dict[str, int] = {}
    merged = 0
    dates: dict[str, dt.date] = {}
    for record in records:
        result = clean_record(record, warnings, dates, region)
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        keys = result._keys = result._match_keys()  # match_keys(), without a call
        hit = None
        for k in keys:
            if k[0] == "b":
                continue
            if (at := index.get(k)) is not None and not (
                weak(k) and groups[at].other_profile(result.linkedin)
            ):
                hit = at
                break
        if hit is None:
            hit = len(groups)
            groups.append(result)
        else:
            groups[hit].absorb(result)
            merged += 1
            keys = groups[hit].match_keys()
        for key in keys:
            index.setdefault(key, hit)
    return Cleaned(groups, rejected, warnings, merged)
