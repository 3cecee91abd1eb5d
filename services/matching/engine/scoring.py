"""Compatibility scoring of mentor-mentee pairs: every pair of a programme at once, vectorised.

Score
    Each criterion c (`models.CRITERIA`) gives a similarity s_c in [0, 1] (`features`); a pair's
    score is ``100 * sum(w_c * s_c) / sum(w_c)`` with the programme's weights w_c (0-5,
    `DEFAULT_WEIGHTS` for those it leaves out), rounded half up to hundredths of a point. All weights 0
    means nothing counts: every pair scores 0. Scores are handled as integers in hundredths (0..10000)
    everywhere, so sums and comparisons in the solver are exact; `points()` turns one into the float
    the API shows. The hard rules (`rules`) then mark the pairs that may not be proposed.

How it is vectorised
    Every similarity is a bilinear form (`features`), so the weighted sum of all criteria is ONE
    matrix product, (N x D) @ (D x M) with D a few hundred, which BLAS does in a fraction of a second
    for 10,000 x 2,500. The weighted sum of integer similarities is an integer below 2**24, which
    float32 represents exactly in every order of summation: the matrix and the one-pair `breakdown`
    agree to the last hundredth. Work goes block by block, so peak memory stays near the result
    (3 bytes per pair).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd

import numpy as np
import numpy.typing as npt

from services.matching.engine.capacity import reference_year as reference_year
from services.matching.engine.features import (
    BLOCK_CELLS,
    MAX_SCORE,
    SCORE_SCALE,
    Bilinear,
    IntArray,
    Q,
    encode,
)
from services.matching.engine.rules import FEASIBLE, REASON_NAMES, HardRules
from services.matching.models import CRITERIA, Exclusion, MatchingConfig, MatchingProfile
from shared.vocabulary import Criterion


def _weighted_matrices(
    encoded: Mapping[str, Bilinear], weights: Mapping[Criterion, int], n: int, m: int
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """All weighted criteria as one (N, D) x (D, M) product; columns that cannot contribute are
    dropped and equal mentor columns (shared bases such as the constant) merged."""
    used = [c for c in CRITERIA if weights[c] > 0]
    # Feature-major (D, N): a feature's values are contiguous, so merging features sums whole rows.
    mentee_t = np.vstack([np.zeros((0, n), np.int64)] + [encoded[c].mentee.T * weights[c] for c in used])
    mentor_t = np.vstack([np.zeros((0, m), np.int64)] + [encoded[c].mentor.T for c in used])
    keep = np.flatnonzero(mentee_t.any(axis=1) & mentor_t.any(axis=1))
    groups: dict[bytes, list[int]] = {}
    for d in keep:
        groups.setdefault(mentor_t[d].tobytes(), []).append(int(d))
    merged_mentor = np.zeros((max(1, len(groups)), m), np.float32)
    if not groups:
        return np.zeros((n, 1), np.float32), merged_mentor
    members = list(groups.values())
    # Most groups are one feature: take every group's first row, then add the few others in.
    merged_t = mentee_t[[columns[0] for columns in members]]
    for g, columns in enumerate(members):
        if len(columns) > 1:
            merged_t[g] += mentee_t[columns[1:]].sum(axis=0)
    merged_mentor[:] = mentor_t[[columns[0] for columns in members]]
    # (N, D) as the transpose of the feature-major rows: BLAS reads it in place (column-major).
    return merged_t.astype(np.float32).T, merged_mentor


def _rounding(denominator: int) -> tuple[int, int, int]:
    """Integer constants (multiplier, addend, divisor) such that (raw * multiplier + addend) // divisor
    is raw * 10000 / denominator rounded half up, i.e. (20000 * raw + d) // (2 * d), in int32.

    Both sides are divided by gcd(20000, d), at least 160 since Q = 2**5 * 3465 divides d; so the
    multiplier is at most 125 and, with raw <= d <= 60 * Q (12 criteria of weight 5), nothing reaches
    2**31.
    """
    common = gcd(2 * MAX_SCORE, denominator)
    return 2 * MAX_SCORE // common, denominator // common, 2 * denominator // common


def points(score: int | np.integer) -> float:
    """A score in hundredths as the points the API shows, e.g. 7345 -> 73.45."""
    return int(score) / SCORE_SCALE


@dataclass(frozen=True, eq=False)
class ScoreMatrix:
    """Scores and hard-rule outcomes for every mentee (rows) x mentor (columns) of a programme.

    `score` holds hundredths of a point (int16, 0..10000) for every pair, feasible or not; `reason`
    holds 0 for a feasible pair, else the code of the hard rule it breaks (`REASON_NAMES`; of several,
    the one listed first in the module docstring).
    """

    mentee_ids: tuple[str, ...]
    mentor_ids: tuple[str, ...]
    score: npt.NDArray[np.int16]
    reason: npt.NDArray[np.uint8]
    weights: dict[Criterion, int]
    _encoded: Mapping[str, Bilinear]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentee_ids), len(self.mentor_ids)

    @property
    def feasible(self) -> npt.NDArray[np.bool_]:
        return self.reason == FEASIBLE

    def exclusion(self, mentee: int, mentor: int) -> str | None:
        """The reason the pair is excluded, or None if it is feasible."""
        code = int(self.reason[mentee, mentor])
        return None if code == FEASIBLE else REASON_NAMES[code]

    def contributions(self, mentee_idx: npt.ArrayLike, mentor_idx: npt.ArrayLike) -> IntArray:
        """Hundredths each criterion contributes, (P, C) in `CRITERIA` order, for many pairs at once."""
        mi = np.asarray(mentee_idx, np.int64).ravel()
        mj = np.asarray(mentor_idx, np.int64).ravel()
        similarity = np.stack([self._encoded[c].pairs(mi, mj) for c in CRITERIA], axis=1)
        return _contributions(similarity, self.weights)

    def breakdowns(self, mentee_idx: npt.ArrayLike, mentor_idx: npt.ArrayLike) -> list[dict[str, float]]:
        """`breakdown` of many pairs of this matrix at once (index arrays of equal length)."""
        return as_breakdowns(self.contributions(mentee_idx, mentor_idx))


def as_breakdowns(hundredths: IntArray) -> list[dict[str, float]]:
    """Rows of `contributions` as criterion -> points. Dividing in float64 gives the same correctly
    rounded floats as int / 100 one by one."""
    return [dict(zip(CRITERIA, row, strict=True)) for row in (hundredths / SCORE_SCALE).tolist()]


def _contributions(similarity: IntArray, weights: Mapping[Criterion, int]) -> IntArray:
    """Per-criterion contributions in hundredths, (P, C), summing row-wise to the rounded score.

    The exact contribution of c is 10000 * w_c * s_c / (Q * W); each is rounded down and the units the
    rounded total still needs go to the largest remainders (ties to the earlier criterion), so the
    parts add up to the score to the hundredth.
    """
    w = np.array([weights[c] for c in CRITERIA], np.int64)
    total_weight = int(w.sum())
    if total_weight == 0:
        return np.zeros_like(similarity)
    denominator = Q * total_weight
    numerators = similarity * w[None, :] * MAX_SCORE
    floors, remainders = np.divmod(numerators, denominator)
    totals = (2 * numerators.sum(axis=1) + denominator) // (2 * denominator)
    missing = totals - floors.sum(axis=1)
    rank = np.argsort(np.argsort(-remainders, axis=1, kind="stable"), axis=1, kind="stable")
    return floors + (rank < missing[:, None])


def score_matrix(
    mentees: Sequence[MatchingProfile],
    mentors: Sequence[MatchingProfile],
    config: MatchingConfig,
    exclusions: Iterable[Exclusion] = (),
) -> ScoreMatrix:
    """Score every mentee x mentor pair and apply the hard rules.

    `exclusions` are the pairs the manager forbids; ids not among the profiles are ignored. Memory:
    3 bytes per pair for the result plus a few MB of working space.
    """
    weights = config.effective_weights()
    n, m = len(mentees), len(mentors)
    score = np.zeros((n, m), np.int16)
    reason = np.zeros((n, m), np.uint8)
    encoded = encode(mentees, mentors, reference_year(config), config.personality_traits, weights)
    mentee_features, mentor_features = _weighted_matrices(encoded, weights, n, m)
    multiplier, addend, divisor = _rounding(Q * max(1, sum(weights.values())))
    any_weight = sum(weights.values()) > 0

    # Work buffers are allocated once: fresh multi-MB temporaries per block would cost page faults.
    rows_per_block = max(1, BLOCK_CELLS // max(1, m))
    rules = HardRules(mentees, mentors, config, exclusions, rows_per_block)
    raw = np.empty((rows_per_block, m), np.float32)
    exact = np.empty((rows_per_block, m), np.int32)
    for start in range(0, n if m else 0, rows_per_block):
        stop = min(n, start + rows_per_block)
        size = stop - start
        block_raw, block_exact = raw[:size], exact[:size]
        block_score, block_reason = score[start:stop], reason[start:stop]

        if any_weight:
            # raw is an integer below 2**24, exact in float32; the rounding is integer arithmetic.
            np.matmul(mentee_features[start:stop], mentor_features, out=block_raw)
            np.copyto(block_exact, block_raw, casting="unsafe")
            block_exact *= multiplier
            block_exact += addend
            block_exact //= divisor
            np.copyto(block_score, block_exact, casting="unsafe")
        rules.apply(start, stop, block_score, block_reason)

    return ScoreMatrix(
        tuple(p.participant_id for p in mentees),
        tuple(p.participant_id for p in mentors),
        score,
        reason,
        weights,
        encoded,
    )


@dataclass(frozen=True)
class PairAssessment:
    """One pair: its score in points, the points each criterion contributes (summing to the score),
    and the hard rule it breaks, if any."""

    score: float
    breakdown: dict[str, float]
    exclusion: str | None


def assess(
    mentee: MatchingProfile,
    mentor: MatchingProfile,
    config: MatchingConfig,
    exclusions: Iterable[Exclusion] = (),
) -> PairAssessment:
    """Score one pair exactly as `score_matrix` would (for manual matching and re-matching)."""
    matrix = score_matrix([mentee], [mentor], config, exclusions)
    return PairAssessment(
        score=points(matrix.score[0, 0]),
        breakdown=matrix.breakdowns([0], [0])[0],
        exclusion=matrix.exclusion(0, 0),
    )


def breakdown(mentee: MatchingProfile, mentor: MatchingProfile, config: MatchingConfig) -> dict[str, float]:
    """Points each criterion contributes to the pair's score, in `CRITERIA` order.

    The values are hundredths-exact and add up to the pair's score in `score_matrix` (compare with
    `round(sum(...), 2)`; the floats themselves are binary approximations of hundredths).
    """
    return assess(mentee, mentor, config).breakdown
