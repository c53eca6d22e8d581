"""The coach's drafts, worded in goodwill/content/messages.toml. Pure: no database.

A wording is chosen by a stable seed (the object's id), so a page shows the same draft
until the user asks for another (``variant``).
"""

from __future__ import annotations

from string import Formatter

from goodwill.coach.rules import content
from goodwill.leads.rules.drafts import Draft, first_email, first_name


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def _clause(text: str) -> str:
    text = " ".join((text or "").split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def fill(text: str, values: dict) -> str:
    return Formatter().vformat(text, (), _Blank(values))


def write(kind: str, *, to=None, seed: int = 0, variant: int | None = None, **values) -> Draft:
    """A draft of ``kind`` to person ``to`` (or to nobody: a note to yourself)."""
    options = content.wordings(kind)
    index = (seed if variant is None else variant) % len(options)
    subject, body = options[index]
    values = {"first": first_name(to) if to is not None else "", **values}
    for key in ("need", "line"):
        if key in values:
            values[key] = _clause(values[key])
    if "ask" in values:
        ask = " ".join(str(values["ask"]).split())
        values["ask"] = ask if ask.endswith(("?", ".", "!")) else ask + "?"
    return Draft(
        kind=kind,
        to_name=to.display_name if to is not None else "",
        to_email=first_email(to) if to is not None else "",
        subject=fill(subject, values),
        body=fill(body, values),
        variant=index,
        variants=len(options),
    )
