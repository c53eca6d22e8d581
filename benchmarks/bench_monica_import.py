"""Monica import benchmark: a generated Monica 4.x JSON export, against a CSV of its people.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_monica_import.py [--contacts N]

Generates a Monica export in the shape of tests/fixtures/monica (one user; each contact
with an e-mail, a phone, a tag, two notes, a call, a yearly reminder and three activities,
each shared with one other contact; one relationship per two contacts), then measures,
each on a fresh account in one SQLite database:

  csv     pipeline.import_file of a CSV with the same people (name, e-mail, phone, tag):
          the bulk path every contacts file takes
  monica  pipeline.import_file of the export: every person, interaction, participation,
          relationship and promise, written in bulk in one transaction (monica/write.py)

and prints the medians side by side, the ratio to the CSV import (information: the Monica
import writes about a dozen rows per person, the CSV import three) and the verdict.
Target: a 1,000-contact account in under 10 s on SQLite (when every row went through the
services, 500 contacts took 394 s on a loaded machine). A benchmark reports; it always
exits 0.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS_PER_1000 = 10.0


def monica_file(n: int) -> bytes:
    def obj(uuid, props, data=None):
        o = {
            "uuid": uuid,
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
        }
        o["properties"] = props
        if data:
            o["data"] = data
        return o

    def col(kind, values):
        return {"count": len(values), "type": kind, "values": values}

    contacts, activities, relationships = [], [], []
    for i in range(n):
        pair = f"a-{i // 2}"
        contacts.append(
            obj(
                f"c-{i}",
                {"first_name": f"Person{i}", "last_name": "Bench", "tags": ["bench"]},
                [
                    col(
                        "contact_field",
                        [
                            obj(None, {"data": f"p{i}@bench.example", "type": "t-email"}),
                            obj(None, {"data": f"+1 202 555 {i % 10000:04d}", "type": "t-phone"}),
                        ],
                    ),
                    col("note", [obj(None, {"body": f"Note {k} about {i}"}) for k in range(2)]),
                    col("call", [obj(None, {"called_at": "2025-03-01 10:00:00", "content": "hi"})]),
                    col(
                        "reminder",
                        [
                            obj(
                                f"r-{i}",
                                {
                                    "initial_date": "2024-05-01",
                                    "title": f"Check in with {i}",
                                    "frequency_type": "year",
                                    "frequency_number": 1,
                                    "inactive": False,
                                },
                            )
                        ],
                    ),
                    {"count": 3, "type": "activity", "values": [f"{pair}-{k}" for k in range(3)]},
                ],
            )
        )
        if i % 2 == 0:
            for k in range(3):
                activities.append(
                    obj(
                        f"{pair}-{k}", {"summary": f"Lunch {k} of {i}", "happened_at": "2025-02-01"}
                    )
                )
        if i % 2 == 1:
            relationships.append(
                {
                    "properties": {
                        "type": "friend",
                        "contact_is": f"c-{i}",
                        "of_contact": f"c-{i - 1}",
                    }
                }
            )
    root = {
        "version": "1.0-preview.1",
        "app_version": "4.1.2",
        "exported_by": "u-1",
        "account": {
            "uuid": "acc",
            "properties": {},
            "data": [
                col("user", [obj("u-1", {"me_contact": None})]),
                col("contact", contacts),
                col("relationship", relationships),
                col("activity", activities),
            ],
            "instance": {
                "contact_field_types": [
                    obj("t-email", {"name": "Email", "protocol": "mailto:", "type": "email"}),
                    obj("t-phone", {"name": "Phone", "protocol": "tel:", "type": "phone"}),
                ]
            },
        },
    }
    return json.dumps(root).encode()


def csv_file(n: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Categories"])
    for i in range(n):
        writer.writerow(
            [f"Person{i}", "Bench", f"p{i}@bench.example", f"+1 202 555 {i % 10000:04d}", "bench"]
        )
    return out.getvalue().encode()


def setup_django(data_dir: Path) -> None:
    os.environ["GOODWILL_DATA_DIR"] = str(data_dir)
    (data_dir / "static").mkdir(exist_ok=True)
    os.environ["GOODWILL_DATABASE_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data_dir = os.environ.get("GOODWILL_DATA_DIR")
    if not data_dir or any(Path(data_dir).glob("*.sqlite3")):
        print("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).", file=sys.stderr)
        return 0
    setup_django(Path(data_dir))
    from goodwill.accounts import services as accounts
    from goodwill.exchange.services.imports import pipeline

    n = args.contacts
    monica, table = monica_file(n), csv_file(n)
    print(f"Monica export: {n:,} contacts, {len(monica) / 1e6:.1f} MB")
    csv_times, monica_times = [], []
    for run in range(args.runs):
        owner = accounts.create_account(username=f"csv{run}", email="", password="x" * 12)
        start = time.perf_counter()
        pipeline.import_file(owner=owner, data=table, filename="people.csv")
        csv_times.append(time.perf_counter() - start)
        owner = accounts.create_account(username=f"monica{run}", email="", password="x" * 12)
        start = time.perf_counter()
        batch = pipeline.import_file(owner=owner, data=monica, filename="monica.json")
        monica_times.append(time.perf_counter() - start)
        assert batch.report["counts"]["created"] == n, batch.report["counts"]
    c, m = statistics.median(csv_times), statistics.median(monica_times)
    target = TARGET_SECONDS_PER_1000 * n / 1000
    print(f"\n| measure ({args.runs} runs, median) | seconds | contacts/s |")
    print("|---|---:|---:|")
    print(f"| CSV import of the same people | {c:.2f} | {n / c:,.0f} |")
    what = "Monica import (people, 3 lunches, a call, notes, a reminder, ties)"
    print(f"| {what} | {m:.2f} | {n / m:,.0f} |")
    print(f"\nratio Monica / CSV: {m / c:.1f} (information)")
    verdict = "PASS" if m < target else "FAIL"
    print(f"**Monica import: {m:.1f} s for {n:,} contacts** (target < {target:.0f} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
