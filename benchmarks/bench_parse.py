"""Parser benchmark: our vCard and LinkedIn CSV parsers beside their floors.

    .venv/bin/python benchmarks/bench_parse.py [--cards 10000] [--rows 30000] [--runs 3]

Writes 10,000 realistic vCards (mixed 2.1/3.0/4.0: folded notes, QP names, Apple item
groups, a small inline photo on every tenth card) and a 30,000-row LinkedIn
Connections.csv into a temporary folder, then prints the best of --runs for:

- parse_file on the vCards, beside vobject.readComponents on the same text (the target
  from the issue: at most 1.5x vobject's time);
- parse_file on the LinkedIn file, beside csv.reader alone on the same text (the floor).

A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
GIVEN = ["Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Iker", "Zoë"]
FAMILY = ["Quill", "Ferreira", "Okafor", "Lindqvist", "Nakamura", "Ñandú", "Weiß", "Kowalski"]
ORGS = ["Northwind Traders", "Contoso, Ltd.", "Fabrikam", "Tailspin Toys", "Wide World Importers"]
PHOTO = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4).decode()


def fold(line: str) -> str:
    out, rest = [], line
    while len(rest.encode()) > 75:
        out.append(rest[:74])
        rest = " " + rest[74:]
    out.append(rest)
    return "\r\n".join(out)


def make_card(i: int, rnd: random.Random) -> str:
    given, family, org = rnd.choice(GIVEN), rnd.choice(FAMILY), rnd.choice(ORGS)
    version = ("2.1", "3.0", "4.0")[i % 3]
    slug = f"{given}.{family}{i}".lower().encode("ascii", "ignore").decode()
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "2.1":
        lines.append(f"N;CHARSET=UTF-8:{family};{given};;;")
        lines.append(f"FN;CHARSET=UTF-8:{given} {family}")
        lines.append(f"TEL;CELL;PREF:+1 555 {i % 10000:04d}")
        lines.append(f"EMAIL;INTERNET;PREF:{slug}@example.com")
        lines.append("NOTE;ENCODING=QUOTED-PRINTABLE:Met at the spring meetup=0D=0AFollow up ab=")
        lines.append("out the=20project.")
    else:
        lines.append(f"N:{family};{given};;;")
        lines.append(f"FN:{given} {family}")
        lines.append(f"item1.TEL;TYPE=CELL:+1 555 {i % 10000:04d}")
        lines.append("item1.X-ABLabel:_$!<Mobile>!$_")
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{slug}@example.com")
        lines.append(fold("NOTE:" + "Met at the spring meetup\\, talked about gardening. " * 3))
    lines.append(f"ORG:{org.replace(',', '\\,')};Sales")
    lines.append("TITLE:Account Manager")
    lines.append(f"BDAY:{1960 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}")
    lines.append(f"ADR;TYPE=WORK:;;{i} Example Street;Springfield;IL;62701;USA")
    lines.append(f"URL:https://www.linkedin.com/in/{slug}")
    lines.append("CATEGORIES:friends,conference")
    if i % 10 == 0:
        if version == "4.0":
            lines.append(fold(f"PHOTO:data:image/png;base64,{PHOTO}"))
        else:
            lines.append(fold(f"PHOTO;ENCODING=b;TYPE=PNG:{PHOTO}"))
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def make_linkedin(rows: int, rnd: random.Random) -> str:
    out = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        given, family = rnd.choice(GIVEN), rnd.choice(FAMILY)
        email = f"{given}.{i}@example.com".lower() if i % 5 == 0 else ""
        out.append(
            f"{given},{family},https://www.linkedin.com/in/{given.lower()}-{i},{email},"
            f'"{rnd.choice(ORGS)}",Engineer,{1 + i % 28:02d} Mar {2010 + i % 15}'
        )
    return "\n".join(out) + "\n"


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import csv
    import io

    from goodwill.exchange.services.imports.parse import parse_file

    rnd = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        vcf = Path(tmp) / "contacts.vcf"
        vcf.write_text("".join(make_card(i, rnd) for i in range(args.cards)), encoding="utf-8")
        connections = Path(tmp) / "Connections.csv"
        connections.write_text(make_linkedin(args.rows, rnd), encoding="utf-8")
        vcf_bytes, csv_bytes = vcf.read_bytes(), connections.read_bytes()

    result = parse_file(vcf_bytes, filename="contacts.vcf")
    print(f"vCards: {len(result.records):,} read, {len(result.rejected)} rejected, "
          f"{len(vcf_bytes) / 1e6:.1f} MB")  # fmt: skip
    ours = best(lambda: parse_file(vcf_bytes, filename="contacts.vcf"), args.runs)
    print(f"  parse_file            {ours:8.3f} s")
    try:
        import vobject
    except ImportError:
        print("  vobject not installed (pip install vobject): no ratio")
    else:
        text = vcf_bytes.decode("utf-8")
        theirs = best(lambda: list(vobject.readComponents(text, allowQP=True)), args.runs)
        ratio = ours / theirs
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"  vobject.readComponents {theirs:7.3f} s")
        print(f"  ratio ours/vobject    {ratio:8.2f}   (target <= {TARGET_RATIO}: {verdict})")

    result = parse_file(csv_bytes, filename="Connections.csv")
    print(f"LinkedIn CSV: {len(result.records):,} rows read, {len(csv_bytes) / 1e6:.1f} MB")
    ours = best(lambda: parse_file(csv_bytes, filename="Connections.csv"), args.runs)
    text = csv_bytes.decode("utf-8")
    floor = best(lambda: list(csv.reader(io.StringIO(text))), args.runs)
    print(f"  parse_file            {ours:8.3f} s")
    print(f"  csv.reader only       {floor:8.3f} s")
    print(f"  ratio ours/csv        {ours / floor:8.2f}")


if __name__ == "__main__":
    main()
