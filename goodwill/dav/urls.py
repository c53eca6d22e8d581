"""Web routes of the dav area: the CardDAV endpoint, its discovery address, its settings.

The endpoint's paths end with or without a slash (clients differ), and are matched
before Django's slash-appending redirect could turn a PROPFIND into a GET.
"""

from django.urls import path, re_path

from goodwill.dav.views import protocol
from goodwill.dav.views.settings import settings_page

urlpatterns = [
    path(".well-known/carddav", protocol.well_known, name="dav.well_known"),
    re_path(r"^dav/?$", protocol.root, name="dav.root"),
    re_path(r"^dav/(?P<username>[^/]+)/?$", protocol.principal, name="dav.principal"),
    re_path(r"^dav/(?P<username>[^/]+)/contacts/?$", protocol.book, name="dav.book"),
    re_path(r"^dav/(?P<username>[^/]+)/contacts/(?P<name>[^/]+)$", protocol.card, name="dav.card"),
    path("settings/contacts-app/", settings_page, name="dav.settings"),
]
