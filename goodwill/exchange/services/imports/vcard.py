"""A tolerant vCard (2.1, 3.0, 4.0) reader: bytes -> cards of content lines.

Hand-written rather than vobject because real files break vobject in many ways (see
docs/import-formats.md) and because working on bytes lets us unfold lines before
decoding them (a fold may split a UTF-8 character) and honour per-property CHARSET.

Tolerated: CR, LF, CRLF, CR CR LF and mixed line endings; folds with one or more
leading blanks; 2.1 quoted-printable soft line breaks (also unindented); base64 blocks
whose lines are not indented; `#` comment lines; lines without a colon; empty params
(`NAME;PARAM=x;:value`); quoted params holding `:` `;` `,`; nested cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LINE_BREAK = re.compile(rb"\r\r\n|\r\n|\n|\r")
_QP_START = re.compile(rb"^=[0-9A-Fa-f]{2}")
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass(slots=True)
class Prop:
    group: str
    name: str  # upper case
    params: dict[str, list[str]]  # keys upper case; TYPE values as given
    value: bytes  # raw, still escaped and encoded

    def param(self, key: str) -> str:
        values = self.params.get(key)
        return values[0] if values else ""

    @property
    def types(self) -> list[str]:
        return self.params.get("TYPE", [])

    @property
    def encoding(self) -> str:
        return self.param("ENCODING").upper()


@dataclass(slots=True)
class Card:
    number: int
    props: list[Prop]
    closed: bool = True


def iter_logical_lines(data: bytes) -> Iterator[bytes]:
    """Physical lines joined into content lines (folds, QP soft breaks, base64 blocks)."""
    current: list[bytes] = []
    qp = b64 = False
    for raw in _LINE_BREAK.split(data):
        if current:
            last = current[-1]
            if qp and (last.endswith(b"=") or _QP_START.match(raw)):
                if last.endswith(b"="):
                    current[-1] = last[:-1]
                current.append(raw)
                continue
            if raw[:1] in (b" ", b"\t") and raw:
                current.append(raw[1:])
                continue
            if raw and b":" not in raw and (b64 or last.endswith(b"\\")):
                current.append(raw)
                continue
            yield b"".join(current)
            current = []
        elif raw[:1] in (b" ", b"\t"):
            continue  # a continuation with nothing to continue
        if not raw or raw[:1] == b"#":
            continue
        current = [raw]
        colon = raw.find(b":")
        head = (raw if colon < 0 else raw[:colon]).upper()
        qp = b"QUOTED-PRINTABLE" in head
        b64 = b"BASE64" in head or b"ENCODING=B" in head
    if current:
        yield b"".join(current)


def _split_quoted(text: str, sep: str) -> list[str]:
    """Split on sep outside double quotes."""
    if '"' not in text:
        return text.split(sep)
    parts, buf, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == sep and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _head_end(line: bytes) -> int:
    """Index of the colon that ends name and params (colons inside quotes do not count)."""
    colon = line.find(b":")
    quote = line.find(b'"')
    if quote < 0 or colon < quote:
        return colon
    quoted = False
    for i, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return i
    return -1


def parse_line(line: bytes) -> Prop | None:
    end = _head_end(line)
    if end <= 0:
        return None  # no colon (a bare "FN"), or nothing before it
    try:
        head = line[:end].decode("utf-8")
    except UnicodeDecodeError:
        head = line[:end].decode("latin-1")
    value = line[end + 1 :]
    if ";" not in head:
        name, params = head, {}
    else:
        pieces = _split_quoted(head, ";")
        name, params = pieces[0], {}
        for piece in pieces[1:]:
            piece = piece.strip()
            if not piece:
                continue
            key, eq, raw_value = piece.partition("=")
            key = key.strip().upper()
            if not eq:
                key, raw_value = ("ENCODING" if key in _BARE_ENCODINGS else "TYPE"), key
            values = [v.strip() for v in raw_value.strip().strip('"').split(",")]
            params.setdefault(key, []).extend(v for v in values if v)
    group, _dot, name = name.strip().rpartition(".")
    return Prop(group=group.lower(), name=name.upper(), params=params, value=value)


def iter_cards(data: bytes) -> Iterator[Card]:
    """Cards in file order of their END (so nested cards come before their parent).

    A card never closed is yielded last with closed=False.
    """
    stack: list[Card] = []
    count = 0
    for line in iter_logical_lines(data):
        prop = parse_line(line)
        if prop is None:
            continue
        if prop.name == "BEGIN" and prop.value.strip().upper() == b"VCARD":
            count += 1
            stack.append(Card(number=count, props=[]))
        elif prop.name == "END" and prop.value.strip().upper() == b"VCARD":
            if stack:
                yield stack.pop()
        elif stack:
            stack[-1].props.append(prop)
    for card in reversed(stack):
        card.closed = False
        yield card


def count_begins(data: bytes) -> int:
    return len(re.findall(rb"(?im)^[ \t]*(?:[\w-]*\.)?begin[ \t]*:[ \t]*vcard[ \t]*$", data))
