"""How people look in the terminal: the people table and a person's page."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from goodwill.cli.render import ago, days, due_phrase, local_date
from goodwill.people.queries import PersonPage


def people_table(people) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Organization", overflow="fold")
    table.add_column("Tags", overflow="fold")
    table.add_column("Last contact", no_wrap=True)
    table.add_column("Next catch-up", no_wrap=True)
    for p in people:
        table.add_row(
            str(p.pk),
            escape(p.display_name) + (" [dim](archived)[/dim]" if p.archived else ""),
            escape(p.organization.name if p.organization_id else ""),
            escape(", ".join(t.name for t in p.tags.all())),
            ago(p.last_contact_at) if p.last_contact_at else "",
            due_phrase(p.next_due_on),
        )
    return table


def _line(console, label: str, value) -> None:
    if value not in (None, "", []):
        console.print(f"[bold]{label}:[/bold] {escape(str(value))}")


def person_page(console, page: PersonPage) -> None:
    p = page.person
    heading = escape(p.display_name)
    role = " at ".join(x for x in (p.title, p.organization.name if p.organization_id else "") if x)
    console.print(
        f"[bold]{heading}[/bold]  [dim]id {p.pk}[/dim]" + (f" — {escape(role)}" if role else "")
    )
    if p.archived:
        console.print("[yellow]Archived[/yellow]")
    for e in p.emails.all():
        _line(console, "Email", f"{e.address} ({e.label})" if e.label else e.address)
    for ph in p.phones.all():
        _line(console, "Phone", f"{ph.number} ({ph.label})" if ph.label else ph.number)
    _line(console, "Tags", ", ".join(t.name for t in p.tags.all()))
    _line(console, "Location", p.location)
    _line(console, "LinkedIn", p.linkedin_url)
    _line(console, "Website", p.website)
    _line(console, "Birthday", p.birthday_display)
    met = " on ".join(x for x in (p.met_how, p.met_on.isoformat() if p.met_on else "") if x)
    _line(console, "Met", met)
    if p.introduced_by_id:
        _line(console, "Introduced by", f"{p.introduced_by.display_name} (id {p.introduced_by_id})")
    _line(console, "About", p.about)
    if not p.is_me:
        cadence = f"every {days(p.cadence_days)}" if p.cadence_days else "from tags, or none"
        _line(console, "Keep in touch", cadence)
        _line(
            console,
            "Last contact",
            f"{local_date(p.last_contact_at)} ({ago(p.last_contact_at)})"
            if p.last_contact_at
            else "never",
        )
        if p.next_due_on:
            _line(
                console,
                "Next catch-up",
                f"{p.next_due_on.isoformat()} ({due_phrase(p.next_due_on)})",
            )
        if p.snoozed_until:
            _line(console, "Snoozed until", p.snoozed_until.isoformat())

    if page.open_asks:
        console.print("\n[bold]Ask next time[/bold] (tick off with `goodwill log ... --asked ID`)")
        for a in page.open_asks:
            console.print(f"  [dim]{a.pk:>5}[/dim]  {escape(a.text)}")

    if page.timeline:
        console.print("\n[bold]Recent[/bold]")
        for i in page.timeline[:10]:
            others = [x.display_name for x in i.participants.all() if x.pk != p.pk]
            with_ = f" with {', '.join(others)}" if others else ""
            what = i.summary or i.notes.split("\n")[0][:80]
            console.print(
                f"  {local_date(i.occurred_at)}  {escape(i.get_kind_display())}{escape(with_)}"
                + (f" — {escape(what)}" if what else "")
            )
        if len(page.timeline) > 10:
            console.print(f"  [dim]… and {len(page.timeline) - 10} earlier[/dim]")

    if page.relationships or page.introduced:
        console.print("\n[bold]Knows[/bold]")
        for r in page.relationships:
            console.print(
                f"  {escape(r.dst.display_name)} [dim](id {r.dst_id}, {r.kind}, "
                f"strength {r.strength})[/dim]"
            )
        for other in page.introduced:
            console.print(f"  introduced {escape(other.display_name)} [dim](id {other.pk})[/dim]")
