"""`goodwill notify ...`: Apprise channels (add, list, test, remove, choose) and quiet hours."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import Json, Yes, confirm, current_user, fail, out, print_json, say
from goodwill.notify import queries
from goodwill.notify import services as service
from goodwill.notify.models import Channel
from goodwill.notify.schemas import ChannelOut, NotifySettingsOut

app = typer.Typer(
    help="Notifications: send reminders to ntfy, Telegram, Matrix, e-mail… through Apprise.",
    no_args_is_help=True,
)

TOPICS_HELP = "What it receives: today, lead, event (comma-separated; all three by default)."


def _topics(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [t.strip() for t in value.split(",") if t.strip()]


def _channel(owner, which: str) -> Channel:
    qs = Channel.objects.filter(owner=owner)
    found = qs.filter(pk=int(which)).first() if which.isdigit() and len(which) < 19 else None
    found = found or qs.filter(name__iexact=which.strip()).first()
    if found is None:
        raise fail(f"No channel called {which!r}. See `goodwill notify list`.")
    return found


def _print_channel(channel: Channel) -> None:
    topics = ", ".join(channel.topics) or "nothing"
    say(f"{channel.pk}  {channel.name}  {channel.url_hint}  receives: {topics}")


@app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="An Apprise URL, e.g. ntfy://ntfy.sh/my-topic.")],
    name: Annotated[str, typer.Option("--name", help="A name for it, like phone.")] = "",
    topics: Annotated[str | None, typer.Option("--topics", help=TOPICS_HELP)] = None,
    json: Json = False,
) -> None:
    """Add a channel. The URL is encrypted at rest and never shown again in full.

    Tip: a URL on the command line may stay in your shell history; clear it afterwards
    if it holds a token."""
    owner = current_user()
    channel = service.add_channel(
        owner=owner, name=name or url.split("://", 1)[0], url=url, topics=_topics(topics)
    )
    if json:
        print_json(dump(ChannelOut, channel))
        return
    _print_channel(channel)
    say("Added. Try it with `goodwill notify test " + str(channel.pk) + "`.")


@app.command("list")
def list_(json: Json = False) -> None:
    """Your channels, with what each receives and its last problem, if any."""
    channels = queries.channels(current_user())
    if json:
        print_json(dump_many(ChannelOut, channels))
        return
    if not channels:
        say("No channels yet. Add one with `goodwill notify add URL --name NAME`.")
        return
    table = Table("id", "name", "address", "receives", "last problem")
    for c in channels:
        table.add_row(
            str(c.pk), c.name, c.url_hint, ", ".join(c.topics) or "nothing", c.last_error or "—"
        )
    out().print(table)


@app.command("test")
def test(
    channel: Annotated[str, typer.Argument(help="The channel's id or name.")],
    json: Json = False,
) -> None:
    """Send a test message now."""
    owner = current_user()
    target = _channel(owner, channel)
    error = service.send_test(owner=owner, target=target)
    if json:
        print_json({"sent": error is None, "error": error or ""})
        return
    if error:
        raise fail(f"{target.name}: not sent. {error}")
    say(f"Sent to {target.name}. If it does not arrive, check the address and the app.")


@app.command("remove")
def remove(
    channel: Annotated[str, typer.Argument(help="The channel's id or name.")],
    yes: Yes = False,
) -> None:
    """Remove a channel (its address is forgotten)."""
    owner = current_user()
    target = _channel(owner, channel)
    confirm(f"Remove {target.name}?", yes=yes, refused="Nothing removed.")
    service.remove_channel(owner=owner, channel=target)
    say(f"Removed {target.name}.")


@app.command("choose")
def choose(
    channel: Annotated[str, typer.Argument(help="The channel's id or name.")],
    topics: Annotated[str, typer.Argument(help=TOPICS_HELP.replace(" by default", ""))],
    json: Json = False,
) -> None:
    """Choose what a channel receives, e.g. `goodwill notify choose phone today,lead`.
    Pass `none` to pause it."""
    owner = current_user()
    chosen = [] if topics.strip().lower() == "none" else _topics(topics)
    target = service.update_channel(owner=owner, channel=_channel(owner, channel), topics=chosen)
    if json:
        print_json(dump(ChannelOut, target))
        return
    _print_channel(target)


@app.command("quiet")
def quiet(
    start: Annotated[
        str | None, typer.Option("--from", help="Quiet from this time (HH:MM).")
    ] = None,
    end: Annotated[str | None, typer.Option("--until", help="Until this time (HH:MM).")] = None,
    morning: Annotated[
        str | None, typer.Option("--morning", help="When the morning summary goes (HH:MM).")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="No quiet hours.")] = False,
    on: Annotated[bool, typer.Option("--on", help="Quiet hours again.")] = False,
    json: Json = False,
) -> None:
    """Show or set quiet hours: nothing is sent then, in your time zone (the digest's)."""
    owner = current_user()
    if off and on:
        raise fail("--on and --off together: pick one.")
    changed = {"quiet_start": start, "quiet_end": end, "morning_at": morning}
    enabled = True if on else False if off else None
    if enabled is None and not any(changed.values()):
        config = queries.settings_of(owner)
    else:
        config = service.update_settings(owner=owner, quiet_enabled=enabled, **changed)
    data = dump(NotifySettingsOut, config)
    if json:
        print_json(data)
        return
    if data["quiet_enabled"]:
        say(f"Quiet from {data['quiet_start']} to {data['quiet_end']} ({data['time_zone']}).")
    else:
        say(f"No quiet hours ({data['time_zone']}).")
    say(f"The morning summary goes at {data['morning_at']}.")


def register(root) -> None:
    root.add_typer(app, name="notify")
