"""`goodwill capture …`: connect mailboxes and calendars, run them, answer the review list.

Passwords are never taken as arguments (they would stay in the shell's history): they
are asked for with the typing hidden, or read from the first line of standard input
with --password-stdin.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from django.core.exceptions import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from goodwill.api.schemas import dump, dump_many
from goodwill.capture import queries
from goodwill.capture.models import Connector, ReviewEntry
from goodwill.capture.rules.seen import SourceError
from goodwill.capture.schemas import CaptureSettingsOut, ConnectorOut, IgnoredOut, ReviewEntryOut
from goodwill.capture.services import connectors, review, runs
from goodwill.cli.common import Json, confirm, current_user, fail, out, print_json, say
from goodwill.cli.render import ago
from goodwill.core.vault import VaultError
from goodwill.people.models import Person

app = typer.Typer(
    help="Capture without typing: interactions from your mail and calendars.",
    no_args_is_help=True,
)
review_app = typer.Typer(
    help="People you wrote to or met who are not in Goodwill yet.", invoke_without_command=True
)


class SecurityChoice(enum.StrEnum):
    tls = "tls"
    starttls = "starttls"
    plain = "plain"


PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise fail("--password-stdin: the first line of standard input is empty.")
        return line
    return typer.prompt("Password (an app password; typing is hidden)", hide_input=True)


def _find(owner, name: str) -> Connector:
    found = None
    if name.isdigit():
        found = Connector.objects.filter(owner=owner, pk=int(name)).first()
    found = found or Connector.objects.filter(owner=owner, name__iexact=name.strip()).first()
    if found is None:
        raise fail(f"No connection called {name!r}. See `goodwill capture list`.")
    return found


def _entry(owner, entry_id: int) -> ReviewEntry:
    found = (
        ReviewEntry.objects.filter(owner=owner, pk=entry_id).first() if entry_id < 2**63 else None
    )
    if found is None:
        raise fail(f"No one with id {entry_id} on the review list. See `goodwill capture review`.")
    return found


def _added(connector: Connector, json: bool) -> None:
    if json:
        print_json(dump(ConnectorOut, connector))
        return
    say(f"Added {connector.name}. The password is kept encrypted and never shown again.")
    say(f"Check it with: goodwill capture test {connector.name!r}")


@app.command("add-imap")
def add_imap(
    name: Annotated[str, typer.Argument(help="A short name, e.g. 'Work mail'.")],
    host: Annotated[str, typer.Option("--host", help="The IMAP server, e.g. imap.fastmail.com.")],
    username: Annotated[str, typer.Option("--user", help="Your login, usually your address.")],
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535)] = None,
    security: Annotated[SecurityChoice, typer.Option("--security")] = SecurityChoice.tls,
    folder: Annotated[
        list[str] | None,
        typer.Option("--folder", help="A folder to read (repeat). Default: INBOX and Sent."),
    ] = None,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="Another address of yours in it (repeat).")
    ] = None,
    keep_first_lines: Annotated[
        bool,
        typer.Option("--keep-first-lines", help="Keep the first lines of each message as notes."),
    ] = False,
    password_stdin: PasswordStdin = False,
    json: Json = False,
) -> None:
    """Connect a mailbox over IMAP. Goodwill reads the headers of INBOX and Sent."""
    owner = current_user()
    connector = connectors.add_mailbox(
        owner=owner,
        name=name,
        host=host,
        port=port,
        security=security.value,
        username=username,
        password=_password(password_stdin),
        folders=folder or [],
        own_addresses=me or [],
        keep_first_lines=keep_first_lines,
    )
    _added(connector, json)


@app.command("add-forward")
def add_forward(
    name: Annotated[str, typer.Argument(help="A short name, e.g. 'Forwarded'.")],
    host: Annotated[str, typer.Option("--host")],
    username: Annotated[str, typer.Option("--user")],
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535)] = None,
    security: Annotated[SecurityChoice, typer.Option("--security")] = SecurityChoice.tls,
    folder: Annotated[list[str] | None, typer.Option("--folder", help="Default: INBOX.")] = None,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="An address of yours (repeat).")
    ] = None,
    password_stdin: PasswordStdin = False,
    json: Json = False,
) -> None:
    """Connect a mailbox you forward or BCC messages to: each becomes an interaction."""
    owner = current_user()
    connector = connectors.add_mailbox(
        owner=owner,
        name=name,
        host=host,
        port=port,
        security=security.value,
        username=username,
        password=_password(password_stdin),
        forward=True,
        folders=folder or [],
        own_addresses=me or [],
    )
    _added(connector, json)


@app.command("add-calendar")
def add_calendar(
    name: Annotated[str, typer.Argument(help="A short name, e.g. 'Work calendar'.")],
    url: Annotated[str | None, typer.Option("--url", help="A private ICS address.")] = None,
    caldav: Annotated[str | None, typer.Option("--caldav", help="A CalDAV address.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="An .ics file, read once.")] = None,
    username: Annotated[str, typer.Option("--user", help="CalDAV only.")] = "",
    me: Annotated[
        list[str] | None, typer.Option("--me", help="An address of yours (repeat).")
    ] = None,
    password_stdin: PasswordStdin = False,
    json: Json = False,
) -> None:
    """Connect a calendar: --url (ICS address), --caldav (with --user) or --file."""
    owner = current_user()
    given = [v for v in (url, caldav, file) if v]
    if len(given) != 1:
        raise fail("Give one of --url, --caldav or --file.")
    if file:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise fail(f"--file: cannot read {file}: {exc.strerror}") from None
        try:
            connector, report = runs.import_ics(owner=owner, name=name, data=data, own_addresses=me)
        except SourceError as exc:
            raise fail(f"--file: {exc}") from None
        if json:
            print_json(dump(ConnectorOut, connector))
        else:
            say(f"Read {file.name}: {report.status}")
        return
    if caldav:
        connector = connectors.add_calendar(
            owner=owner,
            name=name,
            kind="caldav",
            url=caldav,
            username=username,
            password=_password(password_stdin),
            own_addresses=me,
        )
    else:
        connector = connectors.add_calendar(owner=owner, name=name, url=url, own_addresses=me)
    if json:
        print_json(dump(ConnectorOut, connector))
    else:
        say(f"Added {connector.name}. Its address is kept encrypted and never shown again.")


@app.command("list")
def list_connectors(json: Json = False) -> None:
    """Your connections and how their last run went."""
    owner = current_user()
    items = list(queries.connectors(owner))
    if json:
        print_json(dump_many(ConnectorOut, items))
        return
    if not items:
        say("No connections yet. Add one with `goodwill capture add-imap` or `add-calendar`.")
        return
    table = Table("id", "name", "kind", "where", "state", "last run")
    for c in items:
        where = f"{c.username} at {c.host}" if c.is_mail else c.url_hint or "uploaded file"
        state = "paused" if c.paused else (c.status or "waiting")
        table.add_row(str(c.pk), c.name, c.get_kind_display(), where, state, ago(c.last_run_at))
    out().print(table)


@app.command("test")
def test(name: str) -> None:
    """Log in and look, without reading anything into Goodwill."""
    owner = current_user()
    connector = _find(owner, name)
    try:
        say(runs.test_connection(owner=owner, connector=connector))
    except (SourceError, VaultError) as exc:
        raise fail(str(exc)) from None


@app.command("pause")
def pause(name: str) -> None:
    """Stop reading this connection until you resume it."""
    connector = connectors.set_paused(
        owner=current_user(), connector=_find(current_user(), name), paused=True
    )
    say(f"Paused {connector.name}. Nothing is read until you resume it.")


@app.command("resume")
def resume(name: str) -> None:
    """Read this connection again (within a few minutes, or now with `capture run`)."""
    connector = connectors.set_paused(
        owner=current_user(), connector=_find(current_user(), name), paused=False
    )
    say(f"{connector.name} is on again.")


@app.command("remove")
def remove(
    name: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Remove a connection and what it read. Interactions already logged stay."""
    owner = current_user()
    connector = _find(owner, name)
    confirm(
        f"Remove {connector.name} and its saved password?",
        yes=yes,
        refused=f"{connector.name} was kept.",
    )
    connectors.remove_connector(owner=owner, connector=connector)
    say(f"Removed {connector.name}. Interactions it logged stay on the timelines.")


