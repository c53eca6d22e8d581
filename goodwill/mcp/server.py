"""The MCP server: the coach's verbs as tools, your people as resources, two prompts.

Every tool reads through the areas' queries and writes through their services, the same
ones the web pages, the API and the CLI call, for one account: the account `goodwill
mcp` was started as (stdio), or the owner of the request's token (streamable HTTP, see
``http_app``). A write tool first answers with a preview and a confirmation; it saves
only when called again with that confirmation (goodwill.mcp.services).

The Django ORM is synchronous: each call's work runs in Django's one thread for
synchronous code (``sync_to_async(thread_sensitive=True)``), so a SQLite database sees
one connection at a time.

It sits beside cli.py (which runs it) rather than in api.py: the CLI may not import the
area's api layer. No ``from __future__ import annotations`` here: the SDK reads the tools' parameter
types from their annotations at run time.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.http import Http404
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, ToolAnnotations
from pydantic import Field
from starlette.datastructures import Headers
from starlette.responses import JSONResponse

from goodwill.accounts import services as accounts
from goodwill.accounts.models import User
from goodwill.api.errors import error_body
from goodwill.api.schemas import dump, dump_many
from goodwill.coach.queries import planner as today_queries
from goodwill.coach.queries import prep as prep_queries
from goodwill.coach.schemas import TodayOut, brief_dict
from goodwill.core.rules import field_error
from goodwill.giving import queries as giving_queries
from goodwill.giving import services as giving
from goodwill.giving.matching import search as matching
from goodwill.giving.models import GiveKind, Need
from goodwill.giving.schemas import GiveOut, MatchOut, NeedOut, OfferOut
from goodwill.giving.services import intros as intro_service
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction, Kind
from goodwill.interactions.schemas import DuePersonOut, InteractionOut, person_page_json
from goodwill.leads import queries as lead_queries
from goodwill.leads import services as lead_service
from goodwill.leads.models import Lead
from goodwill.leads.rules import default_report_kind, drafts
from goodwill.leads.schemas import LeadActionOut, draft_dict, lead_detail_dict
from goodwill.mcp import schemas
from goodwill.mcp.services import preview_or_commit
from goodwill.network.queries import paths as path_queries
from goodwill.network.schemas import paths_dict
from goodwill.people import queries as people_queries
from goodwill.people.models import Person
from goodwill.people.queries import CANDIDATES_SHOWN

PRINCIPAL = "goodwill.mcp.principal"
PEOPLE_SHOWN = 500

INSTRUCTIONS = """Goodwill is the user's networking coach and address book of relationships.
Start with `today` for the day's few actions (each with a reason and a draft), `due` for
who to catch up with, `person_brief` before a meeting. Serve first: `who_can_help` finds
people for a need, `warm_paths` who can introduce the user. Tools that save something
(log_interaction, record_need, record_offer, record_give, lead_add) answer first with a
preview and a `confirm` value: show the preview to the user, and only when they agree
call the tool again with the same details and that `confirm`. People are named by id
(#12) or by name; find ids with `find_people`."""

READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITE = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)

PersonArg = Annotated[
    str, Field(description="A person: their id (12 or #12) or their name, or part of it.")
]
Confirm = Annotated[
    str | None,
    Field(
        description="Leave out to get a preview. To save, send the preview's confirm value "
        "with exactly the same details."
    ),
]


@dataclass(frozen=True)
class Principal:
    """Who the tools act for, and whether they may save anything."""

    user_id: int
    can_write: bool = True


# ---------------------------------------------------------------- running Django work


def _with_connection[T](work: Callable[[], T]) -> Callable[[], T]:
    """Drop a connection the database closed (or that is past its age) around the work,
    as Django does around each request; never inside a transaction (the tests' own)."""

    def run() -> T:
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            return work()
        finally:
            if not connection.in_atomic_block:
                close_old_connections()

    return run


async def in_django[T](work: Callable[[], T]) -> T:
    return await sync_to_async(_with_connection(work), thread_sensitive=True)()


def _owner(principal: Principal):
    owner = User.objects.filter(pk=principal.user_id, is_active=True).first()
    if owner is None:
        raise field_error("account", "This account is closed or no longer exists.")
    return owner


