"""Today, planned: the profile, the candidates, the plan, then the drafts of what was chosen.

``plan_today`` is what the Today page, ``goodwill today``, ``GET /api/v1/today`` and the
reminders digest read (``today_actions`` is its list of actions). The rules are pure, in
``goodwill.coach.rules.plan``; this module reads the data they need with a bounded number
of queries and writes drafts only for the (at most five) actions chosen. Also here: the
weekly "let go or revive?" tidy list and the retired suggestions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import ActionChoice, ActionState, Answer, Assessment, Outreach
from goodwill.coach.queries import actions as found
from goodwill.coach.queries import goal_for
from goodwill.coach.queries.actions import Action
from goodwill.coach.rules import drafts, pairing
from goodwill.coach.rules import plan as rules
from goodwill.coach.rules.owed import Owed, Situation, Tone
from goodwill.giving.models import Give, Introduction, IntroStatus, Need, NeedStatus
from goodwill.interactions.models import Participation
from goodwill.leads.models import Lead
from goodwill.leads.queries import my_first_name, my_line, not_closed
from goodwill.leads.rules.drafts import first_name
from goodwill.people import queries as people_queries
from goodwill.people.models import Person

SITUATION_WORDS = {
    Situation.EMPLOYED: "building before you need it",
    Situation.BUSINESS: "growing a business",
    Situation.BETWEEN_JOBS: "between jobs or changing careers",
    Situation.NEW: "new in a place or a field",
    Situation.UNKNOWN: "not said yet",
}
HEARD_NO_QUIET = 7  # after a no, offer a hand to someone quiet this long
HEARD_NO_DAYS = 7
RATIO_DAYS = 30
PAIR_NEEDS = 60  # the newest open needs read for need ↔ need pairs


@dataclass
class TodayPlan:
    day: dt.date
    sentence: str
    actions: list[Action]
    situation: str
    scores: dict
    rule_keys: list[str]  # the profile rules that shaped today (keys of plan.RULES)
    give_ratio: dict | None = None  # between jobs: {"gives": n, "asks": m, "days": 30}
    tidy_day: bool = False  # Monday: Today points to the weekly tidy
    notes: list[str] = field(default_factory=list)

    @property
    def rules(self) -> list[dict]:
        return [{"rule": r, "text": rules.RULES[r]} for r in self.rule_keys]

    @property
    def situation_words(self) -> str:
        return SITUATION_WORDS.get(self.situation, self.situation)

    @property
    def ratio_text(self) -> str:
        if not self.give_ratio:
            return ""
        g, a = self.give_ratio["gives"], self.give_ratio["asks"]
        if not g and not a:
            return "Gives before asks: help someone first, then ask. Nothing counted yet."
        return (
            f"Gives before asks, last {self.give_ratio['days']} days: "
            f"{g} give{'s' if g != 1 else ''} to {a} ask{'s' if a != 1 else ''}."
        )


# ---------------------------------------------------------------- state of the actions


def action_states(owner, today: dt.date) -> tuple[set[str], set[str]]:
    """(hidden keys, revived keys): one query."""
    hidden, revived = set(), set()
    for key, choice in ActionState.objects.filter(owner=owner, until__gt=today).values_list(
        "key", "choice"
    ):
        (revived if choice == ActionChoice.REVIVED else hidden).add(key)
    return hidden - revived, revived


def profile_for(owner, *, situation: str | None = None, scores: dict | None = None):
    latest = (
        Assessment.objects.filter(owner=owner).defer("answers").order_by("-taken_at", "-id").first()
    )
    if situation is None:
        situation = getattr(latest, "situation", "") or ""
    if scores is None:
        scores = dict(latest.scores) if latest else {}
    return situation, scores, latest is not None


# ---------------------------------------------------------------- need ↔ need


def pair_candidates(owner, me: str, me_id: int | None, hidden: set[str]) -> list:
    rows = list(
        Need.objects.filter(owner=owner, status=NeedStatus.OPEN)
        .order_by("-heard_on", "-id")
        .values_list("pk", "person_id", "text")[:PAIR_NEEDS]
    )
    rows = [row for row in rows if row[1] != me_id]  # your own needs are not introduced
    pairs = pairing.pairs([pairing.NeedText(*row) for row in rows])
    pairs = [p for p in pairs if f"pair:{p.seeker.need_id}:{p.hirer.need_id}" not in hidden]
    if not pairs:
        return []
    ids = {i for p in pairs for i in (p.seeker.person_id, p.hirer.person_id)}
    known = set()
    for a, b in Introduction.objects.filter(owner=owner, a_id__in=ids, b_id__in=ids).values_list(
        "a_id", "b_id"
    ):
        known.update({(a, b), (b, a)})
    people = {
        p.pk: p
        for p in Person.objects.filter(owner=owner, pk__in=ids).prefetch_related(found.emails())
    }
    out = []
    for pair in pairs:
        seeker, hirer = people[pair.seeker.person_id], people[pair.hirer.person_id]
        if (seeker.pk, hirer.pk) in known:
            continue
        key = f"pair:{pair.seeker.need_id}:{pair.hirer.need_id}"
        action = Action(
            key=key,
            kind="pair",
            title=f"Introduce {seeker.display_name} and {hirer.display_name}?",
            reason=(
                f"{first_name(seeker)} noted “{pair.seeker.text}”; {first_name(hirer)} "
                f"noted “{pair.hirer.text}”. Each may be what the other needs: ask "
                f"{first_name(seeker)} first whether they would like to meet."
            ),
            url=reverse("giving.intro_add"),
            person_id=seeker.pk,
            to=seeker,
            extra={"a_id": seeker.pk, "b_id": hirer.pk, "need_id": pair.seeker.need_id},
            legacy=lambda s=seeker, h=hirer, n=pair.seeker.need_id: drafts.write(
                "intro", to=s, seed=n, me=me, other=h.display_name
            ),
        )
        facts = {"other": hirer.display_name, "reason": pair.reason, "side": "a"}
        owed = [Owed("intro_ask", key=key, facts=facts)]
        out.append(found._candidate(action, owed=owed))
    return out


# ---------------------------------------------------------------- the plan


def _gives_short(owner, today: dt.date, me_id: int | None) -> bool:
    """Is this week (from Monday) short of the weekly goal's gives? Two small queries."""
    goal = goal_for(owner).gives
    if not goal or me_id is None:
        return False
    monday = today - dt.timedelta(days=today.weekday())
    done = Give.objects.filter(owner=owner, given_on__gte=monday, giver_id=me_id)
    return len(done.values_list("pk", flat=True)[:goal]) < goal


