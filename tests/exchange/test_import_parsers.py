"""The contact-file parsers on our own small fixtures (tests/fixtures/imports/, fictional
people)."""

from __future__ import annotations

import base64
import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.exchange.services.imports import parse
from goodwill.exchange.services.imports.parse import parse_file
from goodwill.exchange.services.imports.records import Birthday, ImportFileError, ParseResult
from tests.support import IMPORT_FIXTURES as FIXTURES

PNG = b"\x89PNG\r\n\x1a\n"


def read(name: str, **kwargs) -> ParseResult:
    return parse_file((FIXTURES / name).read_bytes(), filename=name, **kwargs)


def card(*lines: str, version: str = "3.0", end: str = "\r\n") -> str:
    return end.join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + end


# LinkedIn


def test_it_reads_the_current_linkedin_shape_after_its_notes_preamble():
    result = read("linkedin_current.csv")
    assert result.format == "linkedin"
    mirela, osric = result.records
    assert (mirela.given_name, mirela.family_name) == ("Mirela", "Vantongeren")
    assert mirela.linkedin_url == "https://www.linkedin.com/in/mirela-vantongeren-example"
    assert mirela.emails == [("", "mirela@example.net")]
    assert mirela.organization == "Hollow Pine, Inc."
    assert (mirela.met_on, mirela.met_how) == ("2024-10-09", "Connected on LinkedIn")
    assert osric.title == 'Engineer, "Core" team'
    assert osric.emails == []
    assert mirela.position == "line 5"  # lines counted from the top of the file, preamble included


def test_it_reads_the_legacy_linkedin_shape_with_its_us_dates():
    result = read("linkedin_legacy.csv")
    assert result.format == "linkedin"
    assert [r.met_on for r in result.records] == ["2018-01-08", "2017-12-24"]
    assert all(r.linkedin_url == "" for r in result.records)


def test_it_reads_linkedin_with_crlf_and_a_bom():
    data = (FIXTURES / "linkedin_current.csv").read_bytes().replace(b"\n", b"\r\n")
    result = parse_file(b"\xef\xbb\xbf" + data, filename="Connections.csv")
    assert [r.display_name for r in result.records] == ["Mirela Vantongeren", "Osric Pellworth"]


# Google


def test_it_reads_the_current_google_header_by_name():
    result = read("google_current.csv")
    assert result.format == "google"
    tamsin, quillon = result.records
    assert tamsin.display_name == "Tamsin Rue Oakhurst"
    assert tamsin.emails == [
        ("home", "tamsin@example.org"),
        ("home", "tam@example.com"),
        ("work", "tamsin.work@example.com"),
    ]
    assert tamsin.phones == [("mobile", "+44 7700 900123")]
    assert tamsin.location == "Leeds, West Yorkshire, United Kingdom"
    assert tamsin.linkedin_url == "https://www.linkedin.com/in/tamsin-example"
    assert tamsin.birthday == Birthday(month=12, day=25, year=None)
    assert quillon.birthday == Birthday(month=9, day=7, year=1987)


def test_it_turns_google_labels_into_tags_without_system_groups():
    tamsin = read("google_current.csv").records[0]
    assert tamsin.tags == ["Garden club"]
    pell = read("google_legacy.csv").records[0]
    assert pell.tags == ["Book club", "friends"]


def test_it_splits_google_multi_values_and_strips_star_types():
    pell = read("google_legacy.csv").records[0]
    assert pell.emails == [("home", "pell@example.org"), ("work", "pell@tarrow.example")]
    assert pell.phones == [("mobile", "+1 555 0199"), ("mobile", "+1 555 0198")]
    assert pell.about == 'Said "hi" twice'
    assert (pell.organization, pell.title, pell.website) == (
        "Tarrow Bakery",
        "Owner",
        "https://tarrow.example",
    )


def test_it_reads_google_columns_in_any_order():
    text = "E-mail 1 - Value,Last Name,First Name\nq@example.org,Quince,Aurel\n"
    (record,) = parse_file(text.encode(), filename="g.csv").records
    assert (record.display_name, record.emails) == ("Aurel Quince", [("", "q@example.org")])


# Outlook, Thunderbird, generic CSV


def test_it_reads_a_cp1252_outlook_file():
    data = (FIXTURES / "outlook_desktop.csv").read_text().replace("Ilse", "Ilsë")
    result = parse_file(data.encode("cp1252"), filename="outlook.csv")
    assert result.format == "outlook"
    assert result.encoding == "cp1252"
    ilse, ravi = result.records
    assert ilse.display_name == "Ilsë Brandvold"
    assert ilse.birthday == Birthday(month=5, day=17, year=1980)
    assert ilse.tags == ["Clients", "Nordic"]
    assert ilse.phones == [("work", "+47 5555 0101"), ("mobile", "+47 900 00 001")]
    assert ilse.location == "Bergen, Norway"
    assert ravi.birthday is None  # 0/0/00 is Outlook's "no birthday"
    assert ravi.emails == [("", "ravi@example.in"), ("", "ravi2@example.in")]


