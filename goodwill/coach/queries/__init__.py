"""Read side of the coach: launch plan progress, assessment results, outreach figures,
the week's progress and streak, event prep, and the brief before meeting someone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlencode

from django.db import connection, models
from django.db.models import Count, F, Q
from django.utils import timezone

from goodwill.coach.models import (
    Answer,
    Assessment,
    Cause,
    LaunchStep,
    Outreach,
    OutreachKind,
    WeeklyGoal,
)
from goodwill.coach.models import Event as EventModel
from goodwill.coach.rules import content, scoring
from goodwill.coach.rules import launch as launch_rules
from goodwill.coach.rules.outreach import effective_answer
from goodwill.giving.models import Give, Need
from goodwill.interactions.models import AskNext, Interaction
from goodwill.leads.models import ReportBack
from goodwill.people.models import Person


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()


IN_PERSON_KINDS = ("coffee", "meal", "meeting")
REACH_KINDS = ("message", "email", "call", "video")

# ---------------------------------------------------------------- launch plan

# What you have: read each time the plan is shown (an import adds people in bulk).
STATE_CHECKS = ("people", "rhythm")


def _since(owner, model, since: dt.datetime, **filters) -> models.QuerySet:
    return model.objects.filter(owner=owner, created_at__gte=since, **filters)


def _no_ask_hello(owner, since: dt.datetime) -> bool:
    rows = (
        _since(owner, Interaction, since, kind__in=launch_rules.REACH_KINDS)
        .order_by("-created_at")
        .values_list("kind", "summary", "notes")[:200]
    )
    return any(launch_rules.is_no_ask(*row) for row in rows)


def check_seen(owner, check: str, since: dt.datetime) -> bool:
    """Whether the app has seen what a step's ``check`` names (see launch.toml): what you
    have now, or what you did since ``since`` (when the step joined the plan)."""
    name, wanted = launch_rules.parse_check(check)
    people = Person.objects.filter(owner=owner, is_me=False, archived=False)
    if name == "people":
        return people[:wanted].count() >= wanted
    if name == "rhythm":
        with_rhythm = people.filter(
            Q(cadence_days__isnull=False) | Q(tags__cadence_days__isnull=False)
        )
        return with_rhythm.values("pk").distinct()[:wanted].count() >= wanted
    if name == "no_ask_hello":
        return _no_ask_hello(owner, since)
    if name == "in_person":
        return (
            _since(owner, Interaction, since, kind__in=launch_rules.IN_PERSON_KINDS).exists()
            or _since(owner, Outreach, since, kind=OutreachKind.COFFEE).exists()
        )
    if name == "answered":
        answered = Outreach.objects.filter(owner=owner, answered_on__gte=timezone.localdate(since))
        return answered.exclude(answer=Answer.PENDING)[:wanted].count() >= wanted
    model = {
        "need": Need,
        "give": Give,
        "ask_next": AskNext,
        "report_back": ReportBack,
        "event": EventModel,
    }.get(name)
    if model is None:
        return False
    found = _since(owner, model, since)
    if model is Give:
        found = found.filter(giver__is_me=True)
    return found.exists()


def _step_content() -> dict[str, dict]:
    return {s["key"]: s for s in content.launch_steps()}


def hello_person(owner) -> Person | None:
    """Whom a first step's ready words go to: someone real, the most recently in touch
    (then the most recently met, then the newest added)."""
    return (
        Person.objects.filter(owner=owner, is_me=False, archived=False)
        .order_by(
            F("last_contact_at").desc(nulls_last=True),
            F("met_on").desc(nulls_last=True),
            "-created_at",
            "-id",
        )
        .first()
    )


@dataclass
class PlanStep:
    step: LaunchStep
    done: bool
    by_itself: bool  # ticked because the app saw it happen
    person: Person | None = None  # whom the ready words go to
    words: str = ""  # a short message the user can send
    log_kind: str = ""  # what to log once it is done
    log_summary: str = ""
    first: bool = False  # the first step still to do: its words are shown open

    @property
    def log_query(self) -> str:
        """The log form's query string that records this step once done."""
        if not self.log_kind:
            return ""
        params = {"kind": self.log_kind, "summary": self.log_summary}
        if self.person is not None:
            params["person"] = self.person.pk
        return urlencode(params)

    @property
    def title(self) -> str:
        named = _step_content().get(self.step.key, {}).get("named", "")
        if named and self.person is not None:
            return named.replace("{name}", self.person.display_name)
        return self.step.title


def _dress(owner, step: LaunchStep, done: bool, by_itself: bool, person_of) -> PlanStep:
    text = _step_content().get(step.key, {})
    person = person_of() if text.get("words") else None
    return PlanStep(
        step=step,
        done=done,
        by_itself=by_itself,
        person=person,
        words=launch_rules.fill_words(text.get("words", ""), person.display_name if person else ""),
        log_kind=text.get("log", ""),
        log_summary=text.get("summary", ""),
    )


def _person_once(owner):
    found: list = []

    def get():
        if not found:
            found.append(hello_person(owner))
        return found[0]

    return get


