"""The coach's pages: act on Today, the weekly goal, welcome, assessment and results,
launch plan, asks and answers, conversation guide, person brief, events.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from goodwill.coach import queries as coach_queries
from goodwill.coach.forms import (
    AnswerForm,
    CaptureForm,
    EventEditForm,
    EventForm,
    GoalForm,
    OutreachForm,
)
from goodwill.coach.models import Answer, Event, LaunchStep, Outreach
from goodwill.coach.queries import planner as today_queries
from goodwill.coach.queries import prep as prep_queries
from goodwill.coach.rules import content, scoring
from goodwill.coach.rules import outreach as outreach_rules
from goodwill.coach.rules import plan as plan_rules
from goodwill.coach.services import actions as action_service
from goodwill.coach.services import assessment as assessment_service
from goodwill.coach.services import events as event_service
from goodwill.coach.services import outreach as outreach_service
from goodwill.core import revision
from goodwill.people import queries
from goodwill.web.htmx import redirect_or_partial, render_page
from goodwill.web.views import attempt, delete_owned, handle_form, not_post

# ---------------------------------------------------------------- Today


@login_required
@require_POST
def act(request):
    attempt(
        request,
        lambda: action_service.mark_action(
            owner=request.user,
            key=request.POST.get("key", ""),
            choice=request.POST.get("choice", ""),
            days=request.POST.get("days") or None,
            subject=request.POST.get("subject"),
            body=request.POST.get("body"),
        ),
        message="Done. Nice one." if request.POST.get("choice") == "done" else None,
    )

    def partial():
        return render(request, "goodwill/coach/today.html#actions", today_context(request.user))

    return redirect_or_partial(request, "home", partial)


@login_required
@require_POST
def goal(request):
    form = GoalForm(request.POST)
    if form.is_valid():
        action_service.set_weekly_goal(owner=request.user, **form.cleaned_data)
        messages.success(request, "Weekly goal saved. Small and steady beats big and rare.")
    else:
        messages.error(request, "Goals are whole numbers from 0 to 50.")
    return redirect("home")


@login_required
@require_GET
def why(request):
    """Why these? The scores, the situation and the rules that chose today's actions."""
    context = today_context(request.user)
    latest = coach_queries.assessments(request.user, limit=1)
    context["results"] = coach_queries.results(latest[0]) if latest else []
    context["all_rules"] = plan_rules.RULES
    context["age_limits"] = plan_rules.AGE_LIMIT
    return render(request, "goodwill/coach/why.html", context)


@login_required
def tidy(request):
    """The weekly "let go or revive?" list: asks, leads, introductions too old for Today."""
    if request.method == "POST":
        key, choice = request.POST.get("key", ""), request.POST.get("choice", "")
        service = {"let_go": action_service.let_go, "revive": action_service.revive}.get(choice)
        if service is None:
            messages.error(request, "Choose let go or revive.")
        else:
            attempt(
                request,
                lambda: service(owner=request.user, key=key),
                message="Let go. One thing less to carry."
                if choice == "let_go"
                else "Back on Today for two weeks.",
            )
        return redirect("coach.tidy")
    items = today_queries.tidy_items(request.user)
    return render(request, "goodwill/coach/tidy.html", {"items": items})


@login_required
def retired(request):
    """Suggestions dismissed twice or let go, each with a way to bring it back."""
    if request.method == "POST":
        attempt(
            request,
            lambda: action_service.bring_back(owner=request.user, key=request.POST.get("key", "")),
            message="It can be suggested again.",
        )
        return redirect("coach.retired")
    items = today_queries.retired(request.user)
    return render(request, "goodwill/coach/retired.html", {"items": items})


# ---------------------------------------------------------------- assessment and plan


@login_required
@require_GET
def welcome(request):
    return render(request, "goodwill/coach/welcome.html", {})