def test_it_reads_german_outlook_headers():
    text = '"Vorname","Nachname","Firma","E-Mail-Adresse","Mobiltelefon","Geburtstag"\n'
    text += '"Jörg","Brummel","Kiesel GmbH","joerg@example.de","+49 170 1","24.12.1971"\n'
    (record,) = parse_file(text.encode("cp1252"), filename="de.csv").records
    assert record.display_name == "Jörg Brummel"
    assert record.phones == [("mobile", "+49 170 1")]
    assert record.birthday == Birthday(month=12, day=24, year=1971)


def test_it_sniffs_semicolons_and_reads_split_birthdays():
    result = read("thunderbird_semicolon.csv")
    nell, jory = result.records
    assert nell.birthday == Birthday(month=7, day=4, year=1990)
    assert jory.birthday == Birthday(month=11, day=30, year=None)


def test_it_reads_tab_separated_files():
    text = "First Name\tLast Name\tE-mail Address\nWren\tHollis\twren@example.org\n"
    (record,) = parse_file(text.encode(), filename="tabs.csv").records
    assert record.emails == [("", "wren@example.org")]


def test_it_accepts_a_trailing_extra_comma():
    text = "First Name,Last Name,Primary Email\nWren,Hollis,wren@example.org,\n"
    assert parse_file(text.encode(), filename="x.csv").records[0].display_name == "Wren Hollis"


def test_it_falls_back_to_the_email_as_display_name():
    text = "E-mail Address,E-mail 2 Address\nsolo@example.org,other@example.org\n"
    (record,) = parse_file(text.encode(), filename="x.csv").records
    assert record.display_name == "solo@example.org"


def test_it_guesses_columns_of_a_headerless_file_when_safe():
    text = "Wren Hollis,Wren,Hollis,wren@example.org\nAbe Lorn,Abe,Lorn,abe@example.org\n"
    result = parse_file(text.encode(), filename="x.csv")
    assert [(r.given_name, r.family_name) for r in result.records] == [
        ("Wren", "Hollis"),
        ("Abe", "Lorn"),
    ]
    assert "no header" in result.warnings[0]


def test_it_asks_for_a_header_when_columns_cannot_be_guessed():
    with pytest.raises(ImportFileError, match="add a header line"):
        parse_file(b"1,2,3\n4,5,6\n", filename="numbers.csv")


def test_it_rejects_rows_without_a_name_and_keeps_the_rest():
    text = "First Name,Last Name,Company\nWren,Hollis,\n,,\n,,Nothing\n"
    text += "First Name,,\n"
    result = parse_file(text.encode(), filename="x.csv")
    assert [r.display_name for r in result.records] == ["Wren Hollis", "Nothing", "First Name"]
    text = "First Name,Last Name,Notes\nWren,Hollis,\n,,just a note\n"
    result = parse_file(text.encode(), filename="x.csv")
    assert [(r.position, r.reason) for r in result.rejected] == [
        ("line 3", "no name, e-mail address or phone number")
    ]


# vCard


def test_it_reads_quoted_printable_with_charset_and_soft_breaks():
    (record,) = read("card21_qp.vcf").records
    assert record.display_name == "Jörg Müller"
    assert (record.given_name, record.family_name) == ("Jörg", "Müller")
    assert record.about == "First line\nSecond line"
    assert record.phones == [("mobile", "+49 170 0000001"), ("work", "+49 30 0000002")]
    assert record.photo.data.startswith(PNG)
    assert record.photo.mime_type == "image/png"


def test_it_reads_apple_item_groups_and_labels():
    (record,) = read("card30_apple.vcf").records
    assert record.display_name == "Perpetua Vale, Esq."  # a raw comma does not cut the name
    assert record.phones == [("mobile", "+1 555 0142")]
    # A label keeps its words and case ("Studio"); the usual ones are made plain ("home").
    assert record.emails == [("home", "pv@home.example"), ("Studio", "perpetua@vale.example")]
    assert record.birthday == Birthday(month=4, day=12, year=None)  # 1604 = no year
    assert record.linkedin_url == "https://www.linkedin.com/in/perpetua-vale-example"
    assert record.website == "https://vale.example"
    assert record.tags == ["clients", "ceramics, pottery"]
    assert (record.organization, record.title, record.nickname) == (
        "Vale Ceramics",
        "Potter",
        "Pet",
    )
    assert record.location == "Stoke-on-Trent, Staffordshire, United Kingdom"
    assert "12 Kiln Road" in record.extra["address (work)"]
    assert record.about == "Loves blue glazes\nand long walks."


