"""What a draft must never do, each as a small function returning the problems found.

Each function takes the draft's text and the facts it needs, and returns a list of
plain-English problems (empty when the draft is fine). The test corpus runs every draft
through all of them; each has a test that it catches a bad example. Pure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable

from goodwill.core.language import time as tm
from goodwill.core.language.phrases import word_set

MIN_CHARS, MAX_CHARS = 20, 900
PITCH = ("hire me", "my cv", "my resume", "my résumé", "any openings", "open positions")
STOP = word_set(
    """a an the and or but so to of in on at for with from by about as is are was were be
    been i you we they it he she my your our their me us them this that these those if
    how what when where why who whether not no just do did does have has had will would
    can could should all any some one up out over into than then there here very too"""
)


def _quoted_out(text: str) -> str:
    """The text with the user's own quoted words (“…”) removed."""
    return re.sub(r"“[^”]*”", "“”", text)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'\u2019-]+", text.lower())


def placeholders(text: str) -> list[str]:
    """A template slot left unfilled: braces, or a stray None."""
    found = re.findall(r"\{[^}]*\}|\bNone\b(?!\s+(?:of|at)\b)", _quoted_out(text))
    return [f"unfilled placeholder {f!r}" for f in found]


def doubled_runs(text: str) -> list[str]:
    """A run said twice in a row ("looking for looking for"), or a three-word run with a
    content word said twice anywhere."""
    problems = []
    plain = _quoted_out(text)
    match = re.search(r"\b((?:[\w'\u2019-]+\s+){0,3}[\w'\u2019-]+)\s+\1\b", plain, re.IGNORECASE)
    if match:
        problems.append(f"doubled words: {match.group(0)!r}")
    words = _words(plain)
    seen: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - 2):
        run = tuple(words[i : i + 3])
        if all(w in STOP for w in run):
            continue
        if run in seen and i - seen[run] >= 3:
            problems.append(f"repeated run: {' '.join(run)!r}")
            break
        seen.setdefault(run, i)
    return problems


def _questions(text: str) -> list[str]:
    return [q.strip() for q in re.findall(r"[^.?!\n]*\?", _quoted_out(text)) if q.strip()]


def repeated_question(text: str) -> list[str]:
    """The same question twice, or a vague echo right after a real question
    ("How is the course going? How did that go?")."""
    problems = []
    questions = _questions(text)
    lowered = [q.lower() for q in questions]
    if len(set(lowered)) < len(lowered):
        problems.append("the same question twice")
    vague = re.compile(r"^(how did that go|how did it go|how is it going|any news)\?$", re.I)
    for previous, current in itertools.pairwise(questions):
        if vague.match(current) and text.find(previous) + len(previous) + 2 >= text.find(current):
            problems.append(f"an echo after a question: {current!r}")
    return problems


def case_kept(text: str, typed: Iterable[str]) -> list[str]:
    """Every word the user typed with capitals inside it or all in capitals (eBay, iOS,
    PhD, RouteWise, NASA) appears with that case wherever it appears."""
    problems = []
    for note in typed:
        for word in re.findall(r"[A-Za-z][A-Za-z-]+", note or ""):
            special = any(c.isupper() for c in word[1:]) or (
                word[0].islower() and any(c.isupper() for c in word)
            )
            if not special:
                continue
            for found in re.findall(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
                if found != word:
                    problems.append(f"{word!r} written as {found!r}")
    return problems


def pasted(text: str) -> list[str]:
    """A clause after a colon on the same line, or anything in brackets (outside the
    user's own quoted words)."""
    problems = []
    plain = _quoted_out(text)
    for line in plain.splitlines():
        if re.search(r":(?!\s*$)(?!\d)", line):
            problems.append(f"text pasted after a colon: {line.strip()!r}")
    if re.search(r"[()\[\]]", plain):
        problems.append("text in brackets")
    return problems


def reader_named(text: str, full_name: str, first_name: str = "") -> list[str]:
    """The reader spoken of in the third person after the greeting: their full name, or
    their first name followed by "is", "was", "needs"..."""
    problems = []
    lines = text.split("\n", 1)
    rest = _quoted_out(lines[1] if len(lines) > 1 else "")
    full = " ".join((full_name or "").split())
    if full and " " in full and full.lower() in rest.lower():
        problems.append(f"the reader's full name {full!r} in the body")
    if first_name and re.search(
        rf"\b{re.escape(first_name)}\s+(?:is|was|has|needs|wants|mentioned|said)\b", rest
    ):
        problems.append(f"{first_name} spoken of in the third person")
    return problems


def time_words_true(text: str, today: dt.date, dates: Iterable, met_on=None) -> list[str]:
    """Every time word matches at least one of the dates the draft was written from, and
    "good to meet you" is said only within two weeks of meeting."""
    problems = []
    days = [d for d in (tm.days_between(x, today) for x in dates) if d is not None]
    known = [tm.as_date(x) for x in dates if tm.as_date(x)]
    for phrase, low, high in tm.claimed_spans(_quoted_out(text), today):
        if low == -1:
            ok = any(d.month == high and 0 < (today - d).days <= 366 for d in known)
        elif low == -2:
            ok = any(d.year == high for d in known)
        else:
            ok = any(low <= d <= high for d in days)
        if not ok:
            problems.append(f"{phrase!r} is not true of the dates {sorted(days)}")
    greets = re.search(r"\b(good|lovely|nice|great) to meet you\b", text, re.I)
    if greets and not tm.met_recently(met_on, today):
        problems.append("'good to meet you' to someone not met in the last two weeks")
    return problems


# lead status -> words that may only be said in it
STATE_WORDS = {
    "still going": {"contacted", "meeting", "in_progress"},
    "i've been in touch with": {"contacted", "meeting", "in_progress", "won", "lost"},
    "exchanged a first note": {"contacted", "meeting", "in_progress"},
    "found a time to talk": {"meeting"},
    "things are moving": {"in_progress"},
    "on hold": {"parked"},
    "worked out with": {"won"},
    "going ahead": {"won"},
    "didn't come together": {"lost"},
    "went another way": {"lost"},
    "i'll get in touch with": {"new"},
    "i'll write to": {"new"},
    "haven't written to": {"new"},
    "haven't managed to reach": {"new", "parked"},
    "i've reached out to": {"contacted", "meeting", "in_progress"},
}


def state_words_true(text: str, states: Iterable[str]) -> list[str]:
    """Lead state words match a state the draft was written for (a lead parked before
    any contact is never "still going")."""
    states = set(states)
    lower = _quoted_out(text).lower()
    return [
        f"{words!r} said of a lead that is {sorted(states)}"
        for words, allowed in STATE_WORDS.items()
        if words in lower and not (allowed & states)
    ]


def length_ok(text: str) -> list[str]:
    n = len(text)
    if n < MIN_CHARS:
        return [f"too short ({n} characters)"]
    if n > MAX_CHARS:
        return [f"too long ({n} characters)"]
    return []


def pitch_words(text: str, typed: Iterable[str] = ()) -> list[str]:
    """No pitch ("hire me", "my CV", "any openings") unless the user typed it."""
    mine = " ".join(t or "" for t in typed).lower()
    lower = text.lower()
    return [f"pitch words {p!r}" for p in PITCH if p in lower and p not in mine]


def cold_subject(subject: str) -> list[str]:
    """A subject a friend would write: more than one word."""
    return [f"cold one-word subject {subject!r}"] if len(subject.split()) < 2 else []
