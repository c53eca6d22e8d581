"""Web routes of the leads area. URL names are ``area.action``."""

from django.urls import path

from goodwill.leads.views import (
    add,
    board,
    delete,
    detail,
    lead_settings,
    move,
    referral_check,
    referrals,
    report,
    stats,
)

urlpatterns = [
    path("leads/", board, name="leads.board"),
    path("leads/new/", add, name="leads.add"),
    path("leads/settings/", lead_settings, name="leads.settings"),
    path("leads/stats/", stats, name="leads.stats"),
    path("leads/<int:pk>/", detail, name="leads.detail"),
    path("leads/<int:pk>/move/", move, name="leads.move"),
    path("leads/<int:pk>/report/", report, name="leads.report"),
    path("leads/<int:pk>/delete/", delete, name="leads.delete"),
    path("referrals/", referrals, name="referrals.list"),
    path("referrals/<int:pk>/check/", referral_check, name="referrals.check"),
]