def test_it_keeps_photo_urls_as_inert_text():
    (record,) = read("card30_apple.vcf").records
    assert record.photo is None
    assert record.extra["photo url"] == "https://photos.example/perpetua.jpg"


def test_it_reads_vcard4_tel_uris_prefs_and_data_uri_photos():
    result = read("cards40.vcf")
    corvin = result.records[0]
    assert corvin.phones == [("mobile", "+1-555-0177 ext. 12")]
    assert corvin.emails == [("", "c@ash.example"), ("", "corvin@ash.example")]
    assert corvin.photo.data.startswith(PNG)
    assert corvin.photo.mime_type == "image/png"


@pytest.mark.parametrize(
    ("bday", "expected"),
    [
        ("--0412", Birthday(4, 12)),
        ("--04-12", Birthday(4, 12)),
        ("1604-04-12", Birthday(4, 12)),
        ("19800322", Birthday(3, 22, 1980)),
        ("1980-03-22T00:00:00Z", Birthday(3, 22, 1980)),
        ("02-10", Birthday(2, 10)),
    ],
)
def test_it_reads_birthdays_with_and_without_a_year(bday, expected):
    (record,) = parse_file(card("FN:Ona Pike", f"BDAY:{bday}").encode()).records
    assert record.birthday == expected


def test_it_keeps_a_bad_birthday_as_a_warning():
    result = read("cards40.vcf")
    bad = result.records[2]
    assert bad.birthday is None
    assert bad.extra["birthday"] == "sometime in spring"
    assert any("card 3" in w and "birthday" in w for w in result.warnings)


def test_it_rejects_an_empty_card_and_keeps_the_others():
    result = read("cards40.vcf")
    assert len(result.records) == 3
    assert [(r.position, r.reason) for r in result.rejected] == [
        ("card 4", "no name, e-mail address or phone number")
    ]


def test_it_drops_only_the_photo_when_its_base64_is_bad():
    text = card("FN:Ona Pike", "PHOTO;ENCODING=b;TYPE=JPEG:abc:def!")
    result = parse_file(text.encode(), filename="p.vcf")
    assert result.records[0].display_name == "Ona Pike"
    assert result.records[0].photo is None
    assert result.warnings == ["card 1: photo dropped: not valid base64"]


def test_it_reads_a_photo_whose_data_uri_comma_is_escaped():
    payload = base64.b64encode(PNG + b"rest").decode()
    text = card("FN:Ona Pike", f"PHOTO:data:image/png;base64\\,{payload}", version="4.0")
    assert parse_file(text.encode()).records[0].photo.data.startswith(PNG)


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r", "\r\r\n"])
def test_it_reads_every_line_ending(end):
    text = card("FN:Ona Pike", "NOTE:one", " two", "EMAIL:ona@example.org", end=end)
    (record,) = parse_file(text.encode()).records
    assert (record.display_name, record.about) == ("Ona Pike", "onetwo")
    assert record.emails == [("", "ona@example.org")]


