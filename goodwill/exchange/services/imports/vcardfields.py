"""One vCard (a list of content lines) -> one ContactRecord."""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse

from goodwill.exchange.services.imports.common import (
    BadDate,
    add_extra,
    clean_tags,
    join,
    label_for,
    parse_birthday,
    phone_label,
    put_url,
)
from goodwill.exchange.services.imports.decode import decode_value
from goodwill.exchange.services.imports.records import ContactRecord, Photo
from goodwill.exchange.services.imports.vcard import Card, Prop

_LABELLED = {"EMAIL", "TEL", "ADR", "X-ABDATE", "X-ABRELATEDNAMES", "RELATED"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_URI_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_BASE64_TEXT = re.compile(rb"^[A-Za-z0-9+/=\s]+$")
_IMAGE_TYPES = {
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "tiff": "image/tiff",
    "heic": "image/heic",
}


def _unescape_char(m: re.Match) -> str:
    ch = m[1]
    return "\n" if ch in "nN" else ch


def unescape(text: str) -> str:
    return _ESCAPE.sub(_unescape_char, text) if "\\" in text else text


def split_components(text: str, sep: str = ";") -> list[str]:
    """Split a structured value on unescaped separators, then unescape each part."""
    if "\\" not in text:
        return text.split(sep)
    parts, buf, i, n = [], [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append(unescape("".join(buf)))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append(unescape("".join(buf)))
    return parts


class CardReader:
    """Reads one card; collects warnings as it goes."""

    def __init__(self, card: Card, fallback: str, warnings: list[str]):
        self.card = card
        self.fallback = fallback
        self.warnings = warnings
        self.where = f"card {card.number}"
        self.legacy = False  # vCard 2.1: text values are not backslash-escaped
        self.charset_warned = False

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.where}: {message}")

    def text(self, prop: Prop) -> str:
        raw = prop.value
        if prop.encoding == "QUOTED-PRINTABLE":
            raw = binascii.a2b_qp(raw)
        value, problem = decode_value(raw, prop.param("CHARSET"), self.fallback)
        if problem and not self.charset_warned:
            self.charset_warned = True
            self.warn(f"{problem}; read as UTF-8 or {self.fallback}")
        return value

    def plain(self, prop: Prop) -> str:
        value = self.text(prop)
        value = value if self.legacy else unescape(value)
        return value.replace("\r\n", "\n").strip()

    def parts(self, prop: Prop, sep: str = ";") -> list[str]:
        return [p.strip() for p in split_components(self.text(prop), sep)]

    def read(self) -> ContactRecord:
        props = self.card.props
        record = ContactRecord(position=self.where)
        labels = {p.group: p for p in props if p.group and p.name == "X-ABLABEL"}
        for prop in props:
            if prop.name == "VERSION":
                self.legacy = prop.value.strip().startswith(b"2")
        emails: list[tuple[int, str, str]] = []
        phones: list[tuple[int, str, str]] = []
        notes: list[str] = []
        tags: list[str] = []
        bday_texts: list[str] = []
        for prop in props:
            name = prop.name
            try:
                label = self._label(prop, labels) if name in _LABELLED else ""
                if name == "FN" and not record.display_name:
                    record.display_name = self.plain(prop)
                elif name == "N" and not (record.given_name or record.family_name):
                    self._name(record, self.parts(prop))
                elif name == "NICKNAME" and not record.nickname:
                    record.nickname = next((n for n in self.parts(prop, ",") if n), "")
                elif name == "EMAIL":
                    if value := self.plain(prop):
                        emails.append((self._pref(prop), label, value))
                elif name == "TEL":
                    if value := self._phone(self.plain(prop)):
                        phones.append((self._pref(prop), label, value))
                elif name == "ORG":
                    self._org(record, self.parts(prop))
                elif name == "TITLE" and not record.title:
                    record.title = self.plain(prop)
                elif name == "ROLE":
                    add_extra(record, "role", self.plain(prop))
                elif name == "NOTE":
                    if note := self.plain(prop):
                        notes.append(note)
                elif name == "URL":
                    put_url(record, self.plain(prop))
                elif name == "X-SOCIALPROFILE":
                    value = self.plain(prop)
                    if "linkedin.com/" in value.lower():
                        put_url(record, value)
                    else:
                        add_extra(record, "social profile", value)
                elif name == "IMPP":
                    add_extra(record, "impp", self.plain(prop))
                elif name == "ADR":
                    self._address(record, self.parts(prop), label)
                elif name == "CATEGORIES":
                    tags.extend(self.parts(prop, ","))
                elif name == "BDAY":
                    bday_texts.append(self._birthday(record, prop))
                elif name in ("ANNIVERSARY", "X-ANNIVERSARY"):
                    add_extra(record, "anniversary", self.plain(prop))
                elif name == "X-ABDATE":
                    add_extra(record, label.lower() or "date", self.plain(prop))
                elif name in ("X-ABRELATEDNAMES", "RELATED"):
                    self._related(record, prop, label)
                elif name == "PHOTO" and record.photo is None:
                    self._photo(record, prop)
                elif name == "X-GOODWILL-MET-HOW":
                    record.met_how = self.plain(prop)
                elif name == "X-GOODWILL-MET-ON":
                    record.met_on = self.plain(prop)
                elif name == "X-GOODWILL-CADENCE-DAYS":
                    days = self.plain(prop)
                    if days.isdigit() and 1 <= int(days) <= 3650:
                        record.cadence_days = int(days)
                elif name == "KIND" and self.plain(prop).lower() == "org":
                    record.extra["kind"] = "organization"
            except Exception as exc:  # one odd property never costs the whole card
                self.warn(f"{name} skipped ({type(exc).__name__})")
        if record.birthday is None and any(bday_texts):
            text = next(t for t in bday_texts if t)
            self.warn(f"birthday {text!r} is not a date; kept as text")
            add_extra(record, "birthday", text)
        record.emails = [(label, value) for _p, label, value in sorted(emails, key=_first)]
        record.phones = [(label, value) for _p, label, value in sorted(phones, key=_first)]
        record.about = "\n\n".join(notes)
        record.tags = clean_tags(tags)
        if record.extra.get("kind") == "organization" and not record.organization:
            record.organization = record.display_name
        return record

    def _label(self, prop: Prop, labels: dict[str, Prop]) -> str:
        ab = labels.get(prop.group) if prop.group else None
        if ab and (own := label_for(self.plain(ab))):
            return own
        if prop.name == "TEL":
            return phone_label(*prop.types)
        return label_for(*prop.types)

    @staticmethod
    def _pref(prop: Prop) -> int:
        if "PREF" in prop.params:
            try:
                return int(prop.param("PREF"))
            except ValueError:
                return 1
        return 1 if any(t.lower() == "pref" for t in prop.types) else 100

    def _name(self, record: ContactRecord, parts: list[str]) -> None:
        parts = [*parts, "", "", "", "", ""]
        record.family_name, record.given_name = parts[0], parts[1]
        add_extra(record, "middle name", parts[2])
        add_extra(record, "name prefix", parts[3])
        add_extra(record, "name suffix", parts[4])

    @staticmethod
    def _phone(value: str) -> str:
        if value.lower().startswith("tel:"):
            number, _sep, rest = value[4:].partition(";")
            ext = next((p[4:] for p in rest.split(";") if p.lower().startswith("ext=")), "")
            value = urllib.parse.unquote(number) + (f" ext. {ext}" if ext else "")
        return value.strip()

    def _org(self, record: ContactRecord, parts: list[str]) -> None:
        if record.organization or not any(parts):
            return
        record.organization = parts[0] or next(p for p in parts if p)
        add_extra(record, "department", join(*parts[1:], sep=" / "))

    def _related(self, record: ContactRecord, prop: Prop, label: str) -> None:
        """A related name (Apple, Google) or vCard 4 RELATED: kept in the notes with its
        label ("related (spouse): Jane Doe"). Another card's id (``urn:uuid:…``) says
        nothing a person could read: it is left out, with a note."""
        value = self.plain(prop)
        if value.lower().startswith("urn:uuid:"):
            self.warn("a related person given only by their card's id was left out")
            return
        add_extra(record, f"related ({label.lower()})" if label else "related", value)

    def _address(self, record: ContactRecord, parts: list[str], label: str) -> None:
        parts = [p.replace("\n", ", ") for p in [*parts, "", "", "", "", "", "", ""][:7]]
        pobox, ext, street, locality, region, code, country = parts
        full = join(pobox, ext, street, locality, region, code, country, sep=", ")
        if not full:
            return
        place = join(locality, region, country, sep=", ")
        if not record.location:
            record.location = place
            if full == place:
                return  # the location says it all: not again in the notes
        add_extra(record, f"address ({label})" if label else "address", full)

    def _birthday(self, record: ContactRecord, prop: Prop) -> str:
        text = self.plain(prop)
        if record.birthday is not None or not text:
            return ""
        omit = "X-APPLE-OMIT-YEAR" in prop.params
        try:
            record.birthday = parse_birthday(text, omit_year=omit)
        except BadDate:
            return text
        return ""

    def _photo(self, record: ContactRecord, prop: Prop) -> None:
        value = prop.value.strip().replace(b"\\,", b",")
        mime = next((_IMAGE_TYPES[t.lower()] for t in prop.types if t.lower() in _IMAGE_TYPES), "")
        if mime == "" and prop.types and prop.types[0].lower().startswith("image/"):
            mime = prop.types[0].lower()
        if value[:5].lower() == b"data:":
            header, _comma, payload = value.partition(b",")
            media = header[5:].decode("ascii", "replace")
            mime = media.split(";")[0].strip().lower() or mime
            if ";base64" not in media.lower():
                self._keep(
                    record, Photo(data=urllib.parse.unquote_to_bytes(payload), mime_type=mime)
                )
                return
            value = payload
        elif prop.encoding not in ("B", "BASE64"):
            text = value.decode("utf-8", "replace")
            if _URI_SCHEME.match(text) or len(value) < 16 or not _BASE64_TEXT.match(value):
                add_extra(record, "photo url", text)  # never fetched
                return
        data = b"".join(value.split())
        if not data:
            return
        try:
            decoded = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            self.warn("photo dropped: not valid base64")
            return
        self._keep(record, Photo(data=decoded, mime_type=mime))

    def _keep(self, record: ContactRecord, photo: Photo) -> None:
        if photo.data:
            record.photo = photo


def _first(item: tuple[int, str, str]) -> int:
    return item[0]
