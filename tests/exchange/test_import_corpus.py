"""Every file of the shared import corpus (other projects' fixtures): never a crash, and the
results its README.md states. The corpus is never copied into this repository."""

from __future__ import annotations

import pytest

from goodwill.exchange.services.imports.parse import parse_file
from goodwill.exchange.services.imports.records import Birthday, ImportFileError, ParseResult
from tests.support import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"  # beside the repository, never in it
if not CORPUS.is_dir():
    pytest.skip(f"the import corpus is not at {CORPUS}", allow_module_level=True)

FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file())
ERROR = "error"  # the file as a whole must be refused with a clear message


def B(month, day, year=None):
    return Birthday(month=month, day=day, year=year)


# path -> what README.md (or linkedin/NOTE.md, outlook/NOTE.md) says comes out.
# names: display names in order; emails: {index: first e-mails}; birthdays: {index: Birthday}
EXPECT: dict[str, dict] = {
    # LinkedIn
    "linkedin/written-by-us__Connections.csv": {
        "format": "linkedin",
        "names": ["Ada Quillfeather", "Bartholomew O'Fictional, Jr.", "Zoë Ñandú"],
        "emails": {0: [], 1: ["bart.ofictional@example.com"], 2: []},
        "met_on": ["2024-03-14", "2021-11-02", "2019-01-05"],
        "linkedin": True,
    },
    "linkedin/written-by-us__Connections-crlf.csv": {
        "format": "linkedin",
        "names": ["Ada Quillfeather", "Bartholomew O'Fictional, Jr.", "Zoë Ñandú"],
        "met_on": ["2024-03-14", "2021-11-02", "2019-01-05"],
        "linkedin": True,
    },
    "linkedin/written-by-us__Connections-legacy-no-url.csv": {
        "format": "linkedin",
        "names": ["Ada Quillfeather", "Bartholomew O'Fictional, Jr.", "Zoë Ñandú"],
        "emails": {1: ["bart.ofictional@example.com"]},
        "met_on": ["2019-03-14", "2018-11-02", "2017-01-05"],
    },
    # Google
    "google/roundcube__gmail.csv": {
        "format": "google",
        "names": ["Prefix Firstname Middle Lastname Suffix"],
        "emails": {0: ["home@aaa.pl", "work@email.pl", "unknown@email.com", "other@email.com"]},
        "birthdays": {0: B(12, 12, 1975)},
        "about": {0: 'note"note'},
    },
    "google/google-contacts-birthday-ical-calendar__example.csv": {
        "format": "google",
        "names": ["John Doe", "Max Amadeus Mustermann (geb. Musterfrau)"],
        "emails": {0: [], 1: []},
        "birthdays": {0: B(9, 7, 1987), 1: B(12, 25)},
    },
    "google/google-contacts-birthday-ical-calendar__example@ee9cf27.csv": {
        "format": "google",
        "names": ["John Doe", "Max Mustermann"],
        "emails": {0: ["Doe@gmail.com"], 1: ["Mustermann@gmail.com"]},
        "birthdays": {0: B(9, 7, 1987), 1: B(12, 25)},
    },
    "google/rolomind__google.csv": {
        "format": "google",
        "names": ["John Doe", "Jane Smith", "Bob Wilson", "Alice Brown"],
        "emails": {
            0: ["john@example.com"],
            1: ["jane@example.com"],
            2: ["bob@startup.com"],
            3: ["alice.brown@email.com"],
        },
    },
    # Outlook
    "outlook/roundcube__outlook.csv": {
        "format": "outlook",
        "names": ["test1@domain.tld"],
        "emails": {0: ["test1@domain.tld", "test2@domain.tld", "test3@domain.tld"]},
    },
    "outlook/written-by-us__outlook-com-export.csv": {
        "format": "outlook",
        "names": ["Ada Quillfeather", "Bartholomew Q. O'Fictional Jr.", "Zoë Ñandú"],
        "emails": {
            0: ["ada.quillfeather@example.com"],
            1: ["bart.ofictional@example.com", "bart@example.org"],
        },
        "birthdays": {0: B(3, 14, 1985), 1: None, 2: None},
        "orgs": ["Northwind Traders", "Contoso, Ltd.", "Fabrikam"],
    },
    "outlook/written-by-us__outlook-desktop-en.csv": {
        "format": "outlook",
        "encoding": "cp1252",
        "names": ["Ada Quillfeather", "Bartholomew Q. O'Fictional Jr.", "Zoë Ñandú"],
        "emails": {0: ["ada.quillfeather@example.com"], 1: ["bart.ofictional@example.com"]},
        "birthdays": {0: B(3, 14, 1985), 1: None, 2: None},
        "tags": {0: ["Conference", "Partners"]},
    },
    # Thunderbird / Roundcube CSV dialects, jCard
    "other/node-vcf__jcard.json": {
        "names": ["Forrest Gump"],
        "emails": {0: ["forrestgump@example.com"]},
    },
    "other/roundcube__all.csv": {"names": ["Display Name"], "birthdays": {0: B(1, 20, 1991)}},
    "other/roundcube__tb_plain.csv": {
        "names": ["Displayname"],
        "emails": {0: ["test@domain.tld", "next@domain.tld"]},
        "birthdays": {0: B(11, 15, 1970)},
    },
    "other/roundcube__email.csv": {
        "names": [f"test{i}@domain.tld" for i in range(1, 5)],
        "emails": {i: [f"test{i + 1}@domain.tld"] for i in range(4)},
    },
    "other/thunderbird__export.csv": {
        "names": ["contact number one", "contact number two"],
        "emails": {0: ["contact1@invalid"], 1: ["contact2@invalid"]},
    },
    "other/thunderbird__basic_csv_addressbook.csv": {
        "names": ["John Doe", "Jane Doe"],
        "emails": {0: ["john@doe.invalid"], 1: ["jane@doe.invalid"]},
    },
    "other/thunderbird__csv_semicolon.csv": {
        "names": ["John Doe", "Jane Doe"],
        "emails": {0: ["john@doe.invalid"], 1: ["jane@doe.invalid"]},
    },
    "other/thunderbird__csv_no_header.csv": {
        "names": ["John Doe", "Jane Doe"],
        "emails": {0: ["john@doe.invalid"], 1: ["jane@doe.invalid"]},
    },
    "other/thunderbird__quote.csv": {
        "names": ["Acer America"],
        "orgs": ["Acer America"],
        "phones": {0: ["(800) 000-0000"]},
    },
    "other/thunderbird__shiftjis_addressbook.csv": {
        "encoding": "shift_jis",
        "names": ["名無しの権兵衛"],
        "emails": {0: ["名無しの権兵衛@host.invalid"]},
    },
    "other/thunderbird__utf16_addressbook.csv": {
        "names": ["John Doe"],
        "emails": {0: ["johndoe@host.invalid"]},
    },
    # vCard: names, e-mails, counts
    "vcard/khard__altid.vcf": {"names": ["altid"], "emails": {0: []}},
    "vcard/khard__korean-c.vcf": {"names": ["최유림"]},
    "vcard/khard__labels.vcf": {"names": ["labeled guy"], "orgs": ["Test Inc"]},
    "vcard/khard__nickname.vcf": {"names": ["Michael Smith"], "emails": {0: ["ms@example.org"]}},
    "vcard/khard__org.vcf": {"names": ["ACME Inc."], "orgs": ["ACME Inc."]},
    "vcard/khard__tel-value-uri.vcf": {"names": ["bug 195"], "phones": {0: ["67545678"]}},
    "vcard/sabre-vobject__issue153.vcf": {"names": ["Test Benutzer"]},
    "vcard/ez-vcard__John_Doe_ANDROID.vcf": {
        "count": 6,
        "emails": {
            0: ["john.doe@company.com"],
            1: ["jane.doe@company.com"],
            2: [],
            3: [],
            4: ["bob@company.com"],
            5: ["henry@company.com"],
        },
    },
    "vcard/ez-vcard__John_Doe_BLACK_BERRY.vcf": {"names": ["John Doe"], "emails": {0: []}},
    "vcard/ez-vcard__John_Doe_EVOLUTION.vcf": {
        "names": ["Mr. John Richter, James Doe Sr."],
        "emails": {0: ["john.doe@ibm.com"]},
    },
    "vcard/ez-vcard__John_Doe_GMAIL.vcf": {
        "names": ["Mr. John Richter, James Doe Sr."],
        "emails": {0: ["john.doe@ibm.com"]},
    },
    "vcard/ez-vcard__John_Doe_IPHONE.vcf": {
        "names": ["Mr. John Richter James Doe Sr."],
        "emails": {0: ["john.doe@ibm.com"]},
    },
    "vcard/ez-vcard__John_Doe_LOTUS_NOTES.vcf": {
        "names": ["Mr. Doe John I Johny"],
        "emails": {0: ["john.doe@ibm.com", "billy_bob@gmail.com"]},
    },
    "vcard/ez-vcard__John_Doe_MAC_ADDRESS_BOOK.vcf": {
        "names": ["Mr. John Richter,James Doe Sr."],
        "emails": {0: ["john.doe@ibm.com"]},
    },
    "vcard/ez-vcard__John_Doe_MS_OUTLOOK.vcf": {
        "names": ["Mr. John Richter James Doe Sr."],
        "emails": {0: ["john.doe@ibm.cm"]},
        "birthdays": {0: B(3, 22, 1980)},
    },
    "vcard/ez-vcard__fullcontact.vcf": {
        "names": ["Prefix FirstName MiddleName LastName Suffix"],
        "email_count": {0: 5},
        "emails": {0: ["home@example.com"]},
    },
    "vcard/ez-vcard__gmail-single2.vcf": {
        "names": ["VCard Test"],
        "email_count": {0: 5},
        "emails": {0: ["email@example.com"]},
    },
    "vcard/ez-vcard__outlook-2003.vcf": {
        "names": ["John Doe III"],
        "emails": {0: ["jdoe@hotmail.com"]},
    },
    "vcard/ez-vcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf": {
        "names": ["John Doe"],
        "email_count": {0: 5},
        "emails": {0: ["doe.john@hotmail.com"]},
    },
    "vcard/ez-vcard__issue114.vcf": {
        "names": ["Dummy, Dummy"],
        "emails": {0: ["dummy.dummy@dummy.com"]},
    },
    "vcard/android-vcard__v21_adr_multiple_line.vcf": {"names": ["bogus"]},
    "vcard/android-vcard__v21_blackberry_photo.vcf": {
        "names": ["boogie"],
        "phones": {0: ["+5555555", "+5555556"]},
        "emails": {0: ["forrestgump@walladalla.com"]},
        "photo": True,
    },
    "vcard/android-vcard__v21_complicated.vcf": {
        "names": ["Joe Due"],
        "emails": {0: ["forrestgump@walladalla.com", "cell@example.com"]},
        "birthdays": {0: B(1, 1, 1980)},
        "photo": True,
    },
    "vcard/android-vcard__v21_invalid_comment_line.vcf": {
        "names": ["Conference Call"],
        "about": {0: "This is an (sharp ->#<- sharp) example. This message must NOT be ignored."},
    },
    "vcard/android-vcard__v21_invalid_multiple_line.vcf": {
        "names": ["Omega"],
        "emails": {0: ['"Omega" <omega@example.com>']},
    },
    "vcard/android-vcard__v21_japanese_2.vcf": {"names": ["安藤 ロイド 1"], "about": {0: "メモ"}},
    "vcard/android-vcard__v21_malformed_photo.vcf": {"names": ["fullname"], "photo": False},
    "vcard/android-vcard__v21_multiple_entry.vcf": {
        "names": ["安藤ロイド3", "安藤ロイド4", "安藤ロイド5"],
    },
    "vcard/android-vcard__v21_nest.vcf": {
        "count": 3,
        "names_any_order": ["nest1", "nest2", "parent"],
    },
    "vcard/android-vcard__v30_ios_613_multiline.vcf": {
        "names": ["Bob Smith"],
        "emails": {0: ["bob@smithauto.com"]},
    },
    "vcard/android-vcard__v30_japanese.vcf": {"names": ["伊能 圭一 伊予"]},
    "vcard/android-vcard__v30_multibyte_param.vcf": {"names": ["G M F"], "phones": {0: ["1"]}},
    "vcard/android-vcard__v40_sort_as.vcf": {"names": ["安藤 ロイド"], "orgs": ["グーグル"]},
    "vcard/node-vcf__empty-lines.vcf": {
        "names": ["Dr. Erika Mustermann"],
        "emails": {0: ["erika@mustermann.de"]},
        "phone_count": {0: 2},
    },
    "vcard/node-vcf__multiple.vcf": {
        "names": ["Dr. Erika Mustermann"] * 3,
        "emails": {i: ["erika@mustermann.de"] for i in range(3)},
    },
    "vcard/node-vcf__vcard-2.1.vcf": {
        "names": ["Forrest Gump"],
        "emails": {0: ["forrestgump@example.com"]},
    },
    "vcard/node-vcf__vcard-3.0.vcf": {
        "names": ["Forrest Gump"],
        "emails": {0: ["forrestgump@example.com"]},
    },
    "vcard/node-vcf__vcard-4.0.vcf": {
        "names": ["Forrest Gump"],
        "emails": {0: ["forrestgump@example.com"]},
    },
    "vcard/node-vcf__vcard-withQuotedPrintableEncoding.js.vcf": {
        "names": ["Forrest Gump"],
        "emails": {0: ["forrestgump@example.com"]},
    },
    "vcard/node-vcf__xing.vcf": {"names": ["Hans-Peter Mustermann"], "emails": {0: []}},
    "vcard/l0b0-vcard__invalid_begin.vcf": ERROR,
    "vcard/l0b0-vcard__invalid_value_count_wp.vcf": {
        "names": ["Forrest Gump"],
        "emails": {0: ["forrestgump@example.com"]},
    },
    "vcard/l0b0-vcard__line_ending_mac.vcf": {"names": ["John Doe"]},
    "vcard/l0b0-vcard__line_ending_mixed.vcf": {"names": ["John Doe"]},
    "vcard/l0b0-vcard__maximal.vcf": {
        "names": ["John Doe"],
        "emails": {0: ["jdoe+work-related@example.org"]},
    },
    "vcard/l0b0-vcard__mismatch_group.vcf": {"names": ["John Doe"]},
    "vcard/l0b0-vcard__missing_end.vcf": ERROR,
    "vcard/l0b0-vcard__missing_properties.vcf": ERROR,
    "vcard/l0b0-vcard__missing_start.vcf": ERROR,
    "vcard/l0b0-vcard__scrambled_case.vcf": {"names": ["John Doe"]},
    "vcard/khard__unparsable.vcf": ERROR,
    "vcard/roundcube__apple.vcf": {"names": ["Apple Computer AG"], "given": {0: ""}},
    "vcard/roundcube__johndoe.vcf": {
        "names": ["John Doë"],
        "orgs": ["roundcube.net"],
        "emails": {0: ["roundcube@gmail.com", "inbox@roundcube.net"]},
        "about": {0: "The notes..."},
    },
    "vcard/roundcube__thebat.vcf": {
        "family": {0: "Iksiñski"},  # 0xF1: ń in Latin-2, ñ in cp1252; no charset says which
        "emails": {0: ["piotr.iksinski@somedomain.com"]},
    },
    "vcard/roundcube__utf-16_sample.vcf": {"names": ["Ǽgean ĽdaMonté"]},
    "vcard/thunderbird__export.vcf": {
        "names": ["contact number one", "contact number two"],
        "emails": {0: ["contact1@invalid"], 1: ["contact2@invalid"]},
        "titles": {1: '"worker"'},
    },
    "vcard/thunderbird__dos_vcard_addressbook.vcf": {
        "names": ["Name Surname"],
        "given": {0: "Name"},
        "family": {0: "Surname"},
        "emails": {0: ["example@gmail.com"]},
    },
    "vcard/thunderbird__emptylines_vcard_addressbook.vcf": {
        "names": ["John Doe", "Jane Doe"],
        "emails": {0: ["john.doe@genericemail.invalid"], 1: ["jane.doe@genericemail.invalid"]},
    },
    "vcard/thunderbird__v3-binary-jpeg.vcf": {"names": ["Binary JPEG"], "photo": b"\xff\xd8"},
    "vcard/thunderbird__v3-uri-uri-jpeg.vcf": {
        "names": ["URI JPEG, version 3.0 with correct value type"],
        "photo": b"\xff\xd8",
    },
    "vcard/thunderbird__v4-uri-png.vcf": {
        "names": ["URI PNG, version 4.0"],
        "photo": b"\x89PNG",
    },
    "vcard/khard__photov3.vcf": {"names": ["with photo v3"], "photo": b"\x89PNG"},
    "vcard/khard__photov4.vcf": {"names": ["with photo v4"], "photo": b"\x89PNG"},
    "vcard/radicale__broken-vcard.vcf": {"emails": {0: ["test-misses-N-or-FN@example.com"]}},
    "vcard/radicale__broken-vcards2-no_uid.vcf": {
        "names": ["Test Example", "test-misses-N-or-FN@example1.com"],
        "emails": {0: ["test-misses-N-or-FN@example.com"], 1: ["test-misses-N-or-FN@example1.com"]},
    },
    "vcard/radicale__contact4-with-bday-no-year.vcf": {
        "names": ["Test bday without year Thunderbird CardBook"],
        "birthdays": {0: B(1, 1)},
    },
    "vcard/radicale__contact_multiple_v4.vcf": {"names": ["Contact1", "Contact2"]},
    "vcard/radicale__contact_photo_with_data_uri.vcf": {"names": ["Contact"]},
    "vcard/ical4j-vcard__4b62872a-849-0.vcf": {
        "family": {0: "Branntwein"},
        "given": {0: "Franz"},
        "emails": {0: ["franz.m.branntwein@example.com"]},
    },
    "vcard/ical4j-vcard__vcard-lowercase.vcf": {"emails": {0: ["xy@zz.com"]}},
    "vcard/kcontacts__testfullvcard.vcf": {
        "names": ["Sherlock Holmes"],
        "emails": {0: ["detective@sherlockholmes.com", "sherlock.holmes@gmail.com"]},
    },
    "vcard/kcontacts__vcard10.vcf": {
        "count": 5,
        "names_from": {
            1: "Field after Address broken",
            2: "Field after Address not broken",
            3: "Dr. med. Surname Name",
            4: "Second Doctor",
        },
    },
    "vcard/kcontacts__vcard12.vcf": {
        "names": ["Good Looking"],
        "emails": {0: ["goodlooking@example.com"]},
    },
    "vcard/kcontacts__vcard15.vcf": {"names": ["Test Tester"]},
    "vcard/kcontacts__vcard4.vcf": {
        "emails": {0: ["hello@ximian.com"]},
        "orgs": ["Ximian, Inc."],
        "phone_count": {0: 2},
        "about": {0: "Welcome to the Ximian Addressbook."},
    },
    "vcard/kcontacts__vcard5.vcf": {
        "names": ["Mustermann, Heiko"],
        "emails": {0: ["heiko.mustermann@freenet.org", "heiko8@tst.inf.tu-dresden.de"]},
    },
    "vcard/kcontacts__vcard8.vcf": {
        "names": ["test"],
        "about": {0: "line one\nline two\nline three"},
    },
    "vcard/kcontacts__vcard9.vcf": {
        "names_start": {0: "βγδεαβγδ1βγδεαβγδ1"},  # noqa: RUF001
        "about_start": {0: "Длинный комментарий на русском языке,"},
    },
    "vcard/kcontacts__vcard_legacy_messaging_fields.vcf": {"names": ["My Name"]},
    "vcard/evolution-data-server__4.vcf": {"names": ["canada address"], "emails": {0: []}},
    "vcard/evolution-data-server__5.vcf": {
        "names": ["十城目管理大型知座"],
        "emails": {0: ["weird@weird.com"]},
    },
    "vcard/evolution-data-server__11.vcf": {"names": ["Invalid AttributeParam"]},
    "vcard/evolution-data-server__name-only.vcf": {"names": ["John Doe"]},
    "vcard/evolution-data-server__photo-1.vcf": {
        "names": ["photo"],
        "emails": {0: ["photo@no.where"]},
    },
    "vcard/evolution-data-server__sorted-7.vcf": {
        "family": {0: "bät"},
        "given": {0: "First Name"},
        "phones": {0: ["+49-89-7888 99"]},
    },
    "vcard/nextcloud-contacts__forrest-gump.vcf": {
        "names": ["Forrest Gump"],
        "emails": {0: ["sherinnom@example.com"]},
    },
    "vcard/tine20__WebDAVCollaborator.vcf": {
        "names": ["Nachname; salutation Vorname Middle name suffix"],
        "emails": {0: ["mail@example.com", "mail2@example.com", "mail3@example.com"]},
    },
    "vcard/tine20__emclient_addressbook.vcf": {
        "names": ["Prefix Vor Nach Suffix"],
        "emails": {0: ["business@email.de", "privat@email.de"]},  # PREF first
    },
    "vcard/tine20__rcube_contacts-3.vcf": {
        "names": ["Some.One@telekom.de", "der"],
        "emails": {0: ["some.one@mytine.de"], 1: ["der.der@mytine.de"]},
    },
    "vcard/tine20__without_N_property.vcf": {
        "names": ["Hans Müller"],
        "orgs": ["Mein Schiff"],
        "emails": {0: ["hans@schiff.de"]},
    },
    "vcard/py-vobject__test_vcards.py__vcard_with_groups.vcf": {
        "names": ["Meister Berger"],
        "emails": {0: ["mb@goerlitz.de"]},
        "about": {
            0: "The Mayor of the great city of Goerlitz in the great country of Germany.\n"
            "Next line."
        },
    },
    "vcard/py-vobject__test_vcards.py__simple_3_0_test.vcf": {
        "names": ["Daffy Duck Knudson (with Bugs Bunny and Mr. Pluto)"],
        "orgs": ["University of Novosibirsk"],
        "emails": {0: []},
        "birthdays": {0: B(2, 10)},
    },
    "vcard/sabre-vobject__QuotedPrintableTest.php__testReadQuotesPrintableCompoundValues.vcf": {
        "names": ["John Doe"],
        "location": {0: "Münster, Deutschland"},
    },
    "vcard/sabre-vobject__MimeDirTest.php__testDecodeInlineLatin1.vcf": {"names": ["umlaut u - ü"]},
    "vcard/sabre-vobject__MimeDirTest.php__testDecodeWindows1252Inline.vcf": {"names": ["Euro €"]},
    "vcard/sabre-vobject__MimeDirTest.php__testDontDecodeLatin1.vcf": {"names": ["umlaut u - ü"]},
    "vcard/sabre-vobject__MimeDirTest.php__testIgnoreCharsetVCard30.vcf": {
        "names": ["foo-bar - ü"]
    },
    "vcard/sabre-vobject__MimeDirTest.php__testDecodeUnsupportedInlineCharset.vcf": {
        "names": ["nothing"]
    },
    "vcard/sabre-vobject__BirthdayCalendarGeneratorTest.php__testVcardStringWithValidBirthdayWithXAppleOmitYear.vcf": {  # noqa: E501
        "names": ["Forrest Gump"],
        "birthdays": {0: B(4, 7)},
    },
    "vcard/sabre-vobject__BirthdayCalendarGeneratorTest.php__testVcardStringWithValidBirthdayWithoutYear.vcf": {  # noqa: E501
        "names": ["Forrest Gump"],
        "birthdays": {0: B(4, 7)},
    },
    "vcard/sabre-vobject__BirthdayCalendarGeneratorTest.php__testVcardStringWithInvalidBirthday.vcf": {  # noqa: E501
        "names": ["Forrest Gump"],
        "birthdays": {0: None},
    },
    "vcard/khard__text-bday.vcf": {"names": ["text birthday"], "birthdays": {0: None}},
    "vcard/sabre-vobject__VCardConverterTest.php__testConvert30to40.vcf": {"names": ["Steve"]},
    # Cards with no name, e-mail or phone are rejected (README: "nameless contact"); we
    # refuse them with a reason rather than create nameless people.
    "vcard/sabre-vobject__VCardTest.php__testImportMultipleSeparatedWithNewLines.vcf": ERROR,
    "vcard/sabre-vobject__DateAndOrTimeTest.php__testGetDateIncompleteFromVCard.vcf": ERROR,
    "vcard/sabre-vobject__issue64.vcf": ERROR,
    "vcard/sabre-vobject__Issue96Test.php__testRead.vcf": ERROR,
    "vcard/ical4j-vcard__vcard-group.vcf": ERROR,
    "vcard/kcontacts__vcard7.vcf": ERROR,
    "vcard/node-vcf__photo-base64.vcf": ERROR,
}


