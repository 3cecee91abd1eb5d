"""Why a pair fits, in plain words: up to three reasons from the criteria that contribute most.

The wording is in the message catalogues `services/matching/messages/<language>.json`, loaded once;
a unit test checks that every language has every key and the plural forms its language needs. Here
are only the choices: which criterion says something, and with which facts of the pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Final

from services.matching.engine.capacity import ORIENTATION, folded
from services.matching.models import CRITERIA, MatchingProfile, parse_age_range
from services.matching.run_models import TeamFact
from shared.choices import label
from shared.vocabulary import MAX_SKILL_LEVEL, SHIPPED_LANGUAGES, TRAITS, Trait

MESSAGES: Final = Path(__file__).resolve().parent.parent / "messages"
LANGUAGES: Final = SHIPPED_LANGUAGES
FALLBACK: Final = "en"
_MAX_LISTED: Final = 5
_MAX_REASONS: Final = 3

Message = str | dict[str, str]


@cache
def catalogues() -> dict[str, dict[str, Message]]:
    """Every shipped language's catalogue, by language code (the file's name)."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(MESSAGES.glob("*.json"))
    }


def plural_form(language: str, n: int) -> str:
    """The CLDR plural category of a whole number: English and German have one/other; Polish has
    one (1), few (2-4, 22-24, ... but not 12-14) and many (the rest)."""
    if language == "pl":
        if n == 1:
            return "one"
        return "few" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "many"
    return "one" if n == 1 else "other"


class Wording:
    """One language's catalogue, with its placeholders filled in."""

    def __init__(self, language: str) -> None:
        self.language = language if language in catalogues() else FALLBACK
        self._messages = catalogues()[self.language]
        # A run words thousands of pairs from a few dozen labels and slots: each is looked up once.
        self._labels: dict[tuple[str, str], str] = {}
        self._slots: dict[str, str] = {}

    def choices(self, group: str, codes: list[str]) -> list[str]:
        """Chosen codes (e.g. interests) in the shared choice labels of this language."""
        labels = self._labels
        said = []
        for code in codes:
            text = labels.get((group, code))
            if text is None:
                text = labels[(group, code)] = label(self.language, group, code)
            said.append(text)
        return said

    def __call__(self, key: str, **values: object) -> str:
        text = self._messages[key]
        if not isinstance(text, str):
            raise TypeError(f"{key} has plural forms; use count()")
        return text.format(**values)

    def count(self, key: str, n: int, **values: object) -> str:
        forms = self._messages[key]
        if not isinstance(forms, dict):
            raise TypeError(f"{key} has no plural forms")
        return forms[plural_form(self.language, n)].format(n=n, **values)

    def listing(self, items: Sequence[str]) -> str:
        shown = ", ".join(items[:_MAX_LISTED])
        more = len(items) - _MAX_LISTED
        return shown if more <= 0 else self("listing.more", shown=shown, more=more)

    def slot(self, slot: str) -> str:
        text = self._slots.get(slot)
        if text is None:
            day, part = slot.split("_", 1)
            text = self._slots[slot] = self("slot", day=self(f"day.{day}"), part=self(f"part.{part}"))
        return text


def _shared(mentee_items: Sequence[str], mentor_items: Sequence[str]) -> list[str]:
    """Items both named, in the mentee's order and spelling."""
    theirs = {x.casefold() for x in mentor_items}
    return [x for x in mentee_items if x.casefold() in theirs]


def _say_sets(say: Wording, items: list[str], key: str) -> str | None:
    if not items:
        return None
    return say.count(key, len(items), listed=say.listing(items))


def _say_wishes(say: Wording, mentee: MatchingProfile, mentor: MatchingProfile, year: int) -> str | None:
    wishes = mentee.wishes
    if wishes is None:
        return None
    met: list[str] = []
    if wishes.mentor_gender is not None and folded(mentor.gender) == folded(wishes.mentor_gender):
        met.append(say("wish.gender"))
    if wishes.mentor_age_range is not None:
        low, high = parse_age_range(wishes.mentor_age_range)
        if low <= year - mentor.birth_year <= high:
            met.append(say("wish.age", range=wishes.mentor_age_range))
    if wishes.industry is not None and folded(mentor.industry) == folded(wishes.industry):
        met.append(say("wish.industry", industry=mentor.industry))
    return say("reason.wishes", listed=", ".join(met)) if met else None


def _say_motivation(say: Wording, a: int, b: int) -> str | None:
    if min(a, b) >= 4:
        return say("reason.motivation.high", a=a, b=b)
    if a == b >= 3:
        return say("reason.motivation.equal", a=a)
    return None


