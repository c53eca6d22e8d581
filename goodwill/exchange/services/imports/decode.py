"""Turning the bytes of an uploaded file into text.

Order of guesses: a byte-order mark; UTF-16 without a BOM (told by its NUL bytes);
UTF-8; Shift_JIS when the bytes read as Japanese text; Windows-1252; Latin-1.
"""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Kana: Latin-1 text misread as Shift_JIS turns into kanji, almost never into kana.
_KANA = re.compile(r"[\u3040-\u30ff]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
# Control characters that never occur in a contacts file (tab, CR, LF are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know."""


def utf16_encoding(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes are UTF-16 (with or without BOM), else None."""
    if data.startswith(codecs.BOM_UTF16_LE) and not data.startswith(codecs.BOM_UTF32_LE):
        return "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # Mostly-ASCII UTF-16 has a NUL in every other byte.
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_utf16(data: bytes, encoding: str) -> str:
    for bom, _name in BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            break
    if len(data) % 2:
        data = data[:-1]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"it looks like UTF-16 but is not valid UTF-16 ({exc.reason})") from None


def looks_japanese(text: str) -> bool:
    return bool(_KANA.search(text)) and not _HALFWIDTH_KANA.search(text)


def legacy_encoding(data: bytes) -> str:
    """The best single-byte (or Shift_JIS) guess for bytes that are not UTF-8."""
    try:
        if looks_japanese(data.decode("shift_jis")):
            return "shift_jis"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for a whole text file; raises DecodeError for binary junk."""
    enc16 = utf16_encoding(data)
    if enc16:
        text, encoding = decode_utf16(data, enc16), enc16
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = legacy_encoding(data)
            text = data.decode(encoding)
    check_text(text)
    return text, encoding


def check_text(text: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise DecodeError("it is not a text file (it holds binary data)")


def decode_value(raw: bytes, charset: str = "", fallback: str = "cp1252") -> tuple[str, str]:
    """Decode one property value; returns (text, problem) where problem is '' when all went well."""
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            codec = ""
        if codec:
            try:
                return raw.decode(codec), ""
            except UnicodeDecodeError:
                pass
        problem = f"unknown or wrong character set {charset!r}"
    else:
        problem = ""
    try:
        return raw.decode("utf-8"), problem
    except UnicodeDecodeError:
        return raw.decode(fallback, errors="replace"), problem
