"""The pieces of `team_exact` that look at one mentor at a time: the Lagrangian term F_j at given prices
(groups of two or more with team fit, a mentee alone without), the pairs that can still beat a target,
and the groups (columns) that can, each with its exact value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.features import IntArray
from services.matching.engine.team import HALF, QUARTER, Dimension
from services.matching.engine.team_bound import ORDER, branch_and_bound, dimension_steps

#: Groups of one size one mentor may look at (after pruning); beyond, the method gives up.
GROUP_LIMIT: Final = 500_000
#: A value far above any real one, to force a mentee into a mentor's best group.
FORCE: Final = 10**8
#: Cells (nodes x options x mentees) a mentor's branch and bound may hold at one level (see `team_bound`).
NODE_CELLS: Final = 4_000_000


@dataclass(frozen=True, eq=False)
class PricedMentors:
    """The Lagrangian bound at `prices` (objective units): `value` is L = sum prices + sum_j F_j; the rest
    is what each mentor's term needs (team fit a mentee earns anyway, what it may earn on top, the
    dimensions in `team_bound.ORDER`, a quarter's worth)."""

    prices: IntArray
    floor: IntArray
    top_gain: IntArray
    dims: list[Dimension]
    gain: int
    value: int  # L


def _top_sum(values: npt.NDArray[np.integer], k: int) -> npt.NDArray[np.int64]:
    """Per row, the best sum of a group of 2..k: the two largest, whatever their sign, and the positive
    among the next k - 2 (team fit needs two mentees, so a group of one never earns it here)."""
    if values.shape[1] > k:
        values = np.partition(values, values.shape[1] - k, axis=1)[:, -k:]
    positive = np.maximum(values, 0).sum(axis=1)
    if values.shape[1] > 2:
        values = np.partition(values, values.shape[1] - 2, axis=1)[:, -2:]
    return np.asarray(positive + np.minimum(values, 0).sum(axis=1), np.int64)


def group_best(
    base: npt.NDArray[np.int64], rows: IntArray, dims: list[Dimension], k: int, gain: int
) -> tuple[int, IntArray]:
    """`team_bound._mentor_best` for groups of two or more: an upper bound on the best such group's value
    (exact when every dimension could be fixed) and the members of the best group found."""
    start, steps = dimension_steps(base, rows, dims, gain, np.int64)
    lower, best_vector = branch_and_bound(start, steps, lambda nodes: _top_sum(nodes, k), NODE_CELLS)
    order = np.argsort(-best_vector)[:k]
    chosen = order[: max(2, int((best_vector[order] > 0).sum()))]
    return lower, rows[chosen]


def best_group_value(
    values: npt.NDArray[np.int64], rows: IntArray, k: int, mentors: PricedMentors
) -> tuple[int, IntArray]:
    """An upper bound on the best group of one mentor (k >= 2 slots; values without team fit): the
    best of nobody, one mentee alone (no team fit) and a group of two or more; and the members of the
    best group of two or more found."""
    alone = max(0, int(values.max()))
    if len(values) < 2:
        return alone, rows[:0]
    kth = int(-np.partition(-values, k - 1)[k - 1]) if len(values) > k else -(2**62)
    # A mentee below the k-th largest value even at its best never enters the top k (but two always do).
    keep = values + mentors.top_gain[rows] >= kth
    value, members = group_best(values[keep], rows[keep], mentors.dims, min(k, int(keep.sum())), mentors.gain)
    return max(alone, value), members


def group_values(
    score: npt.NDArray[np.integer],
    rows: IntArray,
    j: int,
    groups: IntArray,
    dims: list[Dimension],
    pt: tuple[int, int],
) -> npt.NDArray[np.int64]:
    """Exact objective units of each group (rows of `groups`: indices into `rows`) at mentor j."""
    p, t = pt
    value = (p * score[rows, j].astype(np.int64))[groups].sum(axis=1)
    if groups.shape[1] < 2:
        return value
    team = np.zeros(len(groups), np.int64)
    for d in dims:
        team += (~d.known[rows])[groups].sum(axis=1) * HALF
        if d.options:
            has = d.has[rows][:, d.has[rows].any(axis=0)].astype(np.int16)
            team += has[groups].sum(axis=1).max(axis=1, initial=0).astype(np.int64) * QUARTER
    return value + t * team


