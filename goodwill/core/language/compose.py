"""Sentence templates with typed slots, and the few rules that put sentences together.

A ``Template`` declares, for each slot, which kinds of phrase it accepts (see
``phrases``). ``choose`` keeps the templates whose every slot is filled by a phrase of an
accepted kind and picks one by index; when none fits the caller falls back to a simpler
sentence. A value that is a plain ``str`` is a fact the code computed (a name, a date in
words) and fits any slot not declared. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from string import Formatter

from goodwill.core.language.phrases import COMMON, QUOTE, Phrase, upper_start, word_set

_SLOTS = Formatter()


@dataclass(frozen=True)
class Template:
    text: str
    slots: dict[str, frozenset[str]] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [name for _, name, _, _ in _SLOTS.parse(self.text) if name]


def T(text: str, **slots: str | tuple[str, ...]) -> Template:
    """A template; each keyword names a slot and the phrase kind(s) it takes."""
    kinds = {k: frozenset((v,) if isinstance(v, str) else v) for k, v in slots.items()}
    return Template(text, kinds)


def fits(template: Template, values: dict) -> bool:
    for name in template.names():
        value = values.get(name)
        if value is None or value == "" or (isinstance(value, Phrase) and not value.text):
            return False
        if name in template.slots:
            if not isinstance(value, Phrase) or value.kind not in template.slots[name]:
                return False
        elif isinstance(value, Phrase) and value.kind == QUOTE:
            return False  # a quote goes only where a template says it may
    return True


def fill(template: Template, values: dict) -> str:
    return template.text.format(**{k: str(v) for k, v in values.items()})


def choose(templates: list[Template], values: dict, index: int = 0) -> str:
    """The index-th template that fits (cycling), filled; "" when none fits."""
    fitting = [t for t in templates if fits(t, values)]
    if not fitting:
        return ""
    return fill(fitting[index % len(fitting)], values)


def count(templates: list[Template], values: dict) -> int:
    return sum(1 for t in templates if fits(t, values))


def undouble(text: str) -> str:
    """Collapse a run of one to four words said twice in a row ("looking for looking for")."""
    pattern = re.compile(r"\b((?:[\w'\u2019-]+\s+){0,3}[\w'\u2019-]+)\s+\1\b", re.IGNORECASE)
    previous = None
    while previous != text:
        previous, text = text, pattern.sub(r"\1", text)
    return text


def sentence(text: str) -> str:
    """A sentence: capital at the start (names as typed), closing punctuation at the end."""
    text = text.strip()
    if not text:
        return ""
    if "\n" not in text and text[-1] not in '.!?”"':
        text += "."
    return upper_start(text)


TEMPLATE_STARTS = COMMON | word_set(
    """thank thanks it it's you you've we we've when last something since glad as good
    things none nothing if would could fancy shall there in after back just one"""
)


def lower_first(text: str) -> str:
    """For a sentence continued after "Also,": only a template's own first word is lowered
    (a name keeps its capital)."""
    word = text.split(" ", 1)[0]
    plain = word[1:].islower() or len(word) == 1
    if word and word[0].isupper() and plain and word.lower() in TEMPLATE_STARTS:
        return word[0].lower() + text[1:]
    return text


def body(greeting: str, paragraphs: list[list[str]], sign: str) -> str:
    """The message: greeting, paragraphs (a sentence holding a quote stands alone), sign."""
    blocks: list[str] = [greeting] if greeting else []
    for sentences in paragraphs:
        current: list[str] = []
        for s in sentences:
            s = sentence(s if "\n" in s else undouble(s))
            if not s:
                continue
            if "\n" in s:
                if current:
                    blocks.append(" ".join(current))
                    current = []
                blocks.append(s)
            else:
                current.append(s)
        if current:
            blocks.append(" ".join(current))
    if sign:
        blocks.append(sign)
    return "\n\n".join(blocks)
