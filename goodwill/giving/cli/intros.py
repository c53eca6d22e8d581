"""`goodwill intro suggest|ask|made|outcome|decline|show|draft|list`: double opt-in."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from rich.markup import escape

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import Json, current_user, fail, out, owned, print_json, say
from goodwill.giving import queries
from goodwill.giving.models import Introduction, Need
from goodwill.giving.schemas import IntroDetailOut, IntroOut
from goodwill.giving.services import intros as intro_service
from goodwill.leads.schemas import draft_dict
from goodwill.people.cli.lookups import resolve_person

app = typer.Typer(
    help="Double-opt-in introductions: suggest, ask A, ask B, made, outcome.",
    no_args_is_help=True,
)


class IntroState(enum.StrEnum):
    open = "open"
    made = "made"
    declined = "declined"
    all = "all"


class Decliner(enum.StrEnum):
    a = "a"
    b = "b"
    me = "me"


def _intro(owner, intro_id: int) -> Introduction:
    return owned(Introduction, owner, intro_id, listing="goodwill intro list")


def _show_intro(owner, intro_id: int, json: bool, *, variant=None) -> None:
    intro = queries.intro_detail(owner, intro_id)
    if json:
        print_json(dump(IntroDetailOut, intro))
        return
    say(f"Introduction {intro.pk}: {intro.a.display_name} ↔ {intro.b.display_name}")
    say(f"Status: {intro.get_status_display().lower()}")
    if intro.outcome:
        say(f"Outcome: {intro.outcome}")
    draft = intro_service.next_draft(intro, owner, variant=variant)
    if draft is not None:
        step = draft.kind.replace("_", "-")
        say(f"\nNext: {step}. The draft, to {draft.to_name}:")
        say(draft.text)
        say(f"\nWhen sent: goodwill intro {step} {intro.pk}")


@app.command("suggest")
def intro_suggest(
    a: Annotated[str, typer.Argument(metavar="A", help="Asked first (name or id).")],
    b: Annotated[str, typer.Argument(metavar="B", help="Asked second (name or id).")],
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT")] = "",
    need: Annotated[int | None, typer.Option("--need", metavar="NEED_ID")] = None,
    json: Json = False,
) -> None:
    """Suggest introducing A to B; prints the message asking A."""
    owner = current_user()
    intro = intro_service.suggest_intro(
        owner=owner,
        a=resolve_person(owner, a, field="a"),
        b=resolve_person(owner, b, field="b"),
        reason=reason,
        need=owned(Need, owner, need, listing="goodwill need list") if need else None,
    )
    _show_intro(owner, intro.pk, json)


def _step(intro_id: int, action: str, json: bool, **kwargs) -> None:
    owner = current_user()
    intro_service.advance_intro(owner=owner, intro=_intro(owner, intro_id), action=action, **kwargs)
    _show_intro(owner, intro_id, json)


IntroId = Annotated[int, typer.Argument(metavar="INTRO_ID")]
Note = Annotated[str, typer.Option("--note", metavar="TEXT")]


@app.command("ask")
def intro_ask(
    intro_id: IntroId,
    who: Annotated[str, typer.Argument(metavar="a|b", help="Which side you asked.")] = "",
    note: Note = "",
    json: Json = False,
) -> None:
    """Record that you asked A (or, after A said yes, B). Without a|b: the next one."""
    owner = current_user()
    intro = _intro(owner, intro_id)
    if who not in ("", "a", "b"):
        raise fail("who: say a or b.")
    action = f"ask_{who}" if who else ("ask_b" if intro.status == "asked_a" else "ask_a")
    _step(intro_id, action, json, note=note)


@app.command("made")
def intro_made(
    intro_id: IntroId,
    met: Annotated[bool, typer.Option("--met", help="It meets the need: mark it met.")] = False,
    note: Note = "",
    json: Json = False,
) -> None:
    """Both said yes and you introduced them: adds their relationship and gives."""
    _step(intro_id, "made", json, note=note, meets_need=met)


@app.command("outcome")
def intro_outcome(
    intro_id: IntroId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="How it turned out.")],
    json: Json = False,
) -> None:
    """Note how a made introduction turned out."""
    _step(intro_id, "outcome", json, outcome=text)


@app.command("decline")
def intro_decline(
    intro_id: IntroId,
    by: Annotated[Decliner | None, typer.Option("--by", help="Who said no.")] = None,
    note: Note = "",
    json: Json = False,
) -> None:
    """Someone said no (default: whoever was asked). A no is normal."""
    _step(intro_id, "decline", json, declined_by=by.value if by else "", note=note)


@app.command("show")
def intro_show(
    intro_id: IntroId,
    variant: Annotated[int | None, typer.Option("--variant", min=0)] = None,
    json: Json = False,
) -> None:
    """An introduction, its status and the draft for the next step."""
    owner = current_user()
    _show_intro(owner, _intro(owner, intro_id).pk, json, variant=variant)


@app.command("list")
def intro_list(
    state: Annotated[IntroState, typer.Option("--state")] = IntroState.open,
    json: Json = False,
) -> None:
    """Introductions (in flight by default)."""
    owner = current_user()
    rows = list(queries.intros(owner, state="" if state == "all" else state.value)[:500])
    if json:
        print_json(dump_many(IntroOut, rows))
        return
    if not rows:
        say("No introductions here. Suggest one: goodwill intro suggest A B")
    for i in rows:
        out().print(
            f"[dim]{i.pk:>6}[/dim]  {escape(i.a.display_name)} ↔ {escape(i.b.display_name)} "
            f"[dim]({i.status})[/dim]"
        )


@app.command("draft")
def intro_draft(
    intro_id: IntroId,
    variant: Annotated[int | None, typer.Option("--variant", min=0)] = None,
    json: Json = False,
) -> None:
    """Just the draft message for the next step."""
    owner = current_user()
    intro = queries.intro_detail(owner, _intro(owner, intro_id).pk)
    draft = intro_service.next_draft(intro, owner, variant=variant)
    if draft is None:
        raise fail("No message is due: the introduction is made or declined.")
    if json:
        print_json(draft_dict(draft))
        return
    say(draft.text)
