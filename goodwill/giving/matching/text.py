"""Text → terms for the matcher: normalise, tokenise, stem, drop stop words, add concepts.

A term is a stem ("design"), a concept from goodwill/content/synonyms.txt ("@frontend"),
or either of those prefixed "loc:" when it comes from where someone lives. The same
function turns a need and a person's fields into terms, so both sides always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii
from django.conf import settings

SYNONYMS = Path(settings.BASE_DIR) / "content" / "synonyms.txt"
MAX_PHRASE = 4
TERM_MAX = 48

# Generic words, plus the words every need and about text is made of ("looking for
# someone who can help with…"), which say nothing about *what* is needed.
_STOP_WORDS = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself also
    etc maybe really still very via vs per within without
    need needs needed needing want wants wanted looking look looks seek seeks seeking
    search searching find finding someone somebody anyone anybody person people help helps
    helped helping advice advise tip tips get getting got like love would could might
    please thing things stuff kind sort lot lots bit little quite good great best better
    way ways make making something anything know knows knowing who whose ask asking asked
    intro introduce introduction introductions connect connected contact chat
    person's one two able around next soon year years month months week weeks day days
    time currently recently just already many much every first last hear heard said says
"""
STOP = set(_STOP_WORDS.split())

_TOKEN = re.compile(r"[a-z0-9]+(?:[+#]+|(?:\.[a-z0-9]+)+)?")
_SPECIAL = {"c++": "cplusplus", "c#": "csharp", "f#": "fsharp", ".net": "dotnet"}


@cache
def _english():
    """The English stemmer, loaded the first time a word is stemmed: the package loads
    every language it knows (40 ms), which a command that matches nothing never needs."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if word in _SPECIAL.values() or any(ch.isdigit() for ch in word):
        return word
    return _english().stemWord(word)


@cache
def stop_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in STOP)


def words(text: str) -> list[str]:
    """Lower-case ASCII words: "Node.js" → "nodejs", "C++" → "cplusplus"."""
    folded = anyascii(text or "").casefold().replace(".net", " dotnet")
    out = []
    for token in _TOKEN.findall(folded):
        if token in _SPECIAL:
            out.append(_SPECIAL[token])
        else:
            out.append(token.replace(".", "").rstrip("+#"))
    return [w for w in out if w]


@dataclass(frozen=True)
class Phrase:
    concept: str  # "@frontend"
    exclusive: bool  # its words are not terms on their own ("react native" ≠ "react")
    text: str  # as written in the file


@cache
def synonyms() -> dict[tuple[str, ...], list[Phrase]]:
    """(stem, stem, …) → the concepts that phrase means, from synonyms.txt."""
    return load_synonyms(SYNONYMS.read_text(encoding="utf-8"))


def load_synonyms(text: str) -> dict[tuple[str, ...], list[Phrase]]:
    table: dict[tuple[str, ...], list[Phrase]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, members = line.partition(":")
        name = "_".join(words(name))
        if not sep or not name:
            raise ValueError(f"synonyms.txt line {number}: expected 'concept: word, phrase, …'")
        for member in members.split(","):
            member = member.strip()
            exclusive = member.startswith("!")
            key = tuple(stems(member.lstrip("!")))
            if not key or len(key) > MAX_PHRASE:
                continue
            phrases = table.setdefault(key, [])
            if all(p.concept != "@" + name for p in phrases):
                phrases.append(Phrase("@" + name, exclusive, member.lstrip("!")))
    return table


def stems(text: str) -> list[str]:
    out = []
    for w in words(text):
        if (w not in STOP and len(w) > 1) or w.isdigit():
            s = stem(w)
            if s not in stop_stems():
                out.append(s)
    return out


@lru_cache(maxsize=20_000)
def terms(text: str) -> tuple[str, ...]:
    """The terms of a text, in order of first appearance, without repeats."""
    table = synonyms()
    seq = stems(text)
    out: dict[str, None] = {}
    skip = 0
    for i in range(len(seq)):
        consumed = False
        for n in range(min(MAX_PHRASE, len(seq) - i), 0, -1):
            for phrase in table.get(tuple(seq[i : i + n]), ()):
                out[phrase.concept] = None
                if phrase.exclusive and n > 1:
                    consumed = True
                    skip = max(skip, i + n)
            if consumed:
                break
        if not consumed and i >= skip:
            out[seq[i]] = None
    return tuple(t[:TERM_MAX] for t in out)


def phrases_in(text: str) -> list[str]:
    """The synonym phrases found in a text, as written in the file (for reasons)."""
    table = synonyms()
    seq = stems(text)
    found = []
    for i in range(len(seq)):
        for n in range(min(MAX_PHRASE, len(seq) - i), 0, -1):
            for phrase in table.get(tuple(seq[i : i + n]), ()):
                found.append(phrase.text)
    return found


def location_terms(text: str) -> tuple[str, ...]:
    return tuple(f"loc:{t}"[:TERM_MAX] for t in terms(text))


# Sentences in someone's notes that say what *they* are after, not what they offer.
_WANTING = re.compile(
    r"\b(?:looking for|searching for|seeking|wants?(?: to)?|hoping (?:for|to find)|"
    r"needs?|trying to find|on the hunt for|open to)\b([^.;!?\n]*)",
    re.IGNORECASE,
)


def split_wanting(text: str) -> tuple[str, str]:
    """(what the text offers or says, what it says they are looking for)."""
    wanted = " ".join(m.group(1) for m in _WANTING.finditer(text or ""))
    rest = _WANTING.sub(" ", text or "")
    return rest, wanted
