"""Today: who is due for a catch-up, what happened lately, what to ask about."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from goodwill import queries
from goodwill.services.leads import due_actions

HOME_LIMIT = 8


@login_required
def home(request):
    owner = request.user
    due = list(queries.due(owner)[: HOME_LIMIT + 1])
    lead_actions = due_actions(owner)
    context = {
        "due": due[:HOME_LIMIT],
        "more_due": len(due) > HOME_LIMIT,
        "recent": list(queries.recent_interactions(owner, limit=HOME_LIMIT)),
        "open_asks": list(queries.open_asks(owner, limit=HOME_LIMIT)),
        "has_people": queries.people(owner).exists(),
        "today": queries.today(),
        # Overdue leads first, then report-backs owed and referral checks due.
        "lead_actions": lead_actions[:HOME_LIMIT],
        "more_lead_actions": max(len(lead_actions) - HOME_LIMIT, 0),
    }
    return render(request, "goodwill/home.html", context)
