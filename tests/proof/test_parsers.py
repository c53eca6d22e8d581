"""Hostile files for the import readers: every input ends in records or the importer's own
clear error, never a wrapped parser bug.

tests/exchange/test_import_parsers.py throws random bytes and odd vCard lines; these build inputs
the readers take seriously (real headers from the fixtures with hostile cells, vCards
with hostile values, jCard-shaped JSON) and also fail on an ImportFileError that only
wraps a crash ("could not be read (KeyError)"), which the older tests let pass.
The long, coverage-guided run is proof/fuzz_import.py (atheris); it also holds every
input to 1 s (no wall-clock assertions here: the huge inputs below are for crashes).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.exchange.services.imports.parse import parse_file
from goodwill.exchange.services.imports.records import ImportFileError, ParseResult
from tests.support import IMPORT_FIXTURES as FIXTURES

pytestmark = pytest.mark.slow

HEADERS = sorted(
    {
        line
        for path in FIXTURES.glob("*.csv")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:4]
        if line.count(",") + line.count(";") >= 3
    }
)
NASTY = st.sampled_from(
    [
        "",
        '"',
        '""',
        "\r",
        "\x00",
        "=1+2",
        "a;b,c",
        "12/31/1999",
        "1900-02-29",
        "31 Feb 2020",
        "--0229",
        "\u202e\u0635",
        "x" * 5000,
        "a@b",
        "+44 (0) 20",
        " ::: ",
        "\\",
    ]
)
CELL = NASTY | st.text(max_size=30)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))


def check(data: bytes, **kwargs) -> None:
    """Records or a clear ImportFileError; a wrapped crash fails."""
    try:
        result = parse_file(data, filename="hostile", **kwargs)
        assert isinstance(result, ParseResult) and result.records
    except ImportFileError as exc:
        assert exc.__cause__ is None, f"a parser bug wrapped as a clear error: {exc}"
        assert str(exc).startswith("hostile: ")


def test_the_fixtures_give_real_headers():
    assert len(HEADERS) >= 5


@FAST
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(CELL, max_size=25), max_size=8),
    sep=st.sampled_from([",", ";", "\t"]),
    quote=st.booleans(),
    fmt=st.sampled_from(["auto", "csv", "google", "linkedin", "outlook"]),
)
def test_it_reads_real_headers_with_hostile_cells_cleanly(header, rows, sep, quote, fmt):
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote else value

    lines = [header] + [sep.join(cell(v) for v in row) for row in rows]
    check("\r\n".join(lines).encode("utf-8", "surrogatepass"), format=fmt)


PROPS = st.sampled_from(
    ["FN", "N", "EMAIL", "TEL", "BDAY", "ORG", "TITLE", "NOTE", "ADR", "URL", "CATEGORIES",
     "PHOTO", "X-ABLabel", "item1.EMAIL", "NICKNAME", "ANNIVERSARY"]
)  # fmt: skip
PARAMS = st.sampled_from(
    ["", ";TYPE=HOME", ";CHARSET=ISO-8859-1", ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=b",
     ";VALUE=uri", ";PREF=1", ";TYPE=\"a,b\"", ";;", ";CHARSET=nope"]
)  # fmt: skip


@FAST
@given(
    version=st.sampled_from(["2.1", "3.0", "4.0", "9"]),
    props=st.lists(st.tuples(PROPS, PARAMS, CELL), max_size=12),
    cards=st.integers(1, 3),
    ending=st.sampled_from(["\r\n", "\n", "\r"]),
)
def test_it_reads_vcards_with_hostile_values_cleanly(version, props, cards, ending):
    body = [f"{name}{params}:{value}" for name, params, value in props]
    card = ["BEGIN:VCARD", f"VERSION:{version}", *body, "END:VCARD"]
    check((ending.join(card * cards) + ending).encode("utf-8", "surrogatepass"))


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | NASTY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@FAST
@given(props=st.lists(st.tuples(PROPS, JSONISH, st.text(max_size=6), JSONISH), max_size=6))
def test_it_reads_jcard_shaped_json_cleanly(props):
    cards = [["vcard", [["version", {}, "text", "4.0"], *[list(p) for p in props]]]]
    check(json.dumps(cards).encode())
    check(json.dumps(cards[0]).encode())


def test_it_reads_a_deeply_nested_json_file_cleanly():
    check(b"[" * 100_000 + b"]" * 100_000)


def test_it_reads_one_enormous_line_cleanly():
    check(b"First Name,Last Name\r\n" + b"A," + b"x" * 5_000_000)


def test_it_reads_a_million_empty_fields_cleanly():
    check(b"First Name,Last Name\r\nAna,Lima\r\n" + b"," * 1_000_000)


def test_it_reads_deep_vcard_folding_cleanly():
    check(b"BEGIN:VCARD\r\nFN:Ana\r\nNOTE:a" + b"\r\n b" * 200_000 + b"\r\nEND:VCARD\r\n")