# ---------------------------------------------------------------- finding people


def resolve_person(owner, text, field: str = "person") -> Person:
    """One of the owner's people by id or name; else a field error that says what to do.
    Another account's id reads exactly like an unknown one."""
    text = str(text if text is not None else "").strip()
    digits = text.lstrip("#")
    if digits.isdigit():
        person = (
            Person.objects.filter(owner=owner, pk=int(digits)).first() if len(digits) < 19 else None
        )
        if person is None:
            raise field_error(field, f"No person with id {digits}. Find ids with find_people.")
        return person
    if text.lower() == "me":
        me = people_queries.me(owner)
        if me is not None:
            return me
    found = people_queries.find_people(owner, text)
    if not found:
        raise field_error(
            field, f"Nobody matches {text!r}. Look with find_people, or add them in Goodwill."
        )
    if len(found) > 1:
        names = ", ".join(f"{p.display_name} (#{p.pk})" for p in found[:CANDIDATES_SHOWN])
        more = " and more" if len(found) > CANDIDATES_SHOWN else ""
        raise field_error(field, f"{text!r} could be {names}{more}. Send the id instead.")
    return found[0]


def _person_row(p: Person) -> dict:
    return {
        "id": p.pk,
        "display_name": p.display_name,
        "organization": p.organization.name if p.organization_id else None,
        "title": p.title,
        "next_due_on": p.next_due_on.isoformat() if p.next_due_on else None,
        "last_contact_at": p.last_contact_at.isoformat() if p.last_contact_at else None,
        "archived": p.archived,
    }


# ---------------------------------------------------------------- the tools' work (sync)


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
        _person_row(p)
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


# ---------------------------------------------------------------- the server


