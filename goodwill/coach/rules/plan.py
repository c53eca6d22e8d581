"""Today's planner, as pure rules: from candidates to at most five actions and a sentence.

The queries (``goodwill.coach.queries.actions``, a module a kind) gather candidates:
things owed (leads on the clock, report-backs, follow-ups, introduction steps, promises)
and people to greet (their keep-in-touch rhythm is due, or they are going quiet). This
module decides, with no database, what today's plan is, for *this* user:

- **Profile.** The latest check-in's scores and the user's situation (``owed.Situation``).
- **One action per person per day.** Everything owed to one person becomes one action
  with one message (its ``owed`` list goes to ``drafts.write_for``).
- **Age.** An item older than ``AGE_LIMIT`` days for its kind leaves the daily plan (it
  goes to the weekly "let go or revive?" tidy list), unless the user revived it.
- **Deadlines first.** Owed items on a clock (a lead past its contact day, a referrer
  waiting to hear back, an event, people met at one) keep their place whatever the
  profile says.
- **Profile rules.** High "waiting until I need it": one no-ask hello every day there is
  someone to greet. High fear of rejection: the gentlest step first, never two asks in a
  row. Between jobs: gives before asks, asks only to people already greeted or helped,
  after a "no" a way to help someone. Growing a business: leads first, then report-backs.

Each action carries the rule that chose it (``RULES`` says it in plain words), so the
"Why these?" page and ``goodwill today --json`` can explain the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goodwill.coach.rules.owed import Owed, Situation

LIMIT = 5
HIGH = 50  # a check-in score at or above this is "high" (as goodwill.coach.rules.scoring)
PER_KIND = 2  # at most this many actions of one category while others wait

# How old (in days) an item may get before it leaves the daily plan for the tidy list.
# The age is counted from when the ask was made, the lead received, the promise made,
# the introduction noted.
AGE_LIMIT = {
    "follow_up": 30,  # an unanswered ask
    "lead": 60,  # a lead never contacted
    "report_back": 90,  # a referrer never told
    "intro": 45,  # an introduction left half made
    "promise": 30,  # a promise not kept
}

# Today kinds -> the category the plan sentence counts them in.
HELLO_KINDS = {"catch_up", "first_hello", "reconnect"}
GIVE_KINDS = {"need", "intro", "help", "pair", "promise"}
ASK_KINDS = {"lead", "follow_up", "ask"}  # actions that ask something of the recipient
GENTLE_KINDS = HELLO_KINDS | {"report_back", "met", "thank", "reply"}  # a hello or a thank-you
DEADLINE_KINDS = {"lead", "report_back", "event", "met", "promise"}
# the order of what is on a clock: a prospect waiting for first contact, an event today or
# tomorrow, people met at one, a promise, then a referrer waiting to hear back
DEADLINE_ORDER = {"lead": 0, "event": 1, "met": 2, "promise": 3, "report_back": 4}

CATEGORY = {
    "catch_up": "hello",
    "first_hello": "hello",
    "reconnect": "hello",
    "lead": "lead",
    "report_back": "report",
    "follow_up": "follow_up",
    "intro": "give",
    "need": "give",
    "help": "give",
    "pair": "give",
    "promise": "promise",
    "event": "event",
    "met": "met",
    "launch": "launch",
    "reply": "reply",
    "new_face": "met",
}
# category -> (one, many) in the plan's sentence
WORDS = {
    "hello": ("hello with no ask", "hellos with no ask"),
    "lead": ("lead to contact", "leads to contact"),
    "report": ("referrer to update", "referrers to update"),
    "follow_up": ("gentle follow-up", "gentle follow-ups"),
    "give": ("way to help", "ways to help"),
    "promise": ("promise to keep", "promises to keep"),
    "event": ("event to get ready for", "events to get ready for"),
    "met": ("new contact to follow up", "new contacts to follow up"),
    "launch": ("small launch step", "small launch steps"),
    "reply": ("reply to send", "replies to send"),
}
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# rule -> what it means, in plain words (the "Why these?" page)
RULES = {
    "deadline": "It is on a clock: someone is waiting, whatever else today holds.",
    "business_leads": "You are growing a business, so leads on the clock come first, then "
    "the people who passed them on.",
    "waiting_hello": "You said you tend to wait until you need something, so each day holds "
    "one hello that asks for nothing, to someone going quiet.",
    "gentle_first": "Asking feels risky to you, so the day starts with the gentlest step "
    "(a hello or a thank-you), and two asks never come one after the other.",
    "give_first": "Between jobs, giving and asking for advice come before any ask: people "
    "remember who helped them.",
    "help_after_no": "You heard a no recently. Rather than asking the next person, help "
    "someone today: it is the quickest way to feel useful again.",
    "week_goal": "Your weekly goal has a give you have not done yet: here is a way to help.",
    "due": "Their keep-in-touch rhythm is due.",
    "first_hello": "You have never logged anything with them: a first hello, no ask.",
    "reconnect": "You connected long ago: a reconnection, no ask.",
    "follow_up": "An ask with no answer after a week gets one follow-up; after that it is let go.",
    "owed": "Something you owe them.",
    "give": "Someone you know needs something you or your network can help with.",
    "pair": "Two people you know need each other: an introduction could help both.",
    "launch": "The next small step of your launch plan.",
    "check_in": "Take the check-in so the plan can fit you.",
    "revived": "You chose to revive it from the tidy list.",
}


@dataclass(frozen=True)
class Profile:
    """What the plan knows about the user: the check-in's scores and the situation."""

    situation: str = Situation.UNKNOWN
    scores: dict = field(default_factory=dict)  # cause -> 0..100
    heard_no: bool = False  # an ask was answered "no" in the last week
    gives_short: bool = False  # this week's gives are below the weekly goal

    @property
    def waiting(self) -> bool:
        return self.scores.get("desperation", 0) >= HIGH

    @property
    def fearful(self) -> bool:
        return self.scores.get("rejection", 0) >= HIGH

    @property
    def between_jobs(self) -> bool:
        return self.situation == Situation.BETWEEN_JOBS

    @property
    def business(self) -> bool:
        return self.situation == Situation.BUSINESS


