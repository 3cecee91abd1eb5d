"""The exact optimum assignment of mentees to mentors, proven optimal by a dual certificate.

Problem
    Mentee i may get at most one mentor, mentor j at most `slots[j]` mentees (1 in a pair programme,
    min(capacity, max_group_size) in a group programme; `rules.mentor_slots`), and only feasible pairs
    count (`scoring`: the hard rules and min_score). A pair's score s_ij is an integer in
    hundredths of a point. Objectives:

    max_total    the greatest total score; among equal totals, the most matches.
    max_matched  the most matched mentees; among those, the greatest total score.

    Both are one maximum-weight b-matching with integer weights w_ij = a * s_ij + b (`_weights`):
    max_total has a = N + 1, b = 1, so one hundredth outweighs any difference in matches;
    max_matched has a = 1, b = 10000 * N + 1, so one more match outweighs any difference in score.
    W (N x M, int32) holds w_ij for feasible pairs and 0 for the rest.

LP and certificate
    Primal:  max sum w_ij x_ij  s.t.  sum_j x_ij <= 1 (mentee i),  sum_i x_ij <= c_j (mentor j),
             x >= 0, over feasible pairs.
    Dual:    min sum_i u_i + sum_j c_j v_j  s.t.  u_i + v_j >= w_ij (feasible pairs),  u, v >= 0.
    For any feasible assignment x and dual (u, v), sum w x <= sum u + sum c v (weak duality). So an
    assignment is optimal over ALL feasible pairs as soon as some (u, v) satisfies every dual
    constraint and the two sums are equal. `solve` checks exactly this on every run, over the
    whole matrix, before it returns (else SolverError): the result is proven, never assumed.

Algorithm
    0. Small problems (`DENSE_CELLS`, `DENSE_MENTORS`): scipy's dense linear_sum_assignment finds
       the optimum at once (`solve_dense`), and its prices come from every pair in one small dense
       graph of mentors (`duals.dense_duals`, the constraints of step 3 merged per pair of mentors),
       checked against the whole matrix in one comparison. No candidates and no rounds: the overhead
       over the bare linear_sum_assignment is ~1 ms at 500 x 120, about what building the replicated
       matrix costs it.
    1. Candidates (`candidates.candidates`): per mentee its k = 6 best mentors, per mentor its best mentees
       (6 per slot), found with thresholds from group maxima in two passes over W, without sorting
       it. Weights that barely tell mentors apart (many ties) are sampled pseudo-randomly.
    2. Restricted problem (`duals.solve_restricted`): the b-matching on the candidates as a rectangular
       assignment in scipy's `min_weight_full_bipartite_matching` (LAPJVsp, compiled): one node per
       mentor slot, and a private zero-weight "left out" partner (an empty slot, or an unmatched
       mentee) for each row of the smaller side that a maximum matching of the candidates leaves
       uncovered, so that a full matching always exists. The smaller side goes on the rows (7,500
       slots rather than 10,000 mentees: ~7x faster). LAPJVsp's work is ~rows x columns (each
       augmentation clears and scans every column), so the ~660 partners instead of one per row
       (7,423) save ~25% of a solve. The price: a row without a partner must be matched even where
       leaving it out would weigh more; step 3 finds that as an improving cycle and cancels it (rare:
       none on the benchmark). Costs are integers below 2**53 in float64, so the optimum is exact.
    3. Duals (`duals._DualGraph`, `duals.optimise`): complementary slackness fixes u_i = w_i,m(i) - v_m(i) for
       a matched mentee, u_i = 0 for an unmatched one and v_j = 0 for a mentor with a free slot; the
       remaining dual constraints on the candidates are difference constraints on the mentor prices
       v, i.e. shortest paths in a graph of M + 1 nodes (one arc per candidate pair), solved by a
       vectorised Bellman-Ford. That graph is the reversed residual graph of the matching: it has a
       negative cycle exactly when the matching can be improved, and such a cycle is the exchange
       that improves it. Bellman-Ford keeps parent arcs; a cycle among them is negative, so it is
       cancelled (mentees moved along it) and the search restarts, until the prices settle.
    4. Pricing (`duals.pricing`): one pass over W finds every feasible pair with w_ij > u_i + v_j.
       None: the certificate holds and the assignment is optimal for the full problem. Otherwise
       each violating mentee's most violated pairs join the candidates, and the next round either
       solves again (many new pairs) or just cancels the cycles they open (few, `CANCEL_LIMIT`).
       Every round adds pairs that were not candidates, so the loop ends; in practice after 2-4
       rounds with ~11 candidates per mentee on 10,000 x 2,500. A re-solve keeps the half of the
       candidates of least reduced cost (`RESOLVE_SHARE`); whatever it gets wrong, step 3 repairs.

    Cost on 10,000 x 2,500 (7,423 slots, CPU time): W and the candidates ~0.2 s, a LAPJVsp solve
    ~0.27 s and a re-solve ~0.2 s, pricing passes ~0.02 s each, against ~4 s and 1-2 GB for a dense
    linear_sum_assignment (which is faster below `DENSE_CELLS`, step 0).

The candidate graph is built in `candidates`, the restricted problem and the duals live in `duals`;
`proposals.run_matching` scores, assigns and assembles a run's proposals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.candidates import candidates
from services.matching.engine.duals import SolverError, dense_duals, optimise, pricing, solve_restricted
from services.matching.engine.features import BLOCK_CELLS, MAX_SCORE, IntArray, distinct
from services.matching.models import Objective

__all__ = ["Assignment", "SolverError", "assign", "solve", "third_best"]

BoolArray = npt.NDArray[np.bool_]

#: Best mentors per mentee in the first candidate graph. Few per mentee and many per mentor slot: the
#: mentees the popular mentors cannot take find the others through the mentors' lists, so that on
#: 10,000 x 2,500 the first restricted optimum needs one solve less (measured: 12 and 2 left ~800
#: violations and a second LAPJVsp solve; 6 and 6 leave ~230 and a smaller second solve).
CANDIDATES_PER_MENTEE: Final = 6
#: Best mentees per mentor slot in the first candidate graph, so that no mentor starts starved.
CANDIDATES_PER_SLOT: Final = 6
#: Problems up to this many (mentee x mentor slot) cells are solved densely by scipy's
#: linear_sum_assignment (LAPJV), which beats the sparse rounds while the matrix is small (500 x 120 is
#: ~170,000 cells); both are exact and both end with a checked certificate.
DENSE_CELLS: Final = 400_000
#: ... and have at most this many mentors: their certificate is priced on a dense (M + 1)^2 graph
#: (`duals.dense_duals`).
DENSE_MENTORS: Final = 400
#: Most-violated pairs per mentee added in a pricing round.
ADDED_PER_MENTEE: Final = 8
#: A re-solve keeps this share of the candidates, those of least reduced cost under the last prices
#: (measured on 10,000 x 2,500: the re-solve takes ~20% less and the result needs no repair).
RESOLVE_SHARE: Final = 0.5
#: Added pairs up to which improving cycles are cancelled instead of solving the candidates again.
CANCEL_LIMIT: Final = 64

#: `feasible_block(start, stop)`: a fresh boolean array of the feasible pairs of those mentee rows.
FeasibleBlock = Callable[[int, int], BoolArray]


def _weights(objective: Objective, n: int) -> tuple[int, int]:
    """(a, b) of the pair weight w = a * score + b; see the module docstring."""
    if objective == "max_total":
        return n + 1, 1
    if objective == "max_matched":
        return 1, MAX_SCORE * n + 1
    raise ValueError(f"unknown objective {objective!r}")


# ---------------------------------------------------------------------------------------------------
# The weight matrix: w = a * score + b for feasible pairs, 0 otherwise
# ---------------------------------------------------------------------------------------------------


def _weight_dtype(a: int, b: int) -> type[np.signedinteger]:
    """int32 while every weight, price and difference fits (N below ~100,000), else int64: half the
    memory traffic in the full-matrix passes."""
    return np.int32 if a * MAX_SCORE + b < 2**30 else np.int64


def _weight_matrix(
    score: npt.NDArray[np.integer], feasible_block: FeasibleBlock, slots: IntArray, a: int, b: int
) -> npt.NDArray[np.signedinteger]:
    """W[i, j] = a * score + b where the pair is feasible and the mentor has slots, else 0.

    Built block by block: (a * s + b) times the 0/1 of "feasible" (four passes over a block; the
    mentors without slots cost a fifth only when there are any).
    """
    n, m = score.shape
    dtype = _weight_dtype(a, b)
    out = np.empty((n, m), dtype)
    has_slots = slots > 0
    every_mentor_has_slots = bool(has_slots.all())
    rows_per_block = max(1, BLOCK_CELLS // max(1, m))
    for start in range(0, n, rows_per_block):
        stop = min(n, start + rows_per_block)
        block = out[start:stop]
        np.multiply(score[start:stop], a, out=block, dtype=dtype)
        block += b
        ok = feasible_block(start, stop)
        if not every_mentor_has_slots:
            ok &= has_slots[None, :]
        np.multiply(block, ok, out=block, dtype=dtype)
    return out


def solve_dense(weights: npt.NDArray[np.signedinteger], slots: IntArray) -> IntArray:
    """Exact optimum of a small problem: scipy's dense linear_sum_assignment with one row per usable
    mentor slot and one column per mentee with a feasible pair, maximising the total weight.

    A mentor gets no more rows than it has feasible mentees and a mentee without any feasible pair no
    column: neither can change the optimum, and LAPJV's work grows with both sides. An infeasible
    pair weighs 0, the same as leaving the slot empty, so such an assignment is dropped.
    """
    from scipy.optimize import linear_sum_assignment  # only the small problems pay for its import

    n, m = weights.shape
    mentor_of = np.full(n, -1, np.int64)
    usable = weights > 0
    mentees = np.flatnonzero(usable.any(axis=1))
    slot_mentor = np.repeat(np.arange(m), np.minimum(slots, usable.sum(axis=0)))
    if len(slot_mentor) == 0 or len(mentees) == 0:
        return mentor_of
    # Costs are minus the weights (what maximize=True would copy the matrix for); the mentors' rows
    # are converted once and then gathered whole, which is cheaper than gathering columns.
    by_mentor = np.negative(weights.T, dtype=np.float64)
    if len(mentees) < n:
        by_mentor = by_mentor[:, mentees]
    matrix = by_mentor[slot_mentor]
    slot_rows, mentee_cols = linear_sum_assignment(matrix)
    real = matrix[slot_rows, mentee_cols] < 0
    mentor_of[mentees[mentee_cols[real]]] = slot_mentor[slot_rows[real]]
    return mentor_of


def third_best(values: npt.NDArray[np.integer], usable: npt.NDArray[np.bool_] | None = None) -> IntArray:
    """Each row's third-best usable value (its worst of up to three), -1 without any; `values` are not
    negative. The solver's on the weights of a dense problem, where the positive weights are the usable
    ones (`usable` None), `proposals` on the scores of a team run (whose solver works on combined
    scores), where a feasible pair may score 0."""
    n, m = values.shape
    if m == 0:
        return np.full(n, -1, np.int64)
    k = min(3, m)
    # Unusable values are marked at or below `floor`, below every usable one (weights: 0 already is;
    # scores: -1). The k largest of each row, unsorted, then hold its (up to) three best usable values, and
    # the smallest of those above the floor is the answer: one partition, no sort (~0.25 ms at 500 x 120).
    floor = 0 if usable is None else -1
    marked = values if usable is None else np.where(usable, values, -1)
    top = np.partition(marked, m - k, axis=1)[:, m - k :]
    least = np.where(top > floor, top, np.iinfo(top.dtype).max).min(axis=1)
    return np.where(top.max(axis=1) > floor, least, -1).astype(np.int64)


# ---------------------------------------------------------------------------------------------------
# Public: the assignment
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Assignment:
    """An optimal assignment with its optimality certificate.

    `mentor_of[i]` is mentee i's mentor column or -1. `mentee_surplus` (u) and `mentor_price` (v) are
    the dual solution in weight units (w = a * score + b): u_i + v_j >= w_ij for every feasible pair
    and sum(w of the matching) == sum(u) + sum(slots * v), which proves optimality. `third_best` is
    each mentee's third-best feasible score (-1 without any feasible mentor) for `top3_share`.
    """

    mentor_of: IntArray
    total_score: int
    matched: int
    objective: Objective
    rounds: int
    candidate_pairs: int
    mentee_surplus: IntArray = field(repr=False)
    mentor_price: IntArray = field(repr=False)
    third_best: IntArray = field(repr=False)


def assign(
    scores: npt.ArrayLike,
    feasible: npt.ArrayLike,
    slots: npt.ArrayLike,
    objective: Objective = "max_total",
) -> Assignment:
    """The optimal assignment for integer `scores` (N, M) in 0..10000, a `feasible` mask (N, M) and
    per-mentor `slots` (M,), proven optimal over all feasible pairs (see the module docstring)."""
    score_array = np.asarray(scores)
    feasible_array = np.asarray(feasible, np.bool_)
    slot_array = np.asarray(slots, np.int64).ravel()
    if score_array.ndim != 2:
        raise ValueError("scores must be a matrix (mentees x mentors)")
    n, m = score_array.shape
    if feasible_array.shape != (n, m) or slot_array.shape != (m,):
        raise ValueError("scores, feasible and slots must have shapes (N, M), (N, M) and (M,)")
    if n and m and (score_array.min() < 0 or score_array.max() > MAX_SCORE):
        raise ValueError("scores must be hundredths of a point, 0..10000")
    if (slot_array < 0).any():
        raise ValueError("slots must not be negative")
    return solve(score_array, lambda start, stop: feasible_array[start:stop].copy(), slot_array, objective)


def solve(
    score: npt.NDArray[np.integer], feasible_block: FeasibleBlock, slots: IntArray, objective: Objective
) -> Assignment:
    """See `assign`; `feasible_block(start, stop)` returns a fresh boolean block of rows."""
    n, m = score.shape
    a, b = _weights(objective, n)
    if n == 0 or m == 0:
        nobody = np.full(n, -1, np.int64)
        zeros_n, zeros_m = np.zeros(n, np.int64), np.zeros(m, np.int64)
        return Assignment(nobody, 0, 0, objective, 0, 0, zeros_n, zeros_m, nobody.copy())
    weights = _weight_matrix(score, feasible_block, slots, a, b)
    if n * int(np.minimum(slots, n).sum()) <= DENSE_CELLS and m <= DENSE_MENTORS:
        # The whole optimum at once, and its prices from every pair: no candidates, no rounds.
        mentor_of = solve_dense(weights, slots)
        surplus, prices = dense_duals(weights, mentor_of, slots)
        # Pricing in one comparison: infeasible pairs weigh 0 and u, v >= 0 cover them anyway.
        if (weights > surplus[:, None] + prices[None, :]).any():
            raise SolverError("the dense optimum's prices leave a pair uncovered")
        third = third_best(weights)
        return _certified(
            weights, mentor_of, surplus, prices, slots, objective, third, 1, int((weights > 0).sum())
        )
    mentor_of = np.full(n, -1, np.int64)
    surplus, prices = np.zeros(n, np.int64), np.zeros(m, np.int64)
    violations = -1
    rows, cols, third = candidates(weights, slots, CANDIDATES_PER_MENTEE, CANDIDATES_PER_SLOT)
    rounds = 0
    while True:
        rounds += 1
        edge_weights = weights[rows, cols].astype(np.int64)
        if violations < 0:
            mentor_of = solve_restricted(rows, cols, edge_weights, slots, n)
        elif violations > CANCEL_LIMIT:
            # Re-solve on the pairs that can matter: small reduced cost under the last prices, and the
            # new ones (negative). `optimise` then repairs, over all candidates, what this missed.
            slack = surplus[rows] + prices[cols] - edge_weights
            near = slack <= np.quantile(slack, RESOLVE_SHARE)
            mentor_of = solve_restricted(rows[near], cols[near], edge_weights[near], slots, n)
        # After a fresh solve this only computes prices; after a few added pairs it also cancels the
        # (few) improving cycles they open, which is cheaper than solving again.
        mentor_of, surplus, prices, _ = optimise(rows, cols, edge_weights, mentor_of, slots)
        violations, add_rows, add_cols = pricing(weights, surplus, prices, ADDED_PER_MENTEE)
        if violations == 0:
            break
        key = distinct(np.concatenate([rows * m + cols, add_rows * m + add_cols]))
        if len(key) == len(rows):
            raise SolverError("pricing found violations among the candidates themselves")
        rows, cols = key // m, key % m
    return _certified(weights, mentor_of, surplus, prices, slots, objective, third, rounds, len(rows))


def _certified(
    weights: npt.NDArray[np.signedinteger],
    mentor_of: IntArray,
    surplus: IntArray,
    prices: IntArray,
    slots: IntArray,
    objective: Objective,
    third: IntArray,
    rounds: int,
    candidate_pairs: int,
) -> Assignment:
    """The assignment, once it is checked to be feasible and its dual, which pricing found to cover
    every pair, to have the same value (else SolverError)."""
    n, m = weights.shape
    a, b = _weights(objective, n)
    matched = mentor_of >= 0
    matched_rows = np.flatnonzero(matched)
    matched_weights = weights[matched_rows, mentor_of[matched]].astype(np.int64)
    if (matched_weights <= 0).any():
        raise SolverError("an infeasible pair was assigned")
    if (np.bincount(mentor_of[matched], minlength=m) > slots).any():
        raise SolverError("a mentor received more mentees than slots")
    primal = int(matched_weights.sum())
    dual = int(surplus.sum() + (slots * prices).sum())
    if primal != dual or (surplus < 0).any() or (prices < 0).any():
        raise SolverError(f"certificate failed: primal {primal} != dual {dual}")
    return Assignment(
        mentor_of=mentor_of,
        total_score=int(((matched_weights - b) // a).sum()),
        matched=int(matched.sum()),
        objective=objective,
        rounds=rounds,
        candidate_pairs=candidate_pairs,
        mentee_surplus=surplus,
        mentor_price=prices,
        third_best=np.where(third > 0, (third - b) // a, -1),
    )
