"""Issue 16, finding 4, at the probe's size: 16 writers during a 99,000-row import.

Runs tests/proof/test_write_locks.py (a real `goodwill serve` on one SQLite file) with
GOODWILL_LONG_PROOF=1; `make test` runs the same probe at 10,000 rows.

    .venv/bin/python proof/write_locks.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = {**os.environ, "GOODWILL_LONG_PROOF": "1", "GOODWILL_DATABASE_URL": ""}
    test = "tests/proof/test_write_locks.py"
    return subprocess.call(  # noqa: S603 - our own test
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", test], cwd=ROOT, env=env
    )


if __name__ == "__main__":
    sys.exit(main())
