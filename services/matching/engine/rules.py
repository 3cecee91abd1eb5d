"""Matching's hard rules, reason codes, mentor slots and grouping: the one place for each.

Hard rules (a pair that breaks one is infeasible; the first in this order is kept as its reason)
    no_shared_language    the two have no language in common.
    incompatible_mode     no meeting format that both accept and the programme offers: in_person
                          accepts face to face, e_mentoring online, blended or no preference both; an
                          in_person programme offers face to face, e_mentoring online, blended both.
    mentor_not_eligible   the programme requires training and the mentor has not completed it.
    excluded_by_manager   the manager forbade the pair (`Exclusion`).
    below_min_score       the score is under the programme's `min_score`.

Capacity and grouping
    A pair programme is matched in pairs; a group or mixed one in groups by default, or in pairs if
    the manager asks. In pairs a mentor takes one mentee; in groups min(capacity, max_group_size)
    (`mentor_capacity`), less the mentees already in their active matches (`free_slots`). The
    solver, publishing, manual matches and the candidate list all ask these functions.

Hard rules are checked with bitsets (languages) and small codes (formats), block by block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

# Re-exported: the rules a run and a match share live where the API can import them without numpy.
from services.matching.engine.capacity import check_group as check_group
from services.matching.engine.capacity import free_slots as free_slots
from services.matching.engine.capacity import grouping_for as grouping_for
from services.matching.engine.capacity import mentor_capacity as mentor_capacity
from services.matching.engine.features import SCORE_SCALE, IntArray
from services.matching.models import Exclusion, Grouping, MatchingConfig, MatchingProfile, UnmatchedReason

#: Exclusion reason codes of `ScoreMatrix.reason`; 0 is a feasible pair. A pair breaking several rules
#: keeps the highest code, so the codes rise with precedence (and a block takes a running maximum).
FEASIBLE: Final = 0
BELOW_MIN_SCORE: Final = 1
EXCLUDED_BY_MANAGER: Final = 2
MENTOR_NOT_ELIGIBLE: Final = 3
INCOMPATIBLE_MODE: Final = 4
NO_SHARED_LANGUAGE: Final = 5
REASON_NAMES: Final[dict[int, str]] = {
    NO_SHARED_LANGUAGE: "no_shared_language",
    INCOMPATIBLE_MODE: "incompatible_mode",
    MENTOR_NOT_ELIGIBLE: "mentor_not_eligible",
    EXCLUDED_BY_MANAGER: "excluded_by_manager",
    BELOW_MIN_SCORE: "below_min_score",
}

_FACE_TO_FACE: Final = 1
_ONLINE: Final = 2
_ACCEPTS: Final[dict[str | None, int]] = {
    "in_person": _FACE_TO_FACE,
    "e_mentoring": _ONLINE,
    "blended": _FACE_TO_FACE | _ONLINE,
    None: _FACE_TO_FACE | _ONLINE,
}
_OFFERS: Final[dict[str, int]] = {
    "in_person": _FACE_TO_FACE,
    "e_mentoring": _ONLINE,
    "blended": _FACE_TO_FACE | _ONLINE,
}


# ---------------------------------------------------------------------------------------------------
# Grouping and capacity
# ---------------------------------------------------------------------------------------------------


def mentor_slots(
    mentors: Sequence[MatchingProfile], config: MatchingConfig, grouping: Grouping | None = None
) -> IntArray:
    """`mentor_capacity` of every mentor of a run, as the solver's slot vector."""
    chosen = grouping_for(config.kind, grouping)
    return np.array([mentor_capacity(m.capacity, config.max_group_size, chosen) for m in mentors], np.int64)


# ---------------------------------------------------------------------------------------------------
# Hard rules over blocks of pairs
# ---------------------------------------------------------------------------------------------------


def min_score_threshold(config: MatchingConfig) -> int:
    """`config.min_score` in hundredths of a point: a pair is feasible from this score on."""
    return round(config.min_score * SCORE_SCALE)


