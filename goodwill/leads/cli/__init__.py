"""`goodwill lead add|list|show|move|report|due|stats|settings` and `goodwill referral ...`."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import (
    Json,
    Yes,
    confirm,
    current_user,
    fail,
    out,
    owned,
    print_json,
    read_body,
)
from goodwill.cli.render import local_date
from goodwill.leads import queries as lead_queries
from goodwill.leads import rules as lead_rules
from goodwill.leads import services as lead_service
from goodwill.leads.cli.referrals import app as referral_app
from goodwill.leads.models import Lead, LeadStatus, ReportKind
from goodwill.leads.queries import stats as lead_stats
from goodwill.leads.rules import drafts
from goodwill.leads.schemas import (
    LeadActionOut,
    LeadOut,
    LeadSettingsOut,
    LeadStatsOut,
    ReportBackOut,
    draft_dict,
    lead_detail_dict,
)
from goodwill.people.cli import parse_date
from goodwill.people.cli.lookups import resolve_person
from goodwill.people.queries import find_people

app = typer.Typer(help="Leads you receive: follow through and report back.", no_args_is_help=True)

StatusChoice = enum.StrEnum("StatusChoice", {v: v for v in LeadStatus.values})
KindChoice = enum.StrEnum("KindChoice", {v: v for v in ReportKind.values})


class Channel(enum.StrEnum):
    email = "email"
    message = "message"


LeadId = Annotated[int, typer.Argument(metavar="ID", help="The lead's id (see `lead list`).")]


def _state(lead: Lead) -> str:
    if lead.awaits_telling:
        return f"{lead.get_status_display().lower()}, tell {lead.referrer.display_name}"
    return lead.get_status_display().lower()


def _contact(lead: Lead) -> str:
    if lead.status != LeadStatus.NEW:
        return ""
    days = (lead_queries.today() - lead.contact_due_on).days
    if days > 0:
        return f"[red]contact overdue by {days} day{'s' if days != 1 else ''}[/red]"
    return f"contact by {lead.contact_due_on.isoformat()}"


@app.command("add")
def add(
    opportunity: Annotated[
        str, typer.Argument(metavar="OPPORTUNITY", help="What it is, in a few words.")
    ],
    referrer: Annotated[
        str, typer.Option("--from", metavar="PERSON", help="Who gave you the lead.")
    ],
    prospect: Annotated[
        str, typer.Option("--about", metavar="PERSON", help="Who the lead is about.")
    ],
    new: Annotated[
        bool, typer.Option("--new", help="Add the --about person if nobody matches.")
    ] = False,
    details: Annotated[str, typer.Option("--details", metavar="TEXT")] = "",
    when: Annotated[
        str, typer.Option("--when", metavar="DATE", help="When it came (default today).")
    ] = "",
    json: Json = False,
) -> None:
    """Record a lead you received.

    Example: goodwill lead add --from "Ana Ruiz" --about "Ben Ortega" --new "Needs a designer"
    """
    owner = current_user()
    ref = resolve_person(owner, referrer, field="referrer")
    kwargs = {"prospect_name": prospect} if new and not find_people(owner, prospect) else {}
    if not kwargs:
        hint = "" if new else " Add --new to create them."
        kwargs = {"prospect": resolve_person(owner, prospect, field="prospect", hint=hint)}
    lead = lead_service.create_lead(
        owner=owner,
        referrer=ref,
        opportunity=opportunity,
        details=details,
        received_on=parse_date("received_on", when),
        **kwargs,
    )
    if json:
        print_json(lead_detail_dict(lead_queries.lead_detail(owner, lead.pk)))
        return
    console = out()
    console.print(
        f"Lead {lead.pk} saved: {lead.opportunity} ({lead.prospect.display_name}, from "
        f"{lead.referrer.display_name}).",
        markup=False,
    )
    console.print(
        f"Contact {lead.prospect.display_name} by {lead.contact_due_on.isoformat()}; "
        f"thank {lead.referrer.display_name} with `goodwill lead report {lead.pk}`.",
        markup=False,
    )


@app.command("list")
def list_leads(
    referrer: Annotated[
        str | None, typer.Option("--from", metavar="PERSON", help="Only leads from them.")
    ] = None,
    status: Annotated[StatusChoice | None, typer.Option("--status")] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Include closed leads (won/lost, referrer told).")
    ] = False,
    json: Json = False,
) -> None:
    """Your leads, overdue ones first."""
    owner = current_user()
    ref = resolve_person(owner, referrer, field="referrer").pk if referrer else None
    qs = lead_queries.leads(
        owner,
        referrer=ref,
        status=status.value if status else "",
        state="" if everything or status else "open",
    )
    leads = list(qs)
    if json:
        print_json(dump_many(LeadOut, leads))
        return
    console = out()
    if not leads:
        console.print("No open leads. Add one with `goodwill lead add`.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("ID", "About", "Opportunity", "From", "Status", "Next"):
        table.add_column(name, overflow="fold", style="dim" if name == "ID" else None)
    for lead in leads:
        table.add_row(
            str(lead.pk),
            escape(lead.prospect.display_name),
            escape(lead.opportunity),
            escape(lead.referrer.display_name),
            escape(_state(lead)),
            _contact(lead),
        )
    console.print(table)


@app.command("show")
def show(lead_id: LeadId, json: Json = False) -> None:
    """A lead's whole story, and the message it calls for now."""
    owner = current_user()
    page = lead_queries.lead_detail(
        owner, owned(Lead, owner, lead_id, listing="goodwill lead list").pk
    )
    if json:
        print_json(lead_detail_dict(page))
        return
    lead, console = page.lead, out()
    console.print(f"[bold]{escape(lead.opportunity)}[/bold]  [dim]lead {lead.pk}[/dim]")
    console.print(
        f"About {escape(lead.prospect.display_name)}, from {escape(lead.referrer.display_name)}"
        f" on {lead.received_on.isoformat()}. Status: {escape(_state(lead))}. {_contact(lead)}"
    )
    if lead.details:
        console.print(escape(lead.details))
    console.print("\n[bold]Story[/bold]")
    story = [
        (e.at, "arrived" if not e.from_status else f"→ {e.to_status}", e.note) for e in page.events
    ]
    story += [
        (r.sent_at, f"told {lead.referrer.display_name}: {r.kind}", r.subject)
        for r in page.report_backs
    ]
    for at, what, note in sorted(story, key=lambda s: s[0]):
        extra = f" — {escape(note)}" if note else ""
        console.print(f"  {local_date(at)}  {escape(what)}{extra}")
    if page.moves:
        reopen = " (with --reopen)" if lead.is_outcome else ""
        console.print(f"\nCan move to: {', '.join(page.moves)}{reopen}")
    if page.report_kind:
        console.print(
            f"\nDue: a {page.report_kind} report-back. See `goodwill lead report {lead.pk}`."
        )


