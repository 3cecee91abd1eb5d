"""The solver's shortcuts change its speed, never its answer: a restricted solve that must fill a slot
it should leave empty is repaired to the optimum, and tie thinning keeps what a full sort would keep."""

from __future__ import annotations

import numpy as np
import pytest

from services.matching.engine import solver
from services.matching.engine.candidates import _thin_ties
from services.matching.engine.duals import solve_restricted
from services.matching.engine.solver import assign


def test_a_slot_the_restricted_solve_must_fill_is_emptied_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mentor A (one slot) can take only X, mentor B (one slot) X or Y. A maximum matching covers both
    slots (A-X, B-Y), so the restricted solve gets no "left out" partner and fills both: 10 + 1 points.
    The optimum leaves A empty: B-X, 90 points. The rounds that follow find and prove it."""
    monkeypatch.setattr(solver, "DENSE_CELLS", 0)
    scores = np.array([[1000, 9000], [0, 100]])
    feasible = np.array([[True, True], [False, True]])
    slots = np.array([1, 1])
    forced = solve_restricted(
        np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([1000, 9000, 100]), slots, n=2
    )
    assert forced.tolist() == [0, 1]
    result = assign(scores, feasible, slots)
    assert result.mentor_of.tolist() == [1, -1]
    assert result.total_score == 9000


def _thin_ties_by_full_sort(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n: int, cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What `_thin_ties` did before it ranked only the rows over the cap: sort everything."""
    counts = np.bincount(rows, minlength=n)
    if len(rows) == 0 or counts.max() <= cap:
        return rows, cols, values
    jitter = (rows * 2_654_435_761 + cols * 40_503) % 65_521
    order = np.lexsort((jitter, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    keep = np.arange(len(rows)) - starts[rows] < cap
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.lexsort((cols, rows))
    return rows[order], cols[order], values[order]


def test_tie_thinning_keeps_what_a_full_sort_keeps() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        n, m = int(rng.integers(1, 30)), int(rng.integers(1, 80))
        rows, cols = np.nonzero(rng.random((n, m)) < rng.random())
        rows, cols = rows.astype(np.int64), cols.astype(np.int64)
        values = rng.integers(0, 4, len(rows)).astype(np.int64)
        cap = int(rng.integers(1, 20))
        got = _thin_ties(rows, cols, values, n, cap)
        want = _thin_ties_by_full_sort(rows, cols, values, n, cap)
        assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))
