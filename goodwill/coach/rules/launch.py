"""The launch plan's pure rules: which logged messages are a no-ask hello, and the ready
words of a step for one named person.

A no-ask hello is a message, e-mail or call whose words ask for nothing. Its words are
read (the summary and notes): a CV, a job, a role, a referral, an introduction, a favour,
"could you…" are asks. Words that say "no ask" or "no agenda" are not. A message
with no words at all is not counted: the app cannot tell, so it does not guess.
"""

from __future__ import annotations

import re

REACH_KINDS = ("message", "email", "call", "video")
IN_PERSON_KINDS = ("coffee", "meal", "meeting")

# Phrases that say outright that nothing is asked; removed before looking for asks.
NO_ASK = re.compile(r"\bno[- ](ask|agenda|request)s?\b|\bnothing to ask\b", re.IGNORECASE)
ASKS = re.compile(
    r"\b(cv|c\.v\.|r[ée]sum[ée]s?|resume|jobs?|hiring|hire|roles?|positions?|openings?|"
    r"vacanc\w*|appl(y|ied|ication)\w*|interviews?|refer\w*|recommend\w*|introduc\w*|"
    r"intros?|favou?rs?|could you|can you|would you( be| mind)?|help me|looking for|"
    r"ask(ed|ing|s)?|request\w*|quotes?|proposals?|pitch\w*|invoices?|sales?|"
    r"opportunit\w*|portfolio)\b",
    re.IGNORECASE,
)


def is_no_ask(kind: str, summary: str = "", notes: str = "") -> bool:
    """Whether a logged interaction counts as a no-ask hello (see the module doc)."""
    if kind not in REACH_KINDS:
        return False
    text = " ".join(f"{summary or ''} {notes or ''}".split())
    if not text:
        return False
    return not ASKS.search(NO_ASK.sub(" ", text))


def parse_check(check: str) -> tuple[str, int]:
    """ "rhythm:3" -> ("rhythm", 3); "give" -> ("give", 1)."""
    name, _, arg = (check or "").partition(":")
    return name.strip(), int(arg) if arg.strip().isdigit() else 1


def first_name(display_name: str) -> str:
    return (display_name or "").split()[0] if (display_name or "").split() else ""


def fill_words(words: str, name: str) -> str:
    """A step's ready words for one person ("there" when nobody is named)."""
    return (words or "").replace("{name}", first_name(name) or "there")
