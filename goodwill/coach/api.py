"""The coach: Today, the weekly goal, assessment and plan, outreach, events, briefs.

Every route calls the same services and queries as the web pages and the CLI.
"""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.schemas import Ref
from goodwill.coach import queries as coach_queries
from goodwill.coach.models import Event, LaunchStep, Outreach
from goodwill.coach.queries import planner as today_queries
from goodwill.coach.queries import prep as prep_queries
from goodwill.coach.rules import content, scoring
from goodwill.coach.schemas import (
    ActIn,
    ActionStateOut,
    AssessmentIn,
    AssessmentOut,
    BriefOut,
    CaptureIn,
    CauseOut,
    DebriefIn,
    EventIn,
    EventOut,
    EventPatch,
    GoalIn,
    GoalOut,
    KeyIn,
    OutreachIn,
    OutreachOut,
    OutreachPatch,
    OutreachStatsOut,
    SituationIn,
    SituationOut,
    StatementOut,
    StepDoneIn,
    StepOut,
    TidyOut,
    TodayOut,
    WeekOut,
    brief_dict,
    stats_dict,
    step_dict,
)
from goodwill.coach.services import actions as action_service
from goodwill.coach.services import assessment as assessment_service
from goodwill.coach.services import events as event_service
from goodwill.coach.services import outreach as outreach_service
from goodwill.core import revision