@dataclass
class Candidate:
    """One thing the day could hold, before planning.

    ``keys``: the underlying items (done/snooze/skip act on all of them);
    ``owed``: what the message covers (``goodwill.coach.rules.owed``);
    ``age_days``: since the item began (ask made, lead received...);
    ``warm``: the recipient has been greeted or helped before (for a job seeker's asks).
    """

    kind: str
    keys: list[str]
    person_id: int | None = None
    days_overdue: int = 0
    age_days: int = 0
    owed: list[Owed] = field(default_factory=list)
    warm: bool = True
    revived: bool = False
    rule: str = ""
    payload: object = None  # whatever the queries need to build the action
    also: list = field(default_factory=list)  # other candidates for the same person

    @property
    def category(self) -> str:
        return CATEGORY.get(self.kind, self.kind)

    @property
    def is_ask(self) -> bool:
        return self.kind in ASK_KINDS

    @property
    def key(self) -> str:
        return "+".join(self.keys)


def too_old(candidate: Candidate) -> bool:
    """Past its kind's age limit (and not revived): it belongs on the tidy list."""
    limit = AGE_LIMIT.get(candidate.kind)
    return limit is not None and candidate.age_days > limit and not candidate.revived


def overdue_words(days: int) -> str:
    """ "603 days overdue" (or "due today"): the duration, not only a date."""
    if days <= 0:
        return "due today"
    return f"{days} day{'s' if days != 1 else ''} overdue"


# ---------------------------------------------------------------- ordering