@app.command("delete")
def delete(lead_id: LeadId, yes: Yes = False) -> None:
    """Delete a lead and its story. Messages you already sent stay on the timeline."""
    owner = current_user()
    lead = owned(Lead, owner, lead_id, listing="goodwill lead list")
    about = f"the lead about {lead.prospect.display_name} from {lead.referrer.display_name}"
    confirm(f"Delete {about}?", yes=yes, refused="Nothing was deleted.")
    lead_service.delete_lead(owner=owner, lead=lead)
    out().print(f"Deleted {about}.", markup=False)


@app.command("move")
def move(
    lead_id: LeadId,
    status: Annotated[StatusChoice, typer.Argument(metavar="STATUS", case_sensitive=False)],
    note: Annotated[str, typer.Option("--note", metavar="TEXT")] = "",
    reopen: Annotated[
        bool, typer.Option("--reopen", help="Take a won or lost lead back to an open stage.")
    ] = False,
    json: Json = False,
) -> None:
    """Move a lead on: new, contacted, meeting, in_progress, won, lost, parked."""
    owner = current_user()
    lead = lead_service.move_lead(
        owner=owner,
        lead=owned(Lead, owner, lead_id, listing="goodwill lead list"),
        status=status.value,
        note=note,
        reopen=reopen,
    )
    if json:
        print_json(lead_detail_dict(lead_queries.lead_detail(owner, lead.pk)))
        return
    lead = lead_queries.leads(owner).get(pk=lead.pk)
    message = f"Lead {lead.pk} is now {_state(lead)}."
    due = lead_rules.report_due(lead, lead_queries.settings_for(owner), lead_queries.today())
    if due:
        message += f" Tell {lead.referrer.display_name}: `goodwill lead report {lead.pk}`."
    out().print(message, markup=False)