def _give_ratio(owner, today: dt.date) -> dict:
    since = today - dt.timedelta(days=RATIO_DAYS)
    gives = Give.objects.filter(owner=owner, giver__is_me=True, given_on__gte=since).count()
    asks = Outreach.objects.filter(owner=owner, asked_on__gte=since).count()
    return {"gives": gives, "asks": asks, "days": RATIO_DAYS}


def _draft(candidate, tone: Tone, today: dt.date, me: str) -> Action:
    action: Action = candidate.payload
    action.key, action.keys = candidate.key, list(candidate.keys)
    action.rule = candidate.rule
    action.why = rules.RULES.get(candidate.rule, "")
    for other in candidate.also:
        action.reason += " Also: " + other.payload.reason
    if candidate.owed and action.to is not None:
        draft = drafts.write_for(
            action.to, candidate.owed, today=today, tone=tone, seed=action.to.pk
        )
        found.with_draft(action, draft)
    elif action.legacy is not None:
        draft = action.legacy() if callable(action.legacy) else action.legacy
        found.with_draft(action, draft)
    action.to = action.legacy = None  # kept pages are pickled: plain data only
    return action


def plan_today(
    owner,
    *,
    now: dt.datetime | None = None,
    limit: int = rules.LIMIT,
    situation: str | None = None,
    scores: dict | None = None,
) -> TodayPlan:
    """Today's plan for ``owner``. ``situation`` and ``scores`` default to the latest
    check-in's (tests and "what if" pass them)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    situation, scores, assessed = profile_for(owner, situation=situation, scores=scores)
    hidden, revived = action_states(owner, today)
    me_person = people_queries.me(owner)
    heard_no = False
    if situation == Situation.BETWEEN_JOBS:
        heard_no = Outreach.objects.filter(
            owner=owner,
            answer=Answer.NO,
            answered_on__gte=today - dt.timedelta(days=HEARD_NO_DAYS),
        ).exists()
    profile = rules.Profile(
        situation=situation,
        scores=scores,
        heard_no=heard_no,
        gives_short=_gives_short(owner, today, me_person.pk if me_person else None),
    )
    me = my_first_name(owner, me_person)
    hello_hidden = found.ids_of(hidden, "catch_up")
    candidates = [
        *found.lead_candidates(owner, today, hidden, revived),
        *found.event_candidates(owner, now, today, me, hidden),
        *found.intro_candidates(owner, today, me, hidden, revived),
        *found.follow_up_candidates(owner, today, me, hidden, revived),
        *found.promise_candidates(owner, today, hidden, revived),
        *found.need_candidates(owner, me, me_person.pk if me_person else None, hidden),
        *pair_candidates(owner, me, me_person.pk if me_person else None, hidden),
        *found.hello_candidates(owner, today, me, hello_hidden, quiet=profile.waiting),
        *found.launch_candidates(owner, hidden),
        *found.reply_candidates(owner, now, today, me, hidden),
        *found.new_face_candidates(owner, now, hidden),
    ]
    if heard_no and not any(c.category == "give" for c in candidates):
        shown = {c.person_id for c in candidates if c.person_id}
        candidates += found.open_need_candidates(owner, me, hidden, shown)
    if heard_no and not any(c.category in ("give", "hello") for c in candidates):
        # nobody due and no need known: the one not heard from longest (a week or more)
        shown = {c.person_id for c in candidates if c.person_id}
        quiet = found.hello_candidates(owner, today, me, hello_hidden, True, HEARD_NO_QUIET)
        candidates += [c for c in quiet if c.person_id not in shown]
    if heard_no and not any(c.category == "give" for c in candidates):
        _offer_help(candidates)
    if situation == Situation.BETWEEN_JOBS:
        _mark_warm(owner, candidates)
    chosen = rules.plan(candidates, profile, limit=limit)
    tone = Tone(
        situation=situation, gentle=profile.fearful, me=me, me_line=my_line(owner, me_person)
    )
    actions = [_draft(c, tone, today, me) for c in chosen.actions]
    return TodayPlan(
        day=today,
        sentence=chosen.sentence,
        actions=actions,
        situation=situation,
        scores=scores if assessed or scores else {},
        rule_keys=chosen.rules,
        give_ratio=_give_ratio(owner, today) if situation == Situation.BETWEEN_JOBS else None,
        tidy_day=today.weekday() == 0,
    )


def _offer_help(candidates) -> None:
    """After a "no" with no open need to meet: the first hello becomes an offer of help
    (ask what they are working on, and whether a hand would be welcome)."""
    for c in candidates:
        if c.category == "hello" and c.payload is not None:
            action = c.payload
            name = action.to.display_name if action.to is not None else "them"
            c.kind = action.kind = "help"
            action.title = f"Offer {name} a hand"
            action.reason = (
                "Ask what they are working on these days and whether a hand would help. "
                + action.reason
            )
            return


def _mark_warm(owner, candidates) -> None:
    """A job seeker's ask goes only to someone greeted or helped before: a give to them,
    or anything logged with them."""
    asks = [c for c in candidates if c.is_ask and c.person_id]
    if not asks:
        return
    ids = {c.person_id for c in asks}
    # something logged with them (not last contact: recording the ask itself touches it)
    warm = set(
        Participation.objects.filter(person_id__in=ids, interaction__owner=owner).values_list(
            "person_id", flat=True
        )
    )
    warm |= set(
        Give.objects.filter(owner=owner, receiver_id__in=ids, giver__is_me=True).values_list(
            "receiver_id", flat=True
        )
    )
    for c in asks:
        c.warm = c.person_id in warm


def today_actions(owner, *, now=None, limit: int = rules.LIMIT) -> list[Action]:
    """The planned actions for today: at most ``limit``, in the order to do them."""
    return plan_today(owner, now=now, limit=limit).actions


# ---------------------------------------------------------------- tidy and retired


@dataclass
class TidyItem:
    key: str
    title: str
    since: dt.date
    age_days: int
    url: str

    @property
    def age_words(self) -> str:
        return f"{self.age_days} days ago"


def _tidy_queries(owner, today: dt.date):
    leads = (
        Lead.objects.filter(
            owner=owner, received_on__lt=today - dt.timedelta(rules.AGE_LIMIT["lead"])
        )
        .filter(not_closed())
        .select_related("prospect", "referrer")
        .order_by("received_on", "id")
    )
    asks = (
        Outreach.objects.filter(
            owner=owner,
            answer=Answer.PENDING,
            followed_up_at__isnull=True,
            asked_on__lt=today - dt.timedelta(rules.AGE_LIMIT["follow_up"]),
        )
        .select_related("person")
        .order_by("asked_on", "id")
    )
    cutoff = timezone.now() - dt.timedelta(days=rules.AGE_LIMIT["intro"])
    intros = (
        Introduction.objects.filter(
            owner=owner,
            status__in=[IntroStatus.SUGGESTED, IntroStatus.ASKED_A, IntroStatus.ASKED_B],
            created_at__lt=cutoff,
        )
        .select_related("a", "b")
        .order_by("created_at", "id")
    )
    return leads, asks, intros


def tidy_items(owner, *, today=None, hidden=None, limit: int = 50) -> list[TidyItem]:
    """Asks, leads and introductions too old for the daily plan, oldest first, minus
    those let go (or revived: they are back on Today)."""
    today = today or timezone.localdate()
    if hidden is None:
        hidden_keys, revived = action_states(owner, today)
        hidden = hidden_keys | revived
    leads, asks, intros = _tidy_queries(owner, today)
    items = []
    extra = min(len(hidden), found.FETCH_MAX)
    for lead in leads[: limit + extra]:
        items.append(
            TidyItem(
                f"lead:{lead.pk}",
                f"{lead.referrer.display_name}'s lead: {lead.prospect.display_name} "
                f"({lead.opportunity})",
                lead.received_on,
                (today - lead.received_on).days,
                reverse("leads.detail", args=[lead.pk]),
            )
        )
    for ask in asks[: limit + extra]:
        items.append(
            TidyItem(
                f"follow_up:{ask.pk}",
                f"Your {ask.get_kind_display().lower()} to {ask.person.display_name}, "
                "never answered",
                ask.asked_on,
                (today - ask.asked_on).days,
                reverse("coach.outreach_detail", args=[ask.pk]),
            )
        )
    for intro in intros[: limit + extra]:
        day = timezone.localdate(intro.created_at)
        items.append(
            TidyItem(
                f"intro:{intro.pk}:{intro.status}",
                f"Introducing {intro.a.display_name} and {intro.b.display_name}, half made",
                day,
                (today - day).days,
                reverse("giving.intro", args=[intro.pk]),
            )
        )
    items = [i for i in items if i.key not in hidden]
    items.sort(key=lambda i: (i.since, i.key))
    return items[:limit]


@dataclass
class Retired:
    key: str
    title: str
    choice: str
    choice_label: str
    day: dt.date


def describe(owner, keys: list[str]) -> dict[str, str]:
    """A plain title for each action key ("Hello to Ana Ruiz"): one query per kind."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        prefix, _, rest = key.partition(":")
        head = rest.split(":")[0]
        if head.isdigit():
            wanted.setdefault(prefix, set()).add(int(head))
    names: dict[str, str] = {}
    if "catch_up" in wanted:
        for pk, name in Person.objects.filter(owner=owner, pk__in=wanted["catch_up"]).values_list(
            "pk", "display_name"
        ):
            names[f"catch_up:{pk}"] = f"Hello to {name}"
    lead_ids = wanted.get("lead", set()) | wanted.get("report", set())
    for lead in Lead.objects.filter(owner=owner, pk__in=lead_ids).select_related(
        "prospect", "referrer"
    ):
        names[f"lead:{lead.pk}"] = f"Lead: {lead.prospect.display_name} ({lead.opportunity})"
        names[f"report:{lead.pk}"] = f"Report back to {lead.referrer.display_name}"
    for o in Outreach.objects.filter(
        owner=owner, pk__in=wanted.get("follow_up", ())
    ).select_related("person"):
        names[f"follow_up:{o.pk}"] = f"Follow up with {o.person.display_name}"
    need_ids = wanted.get("need", set()) | wanted.get("pair", set())
    for need in Need.objects.filter(owner=owner, pk__in=need_ids).select_related("person"):
        names[f"need:{need.pk}"] = f"Help {need.person.display_name}: {need.text}"
        names[f"pair:{need.pk}"] = f"Introduce {need.person.display_name} ({need.text})"
    for intro in Introduction.objects.filter(
        owner=owner, pk__in=wanted.get("intro", ())
    ).select_related("a", "b"):
        names[f"intro:{intro.pk}"] = f"Introduce {intro.a.display_name} and {intro.b.display_name}"
    out = {}
    for key in keys:
        prefix, _, rest = key.partition(":")
        short = f"{prefix}:{rest.split(':')[0]}"
        out[key] = names.get(short, key)
    return out


def retired(owner, *, limit: int = 100) -> list[Retired]:
    """Suggestions dismissed twice (retired) or let go from the tidy list, newest first."""
    rows = list(
        ActionState.objects.filter(
            owner=owner,
            choice__in=[ActionChoice.RETIRED, ActionChoice.LET_GO],
            until__gt=timezone.localdate(),
        ).order_by("-day", "-id")[:limit]
    )
    titles = describe(owner, [r.key for r in rows])
    return [Retired(r.key, titles[r.key], r.choice, r.get_choice_display(), r.day) for r in rows]