@login_required
def assess(request):
    statements = content.statements()
    errors: dict[str, list[str]] = {}
    chosen = {s["key"]: request.POST.get(s["key"], "") for s in statements}
    situation = request.POST.get("situation", coach_queries.current_situation(request.user))
    if request.method == "POST":
        try:
            assessment_service.take_assessment(
                owner=request.user, answers=chosen, situation=situation
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("coach.results")
    rows = [
        {**s, "chosen": str(chosen.get(s["key"]) or ""), "errors": errors.get(s["key"], [])}
        for s in statements
    ]
    context = {
        "statements": rows,
        "scale": list(enumerate(content.scale(), 1)),
        "situations": scoring.SITUATIONS,
        "situation": situation,
        "situation_errors": errors.get("situation", []),
    }
    return render(request, "goodwill/coach/assess.html", context, status=422 if errors else 200)


@login_required
@require_GET
def results(request):
    taken = coach_queries.assessments(request.user)
    if not taken:
        return redirect("coach.welcome")
    previous = taken[1] if len(taken) > 1 else None
    found = coach_queries.results(taken[0], previous)
    context = {
        # what to work on first (the high causes, or the top one), then the rest
        "focus": [r for i, r in enumerate(found) if i == 0 or r.high],
        "rest": [r for i, r in enumerate(found) if i and not r.high],
        "situations": scoring.SITUATIONS,
        "situation_label": scoring.situation_label(taken[0].situation),
        "taken": taken[0],
        "results": coach_queries.results(taken[0], previous),
        "history": taken,
        "causes": [(c, content.causes()[c]["name"]) for c in content.causes()],
        "history_rows": [
            (a.taken_at, [a.scores.get(c, 0) for c in content.causes()]) for a in taken
        ],
    }
    return render(request, "goodwill/coach/results.html", context)


@login_required
@require_POST
def situation(request):
    """Change the situation from the results page (kept on the latest check-in)."""
    attempt(
        request,
        lambda: assessment_service.set_situation(
            owner=request.user, situation=request.POST.get("situation", "")
        ),
        message="Saved. Today plans for where you are now.",
    )
    return redirect(reverse("coach.results") + "#situation-h")


@login_required
@require_GET
def plan(request):
    steps = coach_queries.launch_plan(request.user)
    context = {"steps": steps, "done": sum(1 for s in steps if s.done), "total": len(steps)}
    return render_page(request, "goodwill/coach/plan.html", context, partial="steps")


@login_required
def step_toggle(request, step_id: int):
    step = LaunchStep.objects.get_owned_or_404(request.user, pk=step_id)
    if refused := not_post(request):
        return refused
    assessment_service.set_step_done(owner=request.user, step=step, done=step.done_at is None)
    return redirect_or_partial(
        request,
        "coach.plan",
        lambda: render(
            request,
            "goodwill/coach/plan.html#steps",
            {"steps": coach_queries.launch_plan(request.user)},
        ),
    )


# ---------------------------------------------------------------- outreach


@login_required
def outreach(request):
    owner = request.user
    form = OutreachForm(request.POST or None, owner=owner, initial={"answer": "pending"})

    def page():
        context = {
            "form": form,
            "items": coach_queries.outreach_list(owner),
            "stats": coach_queries.outreach_stats(owner),
        }
        return render(request, "goodwill/coach/outreach.html", context)

    return handle_form(
        request,
        form,
        lambda data: outreach_service.record_outreach(owner=owner, **data),
        message="Recorded. Whatever the answer, asking was the hard part.",
        success=lambda made: reverse("coach.outreach_detail", args=[made.pk]),
        page=page,
    )


@login_required
def outreach_detail(request, outreach_id: int):
    owner = request.user
    item = Outreach.objects.select_related("person").get_owned_or_404(owner, pk=outreach_id)
    form = AnswerForm(request.POST or None)

    def page():
        effective = outreach_rules.effective_answer(item, coach_queries.today())
        context = {
            "item": item,
            "effective": effective,
            "form": form,
            "answers": Answer.choices,
            "next_people": coach_queries.next_to_ask(owner, item) if effective != "yes" else [],
        }
        return render(request, "goodwill/coach/outreach_detail.html", context)

    return handle_form(
        request,
        form,
        lambda data: outreach_service.answer_outreach(owner=owner, outreach=item, **data),
        message=lambda _: (
            "A no is normal. Here are people worth asking next."
            if item.answer == Answer.NO
            else None
        ),
        level=messages.INFO,
        success=reverse("coach.outreach_detail", args=[item.pk]),
        page=page,
    )


# ---------------------------------------------------------------- conversation prep


@login_required
@require_GET
def prep(request):
    situations = content.situations()
    chosen = request.GET.get("situation", "")
    if chosen not in situations:
        chosen = "coffee"
    context = {"situations": situations, "chosen": chosen, "prep": situations[chosen]}
    return render(request, "goodwill/coach/prep.html", context)


@login_required
@require_GET
def brief(request, person_id: int):
    how = request.GET.get("situation", "coffee")
    page = prep_queries.person_brief(request.user, person_id, how=how)
    return render(request, "goodwill/coach/brief.html", {"brief": page, "how": how})


# ---------------------------------------------------------------- events


@login_required
def events(request):
    owner = request.user
    form = EventForm(request.POST or None, initial={"goal": event_service.DEFAULT_GOAL})
    return handle_form(
        request,
        form,
        lambda data: event_service.create_event(owner=owner, **data),
        success=lambda event: reverse("coach.event", args=[event.pk]),
        page=lambda: render(
            request,
            "goodwill/coach/events.html",
            {"form": form, "events": prep_queries.events(owner), "now": coach_queries.now()},
        ),
    )


def _event_context(request, event_id, capture_form=None) -> dict:
    page = prep_queries.event_page(request.user, event_id)
    return {
        "page": page,
        "event": page.event,
        "capture_form": capture_form or CaptureForm(),
        "now": coach_queries.now(),
    }


@login_required
@require_GET
def event(request, event_id: int):
    return render(request, "goodwill/coach/event.html", _event_context(request, event_id))


@login_required
def capture(request, event_id: int):
    item = Event.objects.get_owned_or_404(request.user, pk=event_id)
    if refused := not_post(request):
        return refused
    form = CaptureForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: event_service.capture_people(
            owner=request.user, event=item, text=data["text"]
        ),
        success=reverse("coach.event", args=[item.pk]),
        page=lambda: render(
            request,
            "goodwill/coach/event.html",
            _event_context(request, item.pk, capture_form=form),
        ),
    )


