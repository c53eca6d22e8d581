"""Scale benchmark: the duplicate finder on a big SQLite account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_dedupe.py [--people N]

Creates a fresh SQLite database in GOODWILL_DATA_DIR, fills one account with
``fill_demo`` (30,000 people by default), plants ``--planted`` known duplicates (an
email in other case, a name with accents dropped and words swapped, a typo with the
same phone, a LinkedIn URL spelt differently), then times ``find_duplicates``: the
median of ``--runs`` runs beside the 10 s target, and beside its floor (reading the
same rows with values_list and nothing else). Prints how many planted pairs were found
(recall) and what share of all suggestions were planted ones. Always exits 0.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import setup_django

TARGET_S = 10.0


def variant(rng: random.Random, name: str, how: int) -> str:
    from anyascii import anyascii

    words = name.split()
    if how == 0:  # accents dropped, words swapped
        return anyascii(" ".join(reversed(words)))
    if how == 1 and len(words[-1]) > 3:  # one letter doubled in the family name
        i = rng.randrange(1, len(words[-1]) - 1)
        words[-1] = words[-1][:i] + words[-1][i] + words[-1][i:]
        return " ".join(words)
    return name.upper()


def plant(owner, n: int, seed: int) -> set[tuple[int, int]]:
    from goodwill.people import services as people
    from goodwill.people.models import Person

    rng = random.Random(seed)
    originals = list(
        Person.objects.filter(owner=owner, is_me=False)
        .prefetch_related("emails", "phones")
        .order_by("?")[:n]
    )
    planted = set()
    for i, original in enumerate(originals):
        how = i % 4
        kwargs = {"display_name": variant(rng, original.display_name, how % 3)}
        if how == 0 and original.emails.all():
            kwargs["emails"] = [original.emails.all()[0].address.upper()]
        elif how == 1 and original.phones.all():
            kwargs["phones"] = [original.phones.all()[0].number]
        elif how == 3:
            kwargs["display_name"] = original.display_name
            kwargs["linkedin_url"] = f"https://www.linkedin.com/in/planted-{i}/"
            people.update_person(
                owner=owner, person=original, linkedin_url=f"linkedin.com/in/planted-{i}"
            )
        copy = people.create_person(owner=owner, **kwargs)
        planted.add(tuple(sorted((original.pk, copy.pk))))
    return planted


def floor(owner) -> None:
    from goodwill.people.models import Person, PersonEmail, PersonPhone

    list(
        Person.objects.filter(owner=owner).values_list(
            "pk", "display_name", "given_name", "family_name", "organization_id", "linkedin_url"
        )
    )
    list(PersonEmail.objects.filter(owner=owner).values_list("person_id", "address"))
    list(PersonPhone.objects.filter(owner=owner).values_list("person_id", "normalized"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--planted", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import os

    data_dir = Path(os.environ.get("GOODWILL_DATA_DIR") or "")
    if not str(data_dir) or not data_dir.is_dir():
        sys.exit("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).")
    setup_django(data_dir)
    from goodwill.accounts import services as accounts
    from goodwill.demo.services import fill_demo
    from goodwill.exchange.queries import find_duplicates

    owner = accounts.create_account(username="bench", email="", password="bench-password-1")
    start = time.perf_counter()
    fill_demo(owner=owner, people=args.people)
    print(f"filled {args.people:,} people in {time.perf_counter() - start:.1f} s")
    planted = plant(owner, args.planted, seed=1)

    timings, pairs = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        pairs = find_duplicates(owner)
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    floor(owner)
    floor_s = time.perf_counter() - start

    median = statistics.median(timings)
    found = {(p.a_id, p.b_id) for p in pairs}
    hits = len(found & planted)
    print(f"find_duplicates on {args.people + len(planted):,} people")
    print(f"  median {median:.2f} s of {args.runs} runs (target {TARGET_S:.0f} s, "
          f"{median / TARGET_S:.2f}x of target)")  # fmt: skip
    print(f"  floor (reading the rows only) {floor_s:.2f} s; ratio {median / floor_s:.1f}x")
    print(f"  pairs suggested: {len(found):,}")
    print(f"  planted pairs found: {hits} of {len(planted)} ({hits / len(planted):.0%} recall)")
    print(f"  planted share of suggestions: {hits / max(len(found), 1):.0%}")
    kinds = Counter(
        "identifier" if p.reasons[0].startswith("same ") and p.reasons[0] != "same name"
        else "same name" if p.reasons[0] == "same name" else "alike names"
        for p in pairs
    )  # fmt: skip
    print("  by evidence: " + ", ".join(f"{k} {n:,}" for k, n in kinds.most_common()))
    rest = [p for p in pairs if (p.a_id, p.b_id) not in planted][::500][:8]
    for p in rest:
        print(f"    other: {p.a_name!r} ~ {p.b_name!r}: {p.reason} ({p.score})")


if __name__ == "__main__":
    main()
