"""The address book's settings page: how to connect a contacts app, and the notes switch."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from goodwill.dav import rules
from goodwill.dav import services as service
from goodwill.dav.forms import BookSettingsForm
from goodwill.web.views import handle_form

TEMPLATE = "goodwill/dav/settings.html"


def _page(request, *, form=None, status: int = 200):
    book = service.settings_for(request.user)
    context = {
        "form": form or BookSettingsForm(initial={"include_notes": book.include_notes}),
        "book": book,
        "server": rules.server_url(),
        "username": request.user.username,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def settings_page(request):
    if request.method != "POST":
        return _page(request)
    form = BookSettingsForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: service.update_settings(owner=request.user, **data),
        message=lambda book: (
            "Saved. Cards now carry your notes; your apps fetch them at their next sync."
            if book.include_notes
            else "Saved. Cards no longer carry your notes; your apps update at their next sync."
        ),
        success="dav.settings",
        page=lambda: _page(request, form=form),
    )
