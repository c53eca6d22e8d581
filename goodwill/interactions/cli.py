"""`goodwill log KIND PERSON...` records a touchpoint; `goodwill due` lists who is due
for a catch-up; `goodwill promise add/list/done` keeps what you promised."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import CliError, current_user, fail, out, owned, print_json
from goodwill.cli.render import ago, due_phrase, local_date
from goodwill.core.rules import check_moment, field_error
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction, Kind, Promise
from goodwill.interactions.schemas import DuePersonOut, InteractionOut, PromiseOut
from goodwill.people import queries
from goodwill.people.cli.lookups import complete_person, resolve_person
from goodwill.people.models import Person
from goodwill.people.queries import find_people

KindChoice = enum.StrEnum("KindChoice", {value: value for value in Kind.values})


class Initiator(enum.StrEnum):
    me = "me"
    them = "them"


def parse_when(value: str | None):
    if value is None or not value.strip():
        return None
    text = value.strip().replace(" ", "T")
    try:
        when = dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise field_error(
            "occurred_at", f"{value!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM."
        ) from None
    return check_moment(when, "occurred_at")


def split_people(owner, names: list[str], *, new: bool) -> tuple[list[int], list[str]]:
    """Existing people by id or name; with --new, names that match nobody are new people."""
    ids, new_names = [], []
    for name in names:
        if new and not name.strip().lstrip("#").isdigit() and not find_people(owner, name):
            new_names.append(name)
            continue
        try:
            ids.append(resolve_person(owner, name).pk)
        except CliError as exc:
            if str(exc).startswith("Nobody matches"):
                raise fail(f"{exc} Add --new to create them as you log this.") from None
            raise
    return ids, new_names


def log(
    kind: Annotated[
        KindChoice, typer.Argument(metavar="KIND", case_sensitive=False, help="What it was.")
    ],
    people: Annotated[
        list[str],
        typer.Argument(
            metavar="PERSON...",
            help="Who took part: names (or parts) or ids.",
            autocompletion=complete_person,
        ),
    ],
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="What you talked about.")
    ] = "",
    summary: Annotated[
        str, typer.Option("--summary", metavar="TEXT", help="A one-line headline.")
    ] = "",
    when: Annotated[
        str | None,
        typer.Option(
            "--when", metavar="WHEN", help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now)."
        ),
    ] = None,
    ask_next: Annotated[
        list[str] | None,
        typer.Option(
            "--ask-next", metavar="TEXT", help="Something to ask about next time. Repeat for more."
        ),
    ] = None,
    asked: Annotated[
        list[int] | None,
        typer.Option("--asked", metavar="ID", help="Tick off a thing to ask (see `person show`)."),
    ] = None,
    promised: Annotated[
        list[str] | None,
        typer.Option(
            "--promised",
            metavar="TEXT",
            help="Something you promised them (due in 3 days). Repeat for more.",
        ),
    ] = None,
    by: Annotated[
        Initiator | None, typer.Option("--by", help="Who reached out: me or them.")
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help="Create people whose names match nobody.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Log a touchpoint (coffee, call, ...) with one or more people.

    Example: goodwill log coffee "Ana Ruiz" --note "..." --ask-next "her marathon"
    """
    owner = current_user()
    ids, new_names = split_people(owner, people, new=new)
    interaction = interactions.log_interaction(
        owner=owner,
        participants=ids,
        new_people=new_names,
        kind=kind.value,
        occurred_at=parse_when(when),
        summary=summary,
        notes=note,
        initiated_by=by.value if by else None,
        ask_next=ask_next or [],
        asked=asked or [],
        promised=promised or [],
    )
    interaction = Interaction.objects.prefetch_related("participants").get(pk=interaction.pk)
    if json:
        print_json(dump(InteractionOut, interaction))
        return
    who = list(interaction.participants.all())
    created = {" ".join(n.split()) for n in new_names}
    names = [p.display_name + (" (new)" if p.display_name in created else "") for p in who]
    console = out()
    console.print(
        f"Logged {interaction.get_kind_display().lower()} with {', '.join(names)} "
        f"on {local_date(interaction.occurred_at)} (id {interaction.pk}).",
        markup=False,
    )
    for p in Person.objects.filter(pk__in=[p.pk for p in who], next_due_on__isnull=False):
        console.print(
            f"Next catch-up with {p.display_name}: {p.next_due_on} ({due_phrase(p.next_due_on)}).",
            markup=False,
        )


