"""Capture at scale: a first sync of a 10,000-message mailbox over a loopback Dovecot,
an incremental sync of a quiet mailbox, and the review list at 2,000 addresses.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_capture.py
        [--messages N] [--known 0.2] [--backend sqlite|postgres]

Needs Dovecot (/usr/sbin/dovecot; started here on the first two free ports from
127.0.0.1:14310, or --port, with the test suite's generated config). The mailbox is
written straight into its maildir: INBOX and Sent, threads of two or three messages on
a day, a share (--known) with people already in Goodwill, a quarter newsletters, the
rest from people not in Goodwill yet. --profile FILE keeps a cProfile of the first sync.

Rows printed, each beside its target:
- first sync: ``goodwill capture run`` (runs.run_connector) against imap-tools fetching
  the same headers alone, in the same pages (target: at most 2x);
- incremental sync of the same mailbox with nothing new (target: under 1 s);
- the review list's first page and its count at 2,000 unknown addresses (target: 50 ms).
A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import _backends

sys.path.insert(0, str(_backends.ROOT))

PORT = 14310  # the first of two free ports from here (--port)
PAGE = 500


def write_mailbox(server, user: str, messages: int, known: float, people: int) -> dict:
    """Messages straight into the maildir (INBOX and .Sent), owned by the mail user."""
    import pwd

    root = server.root / "mail" / user
    counts = {"inbox": 0, "sent": 0, "newsletters": 0, "known": 0, "unknown": 0}
    start = dt.datetime(2025, 1, 6, 8, 0, tzinfo=dt.UTC)
    for folder in (root, root / ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    n = 0
    thread = 0
    while n < messages:
        kind = thread % 20
        day = start + dt.timedelta(hours=5 * thread)
        if kind < 5:  # a quarter: newsletters
            size, who, group = 1, f"news{thread % 40}@letters.example", "newsletters"
        elif kind < 5 + int(known * 20):
            size, who, group = 3, f"friend{thread % people}@known.example", "known"
        else:
            size, who, group = 2, f"person{thread}@unknown.example", "unknown"
        root_id = f"<t{thread}@bench.example>"
        for i in range(min(size, messages - n)):
            mail = EmailMessage()
            sent = group != "newsletters" and i % 2 == 1
            mail["From"] = "me@bench.example" if sent else f"Someone {thread} <{who}>"
            mail["To"] = who if sent else "me@bench.example"
            mail["Subject"] = ("Re: " if i else "") + f"Thread {thread}"
            mail["Date"] = format_datetime(day + dt.timedelta(minutes=20 * i))
            mail["Message-ID"] = root_id if i == 0 else f"<t{thread}.{i}@bench.example>"
            if i:
                mail["In-Reply-To"] = root_id
                mail["References"] = root_id
            if group == "newsletters":
                mail["List-Id"] = "<weekly.letters.example>"
            mail.set_content("Hello,\n\nA line or two.\n")
            folder = root / ".Sent" if sent else root
            # Straight into cur/ as seen mail, as a mail program leaves it: a read-only
            # SELECT cannot move messages out of new/, so they would be scanned every time.
            name = f"{1700000000 + n}.M{n}P1.bench:2,S"
            (folder / "cur" / name).write_bytes(bytes(mail))
            counts["sent" if sent else "inbox"] += 1
            counts[group] += 1
            n += 1
        thread += 1
    entry = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    for path in [root, *root.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return counts


def baseline(server, user: str) -> tuple[float, int]:
    """imap-tools alone: the same folders, the same UIDs, the same pages, headers only."""
    from imap_tools import MailBoxUnencrypted

    start = time.perf_counter()
    fetched = 0
    with MailBoxUnencrypted(server.host, server.port).login(user, "secret-pass", None) as box:
        for folder in ("INBOX", "Sent"):
            box.folder.set(folder, readonly=True)
            uids = box.uids("UID 1:*")
            for i in range(0, len(uids), PAGE):
                for message in box.fetch(
                    uid_list=uids[i : i + PAGE], headers_only=True, mark_seen=False, bulk=True
                ):
                    _ = (message.headers, message.date, message.subject)
                    fetched += 1
    return time.perf_counter() - start, fetched


def timed(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--known", type=float, default=0.2, help="share of threads with people")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--review", type=int, default=2_000)
    parser.add_argument("--port", type=int, default=PORT, help="first port to try for Dovecot")
    parser.add_argument("--profile", help="write a cProfile of the first sync to this file")
    _backends.add_backend_option(parser)
    args = parser.parse_args()
    database_url = _backends.child_url()
    if database_url is None:
        _backends.run_per_backend("capture", [args.backend] if args.backend else _backends.BACKENDS)
        return
    data_dir = os.environ.get("GOODWILL_DATA_DIR") or tempfile.mkdtemp(prefix="bench-capture-")
    os.environ["GOODWILL_CAPTURE_PAGE"] = str(PAGE)
    _backends.setup_django(Path(data_dir), database_url)
    from django.test import Client
    from django.utils import timezone

    from goodwill.accounts import services as accounts
    from goodwill.capture import queries
    from goodwill.capture.models import ReviewEntry
    from goodwill.capture.services import connectors, runs
    from goodwill.people import services as people
    from tests.capture import dovecot

    why = dovecot.available()
    if why:
        print(f"-- capture benchmark skipped: {why}")
        return
    print(
        f"-- capture benchmark: {args.messages:,} messages, {_backends.database_label()}",
        flush=True,
    )
    server = dovecot.start(*dovecot.free_ports(range(args.port, args.port + 40), 2))
    try:
        counts = write_mailbox(server, "user1", args.messages, args.known, args.people)
        print("mailbox:", counts, flush=True)
        owner = accounts.create_account(username="bench", password="bench-password-123")
        connectors.update_settings(owner=owner, my_addresses="me@bench.example")
        for n in range(args.people):
            people.create_person(
                owner=owner, display_name=f"Friend {n}", emails=[f"friend{n}@known.example"]
            )
        connector = connectors.add_mailbox(
            owner=owner,
            name="Bench",
            host="127.0.0.1",
            port=server.port,
            security="plain",
            username="user1",
            password="secret-pass",
        )
        base, fetched = baseline(server, "user1")  # also lets Dovecot build its index
        base, fetched = baseline(server, "user1")
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start = time.perf_counter()
        report = runs.run_connector(connector)
        sync = time.perf_counter() - start
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        rec = report.recorded
        print(
            f"first sync        {sync:7.2f} s  imap-tools alone {base:6.2f} s ({fetched} headers)"
            f"  ratio {sync / base:4.1f}x  target 2.0x  ({report.status})"
        )
        print(
            f"                  {rec.new} captured, {rec.logged} interactions, "
            f"{rec.joined} joined a thread, {rec.filtered} filtered, {len(rec.review)} to review"
        )
        connector.refresh_from_db()
        quiet = []
        for _ in range(5):
            start = time.perf_counter()
            runs.run_connector(connector)
            quiet.append(time.perf_counter() - start)
        inc = statistics.median(quiet)
        print(f"incremental sync  {inc * 1000:7.1f} ms (nothing new)  target 1000 ms")

        other = accounts.create_account(username="review", password="bench-password-123")
        now = timezone.now()
        ReviewEntry.objects.bulk_create(
            ReviewEntry(
                owner=other,
                email=f"someone{n}@place{n % 97}.example",
                names=f"Someone {n}",
                sent_count=n % 13,
                received_count=n % 7,
                last_seen_at=now - dt.timedelta(hours=n),
            )
            for n in range(args.review)
        )

        def first_page():
            list(queries.review_list(other)[: queries.REVIEW_PAGE])
            queries.review_count(other)

        client = Client()
        client.force_login(other)

        def page():
            assert client.get("/capture/review/").status_code == 200

        ms = timed(first_page, 30)
        print(f"review list       {ms:7.2f} ms  ({args.review:,} addresses)  target 50 ms")
        ms = timed(page, 20)
        print(f"review page GET   {ms:7.2f} ms  (the whole page)  target 50 ms")
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