def _priority(c: Candidate, p: Profile) -> tuple:
    """Lower sorts first. Deadlines first (business: leads, then report-backs), then by
    profile, then the longest waiting."""
    deadline = c.kind in DEADLINE_KINDS and c.days_overdue >= 0
    if p.business:
        band = {"lead": 0, "report_back": 1}.get(c.kind, 2 if deadline else 5)
    elif deadline:
        band = 2
    else:
        band = 5
    if band == 2:  # among the clocks: a prospect first, then events, then the rest
        sub = DEADLINE_ORDER.get(c.kind, len(DEADLINE_ORDER))
        return (band, sub, -min(c.days_overdue, 365), c.key)
    if band == 5:
        if p.between_jobs:
            band = 3 if c.category == "give" else (4 if not c.is_ask else 6)
        elif p.waiting and c.category == "hello":
            band = 3
        order = ["give", "promise", "follow_up", "hello", "launch"]
        sub = order.index(c.category) if c.category in order else len(order)
    else:
        sub = 0
    return (band, sub, -min(c.days_overdue, 365), c.key)


def group_by_person(candidates: list[Candidate], p: Profile) -> list[Candidate]:
    """One candidate per person: the most pressing one leads, the others' keys and owed
    items join it (so one message covers them all). A hello never leads a group holding
    something else: a message that carries an ask or a report is not a no-ask hello.
    Candidates with no person stay as they are."""
    ordered = sorted(candidates, key=lambda c: _priority(c, p))
    groups: dict[int, list[Candidate]] = {}
    out: list[Candidate | int] = []
    for c in ordered:
        if c.person_id is None:
            out.append(c)
        elif c.person_id not in groups:
            groups[c.person_id] = [c]
            out.append(c.person_id)
        else:
            groups[c.person_id].append(c)
    merged_out = []
    for item in out:
        if isinstance(item, Candidate):
            merged_out.append(item)
            continue
        members = sorted(groups[item], key=lambda c: c.category == "hello")  # stable
        first, rest = members[0], members[1:]
        merged = Candidate(
            **{**vars(first), "keys": list(first.keys), "owed": list(first.owed), "also": []}
        )
        for c in rest:
            merged.also.append(c)
            merged.keys += [k for k in c.keys if k not in merged.keys]
            merged.owed += [o for o in c.owed if o not in merged.owed]
            merged.warm = merged.warm or c.warm
        merged_out.append(merged)
    return merged_out


def _no_two_asks(chosen: list[Candidate]) -> list[Candidate]:
    """Reorder so that no ask follows an ask; asks that cannot be separated are left out."""
    asks = [c for c in chosen if c.is_ask]
    others = [c for c in chosen if not c.is_ask]
    out: list[Candidate] = []
    while others or asks:
        if others and (not out or out[-1].is_ask or not asks):
            out.append(others.pop(0))
        elif asks and (not out or not out[-1].is_ask):
            out.append(asks.pop(0))
        else:
            break
    return out


@dataclass
class Plan:
    actions: list[Candidate]
    sentence: str
    rules: list[str]  # the profile rules that shaped today, in RULES order
    left_out: list[Candidate] = field(default_factory=list)  # too old: for the tidy list


def sentence_for(actions: list[Candidate]) -> str:
    """ "Today: one hello with no ask, one lead to contact, one way to help." """
    if not actions:
        return "Today: nothing is owed. A quiet day is a fine day."
    counts: dict[str, int] = {}
    for c in actions:
        counts[c.category] = counts.get(c.category, 0) + 1
    parts = []
    for category, n in counts.items():
        one, many = WORDS.get(category, ("thing to do", "things to do"))
        parts.append(f"{NUMBERS[n] if n < len(NUMBERS) else n} {one if n == 1 else many}")
    if len(parts) > 1:
        return "Today: " + ", ".join(parts[:-1]) + " and " + parts[-1] + "."
    return f"Today: {parts[0]}."