def launch_plan(owner) -> list[PlanStep]:
    """The plan's steps in order, done or not, each with its ready words (if any) for one
    named person. A step is done by hand, or by the app that saw it happen (ticked by
    coach.services.launch when it happens, or read now for what you have)."""
    texts = _step_content()
    seen: dict[str, bool] = {}
    plan = []
    person_of = _person_once(owner)
    for step in LaunchStep.objects.filter(owner=owner).order_by("position", "id"):
        check = texts.get(step.key, {}).get("check", "")
        auto = step.done_by_app and step.done_at is not None
        if step.done_at is None and launch_rules.parse_check(check)[0] in STATE_CHECKS:
            if check not in seen:
                seen[check] = check_seen(owner, check, step.created_at)
            auto = seen[check]
        plan.append(_dress(owner, step, step.done_at is not None or auto, auto, person_of))
    for item in plan:
        if not item.done:
            item.first = True
            break
    return plan


def next_launch_step(owner, *, exclude_keys=frozenset()) -> LaunchStep | None:
    """The first step not done yet (by hand or by the app seeing it happen). It carries
    ``plan`` (its PlanStep): ``plan.title`` names the person, ``plan.words`` are the ready
    words to send (the draft), ``plan.person`` whom they go to."""
    texts = _step_content()
    person_of = _person_once(owner)
    for step in LaunchStep.objects.filter(owner=owner, done_at__isnull=True).order_by(
        "position", "id"
    )[:12]:
        if f"launch:{step.pk}" in exclude_keys:
            continue
        check = texts.get(step.key, {}).get("check", "")
        if launch_rules.parse_check(check)[0] in STATE_CHECKS and check_seen(
            owner, check, step.created_at
        ):
            continue
        step.plan = _dress(owner, step, False, False, person_of)
        return step
    return None


# ---------------------------------------------------------------- assessment


@dataclass
class CauseResult:
    cause: str
    name: str
    score: int
    high: bool
    summary: str
    helps: str
    change: int | None = None  # against the previous take


def results(taken: Assessment, previous: Assessment | None = None) -> list[CauseResult]:
    texts = content.causes()
    focus = scoring.focus(taken.scores)
    out = []
    for cause in [*focus, *(c for c in Cause.values if c not in focus)]:
        value = int(taken.scores.get(cause, 0))
        high = value >= scoring.HIGH
        text = texts[cause]
        out.append(
            CauseResult(
                cause=cause,
                name=text["name"],
                score=value,
                high=high,
                summary=text["high"] if high else "Not much in your way here. Good.",
                helps=text["helps"],
                change=(value - int(previous.scores.get(cause, 0))) if previous else None,
            )
        )
    return out


def current_situation(owner) -> str:
    """The user's situation (a coach.rules.owed.Situation value), "" when not said."""
    value = (
        Assessment.objects.filter(owner=owner)
        .order_by("-taken_at", "-id")
        .values_list("situation", flat=True)
        .first()
    )
    return value or ""


def current_scores(owner) -> dict[str, int]:
    """The latest check-in's scores (cause -> 0..100), {} before the first one."""
    value = (
        Assessment.objects.filter(owner=owner)
        .order_by("-taken_at", "-id")
        .values_list("scores", flat=True)
        .first()
    )
    return dict(value or {})


def assessments(owner, *, limit: int = 12) -> list[Assessment]:
    return list(Assessment.objects.filter(owner=owner).order_by("-taken_at", "-id")[:limit])


# ---------------------------------------------------------------- outreach


@dataclass
class OutreachStats:
    asked: int = 0
    yes: int = 0
    no: int = 0
    no_reply: int = 0
    waiting: int = 0
    months: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, yes, answered)

    @property
    def answered(self) -> int:
        return self.yes + self.no + self.no_reply

    @property
    def rate(self) -> int | None:
        """Acceptance rate in percent among answered asks (no reply counts as a no)."""
        return round(100 * self.yes / self.answered) if self.answered else None


def outreach_stats(owner, *, today: dt.date | None = None, months: int = 6) -> OutreachStats:
    today = today or timezone.localdate()
    stats = OutreachStats()
    by_month: dict[str, list[int]] = {}
    for o in Outreach.objects.filter(owner=owner).only(
        "asked_on", "answer", "followed_up_at", "owner_id"
    ):
        answer = effective_answer(o, today)
        stats.asked += 1
        if answer == Answer.PENDING:
            stats.waiting += 1
            continue
        setattr(stats, answer, getattr(stats, answer) + 1)
        bucket = by_month.setdefault(o.asked_on.strftime("%Y-%m"), [0, 0])
        bucket[0] += answer == Answer.YES
        bucket[1] += 1
    first = today.replace(day=1)
    labels = []
    for _ in range(months):
        labels.append(first.strftime("%Y-%m"))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    stats.months = [(m, *by_month.get(m, [0, 0])) for m in reversed(labels)]
    return stats


def outreach_list(owner, *, limit: int = 50) -> list[Outreach]:
    return list(
        Outreach.objects.filter(owner=owner)
        .select_related("person")
        .order_by("-asked_on", "-id")[:limit]
    )


