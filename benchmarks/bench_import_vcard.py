"""Import benchmark: 10,000 vCards imported, against vobject merely parsing them.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_import_vcard.py [--cards N]

The issue's target: importing 10,000 vCards (parse + match + commit, photos and all)
takes no more than 1.5x the time vobject alone needs to parse the same text. The cards
are bench_parse.py's (mixed 2.1/3.0/4.0, QP, Apple item groups, a photo on every tenth).
Prints the median of --runs runs of each and the ratio; always exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import account, report, setup_django
from bench_parse import make_card

TARGET_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data_dir = os.environ.get("GOODWILL_DATA_DIR")
    if not data_dir or any(Path(data_dir).glob("*.sqlite3")):
        print("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).", file=sys.stderr)
        return 0
    try:
        import vobject
    except ImportError:
        print("vobject is not installed (pip install -e '.[dev]'): no floor to compare with.")
        return 0
    setup_django(Path(data_dir))
    from goodwill.exchange.services.imports import pipeline

    rnd = random.Random(7)
    data = "".join(make_card(i, rnd) for i in range(args.cards)).encode()
    text = data.decode()
    print(f"vCard file: {args.cards:,} cards, {len(data) / 1e6:.1f} MB")
    floors, imports = [], []
    for run in range(args.runs):
        start = time.perf_counter()
        cards = list(vobject.readComponents(text, allowQP=True))
        floors.append(time.perf_counter() - start)
        assert len(cards) == args.cards
        owner = account(f"vcard{run}")
        start = time.perf_counter()
        batch = pipeline.import_file(owner=owner, data=data, filename="contacts.vcf")
        imports.append(time.perf_counter() - start)
        assert batch.report["counts"]["created"] == args.cards, batch.report["counts"]
    report(
        "floor: vobject.readComponents (parse only)",
        floors,
        imports,
        args.cards,
        "cards",
        TARGET_RATIO,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
