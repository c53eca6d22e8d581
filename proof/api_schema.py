"""schemathesis against the served OpenAPI schema, as alice and as bob.

    .venv/bin/python proof/api_schema.py [--examples 25] [--minutes 12] [--postgres]

Serves a scratch Goodwill (gunicorn, 127.0.0.1), alice with demo data and bob with a
little of his own, then for every operation of /api/v1/openapi.json generates requests
(hypothesis, `--examples` per operation and token, the whole run bounded by `--minutes`)
and checks each answer: no 5xx (not_a_server_error), the body matches the documented
schema (response_schema_conformance) and content type (content_type_conformance), and a
bob answer never holds one of alice's names. Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serving import pg_available, scratch_pg, served, server_errors


def run(url: str, tokens: dict, secrets: dict, examples: int, deadline: float) -> dict:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
    )

    schema = schemathesis.openapi.from_url(url + "/api/v1/openapi.json")
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    stats = Counter()
    failures: list[str] = []
    cut_short = False
    for result in schema.get_all_operations():
        operation = result.ok()
        for who in ("bob", "alice"):
            if time.monotonic() > deadline:
                cut_short = True
                break
            one = _one_operation(operation, who, tokens[who], url, secrets, examples, deadline)
            one(checks, stats, failures)
            stats["operations"] += who == "bob"
    return {"stats": stats, "failures": failures, "cut_short": cut_short}


def _one_operation(operation, who, token, url, secrets, examples, deadline):
    """A hypothesis test of one operation as one user, run at once by the caller."""
    import hypothesis
    from hypothesis import HealthCheck, Phase

    headers = {"Authorization": f"Bearer {token}"}

    def run_it(checks, stats, failures):
        @hypothesis.settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=operation.as_strategy())
        def one(case):
            if time.monotonic() > deadline:
                return
            response = case.call(base_url=url, headers=headers, timeout=30)
            stats["requests"] += 1
            stats[f"{response.status_code // 100}xx"] += 1
            where = f"{who} {case.method} {case.formatted_path}"
            try:
                case.validate_response(response, checks=checks, headers=headers)
            except (Exception, BaseExceptionGroup) as exc:  # recorded; the run goes on
                failures.append(f"{where} -> {response.status_code}: {str(exc)[:300]}")
            if who == "bob":
                leaked = [n for n in secrets.get("names", []) if n in response.text]
                if leaked:
                    failures.append(f"LEAK {where}: bob saw {leaked[:3]}")

        one()

    return run_it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=25, help="per operation and token")
    parser.add_argument("--minutes", type=float, default=12.0, help="bound on the whole run")
    parser.add_argument("--postgres", action="store_true", help="serve from PostgreSQL")
    args = parser.parse_args()
    started = time.monotonic()
    deadline = started + args.minutes * 60
    if args.postgres and not pg_available():
        print("postgres: SKIPPED (127.0.0.1:5432 does not answer)")
        return 0
    db = scratch_pg("goodwill_proof_schema") if args.postgres else None
    with db or _null() as database_url:
        backend = "postgres" if database_url else "sqlite"
        with served(database_url=database_url or "", workers=2) as srv:
            outcome = run(srv.url, srv.tokens, srv.secrets, args.examples, deadline)
            logged_5xx = server_errors(srv.data_dir)
    stats, failures = outcome["stats"], outcome["failures"]
    elapsed = time.monotonic() - started
    print(f"## schemathesis ({backend}, {args.examples} examples per operation and token)")
    print("| figure | value | target | |")
    print("|---|---:|---:|---|")
    print(f"| operations | {stats['operations']} | | |")
    print(f"| requests | {stats['requests']} | | |")
    answers = ", ".join(f"{k} {v}" for k, v in sorted(stats.items()) if k.endswith("xx"))
    print(f"| answers | {answers} | | |")
    fives = max(stats["5xx"], len(logged_5xx))
    print(f"| server errors | {fives} | 0 | {'PASS' if not fives else 'FAIL'} |")
    print(f"| failed checks | {len(failures)} | 0 | {'PASS' if not failures else 'FAIL'} |")
    print(f"| time | {elapsed:.0f} s | | {'cut short' if outcome['cut_short'] else 'complete'} |")
    for line in (failures + logged_5xx)[:30]:
        print("  -", line.replace("\n", " "))
    return 1 if failures or fives else 0


class _null:
    def __enter__(self):
        return ""

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    sys.exit(main())
