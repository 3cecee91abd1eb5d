"""How well a group's mentees work as a team, the fourth side of a group programme's score (seed 003:
"a group must also work as a team").

Dimensions (each a quarter of the team fit)
    language      a language the group speaks together (every mentee shares one with the mentor,
                  not necessarily one with each other).
    needs         a need or goal the group shares: an interest or a life experience (the topics a
                  group session works on).
    availability  a time the group can meet together.
    age           an age band of the programme's width (`MatchingConfig.team_age_spread` years).

The group chooses, per dimension, the option most of its mentees have (a language, a tag, a slot, a
band); each mentee who has it earns the dimension's quarter. A mentee who gave nothing in a dimension
earns half of it whatever the group chooses (as in the pair criteria, a gap neither wins nor loses).
A mentee alone with a mentor has no team and earns nothing: the objective prefers real groups. So a
group's team points are sum_d q * max_o |{i in group: o in A_d(i)}| + the halves, with q = 2500
hundredths, and a mentee's team fit t_i is at most `ceiling` (10000, or less for the halves).

A mentee's combined score is (P * pair + T * team) / (P + T): P the sum of the pair criteria's
weights, T `MatchingConfig.team_weight`, so the team is weighed like one more criterion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.explain import team_reasons as team_reasons  # re-exported
from services.matching.engine.features import MAX_SCORE, IntArray
from services.matching.models import MatchingConfig, MatchingProfile
from services.matching.run_models import TeamFact, TeamFit

DIMENSIONS: Final = ("language", "needs", "availability", "age")
#: A dimension's share of a mentee's team fit, in hundredths of a point.
QUARTER: Final = MAX_SCORE // len(DIMENSIONS)
HALF: Final = QUARTER // 2

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Dimension:
    """One dimension's options: `has[i, o]` is mentee i having option o; `known[i]` that i gave
    anything; `popularity[o]` how many mentees have o (ties between options go to the commoner one,
    which more mentees can join)."""

    name: str
    options: tuple[str, ...]
    has: BoolArray
    known: BoolArray
    popularity: IntArray


def _dimension(name: str, items: Sequence[Sequence[str]]) -> Dimension:
    spelling: dict[str, str] = {}
    for row in items:
        for x in row:
            spelling.setdefault(x.casefold(), x)
    keys = sorted(spelling)
    column = {k: c for c, k in enumerate(keys)}
    has = np.zeros((len(items), len(keys)), np.bool_)
    for i, row in enumerate(items):
        for x in row:
            has[i, column[x.casefold()]] = True
    known: BoolArray = np.asarray(has.any(axis=1), np.bool_)
    return Dimension(name, tuple(spelling[k] for k in keys), has, known, has.sum(axis=0).astype(np.int64))


def _age_dimension(mentees: Sequence[MatchingProfile], spread: int, year: int) -> Dimension:
    """Bands [a, a + spread] of ages, one starting at each mentee's age: a group fits in a band
    exactly when its oldest and youngest are at most `spread` apart."""
    ages = np.array([year - p.birth_year for p in mentees], np.int64)
    starts = np.unique(ages)
    has = (ages[:, None] >= starts[None, :]) & (ages[:, None] <= starts[None, :] + spread)
    return Dimension(
        "age",
        tuple(f"{a}-{a + spread}" for a in starts.tolist()),
        has,
        np.ones(len(mentees), np.bool_),
        has.sum(axis=0).astype(np.int64),
    )


def encode_team(mentees: Sequence[MatchingProfile], config: MatchingConfig, year: int) -> list[Dimension]:
    return [
        _dimension("language", [p.languages for p in mentees]),
        _dimension("needs", [[*p.interests, *p.life_experience] for p in mentees]),
        _dimension("availability", [p.availability for p in mentees]),
        _age_dimension(mentees, config.team_age_spread, year),
    ]


def ceiling(dimensions: Sequence[Dimension], n: int) -> IntArray:
    """Each mentee's best possible team fit in hundredths: every quarter it could earn."""
    best = np.zeros(n, np.int64)
    for d in dimensions:
        best += np.where(d.known, QUARTER, HALF)
    return best


