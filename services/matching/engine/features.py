"""Each matching criterion as a bilinear form over integer features, so all pairs score in one product.

Similarities (missing information on either side is neutral, 0.5, so an incomplete profile neither
wins nor loses a pair by its gaps)
    wishes                the share of the mentee's wishes the mentor fulfils (gender, age range in the
                          reference year, industry); a mentee without wishes is content with anyone: 1.
    motivation            half "both committed" ((lower level - 1) / 4), half "equally committed"
                          (1 - |difference| / 4), on the 1-5 levels.
    communication         1 same style; 0.6 same orientation (direct/structured are task-oriented,
                          reflective/supportive relationship-oriented); 0.2 otherwise.
    education_experience  half education (1 when the mentor's level is at least the mentee's, 0.25 less
                          per level below), half shared life experience (as for sets, below).
    values, interests,    sets: the mean of the two coverages, (|A&B|/|A| + |A&B|/|B|) / 2, so a mentor
    availability          who shares everything the mentee named and little else scores high.
    age                   1 up to 5 years apart, falling linearly to 0 at 35 years apart.
    industry              1 same, 0 different.
    mode                  1 same preferred mode; 0.5 blended with a specific mode; 0 in person against
                          e-mentoring (such pairs are excluded anyway, by `rules`).
    skills                complementary skills (seed 001): the mentee wants to grow by 4 - r_s on each
                          skill s of the matrix they rated r_s; the score is the share of that growth the
                          mentor's own ratings m_s cover, sum(gap_s * m_s) / (4 * sum(gap_s)). A mentee
                          with nothing to grow, or a side without ratings, is neutral.
    personality           similarity on the traits the programme chose: the mean over them of
                          1 - |a - b| / 6 on the 1-7 trait scale; a side without the test is neutral.

Every similarity is a bilinear form: s_c(i, j) = F_c[i] . G_c[j], with F_c built from the mentee
alone and G_c from the mentor alone (one-hot codes for categories such as a birth year or a style,
indicator vectors for sets, with the normalisation by the set's size folded into one side).
Similarities are integers in units of 1/Q (Q = 110880, divisible by 1..12, so sets of up to 12 items
are exact; larger ones are rounded down by less than 1/Q per item).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter
from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt

# Re-exported: the engine reads the scale and these helpers from here; the API from `capacity`.
from services.matching.engine.capacity import MAX_SCORE as MAX_SCORE
from services.matching.engine.capacity import ORIENTATION as ORIENTATION
from services.matching.engine.capacity import SCORE_SCALE as SCORE_SCALE
from services.matching.engine.capacity import folded as folded
from services.matching.models import MatchingProfile, MenteeWishes, parse_age_range
from shared.vocabulary import MAX_SKILL_LEVEL, TRAITS, Criterion, Trait

#: Similarity unit: s = 1 is Q. Divisible by 1..12, by 2x and 4x those, by 8 and by 30.
Q: Final = 110_880

_EDUCATION_LEVEL: Final[dict[str, int]] = {
    "secondary": 0,
    "vocational": 1,
    "bachelor": 2,
    "master": 3,
    "doctorate": 4,
}

# Cells per scoring block: a block's work buffers (a few MB) stay cache-friendly, and BLAS still
# runs at full speed on the block's matrix product.
BLOCK_CELLS: Final = 1 << 20

IntArray = npt.NDArray[np.int64]
K = TypeVar("K", bound=Hashable)


def distinct(values: IntArray) -> IntArray:
    """`np.unique(values)` by sorting: numpy 2.4's hashing unique takes ~10x longer on the solver's
    pair keys (measured: 300,000 keys 430 ms against 38 ms)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


# ---------------------------------------------------------------------------------------------------
# Pairwise similarity tables (in units of Q); None is "not given"
# ---------------------------------------------------------------------------------------------------


def _half_if_unknown(fn: Callable[[K, K], int]) -> Callable[[K | None, K | None], int]:
    def wrapped(a: K | None, b: K | None) -> int:
        if a is None or b is None:
            return Q // 2
        return fn(a, b)

    return wrapped


@_half_if_unknown
def _motivation(a: int, b: int) -> int:
    return (Q * (min(a, b) - 1)) // 8 + (Q * (4 - abs(a - b))) // 8