def next_to_ask(owner, outreach: Outreach, *, limit: int = 3) -> list[Person]:
    """After a no: people worth asking next. Those sharing a tag or organization with the
    person who declined, warmest first, not asked in the last 30 days."""
    today = timezone.localdate()
    recent = Outreach.objects.filter(
        owner=owner, asked_on__gte=today - dt.timedelta(days=30)
    ).values("person_id")
    person = outreach.person
    tag_ids = list(person.tags.values_list("pk", flat=True))
    similar = Q(tags__in=tag_ids) if tag_ids else Q(pk__in=[])
    if person.organization_id:
        similar |= Q(organization_id=person.organization_id)
    base = (
        Person.objects.filter(owner=owner, archived=False, is_me=False)
        .exclude(pk=person.pk)
        .exclude(pk__in=recent)
    )
    found = list(base.filter(similar).distinct().order_by("-last_contact_at", "id")[:limit])
    if len(found) < limit:
        more = base.exclude(pk__in=[p.pk for p in found]).filter(last_contact_at__isnull=False)
        found += list(more.order_by("-last_contact_at", "id")[: limit - len(found)])
    return found


# ---------------------------------------------------------------- the week


@dataclass
class Week:
    start: dt.date
    coffees: int
    gives: int
    reach_outs: int
    goal_coffees: int
    goal_gives: int
    goal_reach_outs: int
    streak: int  # weeks in a row (up to this one) with at least one thing done

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        return [
            (label, done, goal)
            for label, done, goal in (
                ("Coffees and meetings", self.coffees, self.goal_coffees),
                ("Gives", self.gives, self.goal_gives),
                ("Reach-outs", self.reach_outs, self.goal_reach_outs),
            )
            if goal
        ]


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _interactions_by_week(owner, edges: list[dt.datetime]) -> tuple[int, int, list[bool]]:
    """(coffees, reach-outs) between edges[1] and edges[0], and whether anything was
    logged between each pair of edges (newest first): one query of index probes."""
    table = connection.ops.quote_name(Interaction._meta.db_table)
    span = f"FROM {table} WHERE owner_id = %s AND occurred_at >= %s AND occurred_at < %s"
    counts = [
        f"(SELECT COUNT(*) {span} AND kind IN ({', '.join(['%s'] * len(kinds))}))"
        for kinds in (IN_PERSON_KINDS, REACH_KINDS)
    ]
    sql = "SELECT " + ", ".join([*counts, *[f"EXISTS(SELECT 1 {span})"] * (len(edges) - 1)])
    adapt = connection.ops.adapt_datetimefield_value
    spans = [(owner.pk, adapt(lo), adapt(hi)) for hi, lo in pairwise(edges)]
    params = [*spans[0], *IN_PERSON_KINDS, *spans[0], *REACH_KINDS]
    params += [x for one in spans for x in one]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        coffees, reach, *flags = cursor.fetchone()
    return coffees, reach, [bool(f) for f in flags]


def week(owner, *, today: dt.date | None = None, weeks_back: int = 26) -> Week:
    """This week's progress (Monday to Sunday) against the goal, and the gentle streak.
    Four queries, whatever the history: interactions are counted for this week only and
    earlier weeks are probed (one EXISTS each), never loaded."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=today.weekday())
    mondays = [start - dt.timedelta(weeks=i) for i in range(weeks_back + 1)]
    edges = [_midnight(start + dt.timedelta(weeks=1)), *map(_midnight, mondays)]
    coffees, reach, flags = _interactions_by_week(owner, edges)
    active = {monday for monday, flag in zip(mondays, flags, strict=True) if flag}
    since, given = mondays[-1], 0
    asks = Outreach.objects.filter(owner=owner, asked_on__gte=since).values_list("asked_on")
    gives = Give.objects.filter(owner=owner, giver__is_me=True, given_on__gte=since)
    for rows, is_give in ((asks, False), (gives.values_list("given_on"), True)):
        for day, n in rows.order_by().annotate(n=Count("pk")):  # one row per day
            monday = day - dt.timedelta(days=day.weekday())
            active.add(monday)
            if monday == start:
                given, reach = (given + n, reach) if is_give else (given, reach + n)
    streak, cursor = 0, start
    if cursor not in active:  # this week is not over: the streak may still continue
        cursor -= dt.timedelta(weeks=1)
    while cursor in active:
        streak += 1
        cursor -= dt.timedelta(weeks=1)
    goal = goal_for(owner)
    return Week(
        start=start,
        coffees=coffees,
        gives=given,
        reach_outs=reach,
        goal_coffees=goal.coffees,
        goal_gives=goal.gives,
        goal_reach_outs=goal.reach_outs,
        streak=streak,
    )


# ---------------------------------------------------------------- events and prep


# ---------------------------------------------------------------- the person brief


def goal_for(owner) -> WeeklyGoal:
    return WeeklyGoal.objects.filter(owner=owner).first() or WeeklyGoal(owner=owner)
