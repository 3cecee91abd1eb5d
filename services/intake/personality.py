"""The personality self-assessment: the Ten-Item Personality Inventory (TIPI) and its scoring key.

Gosling, S. D., Rentfrow, P. J., & Swann, W. B., Jr. (2003). A very brief measure of the Big-Five
personality domains. Journal of Research in Personality, 37, 504-528 (docs/decisions.md says why TIPI and
on what terms it is used). Each item is "I see myself as: <two adjectives>", answered 1 (disagree
strongly) to 7 (agree strongly); the item wording in en/de/pl is in the form's message catalogues
(`field.personality.tipi_<n>.label`). A trait is the mean of its two items, one of them reversed (8 - x).
"""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import Field

from shared.events.catalog import PersonalityTraits
from shared.http import RequestBody
from shared.vocabulary import Trait

ITEMS: Final = 10
LOWEST, HIGHEST = 1, 7
Answer = Annotated[int, Field(ge=LOWEST, le=HIGHEST)]

#: The TIPI key: each trait's item and its reversed item (1-based, as the published form numbers them).
KEY: Final[dict[Trait, tuple[int, int]]] = {
    "extraversion": (1, 6),
    "agreeableness": (7, 2),
    "conscientiousness": (3, 8),
    "emotional_stability": (9, 4),
    "openness": (5, 10),
}


class PersonalityAnswers(RequestBody):
    """The ten answers, each 1 (disagree strongly) to 7 (agree strongly); all ten or none."""

    tipi_1: Answer
    tipi_2: Answer
    tipi_3: Answer
    tipi_4: Answer
    tipi_5: Answer
    tipi_6: Answer
    tipi_7: Answer
    tipi_8: Answer
    tipi_9: Answer
    tipi_10: Answer

    def answer(self, item: int) -> int:
        return int(getattr(self, f"tipi_{item}"))


def reversed_answer(answer: int) -> int:
    """A reverse-keyed item counts the other way round: 7 is 1, 6 is 2, 4 stays 4."""
    return LOWEST + HIGHEST - answer


def traits(answers: PersonalityAnswers) -> PersonalityTraits:
    """The five traits, each the mean of its item and its reversed item (1 to 7 in half points)."""
    scores = {
        trait: (answers.answer(straight) + reversed_answer(answers.answer(reverse))) / 2
        for trait, (straight, reverse) in KEY.items()
    }
    return PersonalityTraits(**scores)
