"""What the user typed, turned into a phrase a sentence can hold. Pure: no database.

A note is stored exactly as typed; these functions compute, each time, the *phrase* a
template can place, with its kind:

* ``NOUN``  a noun phrase: "a new website for Movewell Clinics", "advice on pricing"
* ``ING``   a verb phrase in -ing form: "looking for a designer", "hiring a PM"
* ``VERB``  a verb phrase in base form: "send you the case studies"
* ``WH``    an indirect question that follows "I wondered": "whether the pilot shipped"
* ``ASK``   a direct question that stands alone: "How is the PM course going?"
* ``SENTENCE`` a whole sentence that stands alone: "You just started at McKinsey."
* ``QUOTE`` anything a rule cannot place safely: shown on its own line, as typed.

Conversions are deliberately small and safe. The user's case is kept (eBay, iOS, PhD,
RouteWise); only a first word that is a common lower-case word ("Looking", "Whether")
loses its capital. Words about the reader become second person ("her new job" → "your
new job" when written to her). When no rule applies the note is quoted, never spliced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def word_set(words: str) -> set[str]:
    """A set of words written as one space-separated string."""
    return set(words.split())


NOUN, ING, VERB, WH, ASK, SENTENCE, QUOTE = "noun", "ing", "verb", "wh", "ask", "sentence", "quote"
PLACEABLE = {NOUN, ING, VERB, WH, ASK, SENTENCE}


@dataclass(frozen=True)
class Phrase:
    kind: str
    text: str  # the phrase as it sits in a sentence (no closing punctuation)
    typed: str = ""  # what the user typed

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


# Common words that may lose a capital at the start of a note ("Looking for…" → "looking
# for…"). Anything else keeps the case it was typed with: it may be a name.
COMMON = word_set(
    """a an the my your his her their our its this that these those some any all both more
    new old next first last big small better good great part full short long quick
    looking searching hoping trying planning thinking hiring raising moving starting
    building launching finishing finding changing leaving joining selling buying getting
    working writing running learning doing making taking applying preparing waiting
    need needs needed want wants wanted seeking seek looks look
    whether if how what when where why who which
    is are was were did do does has have had will would can could should
    ask about check follow find send share introduce intro connect forward email call
    get give lend review read write make book set pass recommend dig help put tell show
    invite meet loop bring lunch coffee
    advice help feedback funding intro introduction introductions job jobs work role roles
    investors investor customers customer clients client designer developer engineer
    accountant lawyer mentor cofounder co-founder website site app team office space
    house flat apartment tickets ticket partner partners contacts contact leads lead
    someone somebody anyone people person friend friends ideas idea tips resources
    recommendations recommendation"""
)
DETERMINERS = word_set(
    """a an the my your his her their our its this that these those some any another
    each every no one two three several many few more most much"""
)
MASS = word_set(
    """advice help feedback funding work information info money support investment
    investments housing childcare time space data software equipment research capital
    mentorship guidance coaching training press marketing design hiring accommodation
    insurance furniture childcare tickets"""
)
PREPOSITIONS = {"for", "in", "at", "on", "to", "with", "from", "about", "of", "near", "and"}
AUX = word_set("is are was were did do does has have had will would can could should")
WH_WORDS = word_set("whether if how what when where why who which")
BASE_VERBS = word_set(
    """send share introduce intro connect forward email call check look find ask follow
    put get give lend review read write make book set pass recommend dig help tell show
    invite meet loop bring pay return buy grab drop text ping order print post"""
)
NOT_ING = word_set(
    """thing something nothing anything everything king ring spring morning evening
    wedding building meeting during string sibling ceiling darling offering pudding
    feeling"""
)
# places that look like -ing verbs, kept as typed at the start of a note
ING_PLACES = {"reading", "ealing", "woking", "worthing", "kettering", "epping", "beijing"}
# "Looking for" and friends: what follows is the thing wanted (a noun phrase).
WANTING = re.compile(
    r"^(?:(?:is|are|was|were|they're|she's|he's|they are|she is|he is)\s+)?"
    r"(?:looking for|searching for|in search of|needs?|wants?|seeking|after)\s+",
    re.IGNORECASE,
)
# "ask about…", "ask her how…", "follow up on…": what follows is the thing to ask about.
ASKING = re.compile(
    r"^(?:ask(?:\s+(?:her|him|them))?(?:\s+about)?|follow\s+up\s+on|check\s+in\s+(?:on|about)"
    r"|find\s+out|check)\s+",
    re.IGNORECASE,
)
PROMISING = re.compile(
    r"^(?:i\s*'?ll|i\s+will|i\s+promised\s+to|promised\s+to|to)\s+",
    re.IGNORECASE,
)
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f1e6-\U0001f1ff]+"
)
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def tidy(text: str) -> str:
    """One line, single spaces."""
    return " ".join(str(text or "").split())


def strip_ends(text: str) -> str:
    """Without trailing full stops, exclamation marks, emoji and dashes."""
    text = tidy(text)
    while True:
        new = EMOJI.sub("", text).rstrip(" .!;,:-—\u2013…").strip()
        if new == text:
            return text
        text = new


def first_word(text: str) -> str:
    return text.split(" ", 1)[0] if text else ""


def lower_start(text: str) -> str:
    """Lower the first letter only when the first word is a common word typed titlecase."""
    word = first_word(text)
    bare = word.strip("\"'“”\u2018\u2019(").rstrip(",")
    common = bare.lower() in COMMON or (is_ing(bare) and bare.lower() not in ING_PLACES)
    if bare and bare[0].isupper() and bare[1:] == bare[1:].lower() and common:
        index = text.index(bare[0])
        return text[:index] + bare[0].lower() + text[index + 1 :]
    return text


def upper_start(text: str) -> str:
    """Capital at the start of a sentence; a word with capitals inside (eBay) is kept."""
    for index, char in enumerate(text):
        if char.isalpha():
            word = first_word(text[index:])
            if char.islower() and word[1:] == word[1:].lower():
                return text[:index] + char.upper() + text[index + 1 :]
            return text
    return text


def has_subject(text: str) -> bool:
    return first_word(text).lower() in {"i", "she", "he", "they", "we", "you", "it", "there"}


def is_ing(word: str) -> bool:
    word = word.lower()
    return len(word) > 4 and word.endswith("ing") and word not in NOT_ING


def article(noun: str) -> str:
    """A noun phrase ready to follow "looking for": with "a"/"an" when it needs one."""
    words = noun.split()
    if not words:
        return noun
    head = words[0]
    if head.lower() in DETERMINERS or head[0].isdigit() or not head[0].islower():
        return noun
    compound = len(words) > 1 and words[1].lower() not in PREPOSITIONS
    if (head.lower() in MASS or is_ing(head)) and not compound:
        return noun
    # a plural: "investors for the seed round", "new clients"
    last = re.split(r"\s+(?:for|in|at|on|to|with|from|who|that|about)\s+", noun)[0].split()[-1]
    if last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return noun
    if last.lower() in MASS:
        return noun
    return ("an " if head[0].lower() in "aeio" else "a ") + noun


def definite(noun: str) -> str:
    """A noun phrase with "the" when it has no determiner: "the new website for X"."""
    words = noun.split()
    if not words:
        return noun
    head = words[0]
    if head.lower() in DETERMINERS or head[0].isdigit() or not head[0].islower():
        return noun
    if head.lower() in MASS:
        return noun
    return "the " + noun


# ---------------------------------------------------------------- second person

SUBJECT_FIX = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
}
INVERTED = {"is": "are", "was": "were", "has": "have", "does": "do"}
OBJECT_NEXT = word_set(
    """about to for with from at in on into up down out over after before and or but as
    a an the some any this that these those know if whether how what when"""
)


def _verb_for_you(word: str) -> str:
    lower = word.lower()
    if lower in SUBJECT_FIX:
        return SUBJECT_FIX[lower]
    if len(lower) > 3 and lower.endswith("ies"):
        return word[:-3] + "y"
    if len(lower) > 3 and lower.endswith(("shes", "ches", "sses", "xes", "oes")):
        return word[:-2]
    if len(lower) > 2 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def second_person(text: str, names: tuple[str, ...] = ()) -> str:
    """Words about the reader turned to "you": she/he/her/his, and the reader's name.

    Only the unambiguous cases: "they"/"their" may be other people and stay as typed.
    """
    names = tuple(n for n in names if n and len(n) > 1)
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        core = word.strip('.,;:!?"“”')
        tail = word[len(word.rstrip('.,;:!?"“”')) :]
        lower = core.lower()
        nxt = words[i + 1].strip('.,;:!?"“”').lower() if i + 1 < len(words) else ""
        name_hit = next((n for n in names if core in (n, n + "'s", n + "\u2019s")), None)
        if lower in {"she", "he"} or (name_hit and core == name_hit):
            out.append("you" + tail)
            if nxt and not tail and i + 1 < len(words):
                following = words[i + 1]
                fcore = following.strip('.,;:!?"“”')
                ftail = following[len(following.rstrip('.,;:!?"“”')) :]
                if fcore.lower() not in OBJECT_NEXT and not fcore.lower().endswith("ed"):
                    out.append(_verb_for_you(fcore) + ftail)
                    i += 2
                    continue
            i += 1
            continue
        if lower in {"she's", "he's", "she\u2019s", "he\u2019s"}:
            out.append(("you've" if nxt in {"been", "got", "had", "gotten"} else "you're") + tail)
        elif lower in {"she'll", "he'll"}:
            out.append("you'll" + tail)
        elif lower in {"she'd", "he'd"}:
            out.append("you'd" + tail)
        elif lower in {"his", "hers"} or (name_hit and core != name_hit):
            out.append(("yours" if lower == "hers" or not nxt else "your") + tail)
        elif lower == "her":
            possessive = nxt and nxt not in OBJECT_NEXT and not tail
            out.append(("your" if possessive else "you") + tail)
        elif lower == "him":
            out.append("you" + tail)
        elif lower in {"herself", "himself"}:
            out.append("yourself" + tail)
        elif lower in INVERTED and nxt in {"she", "he"}:
            out.append(INVERTED[lower] if core.islower() else INVERTED[lower].title())
        else:
            out.append(word)
        i += 1
    result = " ".join(out)
    opening = first_word(text).lower()
    pronouns = {"she", "he", "her", "his", "she's", "he's", "she'll", "he'll", "she'd", "he'd"}
    if text[:1].isupper() and opening in pronouns and result[:3] in {"you", "your"}:
        result = "Y" + result[1:]
    return result


# ---------------------------------------------------------------- kinds of notes


def _quote(typed: str) -> Phrase:
    return Phrase(QUOTE, tidy(typed), tidy(typed))


def _sentence_like(text: str) -> bool:
    """Two sentences, or a list: not something to place inside another sentence."""
    return bool(re.search(r"[.!?;]\s+\S", text)) or "\n" in text or ":" in text


def _bracketed(text: str) -> bool:
    return any(c in text for c in '()[]{}<>"“”')


def need(typed: str, *, names: tuple[str, ...] = ()) -> Phrase:
    """What someone is looking for: ``ING`` ("hiring a PM") or ``NOUN`` ("a designer")."""
    text = strip_ends(typed)
    if not text or _sentence_like(text) or _bracketed(text) or text.endswith("?"):
        return _quote(typed) if text else Phrase(QUOTE, "", "")
    text = lower_start(text)
    subjects = "|".join(["she", "he", "they", *(re.escape(n) for n in names)])
    text = re.sub(
        rf"^(?:{subjects})(?:\s+(?:is|are)|\u2019s|'s)?\s+(?=(?:looking|searching|in search|"
        r"needs?|wants?|seeking|after|hiring|raising|moving|starting|building|trying)\b)",
        "",
        text,
        flags=re.IGNORECASE,
    )
    wanted = WANTING.match(text)
    while wanted and WANTING.match(lower_start(text[wanted.end() :])):
        text = lower_start(text[wanted.end() :])  # "looking for looking for…", as typed twice
        wanted = WANTING.match(text)
    if wanted:
        rest = lower_start(text[wanted.end() :])
        if not rest or has_subject(rest):
            return _quote(typed)
        return Phrase(NOUN, second_person(article(rest), names), typed)
    if has_subject(text) or len(text.split()) > 14:
        return _quote(typed)
    if is_ing(first_word(text)):
        return Phrase(ING, second_person(text, names), typed)
    if first_word(text).lower() in BASE_VERBS | {"hire", "raise", "move", "start", "launch"}:
        return _quote(typed)
    return Phrase(NOUN, second_person(article(text), names), typed)


def ask(typed: str, *, names: tuple[str, ...] = ()) -> Phrase:
    """A thing to ask about next time: ``WH``, ``ASK`` or, for a topic, ``NOUN``/``ING``."""
    text = tidy(typed)
    question = "?" in text
    text = strip_ends(text.rstrip("?").rstrip())
    if not text or _bracketed(text) or _sentence_like(text.rstrip("?")):
        return _quote(typed) if text else Phrase(QUOTE, "", "")
    text = lower_start(text)
    asked = ASKING.match(text)
    if asked:
        text = lower_start(text[asked.end() :])
    if not text:
        return _quote(typed)
    text = second_person(text, names)
    head, words = first_word(text).lower(), text.split()
    if head in WH_WORDS:
        second = words[1].lower() if len(words) > 1 else ""
        if second in AUX and head not in {"if", "whether"}:
            return Phrase(ASK, upper_start(text) + "?", typed)
        if len(words) < 3:
            return _quote(typed)
        return Phrase(WH, text, typed)
    if head in AUX:
        return Phrase(ASK, upper_start(text) + "?", typed)
    if question or has_subject(text) or len(words) > 12:
        return _quote(typed)
    if is_ing(head):
        return Phrase(ING, text, typed)
    if head in BASE_VERBS:
        return _quote(typed)
    return Phrase(NOUN, definite(text), typed)  # the thing they told you about


def topic(typed: str, *, names: tuple[str, ...] = ()) -> Phrase:
    """What to ask advice on, or what was talked about: ``NOUN``, ``ING`` or ``WH``."""
    text = strip_ends(typed)
    if not text or _bracketed(text) or _sentence_like(text) or text.endswith("?"):
        return _quote(typed) if text else Phrase(QUOTE, "", "")
    text = second_person(lower_start(text), names)
    text = re.sub(r"^(?:advice|tips|help)\s+(?:on|about|with)\s+", "", text, flags=re.I)
    head = first_word(text).lower()
    if head in WH_WORDS and len(text.split()) >= 2:
        return Phrase(WH, text, typed)
    if has_subject(text) or len(text.split()) > 14 or head in AUX:
        return _quote(typed)
    if is_ing(head):
        return Phrase(ING, text, typed)
    if head in BASE_VERBS:
        return _quote(typed)
    return Phrase(NOUN, text, typed)


def promise(typed: str, *, names: tuple[str, ...] = ()) -> Phrase:
    """What the user promised: ``VERB`` ("send you the deck") or ``NOUN`` ("the deck")."""
    text = strip_ends(typed)
    if not text or _bracketed(text) or _sentence_like(text) or text.endswith("?"):
        return _quote(typed) if text else Phrase(QUOTE, "", "")
    text = lower_start(PROMISING.sub("", lower_start(text)))
    text = lower_start(text)
    text = second_person(text, names)
    text = re.sub(r"\bthem\b(?=\s+(?:the|a|an|my|some|those|these)\b)", "you", text)
    head = first_word(text).lower()
    if head in BASE_VERBS:
        return Phrase(VERB, re.sub(r"^intro\b", "introduce", text), typed)
    if has_subject(text) or head in AUX or head in WH_WORDS or is_ing(head):
        return _quote(typed)
    return Phrase(NOUN, text, typed)


def about_me(typed: str) -> Phrase:
    """The user's line about themselves as a sentence that stands alone, else a quote."""
    text = strip_ends(typed)
    if not text or _bracketed(text) or text.endswith("?"):
        return _quote(typed) if text else Phrase(QUOTE, "", "")
    if _sentence_like(text):
        return _quote(typed)
    head = first_word(text)
    lower = head.lower()
    if lower in {"i", "i'm", "i\u2019m"}:
        return Phrase(SENTENCE, text + ".", typed)
    text = lower_start(text)
    head = first_word(text).lower()
    if is_ing(head):
        return Phrase(SENTENCE, f"I'm {text}.", typed)
    if head in {"run", "design", "build", "write", "teach", "help", "work", "make", "coach"}:
        return Phrase(SENTENCE, f"I {text}.", typed)
    if has_subject(text) or head in AUX or head in WH_WORDS or len(text.split()) > 12:
        return _quote(typed)
    noun = article(text)
    if noun == text and first_word(text)[:1].isupper():
        return _quote(typed)
    return Phrase(SENTENCE, f"I'm {noun}.", typed)