def choices(dimensions: Sequence[Dimension], mentor_of: IntArray, m: int) -> tuple[IntArray, IntArray]:
    """Each group's chosen option per dimension (M, D; -1 for a mentor without mentees) and its size."""
    n = len(mentor_of)
    matched = np.flatnonzero(mentor_of >= 0)
    size = np.bincount(mentor_of[matched], minlength=m).astype(np.int64)
    chosen = np.full((m, len(dimensions)), -1, np.int64)
    for k, d in enumerate(dimensions):
        if not d.options:
            continue
        counts = np.zeros((m, len(d.options)), np.int64)
        np.add.at(counts, mentor_of[matched], d.has[matched].astype(np.int64))
        key = counts * (n + 1) + d.popularity[None, :]
        chosen[:, k] = np.where(size > 0, np.argmax(key, axis=1), -1)
    return chosen, size


def credits(dimensions: Sequence[Dimension], mentor_of: IntArray, m: int) -> IntArray:
    """Each mentee's team fit in hundredths under its group's choices (0 unmatched or alone)."""
    chosen, size = choices(dimensions, mentor_of, m)
    n = len(mentor_of)
    earned = np.zeros(n, np.int64)
    matched = np.flatnonzero(mentor_of >= 0)
    grouped = matched[size[mentor_of[matched]] >= 2]
    for k, d in enumerate(dimensions):
        if not d.options:
            earned[grouped] += HALF
            continue
        option = chosen[mentor_of[grouped], k]
        hit = d.has[grouped, np.maximum(option, 0)] & (option >= 0)
        earned[grouped] += np.where(d.known[grouped], np.where(hit, QUARTER, 0), HALF)
    return earned


def fixed_choice_credits(
    dimensions: Sequence[Dimension], chosen: IntArray, slots: IntArray
) -> npt.NDArray[np.float32]:
    """(N, M) team fit each mentee would earn with each mentor whose group kept its choices; a mentor
    with no choice yet (no mentees) is taken at its best for the mentee, a mentor of one slot at 0.

    One matrix product: mentee columns are every option (QUARTER where the mentee has it), "gave
    something" per dimension and the halves; a mentor's rows pick its chosen options (or "gave
    something" where it has none), all zero for a mentor of one slot. Integers below 2**24: exact.
    """
    n, m = len(dimensions[0].known), len(slots)
    mentee_parts, mentor_parts = [], []
    halves = np.zeros(n, np.float32)
    for k, d in enumerate(dimensions):
        option = chosen[:, k]
        picks = np.zeros((len(d.options), m), np.float32)
        has_choice = np.flatnonzero(option >= 0)
        if d.options:
            picks[option[has_choice], has_choice] = 1
        mentee_parts += [d.has.astype(np.float32) * QUARTER, (d.known * QUARTER).astype(np.float32)[:, None]]
        mentor_parts += [picks, (option < 0).astype(np.float32)[None, :]]
        halves += np.where(d.known, 0, HALF).astype(np.float32)
    mentee_parts.append(halves[:, None])
    mentor_parts.append(np.ones((1, m), np.float32))
    mentor = np.vstack(mentor_parts) * (slots >= 2)[None, :].astype(np.float32)
    return np.hstack(mentee_parts) @ mentor


def team_fit(
    dimensions: Sequence[Dimension],
    members: Sequence[int],
    earned: IntArray,
    weights: tuple[int, int],
    pair_mean: float,
) -> TeamFit | None:
    """A group's team fit for its proposal: the facts behind it and its share of the combined score."""
    if len(members) < 2:
        return None
    rows = np.asarray(members, np.int64)
    facts = []
    for d in dimensions:
        if not d.options:
            continue
        counts = d.has[rows].sum(axis=0)
        best = int(np.argmax(counts * (len(d.known) + 1) + d.popularity))
        if counts[best] >= 2:
            facts.append(
                TeamFact(dimension=d.name, option=d.options[best], members=int(counts[best]), size=len(rows))
            )
    pair_weight, team_weight = weights
    score = float(earned[rows].mean()) / 100
    total = max(1, pair_weight + team_weight)
    return TeamFit(
        score=round(score, 2),
        weight=team_weight,
        points=round(team_weight * score / total, 2),
        combined_score=round((pair_weight * pair_mean + team_weight * score) / total, 2),
        facts=facts,
        reasons=[],
    )
