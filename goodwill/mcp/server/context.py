"""Resources (your people, a person's timeline) and prompts (prepare a meeting, the
weekly review).

No ``from __future__ import annotations``: the SDK reads the parameters' types at run
time."""

import datetime as dt
import json

from mcp.server.mcpserver import Context, MCPServer

from goodwill.api.schemas import dump, dump_many
from goodwill.coach.queries import planner as today_queries
from goodwill.coach.schemas import TodayOut
from goodwill.core.rules import field_error
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions.schemas import DuePersonOut, person_page_json
from goodwill.leads import queries as lead_queries
from goodwill.mcp import schemas
from goodwill.mcp.server.common import PEOPLE_SHOWN, Runner, person_row, resolve_person
from goodwill.mcp.server.work import brief_data
from goodwill.people import queries as people_queries


def add_resources_and_prompts(server: MCPServer, runner: Runner) -> None:
    @server.resource(
        "goodwill://people{?q}",
        name="people",
        title="Your people",
        description="Your people (not archived), by name; q searches like find_people.",
        mime_type="application/json",
    )
    async def people_resource(ctx: Context, q: str = "") -> str:
        def work(owner) -> str:
            rows = people_queries.people(owner, q=q).order_by("display_name", "id")
            listed = [person_row(p) for p in rows[: PEOPLE_SHOWN + 1]]
            more = len(listed) > PEOPLE_SHOWN
            return json.dumps({"people": listed[:PEOPLE_SHOWN], "more": more}, ensure_ascii=False)

        return await runner.text(ctx, work)

    @server.resource(
        "goodwill://people/{person_id}/timeline",
        name="timeline",
        title="A person's timeline",
        description="One person's latest interactions, things to ask and open promises.",
        mime_type="application/json",
    )
    async def timeline_resource(ctx: Context, person_id: str) -> str:
        def work(owner) -> str:
            if not person_id.strip().lstrip("#").isdigit():
                raise field_error("person_id", f"{person_id!r} is not a person id.")
            person = resolve_person(owner, person_id, "person_id")
            parts = interaction_queries.person_timeline(owner, person, timeline_limit=50)
            data = {
                "person": {"id": person.pk, "display_name": person.display_name},
                **person_page_json(parts),
            }
            return json.dumps(data, ensure_ascii=False)

        return await runner.text(ctx, work)

    # ---------------------------------------------------------------- prompts

    @server.prompt(name="prepare_meeting", title="Prepare me for my meeting with …")
    async def prepare_meeting(ctx: Context, person: str, situation: str = "coffee") -> str:
        """Get ready to meet someone: what to ask, what they need, what you owe them."""

        def work(owner) -> str:
            data = brief_data(owner, person, situation)
            return (
                f"I am meeting {data['person']['display_name']} soon ({situation}). Help me "
                "prepare, kindly and briefly: two or three things to ask about, anything I owe "
                "them, and one way I could help them. Here is what Goodwill knows:\n\n"
                + schemas.brief_text(data)
            )

        return await runner.text(ctx, work)

    @server.prompt(name="weekly_review", title="Weekly review")
    async def weekly_review(ctx: Context) -> str:
        """A short look back and ahead: today's plan, who is due, what is owed."""

        def work(owner) -> str:
            plan = dump(TodayOut, today_queries.plan_today(owner, limit=10))
            people, _more = interaction_queries.due_page(
                owner, on=people_queries.today() + dt.timedelta(days=7), limit=20
            )
            owed = lead_queries.due_actions(owner)
            return schemas.join(
                "Today's plan:\n" + schemas.today_text(plan),
                "Due this week:\n" + schemas.due_text(dump_many(DuePersonOut, people)),
                schemas.lines("Leads and report-backs", [a.reason for a in owed[:10]]),
            )

        summary = await runner.text(ctx, work)
        return (
            "Let's do my weekly networking review. Keep it short and gentle: what went well, "
            "the three most useful things to do this week (giving before asking), and one "
            "person I have not talked to for a while. Here is where things stand:\n\n" + summary
        )