def _language_bits(
    mentees: Sequence[MatchingProfile], mentors: Sequence[MatchingProfile]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Languages as bitsets over the languages both sides speak, 64 per word."""
    shared = sorted({x for p in mentees for x in p.languages} & {x for p in mentors for x in p.languages})
    bit = {code: 1 << k for k, code in enumerate(shared)}
    words = max(1, -(-len(shared) // 64))

    def bits(profiles: Sequence[MatchingProfile]) -> npt.NDArray[np.uint64]:
        masks = [sum(bit.get(code, 0) for code in p.languages) for p in profiles]
        out = np.zeros((len(profiles), words), np.uint64)
        for w in range(words):
            out[:, w] = [(mask >> (64 * w)) & 0xFFFF_FFFF_FFFF_FFFF for mask in masks]
        return out

    return bits(mentees), bits(mentors)


def _exclusion_indices(
    mentees: Sequence[MatchingProfile],
    mentors: Sequence[MatchingProfile],
    exclusions: Iterable[Exclusion],
) -> tuple[IntArray, IntArray]:
    """Manager exclusions as (row, column) index arrays sorted by row."""
    mentee_index = {p.participant_id: i for i, p in enumerate(mentees)}
    mentor_index = {p.participant_id: j for j, p in enumerate(mentors)}
    pairs = sorted(
        {
            (mentee_index[e.mentee_id], mentor_index[e.mentor_id])
            for e in exclusions
            if e.mentee_id in mentee_index and e.mentor_id in mentor_index
        }
    )
    rows = np.array([p[0] for p in pairs], np.int64)
    cols = np.array([p[1] for p in pairs], np.int64)
    return rows, cols


class HardRules:
    """The hard rules of one programme's mentees x mentors, applied to blocks of mentee rows.

    Work buffers are allocated once for `rows_per_block` rows: fresh multi-MB temporaries per block
    would cost page faults.
    """

    def __init__(
        self,
        mentees: Sequence[MatchingProfile],
        mentors: Sequence[MatchingProfile],
        config: MatchingConfig,
        exclusions: Iterable[Exclusion],
        rows_per_block: int,
    ) -> None:
        m = len(mentors)
        self.threshold = min_score_threshold(config)
        self.lang_a, self.lang_b = _language_bits(mentees, mentors)
        offered = _OFFERS[config.mode]
        self.formats_a = np.array([_ACCEPTS[p.preferred_mode] & offered for p in mentees], np.uint8)
        self.formats_b = np.array([_ACCEPTS[p.preferred_mode] for p in mentors], np.uint8)
        ineligible = np.array([config.mentor_training_required and not p.eligible for p in mentors], np.bool_)
        self.ineligible_code = (ineligible * MENTOR_NOT_ELIGIBLE).astype(np.uint8)
        self.any_ineligible = bool(ineligible.any())
        self.excluded_rows, self.excluded_cols = _exclusion_indices(mentees, mentors, exclusions)
        self._flags = np.empty((rows_per_block, m), np.bool_)
        self._shared = np.empty((rows_per_block, m), np.bool_)
        self._codes = np.empty((rows_per_block, m), np.uint8)

    def apply(
        self, start: int, stop: int, block_score: npt.NDArray[np.int16], block_reason: npt.NDArray[np.uint8]
    ) -> None:
        """Write the reason code of every pair of rows start..stop into `block_reason`."""
        size = stop - start
        block_flags, block_shared, block_codes = self._flags[:size], self._shared[:size], self._codes[:size]
        lang_a, lang_b = self.lang_a, self.lang_b
        # Each rule raises the pair's code to its own; the highest-precedence rule broken remains.
        np.less(block_score, self.threshold, out=block_flags)
        np.multiply(block_flags, BELOW_MIN_SCORE, out=block_reason, dtype=np.uint8)
        lo, hi = np.searchsorted(self.excluded_rows, [start, stop])
        if hi > lo:
            cells = (self.excluded_rows[lo:hi] - start, self.excluded_cols[lo:hi])
            block_reason[cells] = np.maximum(block_reason[cells], EXCLUDED_BY_MANAGER)
        if self.any_ineligible:
            np.maximum(block_reason, self.ineligible_code[None, :], out=block_reason)
        np.bitwise_and(
            self.formats_a[start:stop, None], self.formats_b[None, :], out=block_flags, casting="unsafe"
        )
        np.logical_not(block_flags, out=block_flags)
        np.multiply(block_flags, INCOMPATIBLE_MODE, out=block_codes, dtype=np.uint8)
        np.maximum(block_reason, block_codes, out=block_reason)
        np.bitwise_and(lang_a[start:stop, 0, None], lang_b[None, :, 0], out=block_shared, casting="unsafe")
        for word in range(1, lang_a.shape[1]):
            np.bitwise_and(
                lang_a[start:stop, word, None], lang_b[None, :, word], out=block_flags, casting="unsafe"
            )
            block_shared |= block_flags
        np.logical_not(block_shared, out=block_shared)
        np.multiply(block_shared, NO_SHARED_LANGUAGE, out=block_codes, dtype=np.uint8)
        np.maximum(block_reason, block_codes, out=block_reason)


def unmatched_reasons(reason: npt.NDArray[np.uint8], rows: IntArray) -> list[UnmatchedReason]:
    """Why each of the given (unmatched) mentees stayed unmatched, from their rows of reason codes.

    capacity_exhausted   some mentor was feasible, but every feasible mentor was full;
    below_min_score      some pair passed the hard rules, but every such pair scored under min_score;
    no_shared_language   no mentor speaks a language of theirs;
    no_eligible_mentor   no feasible mentor for another hard rule (mode, training, exclusions), or no
                         mentors at all.
    """
    if reason.shape[1] == 0:
        return ["no_eligible_mentor"] * len(rows)
    codes = reason[rows]
    feasible = (codes == FEASIBLE).any(axis=1)
    below = (codes == BELOW_MIN_SCORE).any(axis=1)
    language = (codes == NO_SHARED_LANGUAGE).all(axis=1)
    return [
        "capacity_exhausted"
        if f
        else "below_min_score"
        if b
        else "no_shared_language"
        if lang
        else "no_eligible_mentor"
        for f, b, lang in zip(feasible.tolist(), below.tolist(), language.tolist(), strict=True)
    ]
