"""Reading a real mailbox (Dovecot on 127.0.0.1) into interactions and the review list."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from goodwill.capture.models import Captured, CaptureMark, Connector, FolderState, ReviewEntry
from goodwill.capture.services import connectors, runs
from goodwill.interactions.models import Interaction
from goodwill.people import services as people
from tests.capture.dovecot import message


def ago(**delta) -> dt.datetime:
    return timezone.now().replace(microsecond=0) - dt.timedelta(**delta)


def append(server, user, folder="INBOX", **fields) -> None:
    with server.mailbox(user) as box:
        box.append(message(**fields), folder)


def run(connector):
    connector.refresh_from_db()
    report = runs.run_connector(connector)
    connector.refresh_from_db()
    return report


def test_a_first_sync_logs_mail_with_a_known_person(alice, ana, imap_server, mailbox, connector):
    user, _ = mailbox
    when = ago(days=2)
    append(
        imap_server,
        user,
        sender="Ana Ruiz <ANA@ruiz.example>",
        to="alice@work.example",
        subject="The new logo",
        message_id="<logo-1@ruiz.example>",
        date=when,
    )
    report = run(connector)
    assert report.ok, report.status
    interaction = Interaction.objects.get(owner=alice)
    assert interaction.kind == "email"
    assert interaction.summary == "The new logo"
    assert list(interaction.participants.all()) == [ana]
    assert interaction.occurred_at == when
    assert interaction.capture_mark.source == "mail"
    assert interaction.capture_mark.direction == "received"
    ana.refresh_from_db()
    assert ana.last_contact_at == when  # the keep-in-touch clock starts again
    assert connector.status.startswith("1 read, 1 new interaction at ")
    assert connector.progress_done == connector.progress_total == 1
    assert not ReviewEntry.objects.filter(owner=alice).exists()


def test_an_incremental_sync_reads_only_what_is_new(alice, ana, imap_server, mailbox, connector):
    user, _ = mailbox
    for n in range(3):
        append(
            imap_server,
            user,
            sender="ana@ruiz.example",
            to="alice@work.example",
            subject=f"Note {n}",
            message_id=f"<note-{n}@ruiz.example>",
            date=ago(days=10 - n),
        )
    assert run(connector).read == 3
    assert run(connector).read == 0
    assert connector.status.startswith("Up to date at ")
    append(
        imap_server,
        user,
        sender="ana@ruiz.example",
        to="alice@work.example",
        subject="Note 3",
        message_id="<note-3@ruiz.example>",
        date=ago(days=1),
    )
    report = run(connector)
    assert report.read == 1 and report.recorded.logged == 1
    assert Interaction.objects.filter(owner=alice).count() == 4
    state = FolderState.objects.get(connector=connector, folder="INBOX")
    assert state.last_uid == 4


def test_a_changed_uidvalidity_reads_again_without_duplicates(
    alice, ana, imap_server, mailbox, connector
):
    user, _ = mailbox
    mails = [
        dict(
            sender="ana@ruiz.example",
            to="alice@work.example",
            subject=f"Plan {n}",
            message_id=f"<plan-{n}@ruiz.example>",
            date=ago(days=5 - n),
        )
        for n in range(3)
    ]
    for mail in mails:
        append(imap_server, user, **mail)
    run(connector)
    before = FolderState.objects.get(connector=connector, folder="INBOX").uidvalidity
    # The server loses its index: the folder is numbered afresh, one message more.
    # Dovecot takes a new folder's UIDVALIDITY from the clock, in seconds: make sure the
    # new folder is made in a later second than the first one.
    imap_server.drop_mail(user)
    time.sleep(1.1)
    mails.append({**mails[0], "subject": "Plan 9", "message_id": "<plan-9@ruiz.example>"})
    for mail in mails:
        append(imap_server, user, **mail)
    report = run(connector)
    assert report.ok, report.status
    assert report.read == 4
    assert report.recorded.repeated == 3 and report.recorded.new == 1
    assert FolderState.objects.get(connector=connector, folder="INBOX").uidvalidity != before
    assert Captured.objects.filter(connector=connector).count() == 4
    # Plan 9 is the same day as Plan 0 but another thread: its own interaction.
    assert Interaction.objects.filter(owner=alice).count() == 4


def test_a_sent_message_and_its_reply_on_one_day_are_one_interaction(
    alice, ana, imap_server, mailbox, connector
):
    user, _ = mailbox
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    if today > timezone.now():
        today -= dt.timedelta(days=1)
    append(
        imap_server,
        user,
        folder="Sent",
        sender="Alice <alice@work.example>",
        to="Ana Ruiz <ana@ruiz.example>",
        subject="Lunch?",
        message_id="<lunch@work.example>",
        date=today,
    )
    append(
        imap_server,
        user,
        sender="ana@ruiz.example",
        to="alice@work.example",
        subject="Re: Lunch?",
        message_id="<lunch-re@ruiz.example>",
        in_reply_to="<lunch@work.example>",
        date=today + dt.timedelta(minutes=30),
    )
    report = run(connector)
    assert report.read == 2
    interaction = Interaction.objects.get(owner=alice)
    assert interaction.summary == "Lunch?"
    assert interaction.capture_mark.direction == "both"
    assert interaction.initiated_by.is_me
    assert Captured.objects.filter(interaction=interaction).count() == 2


def test_newsletters_no_reply_and_my_own_addresses_are_left_out(
    alice, imap_server, mailbox, connector
):
    user, _ = mailbox
    common = dict(to="alice@work.example", date=ago(days=1))
    append(
        imap_server,
        user,
        sender="Weekly <news@shop.example>",
        subject="Deals",
        message_id="<n1@shop.example>",
        headers={"List-Id": "<weekly.shop.example>"},
        **common,
    )
    append(
        imap_server,
        user,
        sender="robot@bank.example",
        subject="Statement",
        message_id="<n2@bank.example>",
        headers={"Auto-Submitted": "auto-generated"},
        **common,
    )
    append(
        imap_server,
        user,
        sender="promo@bulk.example",
        subject="Sale",
        message_id="<n3@bulk.example>",
        headers={"Precedence": "bulk"},
        **common,
    )
    append(
        imap_server,
        user,
        sender="no-reply@service.example",
        subject="Your code",
        message_id="<n4@service.example>",
        **common,
    )
    append(
        imap_server,
        user,
        sender="alice@work.example",
        subject="Note to self",
        message_id="<n5@work.example>",
        **common,
    )
    report = run(connector)
    assert report.read == 5
    assert report.recorded.filtered == 5
    assert not Captured.objects.filter(owner=alice).exists()
    assert not ReviewEntry.objects.filter(owner=alice).exists()


def test_unknown_people_go_to_the_review_list_ranked_by_what_i_wrote(
    alice, imap_server, mailbox, connector
):
    user, _ = mailbox
    append(
        imap_server,
        user,
        sender="Dora Lind <dora@lind.example>",
        to="alice@work.example",
        subject="Hello",
        message_id="<d1@lind.example>",
        date=ago(days=1),
    )
    for n in range(2):
        append(
            imap_server,
            user,
            folder="Sent",
            sender="alice@work.example",
            to="Eli Park <eli@park.example>",
            subject=f"Idea {n}",
            message_id=f"<e{n}@work.example>",
            date=ago(days=3 + n),
        )
    run(connector)
    entries = list(ReviewEntry.objects.filter(owner=alice).order_by("-sent_count", "-last_seen_at"))
    assert [(e.email, e.name, e.sent_count, e.received_count) for e in entries] == [
        ("eli@park.example", "Eli Park", 2, 0),
        ("dora@lind.example", "Dora Lind", 0, 1),
    ]
    # Nobody became a person on their own.
    assert not alice_people(alice)


def alice_people(alice):
    return list(people.Person.objects.filter(owner=alice, is_me=False))


def test_a_wrong_password_says_so_and_backs_off(alice, imap_server, mailbox):
    user, _ = mailbox
    connector = connectors.add_mailbox(
        owner=alice,
        name="Typo",
        host="127.0.0.1",
        port=imap_server.port,
        security="plain",
        username=user,
        password="not-the-password",
    )
    report = run(connector)
    assert not report.ok
    assert connector.status.startswith("Login refused by 127.0.0.1 at ")
    assert "Trying again at" in connector.status
    assert connector.failures == 1
    assert connector.next_try_at > timezone.now() + dt.timedelta(minutes=4)
    assert connector.running_until is None
    # The worker does not pick it again before the back-off ends: no crash loop.
    assert connector.pk not in runs.schedule_due(timezone.now())
    run(connector)
    first_wait = dt.timedelta(minutes=5)
    assert connector.failures == 2
    assert connector.next_try_at > timezone.now() + first_wait
    assert "not-the-password" not in connector.status + connector.secret


def test_an_unreachable_server_says_so(alice):
    connector = connectors.add_mailbox(
        owner=alice,
        name="Nowhere",
        host="127.0.0.1",
        port=14399,
        security="plain",
        username="me",
        password="pw",
    )
    run(connector)
    assert connector.status.startswith("Could not reach 127.0.0.1:14399 at ")


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_it_reads_over_tls_and_starttls(alice, ana, imap_server, mailbox, monkeypatch, security):
    monkeypatch.setenv("SSL_CERT_FILE", str(imap_server.cert))
    user, password = mailbox
    port = imap_server.tls_port if security == "tls" else imap_server.port
    connector = connectors.add_mailbox(
        owner=alice,
        name="Secure",
        host="127.0.0.1",
        port=port,
        security=security,
        username=user,
        password=password,
    )
    append(
        imap_server,
        user,
        sender="ana@ruiz.example",
        to="alice@example.org",
        subject="Secure hello",
        message_id="<sec@ruiz.example>",
        date=ago(hours=3),
    )
    report = run(connector)
    assert report.ok, report.status
    assert Interaction.objects.filter(owner=alice, summary="Secure hello").exists()


def test_a_certificate_it_cannot_trust_is_refused(alice, imap_server, mailbox):
    user, password = mailbox
    connector = connectors.add_mailbox(
        owner=alice,
        name="Secure",
        host="127.0.0.1",
        port=imap_server.tls_port,
        security="tls",
        username=user,
        password=password,
    )
    run(connector)
    assert connector.status.startswith("No secure connection to 127.0.0.1:")


def test_forwarded_messages_become_interactions_with_the_original_people(
    alice, ana, imap_server, mailbox
):
    user, password = mailbox
    connector = connectors.add_mailbox(
        owner=alice,
        name="Forwarded",
        host="127.0.0.1",
        port=imap_server.port,
        security="plain",
        username=user,
        password=password,
        forward=True,
        own_addresses=["alice@example.org"],
    )
    body = (
        "She wants an intro to a printer in Lisbon. Follow up next week.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Ana Ruiz <ana@ruiz.example>\n"
        "Date: Mon, 1 Jun 2026 10:15:00 +0200\n"
        "Subject: Printers?\n"
        "To: Alice <alice@example.org>\n\n"
        "Do you know a good printer in Lisbon?\n"
    )
    append(
        imap_server,
        user,
        sender="alice@example.org",
        to=user + "@capture.example",
        subject="Fwd: Printers?",
        message_id="<fwd-1@example.org>",
        date=ago(hours=1),
        body=body,
    )
    # A BCC: alice wrote to Ben and copied the capture mailbox in.
    append(
        imap_server,
        user,
        sender="alice@example.org",
        to="Ben Ortega <ben@ortega.example>",
        subject="Thanks for today",
        message_id="<bcc-1@example.org>",
        date=ago(hours=2),
    )
    report = run(connector)
    assert report.ok, report.status
    printers = Interaction.objects.get(owner=alice, summary="Printers?")
    assert list(printers.participants.all()) == [ana]
    assert printers.notes == "She wants an intro to a printer in Lisbon. Follow up next week."
    assert printers.occurred_at == dt.datetime(2026, 6, 1, 8, 15, tzinfo=dt.UTC)
    entry = ReviewEntry.objects.get(owner=alice)
    assert (entry.email, entry.sent_count) == ("ben@ortega.example", 1)


def test_keep_first_lines_keeps_only_the_first_lines(alice, ana, imap_server, mailbox):
    user, password = mailbox
    connector = connectors.add_mailbox(
        owner=alice,
        name="Lines",
        host="127.0.0.1",
        port=imap_server.port,
        security="plain",
        username=user,
        password=password,
        keep_first_lines=True,
    )
    append(
        imap_server,
        user,
        sender="ana@ruiz.example",
        to="alice@example.org",
        subject="News",
        message_id="<lines@ruiz.example>",
        date=ago(hours=5),
        body="Hi Alice,\nWe got the grant.\nCall me?\nFourth line stays out.\n> quoted\n",
    )
    run(connector)
    assert Interaction.objects.get(owner=alice).notes == "Hi Alice, We got the grant. Call me?"


def test_without_keep_first_lines_no_body_is_stored(alice, ana, imap_server, mailbox, connector):
    user, _ = mailbox
    append(
        imap_server,
        user,
        sender="ana@ruiz.example",
        to="alice@work.example",
        subject="Private",
        message_id="<priv@ruiz.example>",
        date=ago(hours=5),
        body="The secret plan is in here.\n",
    )
    run(connector)
    item = Captured.objects.get(owner=alice)
    assert item.notes == ""
    assert "secret plan" not in Interaction.objects.get(owner=alice).notes
    assert CaptureMark.objects.filter(owner=alice).count() == 1
    assert Connector.objects.get(pk=connector.pk).secret.startswith("v1:")