def _parse(rel: str):
    path = CORPUS / rel
    try:
        return parse_file(path.read_bytes(), filename=path.name)
    except ImportFileError as exc:
        assert path.name in str(exc)  # the message names the file
        return exc


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("rel", FILES)
def test_it_never_crashes_on_a_corpus_file(rel):
    outcome = _parse(rel)
    assert isinstance(outcome, ParseResult | ImportFileError)


EXPECTED = sorted(rel for rel in EXPECT if rel in FILES)


def test_it_states_expectations_for_every_csv_file():
    csv_files = [f for f in FILES if f.endswith(".csv")]
    missing = [f for f in csv_files if f not in EXPECT and "tab_comma_mixed" not in f]
    assert missing == []


@pytest.mark.parametrize("rel", EXPECTED)
def test_it_reads_what_the_corpus_readme_expects(rel):
    want = EXPECT[rel]
    outcome = _parse(rel)
    if want == ERROR:
        assert isinstance(outcome, ImportFileError)
        return
    assert isinstance(outcome, ParseResult), outcome
    records = outcome.records
    if "format" in want:
        assert outcome.format == want["format"]
    if "encoding" in want:
        assert outcome.encoding == want["encoding"]
    if "names" in want:
        assert [_squash(r.display_name) for r in records] == [_squash(n) for n in want["names"]]
    if "count" in want:
        assert len(records) == want["count"]
    if "names_any_order" in want:
        assert sorted(r.display_name for r in records) == want["names_any_order"]
    for i, name in want.get("names_from", {}).items():
        assert records[i].display_name == name
    for i, start in want.get("names_start", {}).items():
        assert records[i].display_name.startswith(start)
    for i, emails in want.get("emails", {}).items():
        got = [address for _label, address in records[i].emails]
        assert got[: len(emails)] == emails if emails else got == []
    for i, count in want.get("email_count", {}).items():
        assert len(records[i].emails) == count
    for i, phones in want.get("phones", {}).items():
        assert [number for _label, number in records[i].phones] == phones
    for i, count in want.get("phone_count", {}).items():
        assert len(records[i].phones) == count
    for i, birthday in want.get("birthdays", {}).items():
        assert records[i].birthday == birthday
    if "orgs" in want:
        assert [r.organization for r in records] == want["orgs"]
    for field in ("given", "family", "about", "titles", "location"):
        attr = {"given": "given_name", "family": "family_name", "titles": "title"}.get(field, field)
        for i, value in want.get(field, {}).items():
            assert getattr(records[i], attr).strip() == value
    for i, start in want.get("about_start", {}).items():
        assert records[i].about.startswith(start)
    if "met_on" in want:
        assert [r.met_on for r in records] == want["met_on"]
        assert {r.met_how for r in records} == {"Connected on LinkedIn"}
    if want.get("linkedin"):
        assert all(r.linkedin_url.startswith("https://www.linkedin.com/in/") for r in records)
    if "tags" in want:
        for i, tags in want["tags"].items():
            assert records[i].tags == tags
    if "photo" in want:
        photo = records[0].photo
        if want["photo"] is False:
            assert photo is None
        elif want["photo"] is True:
            assert photo is not None and photo.data
        else:
            assert photo is not None and photo.data.startswith(want["photo"])