def test_it_reads_mixed_line_endings():
    text = "BEGIN:VCARD\r\nVERSION:3.0\rFN:Ona Pike\nEMAIL:ona@example.org\r\nEND:VCARD"
    (record,) = parse_file(text.encode()).records
    assert record.emails == [("", "ona@example.org")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_it_reads_utf16_with_or_without_bom(encoding):
    data = card("FN:Żaneta Øby", "EMAIL:z@example.org").encode(encoding)
    (record,) = parse_file(data, filename="u.vcf").records
    assert record.display_name == "Żaneta Øby"


def test_it_reads_latin1_bytes_and_per_property_charsets():
    text = card("FN;CHARSET=ISO-8859-1:Ren\xe9e Dupr\xe9", "N;CHARSET=SHIFT_JIS:", version="2.1")
    data = text.encode("latin-1").replace(
        b"SHIFT_JIS:", b"SHIFT_JIS:" + "山田;太郎".encode("shift_jis")
    )
    (record,) = parse_file(data).records
    assert record.display_name == "Renée Dupré"
    assert (record.family_name, record.given_name) == ("山田", "太郎")
    no_charset = card("FN:Ren\xe9e").encode("cp1252")
    assert parse_file(no_charset).records[0].display_name == "Renée"


def test_it_unfolds_before_decoding_when_a_fold_splits_a_character():
    raw = "FN:Ἀλέξανδρος".encode()
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\n" + raw[:6] + b"\r\n " + raw[6:] + b"\r\nEND:VCARD\r\n"
    assert parse_file(data).records[0].display_name == "Ἀλέξανδρος"


def test_it_reads_many_cards_and_nested_ones():
    text = card("FN:Outer One", card("FN:Inner One").strip(), "TEL:1") + card("FN:Third")
    names = [r.display_name for r in parse_file(text.encode()).records]
    assert sorted(names) == ["Inner One", "Outer One", "Third"]


def test_it_tolerates_comments_bare_lines_and_empty_params():
    text = card("# a comment", "FN", "FN:Ona Pike", "X-A/B:1", "TAIL;P=1;:x", "EMAIL;:o@e.org")
    (record,) = parse_file(text.encode()).records
    assert (record.display_name, record.emails) == ("Ona Pike", [("", "o@e.org")])


def test_it_rejects_a_card_that_never_ends():
    text = card("FN:Ona Pike") + "BEGIN:VCARD\r\nFN:Lost\r\n"
    result = parse_file(text.encode(), filename="x.vcf")
    assert [r.display_name for r in result.records] == ["Ona Pike"]
    assert result.rejected[0].position == "card 2"
    assert "END:VCARD" in result.rejected[0].reason


def test_it_reads_jcard():
    data = b'["vcard",[["version",{},"text","4.0"],["fn",{},"text","Ona Pike"],'
    data += b'["email",{"type":"work"},"text","ona@example.org"]]]'
    (record,) = parse_file(data, filename="c.json").records
    assert (record.display_name, record.emails) == ("Ona Pike", [("work", "ona@example.org")])


# Whole-file errors and limits


def test_it_refuses_an_empty_file():
    with pytest.raises(ImportFileError, match=r"empty\.csv: the file is empty"):
        parse_file(b"  \n", filename="empty.csv")


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(parse, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match=r"big\.vcf: .* the limit is"):
        parse_file(card("FN:" + "x" * 200).encode(), filename="big.vcf")


def test_it_refuses_too_many_records(monkeypatch):
    monkeypatch.setattr(parse, "MAX_RECORDS", 2)
    with pytest.raises(ImportFileError, match="more than 2 contacts"):
        parse_file((card("FN:A") + card("FN:B") + card("FN:C")).encode(), filename="m.vcf")
    text = "First Name\nA\nB\nC\n"
    with pytest.raises(ImportFileError, match="more than 2 contacts"):
        parse_file(text.encode(), filename="m.csv")


def test_it_refuses_an_unknown_format():
    with pytest.raises(ImportFileError, match="unknown format"):
        parse_file(b"x", filename="x", format="excel")


def test_it_refuses_binary_junk():
    with pytest.raises(ImportFileError, match=r"junk\.bin: cannot be decoded"):
        parse_file(bytes(range(256)) * 4, filename="junk.bin")


def test_it_refuses_a_file_where_every_contact_is_rejected():
    text = card("UID:1") + card("UID:2")
    with pytest.raises(ImportFileError, match=r"no contact could be read: card 1: no name"):
        parse_file(text.encode(), filename="ids.vcf")


def test_it_refuses_a_vcard_format_choice_for_a_csv_file():
    with pytest.raises(ImportFileError, match="no vCard found"):
        read("linkedin_current.csv", format="vcard")


def test_it_honours_a_chosen_csv_format():
    assert read("thunderbird_semicolon.csv", format="outlook").format == "outlook"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_it_never_raises_anything_but_importfileerror_on_random_bytes(data):
    with contextlib.suppress(ImportFileError):
        assert isinstance(parse_file(data, filename="fuzz"), ParseResult)


_PIECES = st.sampled_from(
    [
        "BEGIN:VCARD\r\n",
        "END:VCARD\r\n",
        "VERSION:2.1\r\n",
        "FN:Ona\r\n",
        "N:a;b\\;c;;\r\n",
        "PHOTO;ENCODING=b:AAA=\r\n",
        "PHOTO:data:image/png;base64,@@\r\n",
        "NOTE;ENCODING=QUOTED-PRINTABLE:=C3=\r\n",
        "BDAY:--13-45\r\n",
        " folded\r\n",
        "item1.X-ABLabel:_$!<x>!$_\r\n",
        'TEL;TYPE="a:b;c:tel:1\r\n',
        "First Name,E-mail Address\r\n",
        'a,"b\r\n',
        "\x00\xff\r",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_it_never_raises_anything_but_importfileerror_on_odd_vcards(pieces):
    with contextlib.suppress(ImportFileError):
        result = parse_file("".join(pieces).encode("utf-8", "surrogatepass"), filename="fuzz.vcf")
        assert isinstance(result, ParseResult)
