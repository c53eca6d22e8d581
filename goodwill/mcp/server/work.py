"""The read tools' work, synchronous: the areas' queries, turned into the structured
content and the short text each tool answers with."""

from __future__ import annotations

import datetime as dt

from mcp_types import CallToolResult

from goodwill.api.schemas import dump, dump_many
from goodwill.coach.queries import planner as today_queries
from goodwill.coach.queries import prep as prep_queries
from goodwill.coach.schemas import TodayOut, brief_dict
from goodwill.core.rules import field_error
from goodwill.giving import queries as giving_queries
from goodwill.giving.matching import search as matching
from goodwill.giving.schemas import MatchOut
from goodwill.giving.services import intros as intro_service
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions.schemas import DuePersonOut
from goodwill.leads import queries as lead_queries
from goodwill.leads.rules import default_report_kind, drafts
from goodwill.leads.schemas import LeadActionOut, draft_dict
from goodwill.mcp import schemas
from goodwill.mcp.server.common import person_row, resolve_person
from goodwill.network.queries import paths as path_queries
from goodwill.network.schemas import paths_dict
from goodwill.people import queries as people_queries


def today_work(owner, limit: int) -> CallToolResult:
    data = dump(TodayOut, today_queries.plan_today(owner, limit=limit))
    return schemas.ok(data, schemas.today_text(data))


def brief_data(owner, person: str, situation: str) -> dict:
    who = resolve_person(owner, person)
    data = brief_dict(prep_queries.person_brief(owner, who.pk, how=situation))
    promises = interaction_queries.open_promises(owner, person=who)
    owed = [a for a in lead_queries.due_actions(owner) if a.person.pk == who.pk]
    data["promises"] = [
        {"id": p.pk, "text": p.text, "due_on": p.due_on.isoformat(), "days_left": p.days_left}
        for p in promises
    ]
    data["lead_actions"] = dump_many(LeadActionOut, owed)
    data["you_owe"] = [f"{p.text} (promised, due {p.due_on.isoformat()})" for p in promises] + [
        a.reason for a in owed
    ]
    return data


def find_people_work(owner, query: str, limit: int) -> CallToolResult:
    rows = [
        person_row(p)
        for p in people_queries.people(owner, q=query).order_by("display_name", "id")[:limit]
    ]
    return schemas.ok({"people": rows}, schemas.people_text(rows, query))


def who_can_help_work(owner, need_id: int | None, text: str, limit: int) -> CallToolResult:
    if need_id is not None:
        need = (
            giving_queries.needs(owner).filter(pk=need_id).first() if 0 < need_id < 2**63 else None
        )
        if need is None:
            raise field_error("need_id", f"No need with id {need_id}.")
        found = matching.match_need(owner, need, limit=limit)
        asked = f"{need.person.display_name}: {need.text}"
    elif text.strip():
        found = matching.match_text(owner, text, limit=limit)
        asked = text.strip()
    else:
        raise field_error("text", "Say what is needed, or give a need_id.")
    rows = dump_many(MatchOut, found)
    return schemas.ok({"asked": asked, "helpers": rows}, schemas.matches_text(asked, rows))


def warm_paths_work(owner, to: str, limit: int) -> CallToolResult:
    data = paths_dict(path_queries.find_paths(owner, to, limit=limit))
    return schemas.ok(data, schemas.paths_text(data))


def lead_report_work(owner, lead_id: int, kind: str | None, variant: int | None) -> CallToolResult:
    lead = lead_queries.leads(owner).filter(pk=lead_id).first() if 0 < lead_id < 2**63 else None
    if lead is None:
        raise field_error("lead_id", f"No lead with id {lead_id}.")
    chosen = kind or default_report_kind(lead, lead_queries.settings_for(owner))
    draft = draft_dict(
        drafts.report_draft(lead, chosen, me=lead_queries.my_first_name(owner), variant=variant)
    )
    data = {"lead_id": lead.pk, "draft": draft}
    text = schemas.join(
        schemas.draft_text(draft),
        "When the user has sent it, they record it in Goodwill (the lead's page, or "
        f"`goodwill lead report {lead.pk} --sent`).",
    )
    return schemas.ok(data, text)


def draft_intro_work(owner, intro_id: int, variant: int | None) -> CallToolResult:
    if not (0 < intro_id < 2**63) or not giving_queries.intros(owner).filter(pk=intro_id).exists():
        raise field_error("intro_id", f"No introduction with id {intro_id}.")
    intro = giving_queries.intro_detail(owner, intro_id)
    draft = intro_service.next_draft(intro, owner, variant=variant)
    if draft is None:
        raise field_error("intro_id", "No message is due: the introduction is made or declined.")
    data = {"intro_id": intro.pk, "status": intro.status, "draft": draft_dict(draft)}
    return schemas.ok(data, schemas.draft_text(data["draft"]))


def due_work(owner, days: int, limit: int) -> CallToolResult:
    on = people_queries.today() + dt.timedelta(days=days)
    people, more = interaction_queries.due_page(owner, on=on, limit=limit)
    rows = dump_many(DuePersonOut, people)
    text = schemas.due_text(rows) + (f"\n… and {more} more." if more else "")
    return schemas.ok({"people": rows, "more": more}, text)
