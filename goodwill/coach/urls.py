"""Web routes of the coach area. URL names are ``area.action``."""

from django.urls import path

from goodwill.coach import views as today_views
from goodwill.coach.views import (
    act,
    assess,
    brief,
    capture,
    debrief,
    event,
    event_delete,
    event_edit,
    events,
    goal,
    outreach,
    outreach_detail,
    plan,
    prep,
    results,
    retired,
    situation,
    step_toggle,
    tidy,
    welcome,
    why,
)

urlpatterns = [
    path("coach/act/", act, name="coach.act"),
    path("coach/goal/", goal, name="coach.goal"),
    path("coach/why/", why, name="coach.why"),
    path("coach/tidy/", tidy, name="coach.tidy"),
    path("coach/retired/", retired, name="coach.retired"),
    path("coach/welcome/", welcome, name="coach.welcome"),
    path("coach/assess/", assess, name="coach.assess"),
    path("coach/results/", results, name="coach.results"),
    path("coach/situation/", situation, name="coach.situation"),
    path("coach/plan/", plan, name="coach.plan"),
    path("coach/plan/<int:step_id>/toggle/", step_toggle, name="coach.step_toggle"),
    path("coach/outreach/", outreach, name="coach.outreach"),
    path("coach/outreach/<int:outreach_id>/", outreach_detail, name="coach.outreach_detail"),
    path("coach/prep/", prep, name="coach.prep"),
    path("people/<int:person_id>/brief/", brief, name="coach.brief"),
    path("coach/events/", events, name="coach.events"),
    path("coach/events/<int:event_id>/", event, name="coach.event"),
    path("coach/events/<int:event_id>/capture/", capture, name="coach.capture"),
    path("coach/events/<int:event_id>/debrief/", debrief, name="coach.debrief"),
    path("coach/events/<int:event_id>/edit/", event_edit, name="coach.event_edit"),
    path("coach/events/<int:event_id>/delete/", event_delete, name="coach.event_delete"),
]

urlpatterns += [path("", today_views.home, name="home")]
