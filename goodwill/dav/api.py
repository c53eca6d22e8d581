"""The address book's settings in the API (the CardDAV endpoint itself is /dav/)."""

from __future__ import annotations

from ninja import Router

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, changes, owner
from goodwill.dav import services as service
from goodwill.dav.schemas import BookSettingsOut, BookSettingsPatch, book_json

router = Router(tags=["carddav"])

# Path parameters that name one of your objects (see goodwill.api.errors): none here.
PATH_MODELS = {}


@router.get(
    "/carddav/settings", response={200: BookSettingsOut, **READ_ERRORS}, url_name="dav.settings"
)
def get_settings(request):
    """Where a contacts app finds your address book, and what the cards carry."""
    me = owner(request)
    return book_json(me, service.settings_for(me))


@router.patch(
    "/carddav/settings",
    response={200: BookSettingsOut, **WRITE_ERRORS},
    url_name="dav.settings_update",
)
def patch_settings(request, payload: BookSettingsPatch):
    """`include_notes`: put your notes about each person in their card (off by default).
    Every card changes with it, so contacts apps fetch them all at their next sync."""
    me = owner(request)
    return book_json(me, service.update_settings(owner=me, **changes(payload)))
