"""`goodwill worker`, `goodwill send-digests`, `goodwill feed ...`, `goodwill digest ...`."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rich.table import Table

from goodwill.api.schemas import dump
from goodwill.cli.common import Json, current_user, ensure_migrated, out, print_json
from goodwill.reminders import rules as reminder_rules
from goodwill.reminders import services as service
from goodwill.reminders.queries.digest import build_digest
from goodwill.reminders.schemas import ReminderSettingsOut
from goodwill.reminders.services import outbox
from goodwill.reminders.services.tasks import run_worker

feed_app = typer.Typer(
    help="Your calendar feed: a secret address to subscribe to.", no_args_is_help=True
)
digest_app = typer.Typer(
    help="Your digest e-mail: settings, verification, preview.", no_args_is_help=True
)


class FrequencyChoice(enum.StrEnum):
    daily = "daily"
    weekly = "weekly"


def worker(
    tick: Annotated[
        int | None,
        typer.Option(
            "--tick",
            metavar="SECONDS",
            min=5,
            max=3600,
            help="How often to look for digests due (default: GOODWILL_TICK_SECONDS or 60).",
        ),
    ] = None,
    exit_with_parent: Annotated[
        bool, typer.Option("--exit-with-parent", hidden=True, help="Stop when the parent stops.")
    ] = False,
) -> None:
    """Run the background worker: sends digests when they are due, and queued e-mails.

    `goodwill serve` starts one for you. Run more than one if you like: each digest
    is still sent once. Stop it with Ctrl+C (or SIGTERM).
    """

    ensure_migrated()
    every = tick or settings.GOODWILL_TICK_SECONDS
    console = out()
    if not reminder_rules.email_enabled():
        console.print(
            "E-mail is not set up (GOODWILL_EMAIL_URL), so no digest will be sent.",
            style="yellow",
        )
    console.print(f"Goodwill worker running: checking every {every} s. Ctrl+C stops it.")

    def report(r: outbox.TickReport) -> None:
        if r.sent or r.failed or r.retrying:
            console.print(
                f"digests: {r.sent} sent, {r.skipped} skipped, {r.retrying} to retry, "
                f"{r.failed} failed",
                markup=False,
            )
        n = r.notifications or {}
        if n.get("sent") or n.get("failed") or n.get("retrying"):
            console.print(
                f"notifications: {n['sent']} sent, {n['retrying']} to retry, {n['failed']} failed",
                markup=False,
            )

    run_worker(tick_seconds=every, exit_with_parent=exit_with_parent, on_report=report)


def send_digests(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be sent; send and write nothing.")
    ] = False,
    json: Json = False,
) -> None:
    """Send the digests due now, once (for cron). Safe to run beside `goodwill worker`.

    Example crontab line: */5 * * * * goodwill send-digests
    """
    ensure_migrated()
    if dry_run:
        rows = outbox.dry_run()
        if json:
            print_json(rows)
            return
        console = out()
        if not rows:
            console.print("No digest is due now.")
            return
        table = Table("account", "to", "period", "due at (UTC)", "status")
        for row in rows:
            table.add_row(row["account"], row["to"], row["period"], row["due_at"], row["status"])
        console.print(table)
        return
    result = outbox.tick()
    if json:
        print_json(result.as_dict())
        return
    out().print(
        f"{result.planned} planned, {result.sent} sent, {result.skipped} skipped (nothing due "
        f"or turned off), {result.retrying} to retry, {result.failed} failed.",
        markup=False,
    )
    if not reminder_rules.email_enabled():
        out().print("E-mail is not set up (GOODWILL_EMAIL_URL): nothing can be sent.")


# ---------------------------------------------------------------- feed


@feed_app.command("url")
def feed_url(json: Json = False) -> None:
    """Show the feed's state; create its address if there is none yet."""
    owner = current_user()
    config = service.settings_for(owner)
    if not config.has_feed:
        config, secret = service.rotate_feed(owner=owner)
        _print_feed(config, secret, json)
        return
    if json:
        print_json({"url": None, "hint": config.feed_hint, "created_at": _iso(config)})
        return
    out().print(
        f"A feed address is active ({config.feed_hint}…, made "
        f"{config.feed_created_at:%Y-%m-%d}). Goodwill keeps only a fingerprint of it, so it "
        "cannot show it again: `goodwill feed rotate` makes a new one (the old one stops).",
        markup=False,
    )


@feed_app.command("rotate")
def feed_rotate(json: Json = False) -> None:
    """Make a new feed address; the previous one stops working at once."""
    config, secret = service.rotate_feed(owner=current_user())
    _print_feed(config, secret, json)


