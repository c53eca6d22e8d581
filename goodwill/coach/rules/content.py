"""The coaching content: TOML files in goodwill/content/, read once and cached.

Everything the coach says that is not computed lives there (assessment statements, what
each cause means, launch steps, conversation prep, message wordings), so it can be
reworded or extended without touching code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from django.conf import settings

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


@cache
def load(name: str) -> dict:
    with (CONTENT_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def statements() -> list[dict]:
    return load("assessment")["statement"]


def statements_keys() -> list[str]:
    return [s["key"] for s in statements()]


def scale() -> list[str]:
    return load("assessment")["scale"]


def causes() -> dict[str, dict]:
    return load("causes")


def launch_steps() -> list[dict]:
    return load("launch")["step"]


def max_launch_steps() -> int:
    return int(load("launch").get("max_steps", 6))


def situations() -> dict[str, dict]:
    return load("prep")


def wordings(kind: str) -> list[list[str]]:
    return load("messages")[kind]["wordings"]