def group_columns(
    score: npt.NDArray[np.integer],
    rows: IntArray,
    j: int,
    k: int,
    pt: tuple[int, int],
    mentors: PricedMentors,
    threshold: int,
) -> tuple[list[IntArray], list[int]] | None:
    """Every group of j's candidates (size 1..k) with value - prices > threshold, and its value; None
    when there would be too many to look at."""
    p = pt[0]
    # A mentee's best: its pair value less its price and every quarter it could earn.
    best = (
        p * score[rows, j].astype(np.int64)
        - mentors.prices[rows]
        + mentors.floor[rows]
        + mentors.top_gain[rows]
    )
    order = np.argsort(-best, kind="stable")
    rows, best = rows[order], best[order]
    c = len(rows)
    price = mentors.prices[rows]
    tail = np.concatenate(
        [np.cumsum(np.maximum(best, 0)[::-1])[::-1], [0]]
    )  # sums of best from a position on
    members: list[IntArray] = []
    values: list[int] = []
    level = np.arange(c, dtype=np.int64)[:, None]
    for s in range(1, min(k, c) + 1):
        value = group_values(score, rows, j, level, mentors.dims, pt)
        reduced = value - price[level].sum(axis=1)
        good = reduced > threshold
        members.extend(rows[g] for g in level[good])
        values.extend(value[good].tolist())
        if s == k:
            break
        # A group grows only by later (not better) candidates: the next k - s bound what it can gain.
        last = level[:, -1]
        # From two members on, a newcomer raises each dimension's largest count by one at most.
        known = reduced if s >= 2 else best[level].sum(axis=1)
        reach = known + tail[last + 1] - tail[np.minimum(last + 1 + k - s, c)]
        alive = level[(reach > threshold) & (last < c - 1)]
        if len(alive) == 0:
            break
        more = c - 1 - alive[:, -1]
        grown = np.repeat(alive, more, axis=0)
        start = np.repeat(alive[:, -1] + 1, more)
        offset = np.arange(len(grown)) - np.repeat(np.cumsum(more) - more, more)
        level = np.column_stack([grown, start + offset])
        if len(level) > GROUP_LIMIT:
            return None
    return members, values


def priced_mentors(
    score: npt.NDArray[np.integer],
    usable: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    pt: tuple[int, int],
    prices: IntArray,
) -> tuple[PricedMentors, IntArray, list[IntArray]]:
    """The bound's parts at `prices`, each mentor's term F_j (L = sum prices + sum F_j) and the groups
    behind them (its best mentee alone, and its best group of two or more), new columns for `team_exact`."""
    p, t = pt
    n, m = score.shape
    floor = np.zeros(n, np.int64)
    top_gain = np.zeros(n, np.int64)
    for d in dimensions:
        floor += np.where(d.known, 0, t * HALF)
        top_gain += np.where(d.known, t * QUARTER, 0)
    by_name = {d.name: d for d in dimensions}
    dims = [by_name[name] for name in ORDER if name in by_name]
    parts = PricedMentors(prices, floor, top_gain, dims, t * QUARTER, 0)
    terms = np.zeros(m, np.int64)
    groups: list[IntArray] = [np.zeros(0, np.int64)] * (2 * m)
    for j in range(m):
        rows = np.flatnonzero(usable[:, j])
        if len(rows) == 0:
            continue
        base = p * score[rows, j].astype(np.int64) - prices[rows]
        groups[2 * j] = rows[[int(np.argmax(base))]]
        if int(slots[j]) < 2:
            terms[j] = max(0, int(base.max()))
        else:
            terms[j], groups[2 * j + 1] = best_group_value(base + floor[rows], rows, int(slots[j]), parts)
    value = int(prices.sum() + terms.sum())
    return PricedMentors(prices, floor, top_gain, dims, t * QUARTER, value), terms, groups


def candidate_pairs(
    score: npt.NDArray[np.integer],
    usable: npt.NDArray[np.bool_],
    slots: IntArray,
    pt: tuple[int, int],
    mentors: PricedMentors,
    terms: IntArray,
    target: int,
) -> npt.NDArray[np.bool_]:
    """The pairs some solution above `target` may hold: L - F_j + (best group of j holding i) > target.
    A cheap test first (j's best k-1 others at their best, plus i), the forced branch and bound after."""
    p = pt[0]
    keep = np.zeros_like(usable)
    for j in range(len(slots)):
        rows = np.flatnonzero(usable[:, j])
        k = int(slots[j])
        if len(rows) == 0:
            continue
        slack = target - mentors.value + int(terms[j])  # a group of j must reach more than this
        values = p * score[rows, j].astype(np.int64) - mentors.prices[rows]
        if k < 2:
            keep[rows[values > slack], j] = True
            continue
        values = values + mentors.floor[rows]
        others = best_group_value(values, rows, k - 1, mentors)[0]
        for a in np.flatnonzero(others + values + mentors.top_gain[rows] > slack):
            forced = values.copy()
            forced[a] += FORCE
            if best_group_value(forced, rows, k, mentors)[0] - FORCE > slack:
                keep[rows[a], j] = True
    return keep
