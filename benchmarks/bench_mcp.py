"""What MCP adds to a coach verb: each read tool through the SDK's in-memory client,
beside the same work called directly, on a demo account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_mcp.py [--people N]
        [--runs N] [--backend sqlite|postgres]

Without --backend, runs itself once per backend as a child (benchmarks/_backends.py).
Each child fills one account with ``fill_demo`` (300 people by default), then for each
read tool prints the median time of a direct call (the tool's own work function, the
same queries) and of a call through the MCP client (validation, the JSON-RPC round trip
in memory, the hop to Django's thread), and the difference beside the target: at most
10 ms added per call. It also times a write's preview and its confirmed save. A
benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _backends

TARGET_ADDED_MS = 10.0


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    _backends.add_backend_option(parser)
    args = parser.parse_args()
    database_url = _backends.child_url()
    if database_url is None:
        _backends.run_per_backend("mcp", [args.backend] if args.backend else _backends.BACKENDS)
        return
    data_dir = os.environ.get("GOODWILL_DATA_DIR") or tempfile.mkdtemp(prefix="goodwill-bench-")
    _backends.setup_django(Path(data_dir), database_url)

    from asgiref.sync import sync_to_async
    from mcp import Client

    from goodwill.accounts import services as accounts
    from goodwill.demo.services import fill_demo
    from goodwill.giving.models import Need
    from goodwill.mcp import server as mcp_server
    from goodwill.mcp.server import work

    print(f"-- MCP benchmark: {args.people:,} people, {_backends.database_label()}", flush=True)
    owner = accounts.create_account(username="bench", password="bench-password-123")
    fill_demo(owner=owner, people=args.people)
    need = Need.objects.filter(owner=owner).order_by("pk").first()
    person = need.person
    verbs = [
        ("today", {}, lambda: work.today_work(owner, 5)),
        (
            "person_brief",
            {"person": str(person.pk)},
            lambda: work.brief_data(owner, str(person.pk), "coffee"),
        ),
        ("find_people", {"query": "an"}, lambda: work.find_people_work(owner, "an", 20)),
        (
            "who_can_help",
            {"need_id": need.pk},
            lambda: work.who_can_help_work(owner, need.pk, "", 5),
        ),
        ("due", {"days": 7}, lambda: work.due_work(owner, 7, 20)),
    ]

    async def through_mcp(client, name, arguments) -> float:
        start = time.perf_counter()
        result = await client.call_tool(name, arguments)
        took = time.perf_counter() - start
        assert not result.is_error, result.content[0].text
        return took

    async def direct(fn) -> float:
        start = time.perf_counter()
        await sync_to_async(fn, thread_sensitive=True)()
        return time.perf_counter() - start

    async def measure():
        server = mcp_server.build_server(mcp_server.Principal(user_id=owner.pk))
        async with Client(server) as client:
            rows = []
            for name, arguments, work in verbs:
                for _ in range(2):  # warm-up
                    await through_mcp(client, name, arguments)
                plain = [await direct(work) for _ in range(args.runs)]
                wrapped = [await through_mcp(client, name, arguments) for _ in range(args.runs)]
                rows.append((name, median_ms(plain), median_ms(wrapped)))
            arguments = {"person": str(person.pk), "text": "A flat near the station"}
            previews, saves = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                preview = await client.call_tool("record_need", arguments)
                previews.append(time.perf_counter() - start)
                confirm = preview.structured_content["confirm"]
                start = time.perf_counter()
                await client.call_tool("record_need", {**arguments, "confirm": confirm})
                saves.append(time.perf_counter() - start)
            return rows, median_ms(previews), median_ms(saves)

    rows, preview_ms, save_ms = asyncio.run(measure())
    print(f"{'tool':<14} {'direct ms':>10} {'via MCP ms':>11} {'added ms':>9}  target")
    for name, plain, wrapped in rows:
        added = wrapped - plain
        verdict = "ok" if added <= TARGET_ADDED_MS else "over"
        print(
            f"{name:<14} {plain:>10.1f} {wrapped:>11.1f} {added:>9.1f}  "
            f"<= {TARGET_ADDED_MS:.0f} ms added: {verdict}"
        )
    print(f"record_need preview (rolled back) {preview_ms:.1f} ms, confirmed save {save_ms:.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