def build_server(principal: Principal | None = None) -> MCPServer:
    """The MCP server. With ``principal`` every call acts for that account (stdio, tests);
    without, for the owner of the token the HTTP request carried (see ``http_app``)."""
    server = MCPServer("goodwill", title="Goodwill", instructions=INSTRUCTIONS, version="1")

    def who(ctx: Context) -> Principal:
        if principal is not None:
            return principal
        request = ctx.request_context.request
        found = getattr(request, "scope", {}).get(PRINCIPAL) if request is not None else None
        if found is None:
            raise MCPError(INVALID_PARAMS, "No account: send a Goodwill access token.")
        return found

    async def call(ctx: Context, work: Callable, *, write: bool = False) -> CallToolResult:
        acting = who(ctx)
        if write and not acting.can_write:
            return schemas.read_only()

        def job() -> CallToolResult:
            try:
                return work(_owner(acting))
            except (ValidationError, Http404) as exc:
                return schemas.from_exception(exc)

        return await in_django(job)

    def save(owner, tool: str, arguments: dict, confirm: str | None, write, show) -> CallToolResult:
        saved, shown, token = preview_or_commit(
            owner=owner, tool=tool, arguments=arguments, confirm=confirm, write=write, show=show
        )
        return schemas.written(tool, saved, shown, token)

    # ---------------------------------------------------------------- reads

    @server.tool(annotations=READ)
    async def today(
        ctx: Context,
        limit: Annotated[int, Field(ge=1, le=10, description="At most this many actions.")] = 5,
    ) -> CallToolResult:
        """Today's plan: a sentence, then a few small actions, each with the reason it was
        chosen and a ready draft message (follow up a lead, thank a referrer, offer help,
        catch up with someone due)."""
        return await call(ctx, lambda owner: today_work(owner, limit))

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

        return await call(ctx, work)

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
        return await call(ctx, lambda owner: find_people_work(owner, query, limit))

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
        return await call(ctx, lambda owner: who_can_help_work(owner, need_id, text, limit))

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
        return await call(ctx, lambda owner: warm_paths_work(owner, to, limit))

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
        return await call(ctx, lambda owner: lead_report_work(owner, lead_id, kind, variant))

    @server.tool(annotations=READ)
    async def draft_intro(
        ctx: Context,
        intro_id: Annotated[int, Field(description="The introduction's id.")],
        variant: Annotated[int | None, Field(ge=0, description="Another wording.")] = None,
    ) -> CallToolResult:
        """The draft message for an introduction's next step (asking each side first, then
        introducing them). Nothing is sent or recorded."""
        return await call(ctx, lambda owner: draft_intro_work(owner, intro_id, variant))

    @server.tool(annotations=READ)
    async def due(
        ctx: Context,
        days: Annotated[
            int, Field(ge=0, le=3650, description="Also who falls due within this many days.")
        ] = 0,
        limit: Annotated[int, Field(ge=1, le=200)] = 20,
    ) -> CallToolResult:
        """Who is due for a catch-up, most overdue first, with when they last talked."""
        return await call(ctx, lambda owner: due_work(owner, days, limit))

    # ---------------------------------------------------------------- writes

    @server.tool(annotations=WRITE)
    async def log_interaction(
        ctx: Context,
        people: Annotated[list[str], Field(description="Who took part: ids or names.")],
        kind: Annotated[Literal[tuple(Kind.values)], Field(description="What it was.")] = "coffee",
        when: Annotated[
            str | None, Field(description="YYYY-MM-DD or YYYY-MM-DDTHH:MM; default now.")
        ] = None,
        summary: Annotated[str, Field(description="A one-line headline.")] = "",
        notes: Annotated[str, Field(description="What you talked about.")] = "",
        needs: Annotated[
            list[str] | None,
            Field(
                description="What they need, one each. With several people, start with a "
                "name: 'Ana: a designer'."
            ),
        ] = None,
        offers: Annotated[
            list[str] | None, Field(description="What they can offer, one each (same rule).")
        ] = None,
        ask_next: Annotated[
            list[str] | None, Field(description="Things to ask about next time.")
        ] = None,
        promised: Annotated[
            list[str] | None, Field(description="What the user promised them (due in 3 days).")
        ] = None,
        confirm: Confirm = None,
    ) -> CallToolResult:
        """Log a coffee, call, meeting or message with one or more people, with what came
        up: their needs and offers, things to ask next time, promises made."""
        arguments = {
            "people": people, "kind": kind, "when": when, "summary": summary, "notes": notes,
            "needs": needs, "offers": offers, "ask_next": ask_next, "promised": promised,
        }  # fmt: skip

        def work(owner):
            def write():
                who = [resolve_person(owner, name, "people").pk for name in people]
                return interactions.log_interaction(
                    owner=owner,
                    participants=who,
                    kind=kind,
                    occurred_at=_when(when),
                    summary=summary,
                    notes=notes,
                    ask_next=ask_next or [],
                    promised=promised or [],
                    heard={"needs": needs or [], "offers": offers or []},
                )

            def show(interaction):
                interaction = Interaction.objects.prefetch_related("participants").get(
                    pk=interaction.pk
                )
                data = dump(InteractionOut, interaction)
                data["needs"] = dump_many(
                    NeedOut, Need.objects.filter(interaction=interaction).select_related("person")
                )
                data["offers"] = dump_many(
                    OfferOut, giving_queries.offers(owner).filter(interaction=interaction)
                )
                names = ", ".join(p.display_name for p in interaction.participants.all())
                day = f"{interaction.occurred_at:%Y-%m-%d}"
                text = f"{interaction.get_kind_display()} with {names} on {day}."
                extra = [
                    f"{len(data['needs'])} needs" if data["needs"] else "",
                    f"{len(data['offers'])} offers" if data["offers"] else "",
                    f"{len(ask_next)} things to ask next time" if ask_next else "",
                    f"{len(promised)} promises" if promised else "",
                ]
                noted = ", ".join(e for e in extra if e)
                return data, text + (f" Also noted: {noted}." if noted else "")

            return save(owner, "log_interaction", arguments, confirm, write, show)

        return await call(ctx, work, write=True)

    @server.tool(annotations=WRITE)
    async def record_need(
        ctx: Context,
        person: PersonArg,
        text: Annotated[str, Field(description="What they need, in a few words.")],
        details: str = "",
        confirm: Confirm = None,
    ) -> CallToolResult:
        """Note what someone needs (a designer, a flat, advice on a career change), so the
        coach can find who could help."""
        arguments = {"person": person, "text": text, "details": details}

        def work(owner):
            def write():
                who = resolve_person(owner, person)
                return giving.create_need(owner=owner, person=who, text=text, details=details)

            def show(need):
                return dump(NeedOut, need), f"{need.person.display_name} needs: {need.text}."

            return save(owner, "record_need", arguments, confirm, write, show)

        return await call(ctx, work, write=True)

    @server.tool(annotations=WRITE)
    async def record_offer(
        ctx: Context,
        person: Annotated[str, Field(description="Whose offer: an id, a name, or me.")],
        text: Annotated[str, Field(description="What they can offer, in a few words.")],
        details: str = "",
        confirm: Confirm = None,
    ) -> CallToolResult:
        """Note something a person (or the user: person "me") can give: advice, skills,
        contacts, a resource."""
        arguments = {"person": person, "text": text, "details": details}

        def work(owner):
            def write():
                who = "me" if person.strip().lower() == "me" else resolve_person(owner, person)
                return giving.create_offer(owner=owner, person=who, text=text, details=details)

            def show(offer):
                return dump(
                    OfferOut, offer
                ), f"{offer.person.display_name} can offer: {offer.text}."

            return save(owner, "record_offer", arguments, confirm, write, show)

        return await call(ctx, work, write=True)

    @server.tool(annotations=WRITE)
    async def record_give(
        ctx: Context,
        summary: Annotated[str, Field(description="What the help was.")],
        to: Annotated[
            str | None, Field(description="Who was helped: an id, a name, or me.")
        ] = None,
        giver: Annotated[
            str, Field(description="Who helped: an id, a name, or me (default).")
        ] = "me",
        kind: Annotated[
            Literal[tuple(GiveKind.values)], Field(description="What kind of help.")
        ] = "other",
        need_id: Annotated[int | None, Field(description="The need it answers, if any.")] = None,
        meets_need: Annotated[bool, Field(description="It meets that need: mark it met.")] = False,
        confirm: Confirm = None,
    ) -> CallToolResult:
        """Log help given or received (advice, a resource, an introduction, a referral), for
        the give-first ledger."""
        arguments = {
            "summary": summary, "to": to, "giver": giver, "kind": kind,
            "need_id": need_id, "meets_need": meets_need,
        }  # fmt: skip

        def someone(owner, text, field):
            if text is None:
                return None
            return "me" if text.strip().lower() == "me" else resolve_person(owner, text, field)

        def work(owner):
            if to is None and need_id is None:
                raise field_error("to", "Say who was helped (or give the need_id).")

            def write():
                return giving.record_give(
                    owner=owner,
                    summary=summary,
                    giver=someone(owner, giver, "giver"),
                    receiver=someone(owner, to, "to"),
                    kind=kind,
                    need=need_id,
                    meets_need=meets_need,
                )

            def show(give):
                text = f"{give.giver.display_name} → {give.receiver.display_name}: {give.summary}."
                return dump(GiveOut, give), text

            return save(owner, "record_give", arguments, confirm, write, show)

        return await call(ctx, work, write=True)

    @server.tool(annotations=WRITE)
    async def lead_add(
        ctx: Context,
        opportunity: Annotated[str, Field(description="What the lead is, in a few words.")],
        referrer: Annotated[str, Field(description="Who gave the lead: an id or a name.")],
        prospect: Annotated[str, Field(description="Who the lead is about: an id or a name.")],
        new_prospect: Annotated[
            bool, Field(description="Add the prospect as a new person when nobody matches.")
        ] = False,
        details: str = "",
        confirm: Confirm = None,
    ) -> CallToolResult:
        """Record a lead the user received. It gets a date to contact the prospect, and the
        referrer is owed a thank-you and updates (see lead_report)."""
        arguments = {
            "opportunity": opportunity, "referrer": referrer, "prospect": prospect,
            "new_prospect": new_prospect, "details": details,
        }  # fmt: skip

        def work(owner):
            def write():
                ref = resolve_person(owner, referrer, "referrer")
                unknown = not people_queries.find_people(owner, prospect)
                if new_prospect and unknown and not prospect.strip().lstrip("#").isdigit():
                    about = {"prospect_name": prospect}
                else:
                    about = {"prospect": resolve_person(owner, prospect, "prospect")}
                return lead_service.create_lead(
                    owner=owner, referrer=ref, opportunity=opportunity, details=details, **about
                )

            def show(lead: Lead):
                data = lead_detail_dict(lead_queries.lead_detail(owner, lead.pk))
                text = (
                    f"Lead: {lead.opportunity} ({lead.prospect.display_name}, from "
                    f"{lead.referrer.display_name}). Contact {lead.prospect.display_name} by "
                    f"{lead.contact_due_on.isoformat()}."
                )
                return data, text

            return save(owner, "lead_add", arguments, confirm, write, show)

        return await call(ctx, work, write=True)

    # ---------------------------------------------------------------- resources

    async def resource(ctx: Context, work: Callable[..., str]) -> str:
        acting = who(ctx)

        def job() -> str:
            try:
                return work(_owner(acting))
            except (ValidationError, Http404) as exc:
                message = schemas.from_exception(exc).content[0].text
                raise MCPError(INVALID_PARAMS, message) from None

        return await in_django(job)

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
            listed = [_person_row(p) for p in rows[: PEOPLE_SHOWN + 1]]
            more = len(listed) > PEOPLE_SHOWN
            return json.dumps({"people": listed[:PEOPLE_SHOWN], "more": more}, ensure_ascii=False)

        return await resource(ctx, work)

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

        return await resource(ctx, work)

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

        return await resource(ctx, work)

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

        summary = await resource(ctx, work)
        return (
            "Let's do my weekly networking review. Keep it short and gentle: what went well, "
            "the three most useful things to do this week (giving before asking), and one "
            "person I have not talked to for a while. Here is where things stand:\n\n" + summary
        )

    return server


