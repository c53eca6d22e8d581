"""The web UI's routes. URL names are ``area.action`` and are used across the project."""

from django.urls import path

from goodwill.views import (
    account_settings,
    accounts,
    coach,
    duplicates,
    exchange,
    exports,
    giving,
    home,
    interactions,
    leads,
    network,
    people,
    reminders,
    tags,
    tokens,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("setup/", accounts.setup, name="accounts.setup"),
    path("login/", accounts.login_view, name="accounts.login"),
    path("logout/", accounts.logout_view, name="accounts.logout"),
    path("people/", people.people_list, name="people.list"),
    path("people/new/", people.add, name="people.add"),
    path("people/search/", people.search, name="people.search"),
    path("people/<int:pk>/", people.detail, name="people.detail"),
    path("people/<int:pk>/edit/", people.edit, name="people.edit"),
    path("people/<int:pk>/archive/", people.archive, name="people.archive"),
    path("people/<int:pk>/delete/", people.delete, name="people.delete"),
    path("people/<int:pk>/photo/", people.photo, name="people.photo"),
    path("people/<int:pk>/cadence/", people.set_cadence, name="people.cadence"),
    path("people/<int:pk>/asks/", interactions.ask_add, name="asks.add"),
    path("asks/<int:pk>/toggle/", interactions.ask_toggle, name="asks.toggle"),
    path("asks/<int:pk>/delete/", interactions.ask_delete, name="asks.delete"),
    path("people/<int:pk>/relationships/", network.add, name="relationships.add"),
    path(
        "people/<int:pk>/relationships/<int:other>/delete/",
        network.delete,
        name="relationships.delete",
    ),
    path("log/", interactions.log, name="interactions.log"),
    path("interactions/<int:pk>/edit/", interactions.edit, name="interactions.edit"),
    path("interactions/<int:pk>/delete/", interactions.delete, name="interactions.delete"),
    path("tags/", tags.tag_list, name="tags.list"),
    path("tags/<int:pk>/", tags.edit, name="tags.edit"),
    path("tags/<int:pk>/delete/", tags.delete, name="tags.delete"),
    path("settings/tokens/", tokens.token_list, name="tokens.list"),
    path("settings/tokens/<int:pk>/revoke/", tokens.revoke, name="tokens.revoke"),
]
# Areas that keep their routes beside their views.
urlpatterns += [
    *account_settings.urlpatterns,
    *exchange.urlpatterns,
    *duplicates.urlpatterns,
    *leads.urlpatterns,
    *exports.urlpatterns,
    *giving.urlpatterns,
    *network.urlpatterns,
    *coach.urlpatterns,
    *reminders.urlpatterns,
]
