"""Oversized bodies, 10,000 form fields and absurd page sizes against a served Goodwill.

    .venv/bin/python proof/hostile_http.py [--rounds 30] [--postgres]

Serves a scratch Goodwill (gunicorn, one web worker, 127.0.0.1), logs alice in, and sends
a bounded burst of hostile requests (--rounds of each kind). Every answer must be a 4xx
(never a 5xx, never a 2xx that wrote something), each within 1 s, and the worker's memory
must stay steady: RSS after the burst within 25 MB of RSS before it.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serving import pg_available, scratch_pg, served, server_errors
from scale import login

MB = 2**20
BIG = 5 * MB + 4096  # DATA_UPLOAD_MAX_MEMORY_SIZE is 5 MB
RSS_STEADY_MB = 25.0
SLOW_S = 1.0


def kinds(url: str, token: str, csrf: str):
    api = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    web = {"X-CSRFToken": csrf, "Referer": url + "/people/new/"}
    big_json = json.dumps({"display_name": "Big", "notes": "x" * BIG})
    big_form = "display_name=Big&notes=" + "x" * BIG
    fields = "&".join(f"f{i}=1" for i in range(10_000))
    form = {**web, "Content-Type": "application/x-www-form-urlencoded"}
    api_form = {**api, "Content-Type": "application/x-www-form-urlencoded"}
    return {
        "API body > 5 MB": ("post", "/api/v1/people", big_json, api),
        "API 10k form fields": ("post", "/api/v1/people", fields, api_form),
        "web form > 5 MB": ("post", "/people/new/", big_form, form),
        "web 10k form fields": ("post", "/people/new/", fields, form),
        "API ?limit=10**9": ("get", "/api/v1/people?limit=1000000000", None, api),
        "API ?limit=-1": ("get", "/api/v1/people?limit=-1", None, api),
        "API ?offset=10**30": ("get", "/api/v1/people?offset=" + "1" + "0" * 30, None, api),
        "web ?page=10**12": ("get", "/people/?page=1000000000000", None, web),
        "web ?page=-1": ("get", "/people/?page=-1", None, web),
    }


def burst(srv, rounds: int) -> tuple[dict, float, float, int]:
    import requests

    session = requests.Session()
    login(session, srv.url)
    session.get(srv.url + "/people/new/", timeout=30)
    csrf = session.cookies.get("csrftoken", "")
    (worker,) = srv.workers()
    count_before = session.get(
        srv.url + "/api/v1/people?limit=1",
        headers={"Authorization": f"Bearer {srv.tokens['alice']}"},
        timeout=30,
    ).json()["count"]
    # warm the worker first (one of each), so "before" is the worker at work, not idle
    results: dict[str, dict] = defaultdict(lambda: {"statuses": set(), "slowest": 0.0})
    plan = kinds(srv.url, srv.tokens["alice"], csrf)
    for method, path, body, headers in plan.values():
        getattr(session, method)(srv.url + path, data=body, headers=headers, timeout=60)
    before = worker.memory_info().rss / MB
    for _ in range(rounds):
        for label, (method, path, body, headers) in plan.items():
            t = time.perf_counter()
            r = getattr(session, method)(srv.url + path, data=body, headers=headers, timeout=60)
            elapsed = time.perf_counter() - t
            results[label]["statuses"].add(r.status_code)
            results[label]["slowest"] = max(results[label]["slowest"], elapsed)
            if r.headers.get("content-type", "").startswith("application/json"):
                results[label]["message"] = r.json().get("message", "")[:70]
            else:
                title = re.search(r"<title>([^<]*)</title>", r.text)
                results[label]["message"] = title.group(1).strip() if title else ""
    after = worker.memory_info().rss / MB
    count_after = session.get(
        srv.url + "/api/v1/people?limit=1",
        headers={"Authorization": f"Bearer {srv.tokens['alice']}"},
        timeout=30,
    ).json()["count"]
    return results, before, after, count_after - count_before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if args.postgres and not pg_available():
        print("postgres: SKIPPED")
        return 0
    if args.postgres:
        with scratch_pg("goodwill_proof_hostile") as url, served(database_url=url) as srv:
            results, before, after, written = burst(srv, args.rounds)
            fives = server_errors(srv.data_dir)
    else:
        with served() as srv:
            results, before, after, written = burst(srv, args.rounds)
            fives = server_errors(srv.data_dir)
    backend = "postgres" if args.postgres else "sqlite"
    print(f"## Hostile requests ({backend}, {args.rounds} rounds of each, one web worker)")
    print("| request | answers | slowest | message | |")
    print("|---|---|---:|---|---|")
    failed = False
    for label, r in results.items():
        ok = all(400 <= s < 500 for s in r["statuses"]) and r["slowest"] < SLOW_S
        ok = ok or (label.startswith("web ?page") and r["statuses"] == {200})
        failed |= not ok
        statuses = ", ".join(str(s) for s in sorted(r["statuses"]))
        print(
            f"| {label} | {statuses} | {r['slowest'] * 1000:.0f} ms | {r.get('message', '')} "
            f"| {'PASS' if ok else 'FAIL'} |"
        )
    steady = after - before < RSS_STEADY_MB
    failed |= not steady or bool(fives) or written != 0
    print(
        f"| worker RSS | {before:.0f} MB before, {after:.0f} MB after | | growth "
        f"{after - before:+.1f} MB (limit {RSS_STEADY_MB:.0f}) | {'PASS' if steady else 'FAIL'} |"
    )
    print(f"| people written | {written} | | must be 0 | {'PASS' if written == 0 else 'FAIL'} |")
    print(f"| 5xx in the log | {len(fives)} | | must be 0 | {'PASS' if not fives else 'FAIL'} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
