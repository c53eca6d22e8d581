"""The WSGI application, warmed up before it serves its first request.

Each gunicorn worker imports this module before it accepts a connection. Without the
warm-up, the first page after start-up paid for importing every area's views and the
API (the URL configuration) and for compiling the first templates: about 2 s here, more
on a busy machine. ``warm_up`` does that work now, while nobody is waiting.
"""

import logging
import os
import time

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
application = get_wsgi_application()

logger = logging.getLogger("goodwill.wsgi")

# The pages a new user sees first, and the frame every page shares.
FIRST_TEMPLATES = [
    "goodwill/base.html",
    "goodwill/accounts/setup.html",
    "goodwill/accounts/login.html",
    "goodwill/coach/welcome.html",
    "goodwill/coach/today.html",
]


def warm_up() -> float:
    """Load the URL configuration (every view and the API) and the first templates.
    Returns the seconds it took; a failure is logged, never raised (serving matters more)."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver

    started = time.perf_counter()
    try:
        resolver = get_resolver()
        resolver.resolve("/")
        resolver.reverse("home")  # builds the reverse table every {% url %} reads
        for name in FIRST_TEMPLATES:
            try:
                get_template(name)
            except TemplateDoesNotExist:
                logger.warning("warm-up: no template %s", name)
    except Exception:  # a warm-up must never stop the server
        logger.exception("warm-up failed; the first request will do the work")
    return time.perf_counter() - started


warm_up()