def plan(candidates: list[Candidate], profile: Profile, *, limit: int = LIMIT) -> Plan:
    """Today's plan for ``profile`` (see the module doc). Pure and deterministic."""
    fresh = [c for c in candidates if not too_old(c)]
    old = [c for c in candidates if too_old(c)]
    rules: list[str] = []
    if profile.between_jobs:
        # a job seeker asks only people already greeted or helped
        fresh = [c for c in fresh if not (c.is_ask and not c.warm and c.kind != "lead")]
    grouped = group_by_person(fresh, profile)
    ordered = sorted(grouped, key=lambda c: _priority(c, profile))
    chosen: list[Candidate] = []
    counts: dict[str, int] = {}

    def take(c: Candidate, rule: str = "") -> None:
        if c in chosen or len(chosen) >= limit:
            return
        if rule:
            c.rule = rule
        chosen.append(c)
        counts[c.category] = counts.get(c.category, 0) + 1

    # 1. what is on a clock keeps its place (at most limit - 1 when a hello is promised)
    reserve = 1 if (profile.waiting or profile.fearful) else 0
    if (profile.between_jobs and profile.heard_no) or profile.gives_short:
        reserve += 1
    for c in ordered:
        if c.kind in DEADLINE_KINDS and c.days_overdue >= 0 and len(chosen) < limit - reserve:
            rule = (
                "business_leads" if profile.business and c.kind in {"lead", "report_back"} else ""
            )
            take(c, rule or "deadline")
    if profile.business and any(c.rule == "business_leads" for c in chosen):
        rules.append("business_leads")
    # 2. the profile's promises
    hellos = [c for c in ordered if c.category == "hello"]
    if (profile.waiting or profile.fearful) and hellos and not counts.get("hello"):
        take(hellos[0], "waiting_hello" if profile.waiting else "gentle_first")
    if profile.waiting and hellos:
        rules.append("waiting_hello")
    gives = [c for c in ordered if c.category == "give"]
    if profile.between_jobs:
        rules.append("give_first")
        if profile.heard_no and gives:
            take(gives[0], "help_after_no")
            rules.append("help_after_no")
    if profile.gives_short and gives and not counts.get("give"):
        take(gives[0], "week_goal")
        rules.append("week_goal")
    # 3. the rest, most pressing first, a few of each kind
    spare = []
    for c in ordered:
        if c in chosen:
            continue
        cap = 1 if c.category == "launch" else PER_KIND
        if counts.get(c.category, 0) < cap:
            take(c)
        elif c.category != "launch":
            spare.append(c)
    for c in spare:
        take(c)
    # 4. the order the day is read in
    chosen.sort(key=lambda c: _priority(c, profile))
    if profile.between_jobs:  # gives, then other things, asks last
        chosen.sort(key=lambda c: 0 if c.category == "give" else 2 if c.is_ask else 1)
    if profile.fearful:
        gentle = [c for c in chosen if c.kind in GENTLE_KINDS]
        if gentle:
            chosen.remove(gentle[0])
            chosen.insert(0, gentle[0])
        chosen = _no_two_asks(chosen)
        if chosen and chosen[0].is_ask and len(chosen) > 1:
            chosen = [*chosen[1:], chosen[0]]
            chosen = _no_two_asks(chosen)
        rules.append("gentle_first")
    for c in chosen:
        if not c.rule:
            c.rule = _default_rule(c)
    return Plan(actions=chosen, sentence=sentence_for(chosen), rules=_dedupe(rules), left_out=old)


def _default_rule(c: Candidate) -> str:
    if c.revived:
        return "revived"
    if c.kind in DEADLINE_KINDS and c.days_overdue >= 0:
        return "deadline"
    return {
        "catch_up": "due",
        "follow_up": "follow_up",
        "first_hello": "first_hello",
        "reconnect": "reconnect",
        "need": "give",
        "help": "give",
        "intro": "give",
        "pair": "pair",
        "launch": "launch",
        "check_in": "check_in",
    }.get(c.kind, "owed")


def _dedupe(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return [r for r in RULES if r in seen]
