"""Today: a few ranked actions with their reasons and drafts, the week's goal and streak."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from goodwill import queries
from goodwill.htmx import render_page
from goodwill.queries import coach as coach_queries
from goodwill.queries.actions import today_actions
from goodwill.services import revision
from goodwill.views.coach_forms import GoalForm


def _today_data(owner) -> dict:
    plan = coach_queries.launch_plan(owner)
    return {
        "actions": today_actions(owner),
        "week": coach_queries.week(owner),
        "plan_done": sum(1 for s in plan if s.done),
        "plan_total": len(plan),
        "has_people": queries.people(owner).exists(),
    }


def today_context(owner) -> dict:
    """Kept until the account's data changes, or for a minute (goodwill.services.revision):
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
    return render_page(request, "goodwill/home.html", context, partial="actions")