def _when(value: str | None):
    """A date or a date and time as typed, checked like the CLI's --when."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace(" ", "T")
    try:
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise field_error("when", f"{value!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM.") from None


# ---------------------------------------------------------------- streamable HTTP


UNAUTHORIZED = (
    "Send a Goodwill access token with the mcp scope: Authorization: Bearer <token>. Make one "
    "under Settings → Access tokens, or with `goodwill token create NAME --scope mcp`."
)
NOT_FOR_MCP = (
    "This token is not for MCP. Make one with the mcp scope under Settings → Access tokens, "
    "or with `goodwill token create NAME --scope mcp`."
)


class TokenGate:
    """ASGI middleware: every HTTP request carries an active token with the mcp scope
    (401 with ``WWW-Authenticate: Bearer`` when there is none, 403 when the token is not
    for MCP), and the tools act for its owner, with its level (read or write)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization", "")
        kind, _, secret = header.partition(" ")
        token = None
        if kind.lower() == "bearer" and secret.strip():
            token = await in_django(lambda: accounts.find_token(secret.strip()))
        if token is None:
            response = JSONResponse(
                error_body("unauthorized", UNAUTHORIZED),
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="goodwill"'},
            )
        elif not token.can_mcp:
            response = JSONResponse(
                error_body("forbidden", NOT_FOR_MCP),
                status_code=403,
                headers={
                    "WWW-Authenticate": 'Bearer realm="goodwill", error="insufficient_scope", '
                    'scope="mcp"'
                },
            )
        else:
            principal = Principal(user_id=token.owner_id, can_write=token.can_write)
            await self.app({**scope, PRINCIPAL: principal}, receive, send)
            return
        await response(scope, receive, send)


def transport_security() -> TransportSecuritySettings:
    """DNS-rebinding protection for the site's hosts: the Host header must be one of
    GOODWILL_ALLOWED_HOSTS (any port), and a browser's Origin one of their origins or
    GOODWILL_SITE_URL's. "*" among the hosts turns the check off, as it does for Django."""
    hosts, origins = [], []
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return TransportSecuritySettings(enable_dns_rebinding_protection=False)
        host = host.lstrip(".")
        hosts += [host, f"{host}:*"]
        origins += [f"https://{host}", f"http://{host}", f"https://{host}:*", f"http://{host}:*"]
    site = urlsplit(settings.GOODWILL_SITE_URL or "")
    if site.netloc:
        hosts.append(site.netloc)
        origins.append(f"{site.scheme}://{site.netloc}")
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )


def http_app():
    """The streamable HTTP app at /mcp, behind the token gate (an ASGI app for uvicorn)."""
    app = build_server().streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=True,
        transport_security=transport_security(),
    )
    return TokenGate(app)