@feed_app.command("revoke")
def feed_revoke(json: Json = False) -> None:
    """Turn the feed off: its address answers 404 from now on."""
    config = service.revoke_feed(owner=current_user())
    if json:
        print_json(dump(ReminderSettingsOut, config))
        return
    out().print("The calendar feed is off.")


def _iso(config) -> str | None:
    return config.feed_created_at.isoformat() if config.feed_created_at else None


def _print_feed(config, secret: str, json: bool) -> None:
    url = reminder_rules.feed_link(secret)
    if json:
        print_json({"url": url, "hint": config.feed_hint, "created_at": _iso(config)})
        return
    console = out()
    console.print(url, markup=False, soft_wrap=True)
    console.print(
        "Subscribe to it in your calendar app. It is shown only now; keep it private.",
        style="dim",
    )


# ---------------------------------------------------------------- digest


def _show_settings(config, json: bool) -> None:
    data = dump(ReminderSettingsOut, config)
    if json:
        print_json(data)
        return
    console = out()
    state = "on" if data["digest_enabled"] else "off"
    when = data["frequency"] + (f" on {data['weekday']}" if data["frequency"] == "weekly" else "")
    console.print(
        f"Digest: {state}, {when} at {data['send_time']} ({data['time_zone']})", markup=False
    )
    verified = "verified" if data["email_verified"] else "not verified"
    console.print(f"To: {data['email'] or '(no address)'} — {verified}", markup=False)
    if data["next_digest_at"]:
        console.print(f"Next: {data['next_digest_at']}", markup=False)
    feed = f"active ({data['feed_hint']}…)" if data["feed_active"] else "off"
    console.print(f"Calendar feed: {feed}", markup=False)
    if not data["email_configured"]:
        console.print("This server cannot send e-mail (GOODWILL_EMAIL_URL).", style="yellow")


@digest_app.command("settings")
def digest_settings(
    on: Annotated[
        bool | None, typer.Option("--on/--off", help="Turn the digest on or off.")
    ] = None,
    frequency: Annotated[FrequencyChoice | None, typer.Option("--every")] = None,
    weekday: Annotated[
        str | None, typer.Option("--weekday", metavar="DAY", help="For a weekly digest.")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", metavar="HH:MM", help="Local time to send it.")
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", metavar="ZONE", help="e.g. Europe/Berlin")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", metavar="ADDRESS")] = None,
    notes: Annotated[
        bool | None,
        typer.Option("--notes/--no-notes", help="Put notes in the calendar feed."),
    ] = None,
    json: Json = False,
) -> None:
    """Show the digest settings, or change the ones given.

    Example: goodwill digest settings --on --every weekly --weekday monday --at 08:00
    """
    owner = current_user()
    given = {
        "digest_enabled": on,
        "frequency": frequency.value if frequency else None,
        "weekday": weekday,
        "send_time": at,
        "time_zone": tz,
        "email": email,
        "feed_include_notes": notes,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    config = (
        service.update_settings(owner=owner, **changes) if changes else service.settings_for(owner)
    )
    _show_settings(config, json)


@digest_app.command("verify")
def digest_verify() -> None:
    """E-mail a confirmation link to the digest address (sent by `goodwill worker`)."""
    config = service.request_verification(owner=current_user())
    out().print(
        f"A confirmation link is queued for {config.email}; the worker sends it.", markup=False
    )


@digest_app.command("preview")
def digest_preview(json: Json = False) -> None:
    """Print what a digest sent now would say (nothing is sent)."""
    owner = current_user()
    config = service.settings_for(owner)
    digest = build_digest(owner, config, timezone.now())
    if json:
        print_json(digest.as_dict())
        return
    if digest.is_empty:
        out().print("Nothing is due: no digest would be sent now.")
        return
    text = render_to_string(
        "goodwill/reminders/email/digest.txt",
        {
            "digest": digest,
            "name": owner.first_name or owner.username,
            "site_url": settings.GOODWILL_SITE_URL,
            "settings_url": reminder_rules.site_link(reverse("reminders.settings")),
            "unsubscribe_url": reminder_rules.unsubscribe_link(owner.pk),
        },
    )
    typer.echo(f"Subject: {digest.subject}\n\n{text.strip()}")


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.command("worker")(worker)
    root.command("send-digests")(send_digests)
    root.add_typer(feed_app, name="feed")
    root.add_typer(digest_app, name="digest")
