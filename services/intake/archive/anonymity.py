"""The anonymisation check: a case may not name a participant of the municipality (given or family name,
in any inflected form the stemmers know), an e-mail address or a phone number, so nobody is recognised.

The check runs on every write of a case (and again when a manager approves it: participants join after a
case is written). A refusal names the field and the rule, never the word: the author wrote it and can find
it, and a caller learns no more about who takes part than the refusal itself says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from services.intake.archive.words import STOPWORDS, fold, stem
from shared.errors import RuleViolation

#: The languages a name's inflected forms are known in (a case in another language: its exact forms only).
_INFLECTED = ("de", "pl", "en")
#: A name part this short is compared as it is, never by its stem.
_STEM_FROM = 4

_TOKEN = re.compile(r"[^\W_]+")
_EMAIL = re.compile(r"[^\s@<>()\[\],;:]+\s*(?:@|\(at\)|\[at\])\s*[^\s@<>()\[\],;:]+\.[^\W\d_]{2,}")
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-/]{5,}\d(?!\w)")
_STOPPED = frozenset().union(*STOPWORDS.values())

PARTICIPANT_NAME = "participant_name"
EMAIL_ADDRESS = "email_address"
PHONE_NUMBER = "phone_number"

MESSAGES = {
    PARTICIPANT_NAME: "names a participant (a given or family name): write 'the mentee', 'a mentor' instead",
    EMAIL_ADDRESS: "contains an e-mail address",
    PHONE_NUMBER: "contains a phone number",
}


@dataclass(frozen=True)
class Names:
    """The municipality's participants' name parts, folded, and their stems per language."""

    exact: frozenset[str]
    stemmed: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, names: Iterable[str]) -> Names:
        parts = {part for name in names for part in _TOKEN.findall(fold(name)) if len(part) >= 2}
        stemmed = {
            (lang, stem(part, lang)) for part in parts if len(part) >= _STEM_FROM for lang in _INFLECTED
        }
        return cls(frozenset(parts), frozenset(stemmed))

    def named_in(self, text: str, language: str) -> bool:
        """Whether the text names one of them: as written, or inflected in the case's language (in one
        language only: a German stem of an English word would find names nobody wrote)."""
        for match in _TOKEN.finditer(text):
            word = fold(match.group())
            # "will", "ale", "was": a name that is also a common word counts only when written as a name.
            if word in _STOPPED and not match.group()[:1].isupper():
                continue
            if word in self.exact:
                return True
            if len(word) >= _STEM_FROM and any(
                (lang, stem(word, lang)) in self.stemmed for lang in _INFLECTED
            ):
                return True
        return False


def _has_phone(text: str) -> bool:
    for match in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in match.group())
        # 9 to 15 digits is a number with its area code (E.164 has at most 15); years and dates have fewer.
        if 9 <= digits <= 15 or (match.group().startswith("+") and digits >= 8):
            return True
    return False


def findings(fields: dict[str, str], names: Names, language: str) -> list[tuple[str, str]]:
    """(field, rule) for every field that would let someone be recognised."""
    found: list[tuple[str, str]] = []
    for field, text in fields.items():
        if _EMAIL.search(text):
            found.append((field, EMAIL_ADDRESS))
        if _has_phone(text):
            found.append((field, PHONE_NUMBER))
        if names.named_in(text, language):
            found.append((field, PARTICIPANT_NAME))
    return found


def check(fields: dict[str, str], names: Names, language: str) -> None:
    """Refuses (422, problem+json) a case whose text would let someone be recognised."""
    found = findings(fields, names, language)
    if found:
        field, rule = found[0]
        raise RuleViolation(
            f"A case must let nobody be recognised: {field} {MESSAGES[rule]}.",
            rule=rule,
            errors=[{"field": f, "message": f"{f} {MESSAGES[r]}", "type": r} for f, r in found],
        )
