"""`goodwill need|offer|give|intro ...` and `goodwill balance`: serve first."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from rich.markup import escape

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import Json, current_user, fail, out, owned, print_json, say
from goodwill.giving import queries
from goodwill.giving import services as service
from goodwill.giving.cli.intros import app as intro_app
from goodwill.giving.matching import search as matching
from goodwill.giving.models import GiveKind, Need, NeedStatus, Offer
from goodwill.giving.schemas import BalanceOut, GiveOut, MatchOut, NeedOut, OfferOut
from goodwill.people.cli import parse_date
from goodwill.people.cli.lookups import resolve_person
from goodwill.people.services import ensure_me

need_app = typer.Typer(help="What people need: note it, find who could help.", no_args_is_help=True)
offer_app = typer.Typer(help="What people (and you) can offer.", no_args_is_help=True)
give_app = typer.Typer(help="Help given and received.", no_args_is_help=True)

KindChoice = enum.StrEnum("KindChoice", {v: v for v in GiveKind.values})
StatusChoice = enum.StrEnum("StatusChoice", {v: v for v in NeedStatus.values})


def _someone(owner, text: str, field: str):
    """A person by id or name, or "me"."""
    if text.strip().lower() == "me":
        return ensure_me(owner=owner)
    return resolve_person(owner, text, field=field)


# ---------------------------------------------------------------- needs


@need_app.command("add")
def need_add(
    person: Annotated[str, typer.Argument(metavar="PERSON", help="Whose need (name or id).")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What they need, in a few words.")],
    details: Annotated[str, typer.Option("--details", metavar="TEXT")] = "",
    heard: Annotated[str, typer.Option("--heard", metavar="DATE", help="Default today.")] = "",
    json: Json = False,
) -> None:
    """Note what someone needs. Example: goodwill need add "Ana Ruiz" "Hiring a designer" """
    owner = current_user()
    need = service.create_need(
        owner=owner,
        person=resolve_person(owner, person, field="person"),
        text=text,
        details=details,
        heard_on=parse_date("heard_on", heard),
    )
    if json:
        print_json(dump(NeedOut, need))
        return
    say(f"Need {need.pk} noted for {need.person.display_name}: {need.text}")
    say(f"Who could help: goodwill need match {need.pk}")


@need_app.command("list")
def need_list(
    person: Annotated[str | None, typer.Option("--person", metavar="PERSON")] = None,
    status: Annotated[StatusChoice, typer.Option("--status")] = StatusChoice.open,
    json: Json = False,
) -> None:
    """Needs (open ones by default), newest first."""
    owner = current_user()
    who = resolve_person(owner, person, field="person") if person else None
    rows = list(queries.needs(owner, status=status.value, person=who)[:500])
    if json:
        print_json(dump_many(NeedOut, rows))
        return
    if not rows:
        say("No needs here. Add one with `goodwill need add PERSON TEXT`.")
        return
    for n in rows:
        out().print(
            f"[dim]{n.pk:>6}[/dim]  {escape(n.person.display_name)}: {escape(n.text)} "
            f"[dim]({n.heard_on.isoformat()}, {n.status})[/dim]"
        )


@need_app.command("match")
def need_match(
    need_id: Annotated[int, typer.Argument(metavar="NEED_ID")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=50)] = 10,
    json: Json = False,
) -> None:
    """Who could meet a need, best first, with the reasons."""
    owner = current_user()
    need = owned(Need, owner, need_id, listing="goodwill need list")
    found = matching.match_need(owner, need, limit=limit)
    if json:
        print_json(dump_many(MatchOut, found))
        return
    say(f"{need.person.display_name} needs: {need.text}")
    if not found:
        say("Nobody stands out yet. Note offers as you hear them: goodwill offer add.")
        return
    for rank, m in enumerate(found, 1):
        reasons = f" — {'; '.join(m.reasons)}" if m.reasons else ""
        out().print(f"{rank:>3}. {escape(m.name)} [dim](#{m.person_id})[/dim]{escape(reasons)}")
    say(f"Suggest an introduction: goodwill intro suggest PERSON {need.person_id} --need {need.pk}")


def _set_status(need_id: int, status: str, json: bool) -> None:
    owner = current_user()
    need = service.set_need_status(
        owner=owner, need=owned(Need, owner, need_id, listing="goodwill need list"), status=status
    )
    if json:
        print_json(dump(NeedOut, need))
        return
    say(f"Need {need.pk} is now {need.get_status_display().lower()}.")


@need_app.command("met")
def need_met(need_id: Annotated[int, typer.Argument(metavar="NEED_ID")], json: Json = False):
    """Mark a need met."""
    _set_status(need_id, NeedStatus.MET, json)


@need_app.command("moot")
def need_moot(need_id: Annotated[int, typer.Argument(metavar="NEED_ID")], json: Json = False):
    """Mark a need no longer relevant."""
    _set_status(need_id, NeedStatus.MOOT, json)


@need_app.command("reopen")
def need_reopen(need_id: Annotated[int, typer.Argument(metavar="NEED_ID")], json: Json = False):
    """Open a need again."""
    _set_status(need_id, NeedStatus.OPEN, json)


# ---------------------------------------------------------------- offers


@offer_app.command("add")
def offer_add(
    person: Annotated[str, typer.Argument(metavar="PERSON", help="Name, id, or “me”.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What they can give.")],
    details: Annotated[str, typer.Option("--details", metavar="TEXT")] = "",
    json: Json = False,
) -> None:
    """Note what someone (or you) can offer. Example: goodwill offer add me "Python reviews" """
    owner = current_user()
    offer = service.create_offer(
        owner=owner, person=_someone(owner, person, "person"), text=text, details=details
    )
    if json:
        print_json(dump(OfferOut, offer))
        return
    say(f"Offer {offer.pk} noted for {offer.person.display_name}: {offer.text}")


@offer_app.command("list")
def offer_list(
    person: Annotated[str | None, typer.Option("--person", metavar="PERSON")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Include retired offers.")] = False,
    json: Json = False,
) -> None:
    """Offers, newest first."""
    owner = current_user()
    who = _someone(owner, person, "person") if person else None
    rows = list(queries.offers(owner, active=None if everything else True, person=who)[:500])
    if json:
        print_json(dump_many(OfferOut, rows))
        return
    if not rows:
        say("No offers yet. Add one with `goodwill offer add PERSON TEXT`.")
    for o in rows:
        out().print(f"[dim]{o.pk:>6}[/dim]  {escape(o.person.display_name)}: {escape(o.text)}")


@offer_app.command("retire")
def offer_retire(offer_id: Annotated[int, typer.Argument(metavar="OFFER_ID")]) -> None:
    """Mark an offer as no longer on the table."""
    owner = current_user()
    offer = owned(Offer, owner, offer_id, listing="goodwill offer list")
    service.update_offer(owner=owner, offer=offer, active=False)
    say(f"Offer {offer.pk} retired.")


# ---------------------------------------------------------------- gives


@give_app.command("add")
def give_add(
    summary: Annotated[str, typer.Argument(metavar="SUMMARY", help="What the help was.")],
    to: Annotated[
        str | None, typer.Option("--to", metavar="PERSON", help="Who was helped (or me).")
    ] = None,
    giver: Annotated[
        str, typer.Option("--from", metavar="PERSON", help="Who helped (default me).")
    ] = "me",
    kind: Annotated[KindChoice, typer.Option("--kind")] = KindChoice.other,
    need: Annotated[int | None, typer.Option("--need", metavar="NEED_ID")] = None,
    met: Annotated[bool, typer.Option("--met", help="It meets the need: mark it met.")] = False,
    when: Annotated[str, typer.Option("--when", metavar="DATE")] = "",
    json: Json = False,
) -> None:
    """Log help. Example: goodwill give add "Sent two designer names" --to Ana --kind referral"""
    owner = current_user()
    if to is None and need is None:
        raise fail("receiver: say who was helped with --to PERSON (or name a --need).")
    give = service.record_give(
        owner=owner,
        summary=summary,
        giver=_someone(owner, giver, "giver"),
        receiver=_someone(owner, to, "receiver") if to else None,
        kind=kind.value,
        need=owned(Need, owner, need, listing="goodwill need list") if need else None,
        meets_need=met,
        given_on=parse_date("given_on", when),
    )
    if json:
        print_json(dump(GiveOut, give))
        return
    extra = " The need is marked met." if met else ""
    say(f"Logged: {give.giver.display_name} → {give.receiver.display_name}: {give.summary}.{extra}")


@give_app.command("list")
def give_list(
    person: Annotated[str | None, typer.Option("--person", metavar="PERSON")] = None,
    json: Json = False,
) -> None:
    """Help given and received, newest first."""
    owner = current_user()
    who = resolve_person(owner, person, field="person") if person else None
    rows = list(queries.gives(owner, person=who)[:500])
    if json:
        print_json(dump_many(GiveOut, rows))
        return
    if not rows:
        say("Nothing logged yet. Small things count: goodwill give add.")
    for g in rows:
        out().print(
            f"[dim]{g.pk:>6}  {g.given_on.isoformat()}[/dim]  {escape(g.giver.display_name)} → "
            f"{escape(g.receiver.display_name)}: {escape(g.summary)} [dim]({g.kind})[/dim]"
        )


def balance(json: Json = False) -> None:
    """Are you leading with giving? Given vs received, by month and by person."""
    result = queries.balance(current_user())
    if json:
        print_json(dump(BalanceOut, result))
        return
    say(f"You helped {result.given} time(s); you were helped {result.received} time(s).")
    say(result.summary)
    for m in result.months:
        if m.given or m.received:
            say(f"  {m.start:%Y-%m}  given {m.given:>3}  received {m.received:>3}")
    for row in result.people[:10]:
        say(f"  {row.person.display_name}: you {row.given}, they {row.received}")


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.add_typer(need_app, name="need")
    root.add_typer(offer_app, name="offer")
    root.add_typer(give_app, name="give")
    root.add_typer(intro_app, name="intro")
    root.command("balance")(balance)