@login_required
def debrief(request, event_id: int):
    item = Event.objects.get_owned_or_404(request.user, pk=event_id)
    if refused := not_post(request):
        return refused
    drop = request.POST.getlist("drop")
    together = request.POST.getlist("together")
    attempt(
        request,
        lambda: event_service.debrief_event(
            owner=request.user, event=item, drop=drop, together=together
        ),
        message=lambda kept: (
            f"{len(kept)} people added. Today will remind you to follow up within 48 hours."
        ),
    )
    return redirect("coach.event", event_id=item.pk)


@login_required
def event_edit(request, event_id: int):
    """Change an event's details and who from your network will be there."""
    item = Event.objects.get_owned_or_404(request.user, pk=event_id)
    initial = {
        "name": item.name,
        "starts_at": timezone.localtime(item.starts_at),
        "place": item.place,
        "goal": item.goal,
        "notes": item.notes,
        "people": "\n".join(f"{p.display_name} #{p.pk}" for p in item.people.all()),
    }
    form = EventEditForm(request.POST or None, initial=initial, owner=request.user)
    return handle_form(
        request,
        form,
        lambda data: event_service.update_event(owner=request.user, event=item, **data),
        message="Event saved.",
        success=reverse("coach.event", args=[item.pk]),
        page=lambda: render(
            request, "goodwill/coach/event_edit.html", {"form": form, "event": item}
        ),
    )


@login_required
def event_delete(request, event_id: int):
    return delete_owned(
        request,
        Event,
        event_id,
        lambda obj: event_service.delete_event(owner=request.user, event=obj),
        message="Event deleted.",
        to="coach.events",
    )


def _today_data(owner) -> dict:
    plan = coach_queries.launch_plan(owner)
    day = today_queries.plan_today(owner)
    return {
        "day": day,
        "actions": day.actions,
        "week": coach_queries.week(owner),
        "plan_done": sum(1 for s in plan if s.done),
        "plan_total": len(plan),
        "has_people": queries.people(owner).exists(),
    }


def today_context(owner) -> dict:
    """Kept until the account's data changes, or for a minute (goodwill.core.revision):
    computing it is ~30 queries, reading it back none."""
    data = revision.kept(owner, "today", lambda: _today_data(owner))
    week = data["week"]
    return {
        **data,
        "goal_form": GoalForm(
            initial={
                "coffees": week.goal_coffees,
                "gives": week.goal_gives,
                "reach_outs": week.goal_reach_outs,
            }
        ),
        "today": queries.today(),
    }


@login_required
def home(request):
    context = today_context(request.user)
    return render_page(request, "goodwill/coach/today.html", context, partial="actions")
