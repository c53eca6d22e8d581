"""Import benchmark: a 30,000-row LinkedIn Connections.csv, against its floor.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_import.py [--rows N]

Generates a LinkedIn export (the "Notes:" preamble, then First Name, Last Name, URL,
Email Address, Company, Position, Connected On; one row in four with an email, 3,000
companies), then measures, each on a fresh account in a fresh SQLite database:

  floor   csv.reader over the decoded text + executemany INSERTs of the same people,
          emails and organizations (every column a person row needs), committed
  import  goodwill.exchange.services.imports.pipeline.import_file: parse (the real parsers) +
          clean + match + commit, with the derived columns and the batch's record

and prints the median of --runs runs of each and their ratio (target: at most 2).
Also shown: the stages of one import, and re-importing the same file (all matched).
A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
FIRST = [
    *("Ana", "Ben", "Carla", "Dmitri", "Elif", "Femi", "Grace", "Hiro"),
    *("Ines", "Jonas", "Kaito", "Lena", "Mateo", "Nia", "Omar"),
]
LAST = [
    *("Ruiz", "Ito", "Olsen", "Park", "Durand", "Novak", "Silva"),
    *("Okafor", "Kim", "Berg", "Rossi", "Haddad", "Nguyen"),
]
TITLES = ["Engineer", "Product Manager", "Designer", "Founder", "CTO", "Recruiter", ""]


def linkedin_file(rows: int, seed: int = 0) -> bytes:
    rnd = random.Random(seed)
    out = io.StringIO()
    out.write('Notes:\n"When exporting your connection data, you may notice..."\n\n')
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    start = dt.date(2012, 1, 1)
    for i in range(rows):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        slug = f"{first}-{last}-{i:05d}".lower()
        email = f"{first}.{last}.{i}@example.org".lower() if rnd.random() < 0.25 else ""
        company = f"Company {rnd.randrange(3000):04d}" if rnd.random() < 0.9 else ""
        when = start + dt.timedelta(days=rnd.randrange(4800))
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}",
                email,
                company,
                rnd.choice(TITLES),
                when.strftime("%d %b %Y"),
            ]
        )
    return out.getvalue().encode()


def setup_django(data_dir: Path) -> None:
    os.environ["GOODWILL_DATA_DIR"] = str(data_dir)
    (data_dir / "static").mkdir(exist_ok=True)
    os.environ["GOODWILL_DATABASE_URL"] = ""  # always SQLite: that is what is measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def account(name: str):
    from goodwill.accounts import services as accounts

    return accounts.create_account(username=name, email=f"{name}@example.org", password="x" * 12)


def floor(data: bytes, owner) -> float:
    """The least any importer must do: read the CSV and insert the same rows."""
    from django.db import connection, transaction
    from django.utils import timezone

    start = time.perf_counter()
    lines = data.decode("utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
    rows = list(csv.reader(lines[header + 1 :]))
    now = timezone.now().isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        orgs = sorted({r[4] for r in rows if r[4]})
        cursor.executemany(
            "INSERT INTO goodwill_organization (owner_id, created_at, updated_at, name, domain,"
            " website) VALUES (%s, %s, %s, %s, '', '')",
            [(owner.pk, now, now, name) for name in orgs],
        )
        cursor.execute("SELECT id, name FROM goodwill_organization WHERE owner_id = %s", [owner.pk])
        org_ids = {name: pk for pk, name in cursor.fetchall()}
        cursor.executemany(
            "INSERT INTO goodwill_person (owner_id, created_at, updated_at, display_name,"
            " given_name, family_name, nickname, organization_id, title, location, linkedin_url,"
            " website, met_how, met_on, about, photo, is_me, archived, search_text)"
            " VALUES (%s, %s, %s, %s, %s, %s, '', %s, %s, '', %s, '', %s, %s, '', '', 0, 0, %s)",
            [
                (
                    *(owner.pk, now, now, f"{r[0]} {r[1]}", r[0], r[1], org_ids.get(r[4]), r[5]),
                    *(r[2], "Connected on LinkedIn", r[6], f"{r[0]} {r[1]}".lower()),
                )
                for r in rows
            ],
        )
        cursor.execute(
            "SELECT id FROM goodwill_person WHERE owner_id = %s AND is_me = 0 ORDER BY id",
            [owner.pk],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO goodwill_personemail (owner_id, created_at, updated_at, person_id,"
            " label, address, position) VALUES (%s, %s, %s, %s, '', %s, 0)",
            [(owner.pk, now, now, pk, r[3]) for pk, r in zip(ids, rows, strict=True) if r[3]],
        )
    return time.perf_counter() - start


def stages(data: bytes, owner) -> dict[str, float]:
    from django.db import transaction

    from goodwill.exchange.models import ImportBatch
    from goodwill.exchange.services.imports import clean, match, pipeline, write

    times: dict[str, float] = {}
    start = time.perf_counter()
    result = pipeline.parse(data, filename="Connections.csv")
    times["parse (parse_file)"] = time.perf_counter() - start
    start = time.perf_counter()
    cleaned = clean.clean_records(result.records, result.rejected)
    times["clean + in-file duplicates"] = time.perf_counter() - start
    start = time.perf_counter()
    existing = match.load_existing(owner)
    matched = match.match(cleaned.candidates, existing)
    times["match (load + compare)"] = time.perf_counter() - start
    start = time.perf_counter()
    with transaction.atomic():
        batch = ImportBatch.objects.create(owner=owner, filename="Connections.csv")
        write.Writer(owner, batch, existing).write(matched)
    times["write (one transaction)"] = time.perf_counter() - start
    return times


def report(floor_label: str, floors, imports, count: int, unit: str, target: float) -> None:
    """Print the medians of the floor and of the import, and their ratio to the target."""
    f, i = statistics.median(floors), statistics.median(imports)
    print(f"\n| measure ({len(floors)} runs, median) | seconds | {unit}/s |")
    print("|---|---:|---:|")
    print(f"| {floor_label} | {f:.2f} | {count / f:,.0f} |")
    print(f"| import_file: parse + match + commit | {i:.2f} | {count / i:,.0f} |")
    verdict = "PASS" if i / f <= target else "FAIL"
    print(f"\n**ratio import / floor: {i / f:.2f}** (target <= {target}) {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data_dir = os.environ.get("GOODWILL_DATA_DIR")
    if not data_dir or any(Path(data_dir).glob("*.sqlite3")):
        print("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).", file=sys.stderr)
        return 0
    setup_django(Path(data_dir))
    from goodwill.exchange.services.imports import pipeline

    data = linkedin_file(args.rows)
    print(f"LinkedIn file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")
    floors, imports = [], []
    for run in range(args.runs):
        floors.append(floor(data, account(f"floor{run}")))
        owner = account(f"import{run}")
        start = time.perf_counter()
        batch = pipeline.import_file(owner=owner, data=data, filename="Connections.csv")
        imports.append(time.perf_counter() - start)
        assert batch.report["counts"]["created"] == args.rows, batch.report["counts"]
    report("floor: csv.reader + executemany", floors, imports, args.rows, "rows", TARGET_RATIO)

    start = time.perf_counter()
    again = pipeline.import_file(owner=owner, data=data, filename="Connections.csv")
    seconds = time.perf_counter() - start
    counts = again.report["counts"]
    print(
        f"\nre-import of the same file: {seconds:.2f} s, {counts['created']} created, "
        f"{counts['matched']:,} matched"
    )
    print("\nstages of one import (fresh account):")
    for name, seconds in stages(data, account("stages")).items():
        print(f"  {name:<30} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
