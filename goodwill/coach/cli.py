"""`goodwill today`, `assess`, `plan`, `goal`, `brief PERSON`, `outreach ...`, `event ...`."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from django.utils import timezone
from rich.markup import escape

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import Json, current_user, fail, out, owned, print_json, read_body
from goodwill.coach import queries as coach_queries
from goodwill.coach.models import Event, LaunchStep, Outreach, OutreachKind
from goodwill.coach.queries import planner as today_queries
from goodwill.coach.queries import prep as prep_queries
from goodwill.coach.rules import content, scoring
from goodwill.coach.rules.owed import Situation
from goodwill.coach.schemas import (
    CauseOut,
    EventOut,
    GoalOut,
    OutreachOut,
    RetiredOut,
    StepOut,
    TidyOut,
    TodayOut,
    brief_dict,
    stats_dict,
    step_dict,
)
from goodwill.coach.services import actions as action_service
from goodwill.coach.services import assessment as assessment_service
from goodwill.coach.services import events as event_service
from goodwill.coach.services import outreach as outreach_service
from goodwill.people.cli.lookups import resolve_person

KindChoice = enum.StrEnum("KindChoice", {v: v for v in OutreachKind.values})


class SituationChoice(enum.StrEnum):
    employed = Situation.EMPLOYED
    business = Situation.BUSINESS
    between_jobs = Situation.BETWEEN_JOBS
    new = Situation.NEW


class AnswerChoice(enum.StrEnum):
    yes = "yes"
    no = "no"
    no_reply = "no_reply"
    pending = "pending"


def today(
    done: Annotated[str, typer.Option("--done", metavar="KEY", help="Mark an action done.")] = "",
    snooze: Annotated[
        str, typer.Option("--snooze", metavar="KEY", help="Hide an action for --days days.")
    ] = "",
    skip: Annotated[str, typer.Option("--skip", metavar="KEY", help="Skip it for today.")] = "",
    days: Annotated[int, typer.Option("--days", help="How long --snooze hides it.")] = 3,
    subject: Annotated[
        str | None, typer.Option("--subject", help="With --done: the subject as you sent it.")
    ] = None,
    body_file: Annotated[
        str | None,
        typer.Option(
            "--body-file",
            metavar="PATH",
            help="With --done: the message as you sent it, from a file (- for stdin).",
        ),
    ] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Print each draft in full.")] = False,
    tidy: Annotated[
        bool, typer.Option("--tidy", help="List old items to let go or revive.")
    ] = False,
    let_go: Annotated[
        str, typer.Option("--let-go", metavar="KEY", help="Let an old item go.")
    ] = "",
    revive: Annotated[
        str, typer.Option("--revive", metavar="KEY", help="Bring an old item back to Today.")
    ] = "",
    retired: Annotated[
        bool, typer.Option("--retired", help="List suggestions dismissed twice or let go.")
    ] = False,
    bring_back: Annotated[
        str, typer.Option("--bring-back", metavar="KEY", help="Suggest a retired item again.")
    ] = "",
    situation: Annotated[
        SituationChoice | None,
        typer.Option("--situation", help="Plan as if this were your situation (a what-if)."),
    ] = None,
    json: Json = False,
) -> None:
    """Today's plan: a sentence, then a few small actions, each with its reason, the rule
    that chose it and a ready draft.

    Example: goodwill today --done catch_up:12 --body-file sent.txt (keeps what you sent)
    """
    owner = current_user()
    if (subject is not None or body_file is not None) and not done:
        raise fail("--subject and --body-file go with --done KEY: the words you sent.")
    words = {"subject": subject, "body": read_body(body_file)} if done else {}
    for key, choice in ((done, "done"), (snooze, "snoozed"), (skip, "skipped")):
        if key:
            sent = words if choice == "done" else {}
            action_service.mark_action(owner=owner, key=key, choice=choice, days=days, **sent)
            if not json:
                out().print(f"{key}: {choice}.", markup=False)
    for key, service, word in (
        (let_go, action_service.let_go, "let go"),
        (revive, action_service.revive, "back on Today for two weeks"),
        (bring_back, action_service.bring_back, "will be suggested again"),
    ):
        if key:
            service(owner=owner, key=key)
            if not json:
                out().print(f"{key}: {word}.", markup=False)
    if tidy:
        _print_tidy(today_queries.tidy_items(owner), json)
        return
    if retired:
        items = today_queries.retired(owner)
        if json:
            print_json(dump_many(RetiredOut, items))
            return
        for item in items:
            out().print(
                f"{item.title}  ({item.choice_label} on {item.day}; {item.key})", markup=False
            )
        if not items:
            out().print("No retired suggestions.")
        return
    plan = today_queries.plan_today(owner, situation=situation.value if situation else None)
    if json:
        print_json(dump(TodayOut, plan))
        return
    console = out()
    console.print(f"[bold]{escape(plan.sentence)}[/bold]")
    if plan.ratio_text:
        console.print(f"[dim]{escape(plan.ratio_text)}[/dim]")
    if not plan.actions:
        console.print("Nothing asks for you today. A hello that asks for nothing is always nice.")
        return
    for number, a in enumerate(plan.actions, 1):
        console.print(f"[bold]{number}. {escape(a.title)}[/bold]  [dim]{escape(a.key)}[/dim]")
        console.print(f"   {escape(a.reason)}", soft_wrap=True)
        if a.why:
            console.print(f"   [dim]Why: {escape(a.why)}[/dim]", soft_wrap=True)
        if a.draft:
            text = a.draft if drafts else a.draft.split("\n\n")[0]
            if a.subject:
                console.print(f"   [dim]Subject:[/dim] {escape(a.subject)}")
            for line in text.splitlines():
                console.print(f"   [dim]│[/dim] {escape(line)}", soft_wrap=True)
    if plan.tidy_day:
        console.print(
            "\nMonday: a minute to let go of old things, or revive them: goodwill today --tidy"
        )
    console.print("\n[dim]Mark one: goodwill today --done KEY (or --snooze / --skip).[/dim]")


def _print_tidy(items, json: bool) -> None:
    if json:
        print_json(dump_many(TidyOut, items))
        return
    console = out()
    if not items:
        console.print("Nothing old is waiting. All tidy.")
        return
    for item in items:
        console.print(
            f"{escape(item.title)}  [dim]{item.age_days} days · {escape(item.key)}[/dim]",
            soft_wrap=True,
        )
    console.print("\n[dim]goodwill today --let-go KEY, or --revive KEY.[/dim]")


def assess(
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", "-a", metavar="KEY=1..5", help="Rate a statement (repeat)."),
    ] = None,
    situation: Annotated[
        str | None,
        typer.Option(
            "--situation",
            metavar="SITUATION",
            help="employed, business, between_jobs, new or none (default: as last time).",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Take the check-in: rate twelve statements 1 (not like me) to 5 (very much like me).

    Without --answer it asks each in turn. Example: goodwill assess -a reject_avoid=4 ...
    """
    owner = current_user()
    answers: dict[str, str] = {}
    for item in answer or []:
        key, _, value = item.partition("=")
        answers[key.strip()] = value.strip()
    if not answer:
        if situation is None:
            situation = _ask_situation(coach_queries.current_situation(owner))
        scale = content.scale()
        out().print("1 = " + scale[0] + " … 5 = " + scale[-1], markup=False)
        for s in content.statements():
            answers[s["key"]] = typer.prompt(s["text"])
    if situation is not None and situation.strip().lower() == "none":
        situation = ""
    assessment_service.take_assessment(owner=owner, answers=answers, situation=situation)
    taken = coach_queries.assessments(owner, limit=2)
    results = coach_queries.results(taken[0], taken[1] if len(taken) > 1 else None)
    if json:
        print_json(dump_many(CauseOut, results))
        return
    console = out()
    for r in results:
        change = f" ({r.change:+d})" if r.change else ""
        mark = "[bold]" if r.high else ""
        console.print(f"{mark}{escape(r.name)}: {r.score}/100{change}{'[/bold]' if mark else ''}")
        if r.high:
            console.print(f"  {escape(r.summary)}", soft_wrap=True)
    console.print("\nYour launch plan: goodwill plan")


