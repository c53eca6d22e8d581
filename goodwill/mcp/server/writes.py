"""The tools that save something. Each resolves what the assistant typed, then hands a
function calling the area's own service to ``Runner.save``: a preview first, rolled
back; the save only with the preview's confirmation (goodwill.mcp.services).

No ``from __future__ import annotations``: the SDK reads the parameters' types at run
time."""

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import CallToolResult
from pydantic import Field

from goodwill.api.schemas import dump, dump_many
from goodwill.core.rules import field_error
from goodwill.giving import queries as giving_queries
from goodwill.giving import services as giving
from goodwill.giving.models import GiveKind, Need
from goodwill.giving.schemas import GiveOut, NeedOut, OfferOut
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction, Kind
from goodwill.interactions.schemas import InteractionOut
from goodwill.leads import queries as lead_queries
from goodwill.leads import services as lead_service
from goodwill.leads.models import Lead
from goodwill.leads.schemas import lead_detail_dict
from goodwill.mcp.server.common import WRITE, Confirm, PersonArg, Runner, parse_when, resolve_person
from goodwill.people import queries as people_queries


def add_write_tools(server: MCPServer, runner: Runner) -> None:
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
                    occurred_at=parse_when(when),
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

            return runner.save(owner, "log_interaction", arguments, confirm, write, show)

        return await runner.call(ctx, work, write=True)

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

            return runner.save(owner, "record_need", arguments, confirm, write, show)

        return await runner.call(ctx, work, write=True)

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

            return runner.save(owner, "record_offer", arguments, confirm, write, show)

        return await runner.call(ctx, work, write=True)

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

            return runner.save(owner, "record_give", arguments, confirm, write, show)

        return await runner.call(ctx, work, write=True)

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

            return runner.save(owner, "lead_add", arguments, confirm, write, show)

        return await runner.call(ctx, work, write=True)
