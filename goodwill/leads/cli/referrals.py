"""`goodwill referral add|list|check`: referrals you give, and how they went."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import Json, Yes, confirm, current_user, out, owned, print_json
from goodwill.leads import queries as lead_queries
from goodwill.leads.models import Referral
from goodwill.leads.schemas import ReferralOut
from goodwill.leads.services import referrals as referral_service
from goodwill.people.cli import parse_date
from goodwill.people.cli.lookups import resolve_person

app = typer.Typer(help="Referrals you give, and the check on how they went.", no_args_is_help=True)


class Outcome(enum.StrEnum):
    helped = "helped"
    no_luck = "no_luck"
    unknown = "unknown"


@app.command("add")
def add(
    person: Annotated[str, typer.Argument(metavar="PERSON", help="Whom you referred.")],
    to: Annotated[str, typer.Option("--to", metavar="PERSON", help="To whom.")],
    why: Annotated[str, typer.Option("--why", metavar="TEXT", help="Why, in a few words.")],
    when: Annotated[str, typer.Option("--when", metavar="DATE", help="Default: today.")] = "",
    json: Json = False,
) -> None:
    """Note a referral: goodwill referral add "Carla Diaz" --to "Dan Moss" --why "..."."""
    owner = current_user()
    referral = referral_service.create_referral(
        owner=owner,
        person=resolve_person(owner, person, field="person"),
        referred_to=resolve_person(owner, to, field="referred_to"),
        reason=why,
        referred_on=parse_date("referred_on", when),
    )
    referral = lead_queries.referrals(owner).get(pk=referral.pk)
    if json:
        print_json(dump(ReferralOut, referral))
        return
    out().print(
        f"Referral {referral.pk} noted: {referral.person} → {referral.referred_to}. "
        f"You'll be asked how it went on {referral.check_due_on.isoformat()}.",
        markup=False,
    )


@app.command("list")
def list_referrals(
    pending: Annotated[bool, typer.Option("--pending", help="Only those not checked yet.")] = False,
    json: Json = False,
) -> None:
    """Referrals you gave, latest first."""
    owner = current_user()
    referrals = list(lead_queries.referrals(owner, pending=True if pending else None))
    if json:
        print_json(dump_many(ReferralOut, referrals))
        return
    if not referrals:
        out().print("No referrals yet. Add one with `goodwill referral add`.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("ID", "Who", "To", "Why", "When", "Outcome"):
        table.add_column(name, overflow="fold", style="dim" if name == "ID" else None)
    for r in referrals:
        outcome = r.get_outcome_display()
        if r.outcome == "pending":
            outcome = f"check on {r.check_due_on.isoformat()}"
        table.add_row(
            str(r.pk),
            escape(r.person.display_name),
            escape(r.referred_to.display_name),
            escape(r.reason),
            r.referred_on.isoformat(),
            escape(outcome + (f": {r.outcome_note}" if r.outcome_note else "")),
        )
    out().print(table)


@app.command("check")
def check(
    referral_id: Annotated[int, typer.Argument(metavar="ID")],
    outcome: Annotated[Outcome, typer.Argument(metavar="OUTCOME", help="helped, no_luck, unknown")],
    note: Annotated[str, typer.Option("--note", metavar="TEXT")] = "",
    json: Json = False,
) -> None:
    """Record how a referral went."""
    owner = current_user()
    found = owned(Referral, owner, referral_id, listing="goodwill referral list")
    referral_service.check_referral(owner=owner, referral=found, outcome=outcome.value, note=note)
    referral = lead_queries.referrals(owner).get(pk=found.pk)
    if json:
        print_json(dump(ReferralOut, referral))
        return
    out().print(f"Noted: {referral.get_outcome_display().lower()}.", markup=False)


@app.command("delete")
def delete(referral_id: Annotated[int, typer.Argument(metavar="ID")], yes: Yes = False) -> None:
    """Delete a referral you recorded (for instance one noted twice)."""
    owner = current_user()
    referral = owned(Referral, owner, referral_id, listing="goodwill referral list")
    what = f"the referral of {referral.person.display_name} to {referral.referred_to.display_name}"
    confirm(f"Delete {what}?", yes=yes, refused="Nothing was deleted.")
    referral_service.delete_referral(owner=owner, referral=referral)
    out().print(f"Deleted {what}.", markup=False)
