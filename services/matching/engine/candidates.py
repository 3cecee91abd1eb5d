"""The first candidate graph of the solver: per mentee its best mentors, per mentor its best mentees,
found without sorting the weight matrix (see `solver`, "Algorithm", step 1)."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.features import BLOCK_CELLS, IntArray

#: Tied candidates kept per mentee beyond which ties are thinned (the pricing step restores any
#: that matter).
MAX_TIED_CANDIDATES: Final = 64
#: Hash range for sampling tied candidates.
HASH: Final = 1 << 16


def _kth_largest(values: npt.NDArray[np.signedinteger], k: int, axis: int) -> npt.NDArray[np.signedinteger]:
    """The k-th largest along `axis`, or 0 (no feasible pair) where there are fewer than k values."""
    count = values.shape[axis]
    if count < k:
        return np.zeros(values.shape[1 - axis], values.dtype)
    return np.take(np.partition(values, count - k, axis=axis), count - k, axis=axis)


def candidates(
    weights: npt.NDArray[np.signedinteger], slots: IntArray, per_mentee: int, per_slot: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Candidate (row, column) pairs sorted by row, and each row's third-best feasible weight.

    A row keeps every feasible entry at or above a threshold t_i that is at most its k-th largest
    weight (so at least its k best); a column likewise its best `per_slot * max(slots)`. The
    thresholds are the k-th largest of group maxima (groups of ~M / 8k entries): one pass, no sort
    of the full matrix. Where many group maxima tie at the threshold (weights that do not tell
    mentors apart, e.g. all criteria weighted 0), a row keeps what is strictly above it and a
    pseudo-random sample of ~2k of the tied entries, and a column keeps only what is strictly above
    it: the candidates stay few, and the pricing rounds add any tied pair that matters.
    """
    n, m = weights.shape
    if n == 0 or m == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(n, np.int64)
    per_column = per_slot * int(slots.max(initial=1))
    col_size = max(1, m // (8 * per_mentee))
    row_size = max(1, n // (8 * per_column))
    rows_per_block = max(row_size, (BLOCK_CELLS // m) // row_size * row_size)
    col_groups = -(-m // col_size)
    padded = np.zeros((rows_per_block, col_groups * col_size), weights.dtype)
    row_thresholds = np.empty(n, weights.dtype)
    row_ties = np.empty(n, np.int64)
    column_maxima = []
    for start in range(0, n, rows_per_block):
        stop = min(n, start + rows_per_block)
        block = padded[: stop - start]
        block[:, :m] = weights[start:stop]
        maxima = block.reshape(stop - start, col_groups, col_size).max(axis=2)
        kth = _kth_largest(maxima, per_mentee, axis=1)
        row_thresholds[start:stop] = kth
        row_ties[start:stop] = np.count_nonzero(maxima == kth[:, None], axis=1)
        whole = (stop - start) // row_size * row_size
        if whole:
            column_maxima.append(weights[start : start + whole].reshape(-1, row_size, m).max(axis=1))
        if whole < stop - start:
            column_maxima.append(weights[start + whole : stop].max(axis=0, keepdims=True))
    stacked = np.vstack(column_maxima)
    column_thresholds = _kth_largest(stacked, per_column, axis=0)
    heavy_columns = (np.count_nonzero(stacked == column_thresholds[None, :], axis=0) > 2 * per_column) & (
        column_thresholds > 0
    )
    heavy_rows = (row_ties > 2 * per_mentee) & (row_thresholds > 0)
    # Weight 0 is "infeasible": a threshold of at least 1 keeps those out. Integer weights, so
    # "strictly above t" is ">= t + 1".
    row_floor = np.maximum(row_thresholds, 1) + heavy_rows
    column_floor = np.maximum(column_thresholds, 1) + heavy_columns
    sample = np.random.default_rng(20_260_101)
    row_hash: IntArray = np.asarray(sample.integers(0, HASH, size=n), np.int64)
    column_hash: IntArray = np.asarray(sample.integers(0, HASH, size=m), np.int64)
    # ~2k of a heavy row's tied entries: about row_ties * col_size of them are tied at most.
    keep_below: IntArray = np.minimum(HASH, 1 + (HASH * 2 * per_mentee) // np.maximum(1, row_ties * col_size))

    found_rows, found_cols = [], []
    for start in range(0, n, rows_per_block):
        stop = min(n, start + rows_per_block)
        block = weights[start:stop]
        chosen = block >= row_floor[start:stop, None].astype(block.dtype)
        chosen |= block >= column_floor[None, :].astype(block.dtype)
        tied = np.flatnonzero(heavy_rows[start:stop])
        if len(tied):
            rows_t = tied + start
            sampled = block[tied] == row_thresholds[rows_t, None]
            draw = (row_hash[rows_t, None] + column_hash[None, :]) & (HASH - 1)
            sampled &= draw < keep_below[rows_t, None]
            chosen[tied] |= sampled
        r, c = np.nonzero(chosen)
        found_rows.append(r + start)
        found_cols.append(c)
    rows = np.concatenate(found_rows).astype(np.int64)
    cols = np.concatenate(found_cols).astype(np.int64)
    values = weights[rows, cols].astype(np.int64)
    rows, cols, values = _thin_ties(rows, cols, values, n, MAX_TIED_CANDIDATES)

    # The candidates hold each row's k best weights, so their top three are the row's top three;
    # a heavy row has more than three entries tied at its threshold, which bounds its third best.
    third = np.zeros(n, np.int64)
    if len(rows):
        order = np.lexsort((-values, rows))
        count = np.bincount(rows, minlength=n)
        first = np.concatenate([[0], np.cumsum(count)[:-1]])
        has = count > 0
        third[has] = values[order][first[has] + np.minimum(count[has], 3) - 1]
    third = np.where(heavy_rows, np.maximum(third, row_thresholds), third)
    return rows, cols, third


def _thin_ties(
    rows: IntArray, cols: IntArray, values: IntArray, n: int, cap: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Keep at most `cap` entries per row, best first, ties in a fixed pseudo-random order (so tied
    rows do not all pick the same mentors). Entries come sorted by row, then column, and stay so; only
    the entries of the (few) rows over `cap` are ranked."""
    counts = np.bincount(rows, minlength=n)
    if len(rows) == 0 or counts.max() <= cap:
        return rows, cols, values
    over = np.flatnonzero(counts[rows] > cap)
    r, c, v = rows[over], cols[over], values[over]
    jitter = (r * 2_654_435_761 + c * 40_503) % 65_521
    order = np.lexsort((jitter, -v, r))
    starts = np.concatenate([[0], np.flatnonzero(r[order][1:] != r[order][:-1]) + 1])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    keep = counts[rows] <= cap
    keep[over[order][rank < cap]] = True
    return rows[keep], cols[keep], values[keep]