@_half_if_unknown
def _communication(a: str, b: str) -> int:
    if a == b:
        return Q
    return Q * 3 // 5 if ORIENTATION[a] == ORIENTATION[b] else Q // 5


@_half_if_unknown
def _education(mentee: str, mentor: str) -> int:
    gap = _EDUCATION_LEVEL[mentee] - _EDUCATION_LEVEL[mentor]
    return Q if gap <= 0 else Q - Q * gap // 4


@_half_if_unknown
def _same_category(a: str, b: str) -> int:
    return Q if a == b else 0


@_half_if_unknown
def _mode(a: str, b: str) -> int:
    if a == b:
        return Q
    return Q // 2 if "blended" in (a, b) else 0


@_half_if_unknown
def _trait(a: int, b: int) -> int:
    # Trait scores in half points (2..14): 12 half points apart is the widest gap, similarity 0.
    return Q * (12 - abs(a - b)) // 12


def _age(mentee_year: int, mentor_year: int) -> int:
    gap = abs(mentee_year - mentor_year)
    if gap <= 5:
        return Q
    return max(0, Q - Q * (gap - 5) // 30)


# ---------------------------------------------------------------------------------------------------
# Encoding: each criterion as a bilinear form F_c[i] . G_c[j]
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Bilinear:
    """One criterion's features: mentee side (N, D) and mentor side (M, D), integers in units of Q."""

    mentee: IntArray
    mentor: IntArray

    def pairs(self, mentee_idx: IntArray, mentor_idx: IntArray) -> IntArray:
        """The similarity of the given pairs (row-wise dot products), exact integers."""
        return np.einsum("pd,pd->p", self.mentee[mentee_idx], self.mentor[mentor_idx])


def _index(values: Sequence[K]) -> tuple[list[K], IntArray]:
    """Distinct values (first-seen order) and each value's position among them."""
    levels = list(dict.fromkeys(values))
    position = {v: k for k, v in enumerate(levels)}
    return levels, np.fromiter(map(position.__getitem__, values), np.int64, len(values))


def _one_hot(codes: IntArray, width: int) -> IntArray:
    out = np.zeros((len(codes), width), np.int64)
    out[np.arange(len(codes)), codes] = 1
    return out


def _categorical(
    mentee_values: Sequence[K], mentor_values: Sequence[K], table: Callable[[K, K], int]
) -> Bilinear:
    """s(i, j) = table(a_i, b_j): mentor side one-hot over the mentors' distinct values, mentee side
    the table's row for the mentee's value."""
    mentor_levels, mentor_codes = _index(mentor_values)
    mentee_levels, mentee_codes = _index(mentee_values)
    rows = np.array([[table(a, b) for b in mentor_levels] for a in mentee_levels], np.int64)
    rows = rows.reshape(len(mentee_levels), len(mentor_levels))
    return Bilinear(rows[mentee_codes], _one_hot(mentor_codes, len(mentor_levels)))


def _indicator(sets: Sequence[Sequence[str]], column: Mapping[str, int], width: int) -> IntArray:
    """Rows of 0/1 over `width` columns; `column` maps an item as written to its column (several
    spellings may share one); items without a column are left out."""
    out = np.zeros((len(sets), width), np.int64)
    lengths = np.fromiter(map(len, sets), np.int64, len(sets))
    flat = list(chain.from_iterable(sets))
    columns = np.fromiter(map(column.get, flat, repeat(-1)), np.int64, len(flat))
    rows = np.repeat(np.arange(len(sets)), lengths)
    known = columns >= 0
    out[rows[known], columns[known]] = 1
    return out


def _sets(mentee_sets: Sequence[Sequence[str]], mentor_sets: Sequence[Sequence[str]], unit: int) -> Bilinear:
    """Set similarity in units of `unit`: (|A&B|/|A| + |A&B|/|B|) / 2, or 1/2 when a side is empty.

    Items compare case-insensitively (a profile holds each item once, see `schemas`). Columns:
    A/|A| against B, A against B/|B| (each halved), "B empty" and a constant for the neutral half.
    Only items that occur on both sides get a column; the sizes still count every item.
    """
    mentee_spellings = set(chain.from_iterable(mentee_sets))
    mentor_spellings = set(chain.from_iterable(mentor_sets))
    shared = sorted({x.casefold() for x in mentee_spellings} & {x.casefold() for x in mentor_spellings})
    position = {key: k for k, key in enumerate(shared)}
    column = {
        x: position[x.casefold()] for x in mentee_spellings | mentor_spellings if x.casefold() in position
    }
    a = _indicator(mentee_sets, column, len(shared))
    b = _indicator(mentor_sets, column, len(shared))
    size_a = np.fromiter(map(len, mentee_sets), np.int64, len(mentee_sets))
    size_b = np.fromiter(map(len, mentor_sets), np.int64, len(mentor_sets))
    per_a = unit // (2 * np.maximum(size_a, 1))
    per_b = unit // (2 * np.maximum(size_b, 1))
    half = unit // 2
    mentee = np.hstack(
        [a * per_a[:, None], a, (half * (size_a > 0))[:, None], (half * (size_a == 0))[:, None]]
    )
    mentor = np.hstack(
        [
            b,
            b * per_b[:, None],
            (size_b == 0).astype(np.int64)[:, None],
            np.ones((len(mentor_sets), 1), np.int64),
        ]
    )
    return Bilinear(mentee, mentor)


def _halved(part: Bilinear) -> Bilinear:
    return Bilinear(part.mentee // 2, part.mentor)


def _share(part: Bilinear, parts: int) -> Bilinear:
    """One of `parts` equal shares of a criterion (exact: a trait's similarity is a multiple of Q/12,
    and Q/12 divides by 1..5)."""
    return Bilinear(part.mentee // parts, part.mentor)


def _joined(*parts: Bilinear) -> Bilinear:
    return Bilinear(np.hstack([p.mentee for p in parts]), np.hstack([p.mentor for p in parts]))


def _wish_key(wishes: MenteeWishes | None) -> tuple[str | None, str | None, str | None] | None:
    """A mentee's wishes as (gender, age range, industry), or None without any."""
    if wishes is None:
        return None
    key = (wishes.mentor_gender, wishes.mentor_age_range, wishes.industry)
    return None if key == (None, None, None) else key


def _wishes(mentees: Sequence[MatchingProfile], mentors: Sequence[MatchingProfile], year: int) -> Bilinear:
    """The share of wishes met: each of a mentee's n wishes is worth Q // n (n is 1..3, so exact)."""
    genders, gender_codes = _index([folded(m.gender) for m in mentors])
    industries, industry_codes = _index([folded(m.industry) for m in mentors])
    years, year_codes = _index([m.birth_year for m in mentors])
    mentor_ages = year - np.array(years, np.int64)
    # Mentees share few distinct wishes: build each distinct one's row once. Keyed by the three wishes as
    # a tuple (what a `MenteeWishes` is): hashing and comparing the models themselves cost ~30 ms a run.
    distinct, codes = _index([_wish_key(m.wishes) for m in mentees])
    width = len(genders) + len(industries) + len(years) + 1
    rows = np.zeros((len(distinct), width), np.int64)
    for k, wishes in enumerate(distinct):
        if wishes is None:
            rows[k, -1] = Q
            continue
        gender, age_range, industry = wishes
        unit = Q // sum(v is not None for v in wishes)
        if gender is not None:
            wanted = gender.casefold()
            rows[k, : len(genders)] = [unit if g == wanted else 0 for g in genders]
        if industry is not None:
            wanted = industry.casefold()
            rows[k, len(genders) : len(genders) + len(industries)] = [
                unit if g == wanted else 0 for g in industries
            ]
        if age_range is not None:
            low, high = parse_age_range(age_range)
            rows[k, len(genders) + len(industries) : -1] = np.where(
                (mentor_ages >= low) & (mentor_ages <= high), unit, 0
            )
    mentor_side = np.hstack(
        [
            _one_hot(gender_codes, len(genders)),
            _one_hot(industry_codes, len(industries)),
            _one_hot(year_codes, len(years)),
            np.ones((len(mentors), 1), np.int64),
        ]
    )
    return Bilinear(rows[codes], mentor_side)


def _skills(mentees: Sequence[MatchingProfile], mentors: Sequence[MatchingProfile]) -> Bilinear:
    """Complementary skills in units of Q. Columns: the mentee's growth per skill (normalised by the
    whole growth wanted, folded into the mentee side) against the mentor's rating; then "mentor without
    ratings" and a constant for the neutral half, as in `_sets`."""
    skills = sorted({s for p in mentees for s in p.skill_ratings})
    column = {s: k for k, s in enumerate(skills)}
    gaps = np.zeros((len(mentees), len(skills)), np.int64)
    for i, p in enumerate(mentees):
        for skill, rating in p.skill_ratings.items():
            gaps[i, column[skill]] = MAX_SKILL_LEVEL - rating
    growth = gaps.sum(axis=1)
    wants = growth > 0
    share = (gaps * Q) // np.maximum(MAX_SKILL_LEVEL * growth, 1)[:, None]
    strength = np.zeros((len(mentors), len(skills)), np.int64)
    for j, p in enumerate(mentors):
        for skill, rating in p.skill_ratings.items():
            if skill in column:
                strength[j, column[skill]] = rating
    half = Q // 2
    rated = np.fromiter((bool(p.skill_ratings) for p in mentors), bool, len(mentors))
    mentee = np.hstack([share, (half * wants)[:, None], (half * ~wants)[:, None]])
    mentor = np.hstack([strength, (~rated).astype(np.int64)[:, None], np.ones((len(mentors), 1), np.int64)])
    return Bilinear(mentee, mentor)


def _half_points(trait: Trait) -> Callable[[MatchingProfile], int | None]:
    """A profile's score on `trait` in half points (2..14), or None when not given."""

    def of(profile: MatchingProfile) -> int | None:
        score = (profile.personality or {}).get(trait)
        return None if score is None else round(2 * score)

    return of


def encode(
    mentees: Sequence[MatchingProfile],
    mentors: Sequence[MatchingProfile],
    year: int,
    traits: Sequence[Trait] = TRAITS,
    weights: Mapping[Criterion, int] | None = None,
) -> dict[str, Bilinear]:
    """Every criterion's bilinear features, in `CRITERIA` order; `traits` are those the personality
    criterion compares (the programme's choice). With `weights`, a criterion weighted 0 gets zero
    features: it contributes nothing to a score or a breakdown whatever its similarity, so encoding
    it (a pass over every profile) would be wasted."""

    def pair(table: Callable[[K, K], int], values: Callable[[MatchingProfile], K]) -> Bilinear:
        return _categorical(list(map(values, mentees)), list(map(values, mentors)), table)

    def sets(unit: int, items: Callable[[MatchingProfile], list[str]]) -> Bilinear:
        return _sets(list(map(items, mentees)), list(map(items, mentors)), unit)

    def industry(p: MatchingProfile) -> str | None:
        return folded(p.industry)

    builders: dict[Criterion, Callable[[], Bilinear]] = {
        "wishes": lambda: _wishes(mentees, mentors, year),
        "motivation": lambda: pair(_motivation, attrgetter("motivation_level")),
        "communication": lambda: pair(_communication, attrgetter("communication_style")),
        "education_experience": lambda: _joined(
            _halved(pair(_education, attrgetter("education"))), sets(Q // 2, attrgetter("life_experience"))
        ),
        "values": lambda: sets(Q, attrgetter("values")),
        "age": lambda: pair(_age, attrgetter("birth_year")),
        "interests": lambda: sets(Q, attrgetter("interests")),
        "industry": lambda: pair(_same_category, industry),
        "availability": lambda: sets(Q, attrgetter("availability")),
        "mode": lambda: pair(_mode, attrgetter("preferred_mode")),
        "skills": lambda: _skills(mentees, mentors),
        "personality": lambda: _joined(*(_share(pair(_trait, _half_points(t)), len(traits)) for t in traits)),
    }
    unused = Bilinear(np.zeros((len(mentees), 1), np.int64), np.zeros((len(mentors), 1), np.int64))
    return {
        criterion: build() if weights is None or weights[criterion] > 0 else unused
        for criterion, build in builders.items()
    }
