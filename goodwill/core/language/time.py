"""Time in words, from real dates. Pure.

Every phrase here is computed from two dates, and ``CLAIMS`` says which span of days each
phrase may describe, so ``checks.time_words_true`` can hold a draft to the dates it was
written from.
"""

from __future__ import annotations

import datetime as dt
import re

RECENT_MEETING_DAYS = 14  # "good to meet you" only this soon after meeting

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# phrase -> (fewest days ago, most days ago) it may describe
CLAIMS: dict[str, tuple[int, int]] = {
    "today": (0, 0),
    "yesterday": (1, 1),
    "a few days ago": (2, 6),
    "earlier this week": (2, 6),
    "last week": (7, 13),
    "a couple of weeks ago": (14, 24),
    "a few weeks ago": (25, 55),
    "a couple of months ago": (56, 80),
    "a few months ago": (81, 300),
    "almost a year": (301, 364),
    "almost a year ago": (301, 364),
    "over a year": (365, 729),
    "over a year ago": (365, 729),
    "a while": (60, 100000),
    "about a year": (330, 539),
}


def as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def days_between(then, today: dt.date) -> int | None:
    then = as_date(then)
    return None if then is None else (today - then).days


def _years(days: int) -> str:
    years = max(2, round(days / 365))
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(years, str(years))


def ago(then, today: dt.date) -> str:
    """When something happened, as a friend would say it: "last week", "back in March"."""
    days = days_between(then, today)
    if days is None or days < 0:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days <= 6:
        return "a few days ago"
    if days <= 13:
        return "last week"
    if days <= 24:
        return "a couple of weeks ago"
    if days <= 55:
        return "a few weeks ago"
    then = as_date(then)
    if days <= 300:
        return f"back in {MONTHS[then.month - 1]}"
    if days <= 364:
        return "almost a year ago"
    if days <= 729:
        return "over a year ago"
    return f"back in {then.year}"


def gap(then, today: dt.date) -> str:
    """How long it has been, for a long silence, else "": "a while — almost a year"."""
    days = days_between(then, today)
    if days is None or days < 60:
        return ""
    if days <= 80:
        return "a couple of months"
    if days <= 300:
        return "a few months"
    if days <= 364:
        return "a while — almost a year"
    if days <= 729:
        return "a while — over a year"
    return f"a while — about {_years(days)} years"


def known_for(met_on, today: dt.date) -> str:
    """How long you have known each other, when it is worth saying: "about two years"."""
    days = days_between(met_on, today)
    if days is None or days < 330:
        return ""
    if days < 540:
        return "about a year"
    return f"about {_years(days)} years"


def met_recently(met_on, today: dt.date) -> bool:
    days = days_between(met_on, today)
    return days is not None and 0 <= days <= RECENT_MEETING_DAYS


def claimed_spans(text: str, today: dt.date) -> list[tuple[str, int, int]]:
    """The time words in ``text`` and the days-ago span each one claims."""
    found = []
    lower = text.lower()
    for phrase, (low, high) in CLAIMS.items():
        if re.search(rf"\b{re.escape(phrase)}\b", lower):
            found.append((phrase, low, high))
    for match in re.finditer(r"\bback in (\w+)\b", text):
        word = match.group(1)
        if word in MONTHS:
            found.append((match.group(0), -1, MONTHS.index(word) + 1))  # a month, see checks
        elif word.isdigit():
            found.append((match.group(0), -2, int(word)))  # a year
    match = re.search(r"\babout (two|three|four|five|\d+) years\b", lower)
    if match:
        number = {"two": 2, "three": 3, "four": 4, "five": 5}.get(match.group(1))
        number = number or int(match.group(1))
        found.append((match.group(0), 365 * number - 190, 365 * number + 190))
    return found