def _say_communication(say: Wording, a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return None
    if a == b:
        return say("reason.communication.same", style=say(f"style.{a}"))
    if ORIENTATION[a] == ORIENTATION[b]:
        return say("reason.communication.compatible", a=say(f"style.{a}"), b=say(f"style.{b}"))
    return None


def _say_education(say: Wording, mentee: MatchingProfile, mentor: MatchingProfile) -> str | None:
    shared = _shared(mentee.life_experience, mentor.life_experience)
    if shared:
        return say("reason.life_experience", listed=say.listing(shared))
    if mentee.education is not None and mentee.education == mentor.education:
        return say("reason.education.same", education=say(f"education.{mentee.education}"))
    return None


def _say_age(say: Wording, mentee: MatchingProfile, mentor: MatchingProfile) -> str | None:
    gap = abs(mentee.birth_year - mentor.birth_year)
    if gap > 10:
        return None
    return say("reason.age.same") if gap == 0 else say.count("reason.age.close", gap)


def _say_industry(say: Wording, mentee: MatchingProfile, mentor: MatchingProfile) -> str | None:
    if mentee.industry is None or folded(mentee.industry) != folded(mentor.industry):
        return None
    return say("reason.industry.same", industry=say.choices("industry", [mentee.industry])[0])


def _say_mode(say: Wording, a: str | None, b: str | None) -> str | None:
    if a is None or a != b:
        return None
    return say("reason.mode.same", mode=say(f"mode.{a}"))


#: A skill the mentee wants to grow in (rated at most this) and the mentor is strong in (at least that).
_WANTS_TO_GROW, _STRONG = 2, 3
#: Traits this close on the 1-7 scale are "alike".
_ALIKE = 1.0


def _say_skills(say: Wording, mentee: MatchingProfile, mentor: MatchingProfile) -> str | None:
    """The skills where the mentee wants to grow and the mentor is strong, the biggest help first."""
    helped = [
        (MAX_SKILL_LEVEL - own, mentor.skill_ratings[skill], skill)
        for skill, own in mentee.skill_ratings.items()
        if own <= _WANTS_TO_GROW and mentor.skill_ratings.get(skill, 0) >= _STRONG
    ]
    helped.sort(key=lambda h: (-h[0] * h[1], h[2]))
    skills = say.choices("matrix_skill", [skill for _, _, skill in helped])
    return _say_sets(say, skills, "reason.skills")


def _say_personality(
    say: Wording, mentee: MatchingProfile, mentor: MatchingProfile, traits: Sequence[Trait]
) -> str | None:
    """The chosen traits on which the two see themselves alike."""
    if mentee.personality is None or mentor.personality is None:
        return None
    alike = [
        t
        for t in traits
        if t in mentee.personality
        and t in mentor.personality
        and abs(mentee.personality[t] - mentor.personality[t]) <= _ALIKE
    ]
    return _say_sets(say, say.choices("trait", list(alike)), "reason.personality")


class Explainer:
    """Reasons for many pairs in one language: the wording and the per-run facts are looked up once,
    and each pair's criteria come already ranked (`ranked`), so a run explains thousands of pairs
    without building a closure per criterion per pair."""

    def __init__(
        self, language: str = "en", *, year: int | None = None, traits: Sequence[Trait] = TRAITS
    ) -> None:
        self.say = Wording(language)
        self.year = year if year is not None else datetime.now(UTC).year
        self.traits = traits

    def _one(self, criterion: str, mentee: MatchingProfile, mentor: MatchingProfile) -> str | None:
        say = self.say
        if criterion == "wishes":
            return _say_wishes(say, mentee, mentor, self.year)
        if criterion == "motivation":
            return _say_motivation(say, mentee.motivation_level, mentor.motivation_level)
        if criterion == "communication":
            return _say_communication(say, mentee.communication_style, mentor.communication_style)
        if criterion == "education_experience":
            return _say_education(say, mentee, mentor)
        if criterion == "values":
            return _say_sets(
                say, say.choices("value", _shared(mentee.values, mentor.values)), "reason.values"
            )
        if criterion == "age":
            return _say_age(say, mentee, mentor)
        if criterion == "interests":
            shared = _shared(mentee.interests, mentor.interests)
            return _say_sets(say, say.choices("interest", shared), "reason.interests")
        if criterion == "industry":
            return _say_industry(say, mentee, mentor)
        if criterion == "availability":
            slots = [say.slot(s) for s in _shared(mentee.availability, mentor.availability)]
            return _say_sets(say, slots, "reason.availability")
        if criterion == "mode":
            return _say_mode(say, mentee.preferred_mode, mentor.preferred_mode)
        if criterion == "skills":
            return _say_skills(say, mentee, mentor)
        if criterion == "personality":
            return _say_personality(say, mentee, mentor, self.traits)
        raise KeyError(criterion)

    def ranked(self, criteria: Iterable[str], mentee: MatchingProfile, mentor: MatchingProfile) -> list[str]:
        """Up to three reasons from `criteria`, those contributing to the pair, most first."""
        said: list[str] = []
        for criterion in criteria:
            text = self._one(criterion, mentee, mentor)
            if text is not None:
                said.append(text)
                if len(said) == _MAX_REASONS:
                    break
        return said


def reasons(
    breakdown: Mapping[str, float],
    mentee: MatchingProfile,
    mentor: MatchingProfile,
    language: str = "en",
    *,
    year: int | None = None,
    traits: Sequence[Trait] = TRAITS,
) -> list[str]:
    """Up to three reasons for the pair in plain words, from the criteria contributing most.

    `language` is `en`, `de` or `pl` (anything else falls back to English). A criterion that
    contributes only through neutral "not given" information says nothing, so fewer than three
    reasons can come back. `year` is the reference year for age-range wishes (default: current);
    `traits` are those the programme's personality criterion compares.
    """
    ranked = sorted(
        (c for c in CRITERIA if breakdown.get(c, 0) > 0),
        key=lambda c: (-breakdown[c], CRITERIA.index(c)),
    )
    return Explainer(language, year=year, traits=traits).ranked(ranked, mentee, mentor)


def team_reasons(facts: Sequence[TeamFact], language: str) -> list[str]:
    """The facts in words (`team.all.*` when the whole group shares it, else `team.some.*`), in
    dimension order; worded from the stored facts, so a page can word them in its reader's language."""
    say = Wording(language)
    said = []
    for fact in facts:
        if fact.dimension == "language":
            option = label(say.language, "language", fact.option)
        elif fact.dimension == "needs":
            option = label(say.language, "interest", fact.option)
        elif fact.dimension == "availability":
            option = say.slot(fact.option)
        else:
            option = fact.option.replace("-", "\u2013")  # an en dash between the ages
        whole = "all" if fact.members == fact.size else "some"
        said.append(
            say(f"team.{whole}.{fact.dimension}", members=fact.members, size=fact.size, option=option)
        )
    return said
