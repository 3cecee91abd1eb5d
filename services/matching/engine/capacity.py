"""What the API needs of the engine without numpy: groupings, capacities, group sizes, the score scale,
the reference year and the style orientations. The matching API function imports only this (and
`explain`); scoring and solving, which need numpy, load on the routes that score.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from services.matching.models import Grouping, MatchingConfig, ProgrammeKind
from shared.errors import RuleViolation

#: Scores are integers in hundredths of a point.
SCORE_SCALE: Final = 100
MAX_SCORE: Final = 100 * SCORE_SCALE

ORIENTATION: Final[dict[str, str]] = {
    "direct": "task",
    "structured": "task",
    "reflective": "relationship",
    "supportive": "relationship",
}


def folded(value: str | None) -> str | None:
    return None if value is None else value.casefold()


def reference_year(config: MatchingConfig) -> int:
    """The year ages are computed in: the configuration's, or the current one."""
    return config.reference_year if config.reference_year is not None else datetime.now(UTC).year


def grouping_for(kind: ProgrammeKind, asked: Grouping | None = None) -> Grouping:
    """The grouping of a run or a match: the one asked for, else pairs in a pair programme, groups
    otherwise (where a mentor of capacity 1 simply forms a pair). A pair programme has no groups."""
    grouping: Grouping = asked or ("pairs" if kind == "pair" else "groups")
    if grouping == "groups" and kind == "pair":
        raise RuleViolation("A pair programme is matched in pairs.", rule="pair_programme", field="grouping")
    return grouping


def mentor_capacity(capacity: int, max_group_size: int, grouping: Grouping) -> int:
    """Mentees a mentor may have at once: 1 in pairs; min(capacity, max_group_size) in groups."""
    return 1 if grouping == "pairs" else min(capacity, max_group_size)


def free_slots(capacity: int, load: int, max_group_size: int, grouping: Grouping) -> int:
    """Mentees a mentor may still take, given the `load` of their active matches."""
    return max(0, mentor_capacity(capacity, max_group_size, grouping) - load)


def check_group(kind: ProgrammeKind, max_group_size: int, mentees: int) -> None:
    """A manual match's size: one mentee in a pair programme, at most the group size in groups."""
    if kind == "pair" and mentees != 1:
        raise RuleViolation(
            "A pair programme matches one mentee with one mentor.", rule="pair_programme", field="mentee_ids"
        )
    if mentees > max_group_size:
        raise RuleViolation(
            f"A group has at most {max_group_size} mentees.", rule="group_size", field="mentee_ids"
        )
