"""What the hostile-input checks of issue 16 cost.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_hostile_input.py [--cards 10000] [--runs 3]

Prints the best of --runs for:

- parse_file on --cards realistic vCards (bench_parse's), with the pass that takes NUL
  and lone surrogates out of every value of every record, beside the same parse with that
  pass switched off (CSV files whose text holds neither skip the pass: no cost there);
- HostileInputMiddleware's check of one JSON body (a person with 200 emails and a long
  note, ~40 KB), beside json.loads of the same body alone (the floor: the view parses it
  again anyway).

A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import django

    django.setup()
    from bench_parse import make_card
    from django.test import RequestFactory

    from goodwill.exchange.services.imports import parse
    from goodwill.middleware import HostileInputMiddleware

    rnd = random.Random(7)
    data = "\r\n".join(make_card(i, rnd) for i in range(args.cards)).encode()
    with_pass = best(lambda: parse.parse_file(data, filename="b.vcf"), args.runs)
    original = parse._clean_hostile
    parse._clean_hostile = lambda result: None
    try:
        without = best(lambda: parse.parse_file(data, filename="b.vcf"), args.runs)
    finally:
        parse._clean_hostile = original
    print(f"vCards: {args.cards:,}")
    print(f"  parse_file with the cleaning pass     {with_pass:8.3f} s")
    print(f"  parse_file without it                 {without:8.3f} s")
    print(f"  ratio                                 {with_pass / without:8.2f}x")

    body = json.dumps(
        {
            "display_name": "Zoë Quill",
            "about": "Met at the spring meetup. " * 400,
            "emails": [{"label": "work", "address": f"z{i}@example.org"} for i in range(200)],
            "met_on": "2025-05-17",
        }
    ).encode()
    middleware = HostileInputMiddleware(lambda request: None)
    factory = RequestFactory()

    def check(times=1000):
        for _ in range(times):
            request = factory.post("/api/v1/people", body, content_type="application/json")
            assert middleware._problem(request) is None

    def floor(times=1000):
        for _ in range(times):
            request = factory.post("/api/v1/people", body, content_type="application/json")
            json.loads(request.body)

    checked, loaded = best(check, args.runs), best(floor, args.runs)
    print(f"JSON body: {len(body) / 1024:.0f} KB, 1,000 requests")
    print(f"  middleware check                      {checked:8.3f} ms per request")
    print(f"  json.loads alone (floor)              {loaded:8.3f} ms per request")
    print(f"  ratio                                 {checked / loaded:8.2f}x")


if __name__ == "__main__":
    main()
