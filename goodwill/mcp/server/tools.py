"""The server and its read tools.

Every tool reads through the areas' queries and writes through their services, the same
ones the web pages, the API and the CLI call, for one account: the account `goodwill
mcp` was started as (stdio), or the owner of the request's token (streamable HTTP, see
http.py). A write tool (writes.py) first answers with a preview and a confirmation; it
saves only when called again with that confirmation (goodwill.mcp.services).

No ``from __future__ import annotations`` here: the SDK reads the tools' parameter
types from their annotations at run time.
"""

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import CallToolResult
from pydantic import Field

from goodwill.mcp import schemas
from goodwill.mcp.server.common import READ, PersonArg, Principal, Runner
from goodwill.mcp.server.context import add_resources_and_prompts
from goodwill.mcp.server.work import (
    brief_data,
    draft_intro_work,
    due_work,
    find_people_work,
    lead_report_work,
    today_work,
    warm_paths_work,
    who_can_help_work,
)
from goodwill.mcp.server.writes import add_write_tools

INSTRUCTIONS = """Goodwill is the user's networking coach and address book of relationships.
Start with `today` for the day's few actions (each with a reason and a draft), `due` for
who to catch up with, `person_brief` before a meeting. Serve first: `who_can_help` finds
people for a need, `warm_paths` who can introduce the user. Tools that save something
(log_interaction, record_need, record_offer, record_give, lead_add) answer first with a
preview and a `confirm` value: show the preview to the user, and only when they agree
call the tool again with the same details and that `confirm`. People are named by id
(#12) or by name; find ids with `find_people`."""


def build_server(principal: Principal | None = None) -> MCPServer:
    """The MCP server. With ``principal`` every call acts for that account (stdio, tests);
    without, for the owner of the token the HTTP request carried (see server.http)."""
    server = MCPServer("goodwill", title="Goodwill", instructions=INSTRUCTIONS, version="1")
    runner = Runner(principal)
    add_read_tools(server, runner)
    add_write_tools(server, runner)
    add_resources_and_prompts(server, runner)
    return server


def add_read_tools(server: MCPServer, runner: Runner) -> None:
    # ---------------------------------------------------------------- reads

    @server.tool(annotations=READ)
    async def today(
        ctx: Context,
        limit: Annotated[int, Field(ge=1, le=10, description="At most this many actions.")] = 5,
    ) -> CallToolResult:
        """Today's plan: a sentence, then a few small actions, each with the reason it was
        chosen and a ready draft message (follow up a lead, thank a referrer, offer help,
        catch up with someone due)."""
        return await runner.call(ctx, lambda owner: today_work(owner, limit))

    @server.tool(annotations=READ)
    async def person_brief(
        ctx: Context,
        person: PersonArg,
        situation: Annotated[str, Field(description="coffee, call, conference, meal…")] = "coffee",
    ) -> CallToolResult:
        """What to remember before meeting someone: what to ask about, what you talked about
        last time, what they need, what you owe them (promises, report-backs), what you
        could offer, people you both know, openers and questions."""

        def work(owner):
            data = brief_data(owner, person, situation)
            return schemas.ok(data, schemas.brief_text(data))

        return await runner.call(ctx, work)

    @server.tool(annotations=READ)
    async def find_people(
        ctx: Context,
        query: Annotated[
            str, Field(description="Name, email, organization, tag or phone; empty for everyone.")
        ] = "",
        limit: Annotated[int, Field(ge=1, le=100)] = 20,
    ) -> CallToolResult:
        """Find people by name, email, organization, tag or phone number. Gives their ids,
        which the other tools take."""
        return await runner.call(ctx, lambda owner: find_people_work(owner, query, limit))

    @server.tool(annotations=READ)
    async def who_can_help(
        ctx: Context,
        text: Annotated[str, Field(description="What is needed, in a few words.")] = "",
        need_id: Annotated[
            int | None, Field(description="Or a need already noted (its id).")
        ] = None,
        limit: Annotated[int, Field(ge=1, le=50)] = 5,
    ) -> CallToolResult:
        """Who in the user's network could meet a need, best first, each with the reasons
        (what they offer, their work, their tags)."""
        return await runner.call(ctx, lambda owner: who_can_help_work(owner, need_id, text, limit))

    @server.tool(annotations=READ)
    async def warm_paths(
        ctx: Context,
        to: Annotated[
            str,
            Field(
                description="A person (name or #id), org:Name, tag:Name or offering:words; plain "
                "text tries a tag, an organization, a person, then what people offer."
            ),
        ],
        limit: Annotated[int, Field(ge=1, le=20)] = 5,
    ) -> CallToolResult:
        """Who can introduce the user to a person, an organization or a kind of help: the
        warmest shortest paths through people they know, each link explained."""
        return await runner.call(ctx, lambda owner: warm_paths_work(owner, to, limit))

    @server.tool(annotations=READ)
    async def lead_report(
        ctx: Context,
        lead_id: Annotated[int, Field(description="The lead's id.")],
        kind: Annotated[
            Literal["thanks", "status", "check_in", "outcome"] | None,
            Field(description="Default: the report-back that is due."),
        ] = None,
        variant: Annotated[int | None, Field(ge=0, description="Another wording.")] = None,
    ) -> CallToolResult:
        """The drafted report-back to the person who gave the user a lead: thanks first,
        then how it is going. Nothing is sent or recorded."""
        return await runner.call(ctx, lambda owner: lead_report_work(owner, lead_id, kind, variant))

    @server.tool(annotations=READ)
    async def draft_intro(
        ctx: Context,
        intro_id: Annotated[int, Field(description="The introduction's id.")],
        variant: Annotated[int | None, Field(ge=0, description="Another wording.")] = None,
    ) -> CallToolResult:
        """The draft message for an introduction's next step (asking each side first, then
        introducing them). Nothing is sent or recorded."""
        return await runner.call(ctx, lambda owner: draft_intro_work(owner, intro_id, variant))

    @server.tool(annotations=READ)
    async def due(
        ctx: Context,
        days: Annotated[
            int, Field(ge=0, le=3650, description="Also who falls due within this many days.")
        ] = 0,
        limit: Annotated[int, Field(ge=1, le=200)] = 20,
    ) -> CallToolResult:
        """Who is due for a catch-up, most overdue first, with when they last talked."""
        return await runner.call(ctx, lambda owner: due_work(owner, days, limit))