def due(
    days: Annotated[
        int,
        typer.Option(
            "--days",
            "-d",
            metavar="N",
            min=0,
            max=3650,
            help="Also list who falls due within N days.",
        ),
    ] = 0,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            min=0,
            help="Show at most N people, most overdue first (0: everyone).",
        ),
    ] = 50,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Who is due for a catch-up, most overdue first, with when you last talked."""
    owner = current_user()
    people, more = interaction_queries.due_page(
        owner, on=queries.today() + dt.timedelta(days=days), limit=limit
    )
    if json:
        print_json(dump_many(DuePersonOut, people))
        return
    console = out()
    if not people:
        console.print("Nobody is due" + (f" in the next {days} days." if days else " today."))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Organization", overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("Last contact", no_wrap=True)
    for p in people:
        overdue = (queries.today() - p.next_due_on).days > 0
        phrase = due_phrase(p.next_due_on)
        table.add_row(
            str(p.pk),
            escape(p.display_name),
            escape(p.organization.name if p.organization_id else ""),
            f"[red]{phrase}[/red]" if overdue else phrase,
            ago(p.last_contact_at),
        )
    console.print(table)
    if more:
        console.print(f"… and {more} more (--limit 0 shows everyone).", style="dim")


promise_app = typer.Typer(
    help="What you promised people, and when it is due.", no_args_is_help=True
)


def _promise_line(item: Promise) -> str:
    if item.done_at:
        when = f"done {local_date(item.done_at)}"
    elif item.days_left < 0:
        when = f"{-item.days_left} day{'s' if item.days_left < -1 else ''} late"
    elif item.days_left == 0:
        when = "due today"
    else:
        when = f"due {item.due_on:%-d %b}"
    return f"{item.pk:>5}  {item.person.display_name}: {item.text} ({when})"


@promise_app.command("add")
def promise_add(
    person: Annotated[str, typer.Argument(metavar="PERSON", help="Name (or part) or id.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you promised.")],
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="YYYY-MM-DD", help="When it is due (default: in 3 days)."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Note a promise: goodwill promise add "Ana Ruiz" "send the case studies"."""
    owner = current_user()
    who = resolve_person(owner, person)
    item = interactions.add_promise(owner=owner, person=who, text=text, due_on=due)
    item.days_left = (item.due_on - queries.today()).days
    if json:
        print_json(dump(PromiseOut, item))
        return
    out().print(f"Noted (id {item.pk}): {_promise_line(item).split(': ', 1)[1]}", markup=False)


@promise_app.command("list")
def promise_list(
    json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Open promises, soonest due first (late ones lead)."""
    items = interaction_queries.open_promises(current_user())
    if json:
        print_json(dump_many(PromiseOut, items))
        return
    if not items:
        out().print("Nothing promised and open.", markup=False)
        return
    for item in items:
        out().print(_promise_line(item), markup=False)


@promise_app.command("done")
def promise_done(
    promise_id: Annotated[int, typer.Argument(metavar="ID", help="See `goodwill promise list`.")],
    undo: Annotated[bool, typer.Option("--undo", help="Open it again.")] = False,
) -> None:
    """Close a promise you kept (it counts as contact with them)."""
    owner = current_user()
    item = owned(Promise, owner, promise_id, listing="goodwill promise list")
    item = interactions.set_promise_done(owner=owner, item=item, done=not undo)
    done = "Opened again" if undo else "Kept. Nice"
    out().print(f"{done}: {item.text} ({item.person.display_name}).", markup=False)


def register(root) -> None:
    """Add this area's commands to the root typer app."""
    root.command("log")(log)
    root.command("due")(due)
    root.add_typer(promise_app, name="promise")
