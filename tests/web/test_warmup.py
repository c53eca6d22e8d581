"""The WSGI app warms up as it loads, so the first visitor does not pay for it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = (
    "import sys, goodwill.wsgi\n"
    "from django.urls import get_resolver\n"
    "print(get_resolver()._populated, 'goodwill.coach.views' in sys.modules,"
    " 'goodwill.api.main' in sys.modules)\n"
)


def test_loading_the_wsgi_app_already_loaded_every_view_and_the_api(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GOODWILL_DATA_DIR": str(tmp_path),
        "GOODWILL_DATABASE_URL": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"], done.stderr