@app.command("run")
def run(
    name: Annotated[
        str | None, typer.Argument(help="One connection; default: all that are on.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Run even if another run seems to hold it (after a crash)."),
    ] = False,
    json: Json = False,
) -> None:
    """Read what is new now, with a progress bar. Safe to stop at any moment."""
    owner = current_user()
    items = [_find(owner, name)] if name else list(queries.connectors(owner).filter(paused=False))
    items = [c for c in items if c.kind != "ics_file"]
    if not items:
        raise fail("Nothing to run: add a connection first, or resume a paused one.")
    reports = []
    quiet = json or not sys.stdout.isatty()
    for connector in items:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=quiet,
        ) as bar:
            job = bar.add_task(connector.name, total=None)

            def progress(done: int, total: int, bar=bar, job=job) -> None:
                bar.update(job, completed=done, total=total or None)

            report = runs.run_connector(connector, progress=progress, force=force)
        reports.append(report)
        if not json:
            say(f"{connector.name}: {report.skipped or report.status}")
    if json:
        print_json([r.as_dict() for r in reports])
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


# ---------------------------------------------------------------- review


@review_app.callback()
def review_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 30,
    json: Json = False,
) -> None:
    """The people you have written to lately who are not in Goodwill, most written-to first."""
    if ctx.invoked_subcommand:
        return
    owner = current_user()
    rows = list(queries.review_list(owner)[:limit])
    if json:
        print_json(dump_many(ReviewEntryOut, rows))
        return
    if not rows:
        say("No one to review. New names appear here as your mail is read.")
        return
    table = Table("id", "who", "you wrote", "they wrote", "met", "last")
    for e in rows:
        who = f"{e.name} <{e.email}>" if e.name else e.email
        table.add_row(
            str(e.pk),
            who,
            str(e.sent_count),
            str(e.received_count),
            str(e.met_count),
            ago(e.last_seen_at),
        )
    out().print(table)
    say(
        "Add: capture review add ID · merge: capture review merge ID PERSON_ID · "
        "ignore: capture review ignore ID [--domain]"
    )