@app.command("report")
def report(
    lead_id: LeadId,
    kind: Annotated[
        KindChoice | None, typer.Option("--kind", help="Default: the report-back that is due.")
    ] = None,
    sent: Annotated[
        bool, typer.Option("--sent", help="Mark it sent: logs it on the referrer's timeline.")
    ] = False,
    channel: Annotated[Channel, typer.Option("--channel")] = Channel.email,
    variant: Annotated[
        int | None, typer.Option("--variant", min=0, help="Another wording.")
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="With --sent: the subject as you sent it.")
    ] = None,
    body_file: Annotated[
        str | None,
        typer.Option(
            "--body-file",
            metavar="PATH",
            help="With --sent: the message as you sent it, from a file (- for stdin).",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Print the message for the referrer; with --sent, record that you sent it.

    Edit the draft before sending, then record what you really sent:
    goodwill lead report 12 --sent --body-file message.txt
    """
    owner = current_user()
    lead = (
        lead_queries.leads(owner)
        .filter(pk=owned(Lead, owner, lead_id, listing="goodwill lead list").pk)
        .get()
    )
    chosen = (
        kind.value
        if kind
        else lead_rules.default_report_kind(lead, lead_queries.settings_for(owner))
    )
    if (subject is not None or body_file is not None) and not sent:
        raise fail("--subject and --body-file record what you sent: add --sent.")
    if sent:
        done = lead_service.send_report_back(
            owner=owner,
            lead=lead,
            kind=chosen,
            channel=channel.value,
            variant=variant,
            subject=subject,
            body=read_body(body_file),
        )
        if json:
            print_json(dump(ReportBackOut, done))
            return
        out().print(
            f"Sent ({done.get_kind_display().lower()}) and logged on "
            f"{lead.referrer.display_name}'s timeline.",
            markup=False,
        )
        return

    draft = drafts.report_draft(
        lead,
        chosen,
        me=lead_queries.my_first_name(owner),
        variant=variant,
        me_line=lead_queries.my_line(owner),
    )
    if json:
        print_json(draft_dict(draft))
        return
    console = out()
    to = f"{draft.to_name} <{draft.to_email}>" if draft.to_email else draft.to_name
    console.print(f"To: {to}", markup=False)
    console.print(draft.text, markup=False)
    console.print(f"\nOpen in your mail app: {draft.mailto}", markup=False, soft_wrap=True)
    console.print(f"When sent: goodwill lead report {lead.pk} --sent", style="dim", markup=False)


@app.command("due")
def due(json: Json = False) -> None:
    """What is due: prospects to contact, referrers to update, referrals to check."""
    owner = current_user()
    actions = lead_queries.due_actions(owner)
    if json:
        print_json(dump_many(LeadActionOut, actions))
        return
    console = out()
    if not actions:
        console.print("Nothing due. Every referrer knows where things stand.")
        return
    for action in actions:
        ident = f"lead {action.lead.pk}" if action.lead else f"referral {action.referral.pk}"
        mark = "[red]![/red] " if action.overdue else "  "
        console.print(f"{mark}{escape(action.reason)} [dim]({ident})[/dim]")


@app.command("stats")
def stats(json: Json = False) -> None:
    """Follow-through rate, median days to first contact, report-back rate, referrers."""
    figures = lead_stats.lead_stats(current_user())
    if json:
        print_json(dump(LeadStatsOut, figures))
        return

    def pct(value):
        return "-" if value is None else f"{round(value * 100)}%"

    console = out()
    counts = ", ".join(f"{k} {v}" for k, v in figures.by_outcome.items() if v)
    console.print(f"Leads: {figures.total}  ({counts})")
    console.print(
        f"Follow-through (contacted within the clock): {pct(figures.follow_through_rate)}"
    )
    median = figures.median_days_to_contact
    console.print(f"Median days to first contact: {'-' if median is None else median}")
    console.print(f"Report-back rate (referrer up to date): {pct(figures.report_back_rate)}")
    if figures.by_referrer:
        console.print("\n[bold]Who sends you leads[/bold] (thank them; help them back)")
        for row in figures.by_referrer:
            name = escape(row.person.display_name)
            console.print(f"  {name}: {row.leads} lead(s), {row.won} won")


@app.command("settings")
def settings(
    contact_within: Annotated[int | None, typer.Option("--contact-within", metavar="DAYS")] = None,
    update_every: Annotated[int | None, typer.Option("--update-every", metavar="DAYS")] = None,
    check_after: Annotated[int | None, typer.Option("--check-after", metavar="DAYS")] = None,
    json: Json = False,
) -> None:
    """Show or change the clocks (contact within, update every, check referrals after)."""
    owner = current_user()
    changes = {
        name: value
        for name, value in (
            ("contact_within_days", contact_within),
            ("update_every_days", update_every),
            ("referral_check_days", check_after),
        )
        if value is not None
    }
    config = (
        lead_service.update_lead_settings(owner=owner, **changes)
        if changes
        else lead_queries.settings_for(owner)
    )
    if json:
        print_json(dump(LeadSettingsOut, config))
        return
    out().print(
        f"Contact prospects within {config.contact_within_days} days; update referrers every "
        f"{config.update_every_days} days; check referrals after {config.referral_check_days}.",
        markup=False,
    )


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.add_typer(app, name="lead")
    root.add_typer(referral_app, name="referral")
