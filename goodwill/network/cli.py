"""`goodwill path "Name or org"` and `goodwill reach`: warm introduction paths and reach."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from goodwill.cli.common import Json, current_user, out, print_json
from goodwill.network import queries as network_queries
from goodwill.network.queries import graph as network_graph
from goodwill.network.queries import paths as path_service
from goodwill.network.schemas import paths_dict, reach_dict
from goodwill.people.cli.lookups import complete_person


def path(
    to: Annotated[
        str,
        typer.Argument(
            metavar="WHO",
            help="A name or #id, org:Name, tag:Name or offering:words (plain text tries a "
            "tag, an organization, a person, then what people offer).",
            autocompletion=complete_person,
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, max=20, help="Paths shown.")] = 5,
    json: Json = False,
) -> None:
    """Who can introduce you to someone: the warmest shortest paths, each link explained.

    Example: goodwill path "org:Acme"
    """
    answer = path_service.find_paths(current_user(), to, limit=limit)
    if json:
        print_json(paths_dict(answer))
        return
    console = out()
    label = escape(answer.target.label)
    if answer.direct:
        names = ", ".join(escape(p.display_name) for p in answer.direct)
        console.print(f"You already know {names}.")
        return
    if not answer.paths:
        console.print(
            f"No path to {label} yet: nobody you know is linked to them. Note who knows "
            "whom on people's pages (or `goodwill person` links) and ask around."
        )
        return
    hops = answer.hops
    console.print(
        f"[bold]{len(answer.paths)} path{'s' if len(answer.paths) != 1 else ''} to {label}"
        f"[/bold], {hops} hop{'s' if hops != 1 else ''}:"
    )
    for i, p in enumerate(answer.paths, 1):
        chain = " → ".join("You" if x.is_me else escape(x.display_name) for x in p.people)
        console.print(f"\n{i}. {chain}  [dim](weakest link {p.weakest}/5)[/dim]")
        for link in p.links:
            a = "You" if link.a.is_me else escape(link.a.display_name)
            console.print(f"   {a} ↔ {escape(link.b.display_name)}: {escape(link.reason)}")


def reach(json: Json = False) -> None:
    """How many people you know directly, how many more one introduction reaches, how
    that grew month by month, and your bridges."""
    owner = current_user()
    data = network_queries.reach(owner)
    if json:
        print_json(reach_dict(data))
        return
    console = out()
    who = "person" if data.direct == 1 else "people"
    console.print(f"You know [bold]{data.direct}[/bold] {who} directly.")
    console.print(
        f"One introduction reaches [bold]{data.through_one_intro}[/bold] more "
        f"({data.total} in all)."
    )
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("Month", "Known", "Reachable", "New"):
        table.add_column(name, justify="left" if name == "Month" else "right")
    for m in data.months:
        table.add_row(m.start.strftime("%b %Y"), str(m.direct), str(m.reach), str(m.new))
    console.print(table)
    overview = network_graph.overview(network_graph.load_graph(owner), limit=5)
    if overview["bridges"]:
        console.print("\n[bold]Bridges[/bold] (they link groups that would otherwise be apart):")
        for r in overview["bridges"]:
            console.print(f"  {escape(r.person.display_name)}: links {r.cut_off} to the rest")


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.command("path")(path)
    root.command("reach")(reach)