@review_app.command("add")
def review_add(
    entry_id: int,
    name: Annotated[str, typer.Option("--name", help="Their name, if the mail did not say.")] = "",
) -> None:
    """Add them as a person; what was captured with them is logged."""
    owner = current_user()
    person = review.add_person(owner=owner, entry=_entry(owner, entry_id), display_name=name)
    say(f"Added {person.display_name} (id {person.pk}).")


@review_app.command("merge")
def review_merge(entry_id: int, person_id: int) -> None:
    """Add the address to someone already in Goodwill."""
    owner = current_user()
    entry = _entry(owner, entry_id)
    if not Person.objects.filter(owner=owner, pk=person_id).exists() if person_id < 2**63 else True:
        raise fail(f"No person with id {person_id}. See `goodwill person list`.")
    person = review.merge_into(owner=owner, entry=entry, person=person_id)
    say(f"Added {entry.email} to {person.display_name}.")


@review_app.command("ignore")
def review_ignore(
    entry_id: int,
    domain: Annotated[bool, typer.Option("--domain", help="Ignore the whole domain.")] = False,
) -> None:
    """Leave this address (or its whole domain) alone from now on."""
    owner = current_user()
    entry = _entry(owner, entry_id)
    if domain:
        item = review.ignore_domain(owner=owner, entry=entry)
        say(f"Ignoring everything from {item.value}.")
    else:
        item = review.ignore_address(owner=owner, entry=entry)
        say(f"Ignoring {item.value}.")


@app.command("ignored")
def ignored(json: Json = False) -> None:
    """The addresses and domains capture leaves alone."""
    items = list(queries.ignored(current_user()))
    if json:
        print_json(dump_many(IgnoredOut, items))
        return
    for item in items:
        say(f"{item.pk}  {'domain ' if item.is_domain else ''}{item.value}")
    if not items:
        say("Nothing is ignored.")


@app.command("forget")
def forget(
    email: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Remove everything captured from this address, and ignore it from now on."""
    owner = current_user()
    confirm(f"Remove everything captured from {email}?", yes=yes, refused="Nothing was removed.")
    try:
        done = review.forget_address(owner=owner, email=email)
    except ValidationError:
        raise fail(f"{email!r} is not an e-mail address.") from None
    say(
        f"Forgot {email}: {done['captured']} captured message(s) and "
        f"{done['interactions']} interaction(s) removed. It will not be read again."
    )


@app.command("settings")
def capture_settings(
    me: Annotated[
        list[str] | None,
        typer.Option("--me", help="All your addresses (repeat); replaces the list."),
    ] = None,
    reply_nudges: Annotated[
        bool | None,
        typer.Option(
            "--reply-nudges/--no-reply-nudges",
            help="On Today, remind me of e-mails waiting for my reply.",
        ),
    ] = None,
    reply_after: Annotated[
        int | None, typer.Option("--reply-after", metavar="DAYS", min=1, max=60)
    ] = None,
    max_attendees: Annotated[
        int | None, typer.Option("--max-attendees", metavar="N", min=2, max=100)
    ] = None,
    json: Json = False,
) -> None:
    """Show or change your addresses, the "reply to …" reminder and the meeting size."""
    owner = current_user()
    given = {
        "my_addresses": me,
        "reply_nudges": reply_nudges,
        "reply_after_days": reply_after,
        "max_attendees": max_attendees,
    }
    given = {k: v for k, v in given.items() if v is not None}
    config = (
        connectors.update_settings(owner=owner, **given) if given else queries.settings_of(owner)
    )
    if json:
        print_json(dump(CaptureSettingsOut, config))
        return
    say(f"Your addresses: {', '.join(config.address_list) or '(only your account address)'}")
    state = "on" if config.reply_nudges else "off"
    say(f'"Reply to …" on Today: {state}, after {config.reply_after_days} days')
    say(f"Meetings with more than {config.max_attendees} people are skipped.")


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    app.add_typer(review_app, name="review")
    root.add_typer(app, name="capture")