router = Router(tags=["coach"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"outreach_id": Outreach, "event_id": Event, "step_id": LaunchStep}


def _event(request, event_id: int) -> Event:
    return owned(request, Event.objects.prefetch_related("people", "contacts"), event_id)


# ---------------------------------------------------------------- Today


@router.get("/today", response={200: TodayOut, **READ_ERRORS}, url_name="coach.today")
def today(request, limit: int = 5):
    """Today's plan: its sentence, the rules that shaped it and at most `limit` (1..10)
    actions, each with its reason, the rule that chose it and a ready draft."""
    user, limit = owner(request), max(1, min(limit, 10))
    return revision.kept(
        user, f"today-api-{limit}", lambda: today_queries.plan_today(user, limit=limit)
    )


@router.get("/today/tidy", response={200: list[TidyOut], **READ_ERRORS}, url_name="coach.tidy")
def tidy(request):
    """Asks, leads and introductions too old for the daily plan: let go or revive each."""
    return today_queries.tidy_items(owner(request))


@router.post(
    "/today/tidy/let-go", response={200: ActionStateOut, **WRITE_ERRORS}, url_name="coach.let_go"
)
def let_go(request, payload: KeyIn):
    """Let an old item go: it leaves the tidy list (bring it back from the retired list)."""
    return action_service.let_go(owner=owner(request), key=payload.key)


@router.post(
    "/today/tidy/revive", response={200: ActionStateOut, **WRITE_ERRORS}, url_name="coach.revive"
)
def revive(request, payload: KeyIn):
    """Bring an old item back to Today's plan for two weeks, whatever its age."""
    return action_service.revive(owner=owner(request), key=payload.key)


@router.get(
    "/today/retired", response={200: list[ActionStateOut], **READ_ERRORS}, url_name="coach.retired"
)
def retired(request):
    """Suggestions dismissed twice, and old items let go."""
    return today_queries.retired(owner(request))


@router.post(
    "/today/bring-back", response={200: ActionStateOut, **WRITE_ERRORS}, url_name="coach.bring_back"
)
def bring_back(request, payload: KeyIn):
    """Suggest a retired (or let go) item again."""
    return action_service.bring_back(owner=owner(request), key=payload.key)


@router.post("/today/act", response={200: ActionStateOut, **WRITE_ERRORS}, url_name="coach.act")
def act(request, payload: ActIn):
    """Done, snoozed (for `days`, default 3) or skipped (for today). "Done" also does the
    thing where it has a meaning: the lead moves to contacted, the report-back is logged…"""
    return action_service.mark_action(owner=owner(request), **payload.model_dump())


@router.get("/coach/week", response={200: WeekOut, **READ_ERRORS}, url_name="coach.week")
def week(request):
    """This week's coffees, gives and reach-outs against the goal, and the streak."""
    return coach_queries.week(owner(request))


@router.get("/coach/goal", response={200: GoalOut, **READ_ERRORS}, url_name="coach.goal")
def get_goal(request):
    return coach_queries.goal_for(owner(request))


@router.put("/coach/goal", response={200: GoalOut, **WRITE_ERRORS}, url_name="coach.goal_set")
def put_goal(request, payload: GoalIn):
    """Set any of coffees, gives, reach_outs per week (0..50; 0 = no goal for that)."""
    return action_service.set_weekly_goal(owner=owner(request), **changes(payload))


# ---------------------------------------------------------------- assessment and plan


@router.get(
    "/coach/statements",
    response={200: list[StatementOut], **READ_ERRORS},
    url_name="coach.statements",
)
def statements(request):
    """The assessment's statements; rate each 1 (not like me) to 5 (very much like me)."""
    return content.statements()


@router.get(
    "/coach/assessments",
    response={200: list[AssessmentOut], **READ_ERRORS},
    url_name="coach.assessments",
)
def list_assessments(request):
    """Every take, newest first (up to 12): the scores show the change over time."""
    return coach_queries.assessments(owner(request))


@router.post(
    "/coach/assessments",
    response={201: list[CauseOut], **WRITE_ERRORS},
    url_name="coach.assess",
)
def assess(request, payload: AssessmentIn):
    """Take the assessment: returns each cause's score and what to work on first (in that
    order), and adds the launch plan's steps for the high ones."""
    who = owner(request)
    assessment_service.take_assessment(
        owner=who, answers=payload.answers, situation=payload.situation
    )
    taken = coach_queries.assessments(who, limit=2)
    return Status(201, coach_queries.results(taken[0], taken[1] if len(taken) > 1 else None))


def _situation(value: str) -> dict:
    return {
        "situation": value,
        "label": scoring.situation_label(value),
        "choices": [{"key": k, "label": label} for k, label, _ in scoring.SITUATIONS],
    }


@router.get(
    "/coach/situation", response={200: SituationOut, **READ_ERRORS}, url_name="coach.situation"
)
def get_situation(request):
    """The user's situation (employed, business, between_jobs, new; "" when not said)."""
    return _situation(coach_queries.current_situation(owner(request)))


@router.put(
    "/coach/situation",
    response={200: SituationOut, **WRITE_ERRORS},
    url_name="coach.situation_set",
)
def set_situation(request, payload: SituationIn):
    """Change it: kept on the latest check-in and copied forward on retakes."""
    taken = assessment_service.set_situation(owner=owner(request), situation=payload.situation)
    return _situation(taken.situation)


@router.get("/coach/plan", response={200: list[StepOut], **READ_ERRORS}, url_name="coach.plan")
def plan(request):
    return [step_dict(s) for s in coach_queries.launch_plan(owner(request))]


@router.post(
    "/coach/plan/{int:step_id}",
    response={200: list[StepOut], **WRITE_ERRORS},
    url_name="coach.step",
)
def set_step(request, step_id: int, payload: StepDoneIn):
    step = owned(request, LaunchStep, step_id)
    assessment_service.set_step_done(owner=owner(request), step=step, done=payload.done)
    return [step_dict(s) for s in coach_queries.launch_plan(owner(request))]


# ---------------------------------------------------------------- outreach


@router.get("/outreach", response={200: list[OutreachOut], **READ_ERRORS}, url_name="outreach.list")
@paginate(Page)
def list_outreach(request):
    """Asks and invitations you recorded, newest first."""
    return (
        Outreach.objects.filter(owner=owner(request))
        .select_related("person")
        .order_by("-asked_on", "-id")
    )


@router.post("/outreach", response={201: OutreachOut, **WRITE_ERRORS}, url_name="outreach.create")
def create_outreach(request, payload: OutreachIn):
    made = outreach_service.record_outreach(owner=owner(request), **payload.model_dump())
    return Status(201, made)


@router.get(
    "/outreach/stats", response={200: OutreachStatsOut, **READ_ERRORS}, url_name="outreach.stats"
)
def outreach_stats(request):
    """The real acceptance rate (no reply counts as a no), and the last six months."""
    return stats_dict(coach_queries.outreach_stats(owner(request)))


@router.get(
    "/outreach/{int:outreach_id}",
    response={200: OutreachOut, **READ_ERRORS},
    url_name="outreach.detail",
)
def get_outreach(request, outreach_id: int):
    return owned(request, Outreach.objects.select_related("person"), outreach_id)


@router.patch(
    "/outreach/{int:outreach_id}",
    response={200: OutreachOut, **WRITE_ERRORS},
    url_name="outreach.update",
)
def update_outreach(request, outreach_id: int, payload: OutreachPatch):
    """Change it or record the answer (yes, no, no_reply; pending takes it back)."""
    item = owned(request, Outreach.objects.select_related("person"), outreach_id)
    return outreach_service.update_outreach(owner=owner(request), outreach=item, **changes(payload))


@router.delete(
    "/outreach/{int:outreach_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="outreach.delete",
)
def delete_outreach(request, outreach_id: int):
    item = owned(request, Outreach, outreach_id)
    outreach_service.delete_outreach(owner=owner(request), outreach=item)
    return Status(204, None)


@router.get(
    "/outreach/{int:outreach_id}/next",
    response={200: list[Ref], **READ_ERRORS},
    url_name="outreach.next",
)
def next_people(request, outreach_id: int):
    """After a no: people worth asking next (close to that person, not asked lately)."""
    item = owned(request, Outreach.objects.select_related("person"), outreach_id)
    return coach_queries.next_to_ask(owner(request), item)


# ---------------------------------------------------------------- events


@router.get("/events", response={200: list[EventOut], **READ_ERRORS}, url_name="events.list")
@paginate(Page)
def list_events(request):
    return (
        Event.objects.filter(owner=owner(request))
        .prefetch_related("people", "contacts")
        .order_by("-starts_at", "-id")
    )


@router.post("/events", response={201: EventOut, **WRITE_ERRORS}, url_name="events.create")
def create_event(request, payload: EventIn):
    data = payload.model_dump()
    if data["goal"] is None:
        data.pop("goal")
    made = event_service.create_event(owner=owner(request), **data)
    return Status(201, _event(request, made.pk))


@router.get(
    "/events/{int:event_id}", response={200: EventOut, **READ_ERRORS}, url_name="events.detail"
)
def get_event(request, event_id: int):
    return _event(request, event_id)


@router.patch(
    "/events/{int:event_id}", response={200: EventOut, **WRITE_ERRORS}, url_name="events.update"
)
def update_event(request, event_id: int, payload: EventPatch):
    item = owned(request, Event, event_id)
    event_service.update_event(owner=owner(request), event=item, **changes(payload))
    return _event(request, event_id)


@router.delete(
    "/events/{int:event_id}", response={204: None, **WRITE_ERRORS}, url_name="events.delete"
)
def delete_event(request, event_id: int):
    event_service.delete_event(owner=owner(request), event=owned(request, Event, event_id))
    return Status(204, None)


@router.post(
    "/events/{int:event_id}/capture",
    response={200: EventOut, **WRITE_ERRORS},
    url_name="events.capture",
)
def capture(request, event_id: int, payload: CaptureIn):
    """Add people met: `text` ("Name - one line" per line) and/or `entries`."""
    item = owned(request, Event, event_id)
    event_service.capture_people(
        owner=owner(request),
        event=item,
        text=payload.text,
        entries=[e.model_dump() for e in payload.entries],
    )
    return _event(request, event_id)


@router.post(
    "/events/{int:event_id}/debrief",
    response={200: EventOut, **WRITE_ERRORS},
    url_name="events.debrief",
)
def debrief(request, event_id: int, payload: DebriefIn):
    """Turn the captured names into people (minus `drop`); Today then asks for a
    follow-up with each within 48 hours. They are linked to each other only when listed
    in `together` (people who know each other)."""
    item = owned(request, Event, event_id)
    event_service.debrief_event(
        owner=owner(request), event=item, drop=payload.drop, together=payload.together
    )
    return _event(request, event_id)


# ---------------------------------------------------------------- prep


@router.get(
    "/people/{int:person_id}/brief",
    response={200: BriefOut, **READ_ERRORS},
    url_name="coach.brief",
)
def brief(request, person_id: int, situation: str = "coffee"):
    """What to know before meeting someone, with openers for the situation."""
    return brief_dict(prep_queries.person_brief(owner(request), person_id, how=situation))


@router.get("/coach/prep", response={200: dict, **READ_ERRORS}, url_name="coach.prep")
def prep(request):
    """Openers, follow-up questions and listen-for cues, by situation."""
    return content.situations()