def reason(typed: str, *, names: tuple[str, ...] = ()) -> Phrase:
    """Why two people should meet, told to one of them: a sentence of its own in second
    person ("You both love typography."), else a quote."""
    text = strip_ends(typed)
    if not text or _bracketed(text) or text.endswith("?") or "\n" in text or ":" in text:
        return _quote(typed) if text else Phrase(QUOTE, "", "")
    if len(re.findall(r"[.!?;]\s", text)) > 1:
        return _quote(typed)
    lowered = set(re.findall(r"[a-z']+", text.lower()))
    if lowered & {"she", "her", "she's", "hers"} and lowered & {"he", "him", "his", "he's"}:
        return _quote(typed)  # two people by pronoun: which one is "you" is a guess
    text = second_person(text, names)
    text = re.sub(r"\bboth of them\b", "both of you", text, flags=re.IGNORECASE)
    text = re.sub(r"^they both\b", "you both", text, flags=re.IGNORECASE)
    text = re.sub(r"^they(?=\s+(?:should|could|would)\b)", "you two", text, flags=re.I)
    words = text.split()
    head = words[0].lower()
    if head == "both" and len(words) > 2:
        rest = " ".join(words[1:])
        if words[1].lower() == "of":
            return Phrase(SENTENCE, upper_start(text) + ".", typed)
        if is_ing(words[1]) or words[1].lower() in {"new", "in", "at", "from", "into"}:
            return Phrase(SENTENCE, f"You are both {rest}.", typed)
        return Phrase(SENTENCE, f"You both {rest}.", typed)
    if head in {"you", "you're", "your", "you two"} or (has_subject(text) and head != "they"):
        return Phrase(SENTENCE, upper_start(text) + ".", typed)
    if text[:1].isupper() and len(words) >= 4 and any(w.lower() in AUX for w in words[1:3]):
        return Phrase(SENTENCE, text + ".", typed)
    return _quote(typed)


def where_met(typed: str) -> Phrase:
    """How you met, as a phrase after "we met": "at Product Coffee Club", "through Tom"."""
    text = strip_ends(typed)
    if not text or _bracketed(text) or _sentence_like(text):
        return Phrase(QUOTE, tidy(typed), tidy(typed))
    text = lower_start(text)
    head = first_word(text).lower()
    if head in {"at", "through", "in", "on", "via", "from", "during", "over", "when", "while"}:
        return Phrase(NOUN, text, typed)
    if re.match(r"^met\s+", text, re.I):
        return where_met(text[4:])
    return Phrase(QUOTE, tidy(typed), tidy(typed))


def names_of(person_name: str, first: str) -> tuple[str, ...]:
    """The words by which a note may name the reader: full name and first name."""
    found = [n for n in (tidy(person_name), tidy(first)) if n and n.lower() != "there"]
    return tuple(dict.fromkeys(found))


def words(text: str) -> list[str]:
    return WORD.findall(text)