def _ask_situation(current: str) -> str:
    """Ask where the user is, by number; Enter keeps the current answer."""
    console = out()
    console.print("Where are you right now?", markup=False)
    for i, (_key, label, help_text) in enumerate(scoring.SITUATIONS, 1):
        console.print(f"  {i}. {label}: {help_text}", markup=False)
    console.print(f"  {len(scoring.SITUATIONS) + 1}. Rather not say", markup=False)
    keys = [key for key, _, _ in scoring.SITUATIONS] + [""]
    default = str(keys.index(current) + 1)
    while True:
        picked = typer.prompt("Your answer (a number)", default=default).strip()
        if picked.isdigit() and 1 <= int(picked) <= len(keys):
            return keys[int(picked) - 1]
        console.print(f"Type a number from 1 to {len(keys)}.", markup=False)


def situation(
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="[SITUATION]", help="employed, business, between_jobs, new, or none."
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Show or change where you are right now; Today plans for it."""
    owner = current_user()
    if value is not None:
        value = "" if value.strip().lower() == "none" else value
        assessment_service.set_situation(owner=owner, situation=value)
    current = coach_queries.current_situation(owner)
    if json:
        print_json({"situation": current, "label": scoring.situation_label(current)})
        return
    label = scoring.situation_label(current) or "Not said"
    out().print(f"{label}. Change it: goodwill situation SITUATION", markup=False)


def plan(
    done: Annotated[int, typer.Option("--done", metavar="ID", help="Tick a step off.")] = 0,
    json: Json = False,
) -> None:
    """Your launch plan: tiny first steps, with progress."""

    owner = current_user()
    if done:
        step = owned(LaunchStep, owner, done, listing="goodwill plan")
        assessment_service.set_step_done(owner=owner, step=step)
    steps = coach_queries.launch_plan(owner)
    if json:
        print_json([dump_step(s) for s in steps])
        return
    if not steps:
        out().print("No plan yet. Take the check-in first: goodwill assess")
        return
    for s in steps:
        mark = "✓" if s.done else "·"
        out().print(f"{mark} {s.step.pk:>4}  {s.title}", markup=False)
        if s.first and s.words:
            for line in s.words.splitlines():
                out().print(f"         │ {line}", markup=False, soft_wrap=True)
    out().print(f"{sum(1 for s in steps if s.done)} of {len(steps)} done.", markup=False)


def dump_step(item) -> dict:

    return StepOut(**step_dict(item)).model_dump(mode="json")


def goal(
    coffees: Annotated[int | None, typer.Option("--coffees", help="Coffees a week.")] = None,
    gives: Annotated[int | None, typer.Option("--gives", help="Gives a week.")] = None,
    reach_outs: Annotated[
        int | None, typer.Option("--reach-outs", help="Reach-outs a week.")
    ] = None,
    json: Json = False,
) -> None:
    """Show or set your weekly goal, and this week's progress and streak."""
    owner = current_user()
    values = {"coffees": coffees, "gives": gives, "reach_outs": reach_outs}
    if any(v is not None for v in values.values()):
        action_service.set_weekly_goal(owner=owner, **values)
    week = coach_queries.week(owner)
    if json:
        print_json({**dump(GoalOut, coach_queries.goal_for(owner)), "streak": week.streak})
        return
    for label, done, target in week.rows:
        out().print(f"{label}: {done} of {target}", markup=False)
    out().print(f"Streak: {week.streak} week(s) in a row with something done.", markup=False)


def brief(
    person: Annotated[str, typer.Argument(metavar="PERSON", help="A name or id.")],
    situation: Annotated[str, typer.Option("--for", help="coffee, call, conference…")] = "coffee",
    json: Json = False,
) -> None:
    """What to know before meeting someone: last talks, things to ask, needs, openers."""
    owner = current_user()
    who = resolve_person(owner, person)
    data = brief_dict(prep_queries.person_brief(owner, who.pk, how=situation))
    if json:
        print_json(data)
        return
    console = out()
    console.print(f"[bold]Before you meet {escape(data['person']['display_name'])}[/bold]")
    sections = [
        ("Ask about", data["open_asks"]),
        (
            "Last time",
            [
                f"{i['occurred_at'][:10]} {i['kind']}: {i['summary']}"
                for i in data["last_interactions"]
            ],
        ),
        ("What they need", data["needs"]),
        ("What you could offer", data["my_offers"]),
        ("People you both know", [m["display_name"] for m in data["mutual"]]),
        ("Leads between you", data["leads_given"] + data["leads_about"]),
        ("Openers", data["openers"]),
        ("Questions", data["questions"]),
    ]
    for title, items in sections:
        if items:
            console.print(f"\n{title}", style="bold", markup=False)
            for item in items:
                console.print(f"  - {item}", markup=False, soft_wrap=True)


# ---------------------------------------------------------------- outreach

outreach_app = typer.Typer(help="Asks and invitations, and their answers.", no_args_is_help=True)


@outreach_app.command("add")
def outreach_add(
    person: Annotated[str, typer.Argument(metavar="PERSON")],
    kind: Annotated[KindChoice, typer.Option("--kind")] = KindChoice.coffee,
    note: Annotated[str, typer.Option("--note")] = "",
    when: Annotated[str, typer.Option("--when", metavar="DATE")] = "",
    answer: Annotated[AnswerChoice | None, typer.Option("--answer")] = None,
    json: Json = False,
) -> None:
    """Record an ask you sent. Example: goodwill outreach add "Ana Ruiz" --kind coffee"""
    owner = current_user()
    who = resolve_person(owner, person, field="person")
    item = outreach_service.record_outreach(
        owner=owner,
        person=who,
        kind=str(kind),
        note=note,
        asked_on=when or None,
        answer=str(answer) if answer else None,
    )
    if json:
        print_json(dump(OutreachOut, item))
        return
    out().print(f"Outreach {item.pk} recorded. Asking was the hard part.", markup=False)


@outreach_app.command("answer")
def outreach_answer(
    outreach_id: Annotated[int, typer.Argument(metavar="ID")],
    answer: Annotated[AnswerChoice, typer.Argument(metavar="ANSWER")],
    json: Json = False,
) -> None:
    """Record the answer: yes, no, no_reply (or pending)."""
    owner = current_user()
    item = outreach_service.answer_outreach(
        owner=owner,
        outreach=owned(Outreach, owner, outreach_id, listing="goodwill outreach list"),
        answer=str(answer),
    )
    nexts = coach_queries.next_to_ask(owner, item) if item.answer != "yes" else []
    if json:
        print_json(dump(OutreachOut, item))
        return
    out().print(f"Saved: {item.get_answer_display()}.", markup=False)
    if nexts:
        out().print(
            "A no is normal data. Worth asking next: "
            + ", ".join(f"{p.display_name} (#{p.pk})" for p in nexts),
            markup=False,
        )


@outreach_app.command("list")
def outreach_list(json: Json = False) -> None:
    """Recent asks, newest first, with the acceptance rate."""
    owner = current_user()
    items = coach_queries.outreach_list(owner)
    stats = coach_queries.outreach_stats(owner)
    if json:
        print_json({"items": dump_many(OutreachOut, items), "stats": stats_dict(stats)})
        return
    for o in items:
        out().print(
            f"{o.pk:>5}  {o.asked_on}  {o.get_kind_display()}: {o.person.display_name} "
            f"— {o.get_answer_display()}",
            markup=False,
        )
    if stats.rate is not None:
        out().print(f"Acceptance rate: {stats.rate}% of {stats.answered} answered.", markup=False)


# ---------------------------------------------------------------- events

event_app = typer.Typer(help="Events: prep, capture the people met, debrief.", no_args_is_help=True)


@event_app.command("add")
def event_add(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    starts: Annotated[str, typer.Option("--at", metavar="YYYY-MM-DD HH:MM")],
    place: Annotated[str, typer.Option("--place")] = "",
    goal_text: Annotated[str | None, typer.Option("--goal")] = None,
    json: Json = False,
) -> None:
    """Add an event. Example: goodwill event add "Design Meetup" --at "2026-06-20 19:00" """
    owner = current_user()
    fields = {"goal": goal_text} if goal_text is not None else {}
    item = event_service.create_event(
        owner=owner, name=name, starts_at=starts, place=place, **fields
    )
    if json:
        print_json(dump(EventOut, item))
        return
    out().print(f"Event {item.pk} added. Goal: {item.goal}", markup=False)


@event_app.command("list")
def event_list(json: Json = False) -> None:
    owner = current_user()
    items = prep_queries.events(owner)
    if json:
        print_json(dump_many(EventOut, items))
        return
    for e in items:
        when = timezone.localtime(e.starts_at)  # in the account's zone
        out().print(f"{e.pk:>5}  {when:%Y-%m-%d %H:%M}  {e.name}", markup=False)


@event_app.command("edit")
def event_edit(
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    name: Annotated[str | None, typer.Option("--name")] = None,
    starts: Annotated[str | None, typer.Option("--at", metavar="YYYY-MM-DD HH:MM")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    goal_text: Annotated[str | None, typer.Option("--goal")] = None,
    attending: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="NAME",
            help="Someone from your network who will be there (repeat; replaces the list).",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Change an event; only the options given change."""
    owner = current_user()
    item = owned(Event, owner, event_id, listing="goodwill event list")
    given = {"name": name, "starts_at": starts, "place": place, "goal": goal_text}
    fields = {k: v for k, v in given.items() if v is not None}
    if attending is not None:
        fields["people"] = [resolve_person(owner, n, field="--with").pk for n in attending]
    item = event_service.update_event(owner=owner, event=item, **fields)
    if json:
        print_json(dump(EventOut, item))
        return
    out().print(f"Event {item.pk} saved.", markup=False)


@event_app.command("capture")
def event_capture(
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    lines: Annotated[list[str], typer.Argument(metavar='"NAME - LINE"...')],
) -> None:
    """Capture people met: each argument "Name - one line about them"."""
    owner = current_user()
    made = event_service.capture_people(
        owner=owner,
        event=owned(Event, owner, event_id, listing="goodwill event list"),
        text="\n".join(lines),
    )
    out().print(f"Captured {len(made)}. Debrief tomorrow: goodwill event debrief {event_id}")


@event_app.command("debrief")
def event_debrief(
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    together: Annotated[
        list[int] | None,
        typer.Option(
            "--together",
            metavar="CONTACT_ID",
            help="Someone met who knows the others ticked so (repeat; at least two).",
        ),
    ] = None,
) -> None:
    """Turn the people captured into people of yours, with follow-ups within 48 hours.

    They are not linked to each other unless you name who knows whom with --together."""
    owner = current_user()
    kept = event_service.debrief_event(
        owner=owner,
        event=owned(Event, owner, event_id, listing="goodwill event list"),
        together=together or [],
    )
    out().print(f"{len(kept)} people added; see them in `goodwill today`.", markup=False)


def register(root) -> None:
    """Add this module's commands to the root typer app."""
    root.command("today")(today)
    root.command("assess")(assess)
    root.command("situation")(situation)
    root.command("plan")(plan)
    root.command("goal")(goal)
    root.command("brief")(brief)
    root.add_typer(outreach_app, name="outreach")
    root.add_typer(event_app, name="event")
